package dev.portcullis.mfa.totp;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class Base32Tests {

    // RFC 4648 §10 test vectors; we encode without the padding shown there.
    @ParameterizedTest
    @CsvSource(value = {
            "'', '', ''",
            "f, MY======, MY",
            "fo, MZXQ====, MZXQ",
            "foo, MZXW6===, MZXW6",
            "foob, MZXW6YQ=, MZXW6YQ",
            "fooba, MZXW6YTB, MZXW6YTB",
            "foobar, MZXW6YTBOI======, MZXW6YTBOI" })
    void encodeWhenRfc4648VectorThenUnpaddedFormAndBothFormsDecode(String text, String padded, String unpadded) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(Base32.encode(bytes)).isEqualTo(unpadded);
        assertThat(Base32.decode(padded)).isEqualTo(bytes);
        assertThat(Base32.decode(unpadded)).isEqualTo(bytes);
    }

    @Test
    void decodeWhenKeyUriFormatExampleThenMatchesItsStatedBytes() {
        byte[] expected = { 'H', 'e', 'l', 'l', 'o', '!', (byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF };
        assertThat(Base32.decode("JBSWY3DPEHPK3PXP")).isEqualTo(expected);
        assertThat(Base32.encode(expected)).isEqualTo("JBSWY3DPEHPK3PXP");
    }

    @Test
    void decodeWhenLowerCaseSpacesAndPaddingThenTolerated() {
        byte[] expected = "foobar".getBytes(StandardCharsets.US_ASCII);
        assertThat(Base32.decode("mzxw 6ytb oi")).isEqualTo(expected);
        assertThat(Base32.decode(" MzXw6YtBoI====== ")).isEqualTo(expected);
        assertThat(Base32.decode("MZXW\t6YTB\nOI")).isEqualTo(expected);
    }

    @Test
    void decodeWhenGroupedForManualEntryThenRoundTrips() {
        byte[] seed = new byte[20];
        new Random(7).nextBytes(seed);
        assertThat(Base32.decode(Base32.grouped(Base32.encode(seed)))).isEqualTo(seed);
    }

    @Test
    void encodeThenDecodeWhenAnyLengthThenRoundTrips() {
        Random random = new Random(42);
        for (int length = 0; length <= 70; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            String encoded = Base32.encode(data);
            assertThat(encoded).matches("[A-Z2-7]*").hasSize((length * 8 + 4) / 5);
            assertThat(Base32.decode(encoded)).isEqualTo(data);
            assertThat(Base32.decode(encoded.toLowerCase())).isEqualTo(data);
        }
    }

    @Test
    void totp04_encodeWhenSeedOf160BitsThenThirtyTwoCharacters() {
        assertThat(Base32.encode(new byte[20])).isEqualTo("A".repeat(32));
    }

    @ParameterizedTest
    @ValueSource(strings = { "MZXW1", "MZXW0", "MZXW8", "MZXW!", "MZ=XW", "MZXWé", "M", "MZX", "MZXW6Y", "MZXW6YTBO" })
    void decodeWhenNotBase32ThenRefused(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode(text));
    }

    @Test
    void decodeWhenLeftoverBitsNotZeroThenRefused() {
        // "MY" is 'f'; "MZ" has the same first byte but a 1 in the discarded bits (RFC 4648 §3.5).
        assertThat(Base32.decode("MY")).containsExactly('f');
        assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("MZ"));
    }

    @Test
    void decodeWhenRefusedThenMessageDoesNotEchoInput() {
        assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("SECRETSEED1"))
                .withMessageNotContaining("SECRETSEED1");
    }

    @Test
    void groupedWhenLongSecretThenGroupsOfFourSeparatedBySpaces() {
        assertThat(Base32.grouped("JBSWY3DPEHPK3PXP")).isEqualTo("JBSW Y3DP EHPK 3PXP");
        assertThat(Base32.grouped("JBSWY3DPEH")).isEqualTo("JBSW Y3DP EH");
        assertThat(Base32.grouped("JBS")).isEqualTo("JBS");
        assertThat(Base32.grouped("")).isEmpty();
    }
}
