package dev.portcullis.account.password;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PasswordHasherTests {

    private static final String PASSWORD = "correct horse battery staple";

    private final PasswordHasher hasher = new PasswordHasher(new PasswordProperties(null, null, null, null, null));

    @Test
    void hashWhenDefaultsThenArgon2idPhcStringWithOwaspParameters() {
        StoredPassword stored = this.hasher.hash(PASSWORD);

        assertThat(stored.hash()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(stored.parameters()).isEqualTo(new HashParameters("argon2id", 19456, 2, 1));
        assertThat(stored.hash()).doesNotContain(PASSWORD);
    }

    @Test
    void hashWhenSamePasswordTwiceThenDifferentSalts() {
        assertThat(this.hasher.hash(PASSWORD).hash()).isNotEqualTo(this.hasher.hash(PASSWORD).hash());
    }

    @Test
    void verifyWhenRightPasswordThenTrue() {
        assertThat(this.hasher.verify(PASSWORD, this.hasher.hash(PASSWORD))).isTrue();
    }

    @Test
    void verifyWhenWrongPasswordThenFalse() {
        StoredPassword stored = this.hasher.hash(PASSWORD);
        assertThat(this.hasher.verify("correct horse battery stapler", stored)).isFalse();
        assertThat(this.hasher.verify("Correct horse battery staple", stored)).isFalse();
        assertThat(this.hasher.verify("", stored)).isFalse();
        assertThat(this.hasher.verify(null, stored)).isFalse();
    }

    @Test
    void inp02_verifyWhenTypedWithCompatibilityCharactersThenMatchesNormalisedForm() {
        // U+FB01 LATIN SMALL LIGATURE FI and fullwidth digits normalise (NFKC) to "fi" and "2026".
        StoredPassword stored = this.hasher.hash("fish and chips 2026");

        assertThat(this.hasher.verify("\uFB01sh and chips \uFF12\uFF10\uFF12\uFF16", stored)).isTrue();
    }

    @Test
    void inp02_hashWhenMadeFromCompatibilityFormThenPlainFormMatches() {
        StoredPassword stored = this.hasher.hash("\uFB01sh and chips \uFF12\uFF10\uFF12\uFF16");

        assertThat(this.hasher.verify("fish and chips 2026", stored)).isTrue();
    }

    @Test
    void inp02_verifyWhenComposedAndDecomposedAccentsThenSamePassword() {
        StoredPassword stored = this.hasher.hash("caf\u00e9 au lait, s'il vous pla\u00eet");

        assertThat(this.hasher.verify("cafe\u0301 au lait, s'il vous plai\u0302t", stored)).isTrue();
    }

    @Test
    void pwd02_megabytePasswordRefusedBeforeHashing() {
        String huge = "a".repeat(1024 * 1024);
        StoredPassword stored = this.hasher.hash(PASSWORD);

        assertThat(this.hasher.verify(huge, stored)).isFalse();
        assertThat(this.hasher.verifyAgainstDummy(huge)).isFalse();
        assertThat(fastestMillis(() -> {
            this.hasher.verify(huge, stored);
            this.hasher.verifyAgainstDummy(huge);
        })).as("an Argon2id verification takes longer than this").isLessThan(50);
    }

    @Test
    void pwd02_hashWhenLongerThanMaximumThenRefusedWithoutHashing() {
        String huge = "a".repeat(1024 * 1024);

        assertThatIllegalArgumentException().isThrownBy(() -> this.hasher.hash(huge));
        assertThatIllegalArgumentException().isThrownBy(() -> this.hasher.hash("a".repeat(257)));
        assertThat(fastestMillis(() -> {
            try {
                this.hasher.hash(huge);
            } catch (IllegalArgumentException expected) {
                // refused, as it should be
            }
        })).isLessThan(50);
    }

    /** The quickest of five runs, so that a busy machine's scheduling does not decide the test. */
    static long fastestMillis(Runnable action) {
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            action.run();
            fastest = Math.min(fastest, (System.nanoTime() - started) / 1_000_000);
        }
        return fastest;
    }

    @Test
    void pwd02_hashWhenExactlyMaximumLengthThenAccepted() {
        String longest = "a".repeat(256);
        assertThat(this.hasher.verify(longest, this.hasher.hash(longest))).isTrue();
    }

    @Test
    void pwd03_differenceAfterByte72IsDetected() {
        String first = "x".repeat(72) + "-first-ending";
        String second = "x".repeat(72) + "-other-ending";
        assertThat(first.getBytes(StandardCharsets.UTF_8)).startsWith(second.substring(0, 72).getBytes(StandardCharsets.UTF_8));

        StoredPassword stored = this.hasher.hash(first);

        assertThat(this.hasher.verify(first, stored)).isTrue();
        assertThat(this.hasher.verify(second, stored)).isFalse();
        assertThat(this.hasher.verify("x".repeat(72), stored)).isFalse();
    }

    @Test
    void pwd03_differenceAfterByte72OfMultiByteCharactersIsDetected() {
        // 36 two-byte characters fill the 72 bytes bcrypt would have kept.
        String prefix = "\u00e9".repeat(36);
        StoredPassword stored = this.hasher.hash(prefix + "a");

        assertThat(this.hasher.verify(prefix + "b", stored)).isFalse();
        assertThat(this.hasher.verify(prefix + "a", stored)).isTrue();
    }

    @Test
    void verifyAgainstDummyWhenAnyPasswordThenFalse() {
        assertThat(this.hasher.verifyAgainstDummy("portcullis-timing-equaliser")).isFalse();
        assertThat(this.hasher.verifyAgainstDummy(PASSWORD)).isFalse();
        assertThat(this.hasher.verifyAgainstDummy(null)).isFalse();
    }

    @Test
    void needsUpgradeWhenStoredWithConfiguredParametersThenFalse() {
        assertThat(this.hasher.needsUpgrade(this.hasher.hash(PASSWORD))).isFalse();
    }

    @Test
    void needsUpgradeWhenStoredWithWeakerParametersThenTrue() {
        StoredPassword weaker = new StoredPassword(new Argon2PasswordEncoder(16, 32, 1, 7168, 5).encode(PASSWORD));

        assertThat(weaker.parameters()).isEqualTo(new HashParameters("argon2id", 7168, 5, 1));
        assertThat(this.hasher.needsUpgrade(weaker)).isTrue();
        assertThat(this.hasher.verify(PASSWORD, weaker)).as("old hashes still verify").isTrue();
    }

    @Test
    void needsUpgradeWhenConfiguredParametersRaisedThenOldHashesNeedUpgrade() {
        StoredPassword today = this.hasher.hash(PASSWORD);
        PasswordHasher raised = new PasswordHasher(new PasswordProperties(32 * 1024, 3, 1, null, null));

        assertThat(raised.needsUpgrade(today)).isTrue();
        assertThat(raised.verify(PASSWORD, today)).isTrue();
        assertThat(raised.hash(PASSWORD).hash()).startsWith("$argon2id$v=19$m=32768,t=3,p=1$");
    }

    @Test
    void needsUpgradeWhenOtherArgon2VariantThenTrue() {
        StoredPassword argon2i = new StoredPassword("$argon2i$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG");

        assertThat(this.hasher.needsUpgrade(argon2i)).isTrue();
    }

    @Test
    void parametersWhenHashNotArgon2ThenRefused() {
        StoredPassword bcrypt = new StoredPassword("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy");

        assertThatIllegalStateException().isThrownBy(bcrypt::parameters);
    }

    @Test
    void toStringWhenPrintedThenHashRedacted() {
        StoredPassword stored = this.hasher.hash(PASSWORD);

        assertThat(stored.toString()).doesNotContain(stored.hash()).doesNotContain("argon2");
    }
}
