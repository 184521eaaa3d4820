package dev.portcullis.mfa.recovery;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Making, reading and hashing recovery codes, without storage. */
class RecoveryCodesTests {

    private final RecoveryCodes codes = new RecoveryCodes(new SecureRandom());

    @Test
    void mfa07_eachCodeCarriesAtLeast64Bits() {
        // 16 symbols from a 32-symbol alphabet: log2(32^16) = 80 bits.
        assertThat(RecoveryCodes.ALPHABET).hasSize(32).doesNotContain("I", "L", "O", "U");
        assertThat(RecoveryCodes.ALPHABET.chars().distinct().count()).isEqualTo(32);
        assertThat(RecoveryCodes.SYMBOLS * (Math.log(RecoveryCodes.ALPHABET.length()) / Math.log(2))).isGreaterThanOrEqualTo(64);
        assertThat(RecoveryCodes.BITS).isGreaterThanOrEqualTo(64);
        for (String code : codes.newSet()) {
            assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}");
        }
    }

    @Test
    void newSetHasTenDistinctCodes() {
        List<String> set = codes.newSet();
        assertThat(set).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void codesUseTheWholeAlphabet() {
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            for (char c : codes.newCode().replace("-", "").toCharArray()) {
                seen.add(c);
            }
        }
        assertThat(seen).hasSize(32);
    }

    @Test
    void normaliseForgivesCaseDashesSpacesAndLookAlikes() {
        assertThat(RecoveryCodes.normalise("7k3m-9qxt-2hdp-wr4n")).contains("7K3M9QXT2HDPWR4N");
        assertThat(RecoveryCodes.normalise(" 7K3M 9QXT 2HDP WR4N ")).contains("7K3M9QXT2HDPWR4N");
        assertThat(RecoveryCodes.normalise("7K3M9QXT2HDPWR4N")).contains("7K3M9QXT2HDPWR4N");
        assertThat(RecoveryCodes.normalise("O0IL-0000-0000-0000")).contains("0011000000000000");
    }

    @Test
    void normaliseRefusesWhatCannotBeACode() {
        assertThat(RecoveryCodes.normalise(null)).isEmpty();
        assertThat(RecoveryCodes.normalise("")).isEmpty();
        assertThat(RecoveryCodes.normalise("7K3M-9QXT-2HDP")).isEmpty();
        assertThat(RecoveryCodes.normalise("7K3M-9QXT-2HDP-WR4NX")).isEmpty();
        assertThat(RecoveryCodes.normalise("7K3M-9QXT-2HDP-WR4U")).isEmpty();
        assertThat(RecoveryCodes.normalise("7K3M-9QXT-2HDP-WR4!")).isEmpty();
        assertThat(RecoveryCodes.normalise("7K3M-9QXT-2HDP-WR4N" + " ".repeat(30))).isEmpty();
        assertThat(RecoveryCodes.normalise("x".repeat(1_000_000))).isEmpty();
    }

    @Test
    void hashIsHexSha256BoundToTheAccountAndNeverTheCode() {
        String code = codes.newCode();
        String hash = RecoveryCodes.hash(42, code);
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(hash).isEqualTo(RecoveryCodes.hash(42, code.toLowerCase().replace("-", " ")));
        assertThat(hash).isNotEqualTo(RecoveryCodes.hash(43, code));
        assertThat(hash.toUpperCase()).doesNotContain(code.replace("-", "")).doesNotContain(code);
        assertThatThrownBy(() -> RecoveryCodes.hash(42, "not a code")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sameHashComparesWholeValues() {
        String hash = RecoveryCodes.hash(1, codes.newCode());
        assertThat(RecoveryCodes.sameHash(hash, hash)).isTrue();
        assertThat(RecoveryCodes.sameHash(hash, hash.toUpperCase())).isTrue();
        assertThat(RecoveryCodes.sameHash(hash, RecoveryCodes.hash(2, codes.newCode()))).isFalse();
        assertThat(RecoveryCodes.sameHash(hash, hash.substring(0, 63))).isFalse();
    }
}
