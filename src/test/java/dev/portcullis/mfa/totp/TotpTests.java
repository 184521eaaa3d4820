package dev.portcullis.mfa.totp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TotpTests {

    /** The seed of RFC 4226 Appendix D and of the SHA-1 rows of RFC 6238 Appendix B. */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] SEED = HexFormat.of().parseHex("8f3a61c2d47e09b5a1ce3372f08d5b6e19c4a27d");

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:10Z");

    // RFC 4226 Appendix D: counter, HMAC-SHA-1, truncated decimal, HOTP value.
    @ParameterizedTest
    @CsvSource({
            "0, cc93cf18508d94934c64b65d8ba7667fb7cde4b0, 1284755224, 755224",
            "1, 75a48a19d4cbe100644e8ac1397eea747a2d33ab, 1094287082, 287082",
            "2, 0bacb7fa082fef30782211938bc1c5e70416ff44, 137359152, 359152",
            "3, 66c28227d03a2d5529262ff016a1e6ef76557ece, 1726969429, 969429",
            "4, a904c900a64b35909874b33e61c5938a8e15ed1c, 1640338314, 338314",
            "5, a37e783d7b7233c083d4f62926c7a25f238d0316, 868254676, 254676",
            "6, bc9cd28561042c83f219324d3c607256c03272ae, 1918287922, 287922",
            "7, a4fb960c0bc06e1eabb804e5b397cdc4b45596fa, 82162583, 162583",
            "8, 1b3c89f65e6c9e883012052823443f048b4332db, 673399871, 399871",
            "9, 1637409809a679dc698207310c8c7fc07290d9e5, 645520489, 520489" })
    void totp01_hotpWhenRfc4226AppendixDCounterThenMatchesEveryIntermediateValue(long counter, String hmacHex,
            int truncated, String hotp) {
        byte[] hmac = Totp.hmacSha1(RFC_SEED, counter);
        assertThat(HexFormat.of().formatHex(hmac)).isEqualTo(hmacHex);
        assertThat(Totp.dynamicTruncation(hmac)).isEqualTo(truncated);
        assertThat(Totp.hotp(RFC_SEED, counter, 6)).isEqualTo(hotp);
        // TOTP is HOTP over the step number (RFC 6238 §4.2).
        assertThat(Totp.code(RFC_SEED, counter)).isEqualTo(hotp);
    }

    // RFC 6238 Appendix B, SHA-1 rows: time, T (hex), 8-digit TOTP.
    @ParameterizedTest
    @CsvSource({
            "59, 0000000000000001, 94287082",
            "1111111109, 00000000023523EC, 07081804",
            "1111111111, 00000000023523ED, 14050471",
            "1234567890, 000000000273EF07, 89005924",
            "2000000000, 0000000003F940AA, 69279037",
            "20000000000, 0000000027BC86AA, 65353130" })
    void totp01_codeWhenRfc6238AppendixBTimeThenStepAndCodeMatch(long epochSeconds, String stepHex, String eightDigits) {
        long step = Totp.stepAt(Instant.ofEpochSecond(epochSeconds));
        assertThat(step).isEqualTo(Long.parseLong(stepHex, 16));
        assertThat(Totp.hotp(RFC_SEED, step, 8)).isEqualTo(eightDigits);
        // Our codes are 6 digits: the same HOTP value modulo 10^6, i.e. its last six digits.
        assertThat(Totp.code(RFC_SEED, step)).isEqualTo(eightDigits.substring(2));
    }

    @Test
    void codeWhenValueHasFewerDigitsThenLeftPaddedWithZeros() {
        // RFC 6238 Appendix B at 1111111109: 07081804, so the 6-digit code is 081804.
        assertThat(Totp.code(RFC_SEED, 0x23523ECL)).isEqualTo("081804").hasSize(6);
    }

    @Test
    void stepAtWhenOnAndAroundBoundariesThenCountsThirtySecondStepsFromEpoch() {
        assertThat(Totp.stepAt(Instant.EPOCH)).isZero();
        assertThat(Totp.stepAt(Instant.ofEpochSecond(29, 999_999_999))).isZero();
        assertThat(Totp.stepAt(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(Totp.stepAt(Instant.ofEpochSecond(-1))).isEqualTo(-1);
    }

    @Test
    void verifyWhenCodeFromCurrentStepThenAcceptedWithThatStep() {
        long t = Totp.stepAt(NOW);
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, t), NOW, 1)).hasValue(t);
    }

    @Test
    void verifyWhenCodeFromPreviousStepThenAccepted() {
        long t = Totp.stepAt(NOW);
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, t - 1), NOW, 1)).hasValue(t - 1);
    }

    @Test
    void verifyWhenCodeFromNextStepThenAccepted() {
        long t = Totp.stepAt(NOW);
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, t + 1), NOW, 1)).hasValue(t + 1);
    }

    @Test
    void totp01_verifyWhenCodeFromTwoStepsAgoThenRejected() {
        long t = Totp.stepAt(NOW);
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, t - 2), NOW, 1)).isEmpty();
    }

    @Test
    void totp01_verifyWhenCodeFromTwoStepsAheadThenRejected() {
        long t = Totp.stepAt(NOW);
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, t + 2), NOW, 1)).isEmpty();
    }

    @Test
    void verifyWhenWindowIsZeroThenOnlyCurrentStepAccepted() {
        long t = Totp.stepAt(NOW);
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, t), NOW, 0)).hasValue(t);
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, t - 1), NOW, 0)).isEmpty();
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, t + 1), NOW, 0)).isEmpty();
    }

    @Test
    void totp01_verifyWhenLastSecondOfStepThenWindowIsCountedFromServerStep() {
        Instant lastSecond = Instant.ofEpochSecond(Totp.stepAt(NOW) * 30 + 29);
        long t = Totp.stepAt(lastSecond);
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, t + 1), lastSecond, 1)).hasValue(t + 1);
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, t + 2), lastSecond, 1)).isEmpty();
    }

    @Test
    void totp01_verifyWhenRfcVectorAtItsTimeThenAccepted() {
        Instant at = Instant.ofEpochSecond(1234567890);
        assertThat(Totp.matchingStep(RFC_SEED, "005924", at, 1)).hasValue(0x273EF07L);
    }

    @Test
    void verifyWhenCodeFromAnotherSeedThenRejected() {
        long t = Totp.stepAt(NOW);
        assertThat(Totp.matchingStep(SEED, Totp.code(RFC_SEED, t), NOW, 1)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "12345", "1234567", "12345a", "12 345", " 123456", "123456 ", "-12345", "+12345",
            "１２３４５６", "١٢٣٤٥٦", "12345\u0000" })
    void inp01_verifyWhenCodeIsNotExactlySixAsciiDigitsThenRejectedWithoutHmacWork(String code) {
        // A 1-byte seed makes any HMAC attempt throw, so an empty result proves none was made.
        byte[] unusableSeed = new byte[1];
        assertThat(Totp.matchingStep(unusableSeed, code, NOW, 1)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void verifyWhenWindowNegativeThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Totp.matchingStep(SEED, "123456", NOW, -1));
    }

    @Test
    void codeWhenSeedShorterThan128BitsThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Totp.code(new byte[15], 1))
                .withMessageContaining("RFC 4226");
    }

    @Test
    void hotpWhenFewerThanSixDigitsRequestedThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Totp.hotp(RFC_SEED, 0, 5));
    }
}
