package dev.portcullis.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a person types as a phone number (INP-01, OOB-04): refused only with our own
 * {@link InvalidPhoneNumberException} and a message that never repeats the input, nothing longer
 * than the limit accepted, and every accepted number E.164 that parses back to itself. Runs the
 * seeds and committed inputs in every build, and fuzzes for a bounded time in the build's
 * {@code fuzz-phone-numbers} execution (pom.xml).
 */
class PhoneNumbersFuzzTests {

    // E.164 §6.1: a plus, a country code not starting with 0, at most 15 digits in all.
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private static final Set<PhoneNumberType> MOBILE = Set.of(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE);

    private static final Set<PhoneNumberType> CALLABLE = Set.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.FIXED_LINE);

    private static final Pattern REFUSAL = Pattern.compile("(You cannot [a-z -]+\\. )?("
            + Pattern.quote(PhoneNumbers.ENTER_PHONE) + "|" + Pattern.quote(PhoneNumbers.ENTER_MOBILE) + "|"
            + Pattern.quote(PhoneNumbers.ENTER_CALLABLE) + ")");

    @FuzzTest(maxDuration = "10s")
    void inp01_anyTypedNumberIsRefusedCleanlyOrAcceptedAsE164ThatParsesBackToItself(byte[] bytes) {
        String input = new String(bytes, StandardCharsets.UTF_8);

        PhoneNumbers.Parsed any = check(input, PhoneNumbers::parse);
        PhoneNumbers.Parsed mobile = check(input, PhoneNumbers::requireMobile);
        PhoneNumbers.Parsed callable = check(input, PhoneNumbers::requireCallable);

        if (mobile != null) {
            assertThat(MOBILE).contains(mobile.type());
            assertThat(any).isEqualTo(mobile);
        }
        if (callable != null) {
            assertThat(CALLABLE).contains(callable.type());
            assertThat(any).isEqualTo(callable);
        }
        if (any == null) {
            assertThat(mobile).isNull();
            assertThat(callable).isNull();
        }
    }

    /** The number, or null when it was refused the one way allowed. */
    private static PhoneNumbers.Parsed check(String input, Function<String, PhoneNumbers.Parsed> parser) {
        PhoneNumbers.Parsed parsed;
        try {
            parsed = parser.apply(input);
        } catch (InvalidPhoneNumberException refused) {
            assertThat(refused.reason()).isNotNull();
            // One of our fixed sentences, so nothing typed can be echoed back into the page.
            assertThat(refused.getMessage()).matches(REFUSAL);
            if (input.length() > PhoneNumbers.MAX_INPUT_LENGTH && !input.isBlank()) {
                assertThat(refused.reason()).isEqualTo(InvalidPhoneNumberException.Reason.TOO_LONG);
            }
            return null;
        }
        assertThat(input.length()).isLessThanOrEqualTo(PhoneNumbers.MAX_INPUT_LENGTH);
        assertThat(parsed.e164()).matches(E164);
        assertThat(parsed.type()).isNotNull();
        assertThat(parsed.regionCode()).matches("[A-Z]{2}|001");
        // The stored form is the canonical one: parsing it again changes nothing.
        assertThat(parser.apply(parsed.e164())).isEqualTo(parsed);
        return parsed;
    }
}
