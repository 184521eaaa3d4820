package dev.portcullis.shared;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import dev.portcullis.shared.SecretCipher.TamperedSecretException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SecretCipherTests {

    private static final byte[] KEY = HexFormat.of()
            .parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private static final String ROW = "totp:account:42";

    private final SecretCipher cipher = new SecretCipher(KEY, new SecureRandom());

    @Test
    void decryptWhenSameAssociatedDataThenReturnsPlaintext() {
        byte[] sealed = this.cipher.encrypt(SEED, ROW);
        assertThat(this.cipher.decrypt(sealed, ROW)).isEqualTo(SEED);
    }

    @Test
    void decryptWhenOtherInstanceWithSameKeyThenReturnsPlaintext() {
        byte[] sealed = this.cipher.encrypt(SEED, ROW);
        assertThat(new SecretCipher(KEY.clone(), new SecureRandom()).decrypt(sealed, ROW)).isEqualTo(SEED);
    }

    @Test
    void decryptWhenPlaintextEmptyThenRoundTrips() {
        assertThat(this.cipher.decrypt(this.cipher.encrypt(new byte[0], ROW), ROW)).isEmpty();
    }

    @Test
    void encryptWhenSealedThenVersionNonceCiphertextAndTagLayout() {
        byte[] sealed = this.cipher.encrypt(SEED, ROW);
        assertThat(sealed).hasSize(1 + 12 + SEED.length + 16);
        assertThat(sealed[0]).isEqualTo((byte) 0x01);
        assertThat(Arrays.copyOfRange(sealed, 13, 13 + SEED.length)).isNotEqualTo(SEED);
    }

    @Test
    void encryptWhenNonceNeededThenTakenFromInjectedRandom() {
        SecretCipher fixed = new SecretCipher(KEY, new FixedRandom((byte) 0x5a));
        byte[] sealed = fixed.encrypt(SEED, ROW);
        assertThat(Arrays.copyOfRange(sealed, 1, 13)).containsOnly((byte) 0x5a);
    }

    @Test
    void encryptWhenSamePlaintextTwiceThenCiphertextsAndNoncesDiffer() {
        byte[] first = this.cipher.encrypt(SEED, ROW);
        byte[] second = this.cipher.encrypt(SEED, ROW);
        assertThat(first).isNotEqualTo(second);
        assertThat(Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(Arrays.copyOfRange(second, 1, 13));
    }

    @Test
    void decryptWhenCopiedToAnotherRowThenTampered() {
        byte[] sealed = this.cipher.encrypt(SEED, ROW);
        assertThatExceptionOfType(TamperedSecretException.class)
                .isThrownBy(() -> this.cipher.decrypt(sealed, "totp:account:43"))
                .withMessageContaining("associated data");
    }

    @Test
    void decryptWhenAnyBitFlippedThenTampered() {
        byte[] sealed = this.cipher.encrypt(SEED, ROW);
        for (int i = 0; i < sealed.length * 8; i++) {
            byte[] altered = sealed.clone();
            altered[i / 8] ^= (byte) (1 << (i % 8));
            assertThatExceptionOfType(TamperedSecretException.class).as("bit %d", i)
                    .isThrownBy(() -> this.cipher.decrypt(altered, ROW));
        }
    }

    @Test
    void decryptWhenTruncatedThenTampered() {
        byte[] sealed = this.cipher.encrypt(SEED, ROW);
        for (int length = 0; length < sealed.length; length++) {
            byte[] truncated = Arrays.copyOf(sealed, length);
            assertThatExceptionOfType(TamperedSecretException.class).as("length %d", length)
                    .isThrownBy(() -> this.cipher.decrypt(truncated, ROW));
        }
        assertThatExceptionOfType(TamperedSecretException.class).isThrownBy(() -> this.cipher.decrypt(null, ROW));
    }

    @Test
    void decryptWhenBytesAppendedThenTampered() {
        byte[] sealed = this.cipher.encrypt(SEED, ROW);
        assertThatExceptionOfType(TamperedSecretException.class)
                .isThrownBy(() -> this.cipher.decrypt(Arrays.copyOf(sealed, sealed.length + 1), ROW));
    }

    @Test
    void decryptWhenUnknownVersionThenTamperedSayingSo() {
        byte[] sealed = this.cipher.encrypt(SEED, ROW);
        sealed[0] = 0x02;
        assertThatExceptionOfType(TamperedSecretException.class).isThrownBy(() -> this.cipher.decrypt(sealed, ROW))
                .withMessageContaining("version 2");
    }

    @Test
    void decryptWhenOtherKeyThenTampered() {
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        byte[] sealed = new SecretCipher(otherKey, new SecureRandom()).encrypt(SEED, ROW);
        assertThatExceptionOfType(TamperedSecretException.class).isThrownBy(() -> this.cipher.decrypt(sealed, ROW));
    }

    @Test
    void encryptWhenAssociatedDataBlankThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.cipher.encrypt(SEED, " "));
        assertThatIllegalArgumentException().isThrownBy(() -> this.cipher.decrypt(new byte[40], ""));
    }

    @Test
    void constructWhenKeyNotThirtyTwoBytesThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SecretCipher(new byte[16], new SecureRandom()))
                .withMessageContaining("32");
    }

    @Test
    void constructWhenCallerWipesKeyArrayThenCipherKeepsWorking() {
        byte[] key = KEY.clone();
        SecretCipher wiped = new SecretCipher(key, new SecureRandom());
        byte[] sealed = wiped.encrypt(SEED, ROW);
        Arrays.fill(key, (byte) 0);
        assertThat(wiped.decrypt(sealed, ROW)).isEqualTo(SEED);
        assertThat(this.cipher.decrypt(wiped.encrypt(SEED, ROW), ROW)).isEqualTo(SEED);
    }

    @Test
    void toStringWhenPrintedThenKeyNotRevealed() {
        String text = this.cipher.toString();
        assertThat(text).doesNotContain(HexFormat.of().formatHex(KEY), Base64.getEncoder().encodeToString(KEY),
                Arrays.toString(KEY)).contains("redacted");
    }

    /** Fills every request with one byte, to show where the nonce comes from. */
    private static final class FixedRandom extends SecureRandom {

        private static final long serialVersionUID = 1L;

        private final byte value;

        FixedRandom(byte value) {
            this.value = value;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, this.value);
        }
    }
}
