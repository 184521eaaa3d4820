package dev.portcullis.mfa.totp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What people type for a code: forgiven spacing, clear messages, nothing long or strange let through. */
class CodeInputTests {

    @ParameterizedTest
    @ValueSource(strings = {"123456", " 123456 ", "123 456", "12 34 56", "123-456", "123\u00a0456", "\uff11\uff12\uff13\uff14\uff15\uff16"})
    void parseWhenSixDigitsWithSpacingThenTheAsciiCode(String typed) {
        CodeInput input = CodeInput.parse(typed);

        assertThat(input.valid()).isTrue();
        assertThat(input.code()).isEqualTo("123456");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void parseWhenBlankThenAskedForTheCode(String typed) {
        assertThat(CodeInput.parse(typed).problem()).isEqualTo("Enter the 6-digit code from your app");
        assertThat(CodeInput.parse(null).problem()).isEqualTo("Enter the 6-digit code from your app");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "1234567", "1 2 3 4 5"})
    void parseWhenWrongLengthThenSixDigitsAsked(String typed) {
        assertThat(CodeInput.parse(typed).problem()).isEqualTo("The code must be 6 digits");
        assertThat(CodeInput.parse(typed).code()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345a", "abcdef", "123.456", "12345\u0000", "<script>"})
    void parseWhenNotDigitsThenNumbersOnlyAsked(String typed) {
        assertThat(CodeInput.parse(typed).problem()).isEqualTo("The code must only include numbers 0 to 9");
    }

    @Test
    void inp01_parseWhenHugeThenRefusedWithoutReadingIt() {
        assertThat(CodeInput.parse("1".repeat(1_000_000)).problem()).isEqualTo("The code must be 6 digits");
    }

    @Test
    void toStringNeverShowsTheCode() {
        assertThat(CodeInput.parse("123456").toString()).doesNotContain("123456");
    }
}
