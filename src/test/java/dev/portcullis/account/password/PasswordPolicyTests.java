package dev.portcullis.account.password;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PasswordPolicyTests {

    private final PasswordPolicy policy = new PasswordPolicy(new PasswordProperties(null, null, null, null, null));

    @Test
    void problemWhenEmptyThenAskedToEnterOne() {
        assertThat(this.policy.problem("")).contains("Enter a password");
        assertThat(this.policy.problem(null)).contains("Enter a password");
    }

    @Test
    void pwd02_problemWhenSevenCharactersThenTooShort() {
        assertThat(this.policy.problem("abcdefg")).contains("Password must be 8 characters or more");
    }

    @Test
    void pwd02_problemWhenEightCharactersThenAccepted() {
        assertThat(this.policy.problem("abcdefgh")).isEmpty();
    }

    @Test
    void pwd01_problemWhenLongLowercasePassphraseThenAcceptedWithoutCompositionRules() {
        assertThat(this.policy.problem("the quick brown fox jumps over the lazy dog by the riverbank today")).isEmpty();
        assertThat(this.policy.problem("correcthorsebatterystaple")).isEmpty();
        assertThat(this.policy.problem("alllowercaseletters")).isEmpty();
    }

    @Test
    void pwd02_problemWhenSixtyFourOrMoreCharactersThenAccepted() {
        assertThat(this.policy.problem("a".repeat(64))).isEmpty();
        assertThat(this.policy.problem("a".repeat(256))).isEmpty();
    }

    @Test
    void pwd02_problemWhenLongerThanMaximumThenRefusedWithReason() {
        assertThat(this.policy.problem("a".repeat(257))).contains("Password must be 256 characters or fewer");
    }

    @Test
    void pwd02_problemWhenMegabyteLongThenRefusedFast() {
        String huge = "a".repeat(1024 * 1024);

        assertThat(this.policy.problem(huge)).contains("Password must be 256 characters or fewer");
        assertThat(PasswordHasherTests.fastestMillis(() -> this.policy.problem(huge))).isLessThan(50);
    }

    @Test
    void pwd02_problemWhenCharactersOutsideBasicPlaneThenCountedAsCodePoints() {
        String fourEmoji = "\uD83D\uDD11".repeat(4); // 8 UTF-16 units, 4 code points
        String eightEmoji = "\uD83D\uDD11".repeat(8);

        assertThat(this.policy.problem(fourEmoji)).contains("Password must be 8 characters or more");
        assertThat(this.policy.problem(eightEmoji)).isEmpty();
    }

    @Test
    void inp02_problemWhenCompatibilityCharactersThenCountedAfterNormalisation() {
        // Three U+FB03 (ffi ligature) become nine letters under NFKC.
        assertThat(this.policy.problem("\uFB03\uFB03\uFB03")).isEmpty();
    }

    @Test
    void pwd01_problemWhenSpacesAndSymbolsThenAccepted() {
        assertThat(this.policy.problem("        ")).isEmpty();
        assertThat(this.policy.problem("p\u00e4ssw\u00f6rd \u00fc\u00df")).isEmpty();
    }

    @Test
    void propertiesWhenArgon2ParametersBelowMinimumThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PasswordProperties(4096, 2, 1, null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new PasswordProperties(null, 0, null, null, null));
    }

    @Test
    void pwd02_propertiesWhenLengthBoundsOutsideNistThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PasswordProperties(null, null, null, 7, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new PasswordProperties(null, null, null, null, 63));
        assertThatIllegalArgumentException().isThrownBy(() -> new PasswordProperties(null, null, null, 100, 80));
    }

    @Test
    void propertiesWhenRaisedMinimumThenPolicyFollows() {
        PasswordPolicy stricter = new PasswordPolicy(new PasswordProperties(null, null, null, 12, 128));

        assertThat(stricter.minLength()).isEqualTo(12);
        assertThat(stricter.problem("elevenchars")).contains("Password must be 12 characters or more");
        assertThat(stricter.problem("a".repeat(129))).contains("Password must be 128 characters or fewer");
    }
}
