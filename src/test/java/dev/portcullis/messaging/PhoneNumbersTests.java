package dev.portcullis.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.portcullis.messaging.InvalidPhoneNumberException.Reason;

class PhoneNumbersTests {

    @ParameterizedTest
    @ValueSource(strings = { "07400 123456", "07400123456", "+44 7400 123456", "+447400123456", "0044 7400 123456",
            "+44 (0) 7400 123456", "(07400) 123-456", " 07400-123-456 ", "07400.123.456", "07400\u00A0123456" })
    void requireMobileWhenUkMobileInAnyCommonFormThenSameE164(String input) {
        PhoneNumbers.Parsed parsed = PhoneNumbers.requireMobile(input);

        assertThat(parsed.e164()).isEqualTo("+447400123456");
        assertThat(parsed.type()).isEqualTo(PhoneNumberType.MOBILE);
        assertThat(parsed.regionCode()).isEqualTo("GB");
    }

    @Test
    void requireMobileWhenOfcomDramaNumberFromOurOwnExampleThenAccepted() {
        // libphonenumber calls 07700 900xxx invalid; our error message offers it as the example
        assertThat(PhoneNumbers.requireMobile("07700 900 982").e164()).isEqualTo("+447700900982");
        assertThat(PhoneNumbers.requireMobile("+44 7700 900 982").e164()).isEqualTo("+447700900982");
    }

    @Test
    void requireMobileWhenForeignMobileThenAcceptedWithItsRegion() {
        PhoneNumbers.Parsed parsed = PhoneNumbers.requireMobile("+33 6 12 34 56 78");

        assertThat(parsed.e164()).isEqualTo("+33612345678");
        assertThat(parsed.regionCode()).isEqualTo("FR");
    }

    @Test
    void requireMobileWhenNumberMayBeMobileAsInTheUsaThenAccepted() {
        PhoneNumbers.Parsed parsed = PhoneNumbers.requireMobile("+1 (202) 555-0123");

        assertThat(parsed.type()).isEqualTo(PhoneNumberType.FIXED_LINE_OR_MOBILE);
        assertThat(parsed.e164()).isEqualTo("+12025550123");
    }

    @Test
    void oob04_requireMobileWhenLandlineThenRefusedWithReason() {
        assertThatExceptionOfType(InvalidPhoneNumberException.class)
                .isThrownBy(() -> PhoneNumbers.requireMobile("020 7946 0123"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.LANDLINE))
                .withMessage("You cannot get text messages on a landline. "
                        + "Enter a mobile phone number, like 07700 900 982 or +44 7700 900 982");
    }

    @Test
    void requireCallableWhenLandlineThenAccepted() {
        PhoneNumbers.Parsed parsed = PhoneNumbers.requireCallable("020 7946 0123");

        assertThat(parsed.e164()).isEqualTo("+442079460123");
        assertThat(parsed.type()).isEqualTo(PhoneNumberType.FIXED_LINE);
    }

    @Test
    void requireCallableWhenMobileThenAccepted() {
        assertThat(PhoneNumbers.requireCallable("07400 123456").e164()).isEqualTo("+447400123456");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0909 879 0123", "+44 909 879 0123", "0871 123 4567" })
    void oob04_requireMobileAndRequireCallableWhenPremiumRateThenRefused(String premium) {
        assertThatExceptionOfType(InvalidPhoneNumberException.class)
                .isThrownBy(() -> PhoneNumbers.requireMobile(premium))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED_TYPE))
                .withMessageStartingWith("You cannot use a premium rate number. Enter a mobile phone number");
        assertThatExceptionOfType(InvalidPhoneNumberException.class)
                .isThrownBy(() -> PhoneNumbers.requireCallable(premium))
                .withMessageStartingWith("You cannot use a premium rate number. Enter a mobile or landline number");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0800 123 4567", "0300 123 4567", "056 1234 5678", "070 1234 5678" })
    void oob04_requireMobileAndRequireCallableWhenFreephoneNonGeographicVoipOrPersonalThenRefused(String input) {
        assertThatExceptionOfType(InvalidPhoneNumberException.class)
                .isThrownBy(() -> PhoneNumbers.requireMobile(input))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED_TYPE))
                .withMessageStartingWith("You cannot use a");
        assertThatExceptionOfType(InvalidPhoneNumberException.class)
                .isThrownBy(() -> PhoneNumbers.requireCallable(input))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED_TYPE));
    }

    @ParameterizedTest
    @ValueSource(strings = { "not a number", "07400 12345X", "07400 1234", "12", "+", "07400 123456 ext 12",
            "0800 FLOWERS", "tel:+447400123456", "\u0660\u0667\u0664\u0660\u0660\u0661\u0662\u0663\u0664\u0665\u0666" })
    void requireMobileWhenGarbageThenRefusedWithTheEnterMessage(String garbage) {
        assertThatExceptionOfType(InvalidPhoneNumberException.class)
                .isThrownBy(() -> PhoneNumbers.requireMobile(garbage))
                .satisfies(e -> assertThat(e.reason()).isIn(Reason.MALFORMED, Reason.INVALID))
                .withMessage("Enter a mobile phone number, like 07700 900 982 or +44 7700 900 982");
    }

    @Test
    void inp01_parseWhenMoreThanFifteenDigitsInAnOpenNumberingPlanThenInvalid() {
        // libphonenumber calls this German number valid; E.164 allows 15 digits at most (found by fuzzing).
        assertThatExceptionOfType(InvalidPhoneNumberException.class)
                .isThrownBy(() -> PhoneNumbers.parse("004 9600 122345608282"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .withMessage(PhoneNumbers.ENTER_PHONE);
    }

    @Test
    void requireMobileWhenEmptyThenRefused() {
        assertThatExceptionOfType(InvalidPhoneNumberException.class)
                .isThrownBy(() -> PhoneNumbers.requireMobile("   "))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY))
                .withMessage(PhoneNumbers.ENTER_MOBILE);
        assertThatExceptionOfType(InvalidPhoneNumberException.class)
                .isThrownBy(() -> PhoneNumbers.requireMobile(null))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
    }

    @Test
    void inp01_requireMobileWhenHundredCharactersThenRefusedBeforeParsing() {
        String input = "07400 123456" + "0".repeat(88);

        assertThatExceptionOfType(InvalidPhoneNumberException.class)
                .isThrownBy(() -> PhoneNumbers.requireMobile(input))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG))
                .withMessage("Enter a mobile phone number, like 07700 900 982 or +44 7700 900 982");
    }

    @Test
    void inp01_parseWhenThirtyThreeCharactersThenTooLongAndThirtyTwoThenParsed() {
        String padded = "+44 7400 123456";
        String thirtyTwo = padded + " ".repeat(32 - padded.length());

        assertThat(PhoneNumbers.parse(thirtyTwo).e164()).isEqualTo("+447400123456");
        assertThatExceptionOfType(InvalidPhoneNumberException.class)
                .isThrownBy(() -> PhoneNumbers.parse(thirtyTwo + " "))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG));
    }

    @Test
    void refusalMessageNeverRepeatsWhatWasTyped() {
        String typed = "<script>07400</script>";

        assertThatExceptionOfType(InvalidPhoneNumberException.class)
                .isThrownBy(() -> PhoneNumbers.requireMobile(typed))
                .withMessageNotContaining("script")
                .withMessageNotContaining("07400 ");
    }

    @Test
    void maskedShowsCountryCodeAndLastThreeDigitsOnly() {
        assertThat(PhoneNumbers.masked("+447700900123")).isEqualTo("+44 ••••••• 123");
        assertThat(PhoneNumbers.masked("+12025550123")).isEqualTo("+1 ••••••• 123");
        assertThat(PhoneNumbers.masked("+33612345678")).isEqualTo("+33 •••••• 678");
    }

    @Test
    void maskedWhenNotANumberThenRevealsNoMoreThanThreeCharacters() {
        assertThat(PhoneNumbers.masked(null)).isEqualTo("•••");
        assertThat(PhoneNumbers.masked("12")).isEqualTo("•••");
        assertThat(PhoneNumbers.masked("secret-value")).isEqualTo("••• lue");
    }
}
