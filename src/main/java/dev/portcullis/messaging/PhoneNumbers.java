package dev.portcullis.messaging;

import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Turns what a person typed into an E.164 number we are willing to text or call. UK national
 * format is the default; international numbers need their country code.
 *
 * <p>Only numbers that reach one person's phone are accepted: premium rate, shared cost and
 * similar numbers are refused, so the portal cannot be used to pump traffic to numbers that
 * earn their owner money (SECURITY.md OOB-04).
 */
public final class PhoneNumbers {

    /** Longer input is refused before libphonenumber sees it (SECURITY.md INP-01). */
    static final int MAX_INPUT_LENGTH = 32;

    private static final String DEFAULT_REGION = "GB";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    // spaces (including no-break spaces), dashes, dots, brackets and slashes people type between digits
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u00A0\\u2007\\u202F\\-\\u2010-\\u2015.()/]");

    // after separators are gone: an optional plus, then ASCII digits only. libphonenumber would
    // otherwise turn letters into keypad digits ("07700 9OO123") and accept "ext." suffixes.
    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]{4,20}");

    // Ofcom reserves 07700 900000-900999 for drama; libphonenumber calls it invalid. We accept it
    // as a mobile so that the example in our own error message, test fakes and Notify's
    // smoke-test numbers work. Nobody holds these numbers, so an enrolment to one never completes.
    private static final Pattern OFCOM_DRAMA_MOBILE = Pattern.compile("\\+447700900\\d{3}");

    // E.164 section 6.1: at most 15 digits after the plus. libphonenumber's metadata for countries
    // with open numbering plans (Germany, Austria) calls some longer strings valid; no gateway
    // will deliver to them, so they are refused here rather than failing at send time.
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private static final Set<PhoneNumberType> MOBILE = Set.of(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE);

    private static final Set<PhoneNumberType> CALLABLE = Set.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.FIXED_LINE);

    static final String ENTER_PHONE = "Enter a phone number, like 07700 900 982 or +44 7700 900 982";

    static final String ENTER_MOBILE = "Enter a mobile phone number, like 07700 900 982 or +44 7700 900 982";

    static final String ENTER_CALLABLE = "Enter a mobile or landline number, like 07700 900 982 or 020 7946 0123";

    private PhoneNumbers() {
    }

    /**
     * A parsed, valid number.
     *
     * @param e164       the number in E.164 form, e.g. {@code +447700900982}
     * @param type       what libphonenumber says the number is
     * @param regionCode the ISO 3166 region, e.g. {@code GB}, for per-country limits
     */
    public record Parsed(String e164, PhoneNumberType type, String regionCode) {
    }

    /**
     * Parses a UK national or international number.
     *
     * @throws InvalidPhoneNumberException when the input is not a valid phone number
     */
    public static Parsed parse(String input) {
        return parse(input, ENTER_PHONE);
    }

    /**
     * A number that can receive text messages: a mobile, or a number that may be a mobile (as in
     * the USA, where the two share ranges).
     *
     * @throws InvalidPhoneNumberException otherwise, with a message for the person who typed it
     */
    public static Parsed requireMobile(String input) {
        Parsed parsed = parse(input, ENTER_MOBILE);
        if (MOBILE.contains(parsed.type())) {
            return parsed;
        }
        if (parsed.type() == PhoneNumberType.FIXED_LINE) {
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.LANDLINE,
                    "You cannot get text messages on a landline. " + ENTER_MOBILE);
        }
        throw refused(parsed.type(), ENTER_MOBILE);
    }

    /**
     * A number that can take a phone call: a mobile or a landline.
     *
     * @throws InvalidPhoneNumberException otherwise, with a message for the person who typed it
     */
    public static Parsed requireCallable(String input) {
        Parsed parsed = parse(input, ENTER_CALLABLE);
        if (CALLABLE.contains(parsed.type())) {
            return parsed;
        }
        throw refused(parsed.type(), ENTER_CALLABLE);
    }

    /**
     * The country code and the last 3 digits, e.g. {@code +44 ••••••• 123}, for lists and hints
     * where the whole number would say too much.
     */
    public static String masked(String e164) {
        if (e164 == null || e164.length() < 4) {
            return "•••";
        }
        String lastThree = e164.substring(e164.length() - 3);
        try {
            PhoneNumber number = UTIL.parse(e164, DEFAULT_REGION);
            String national = UTIL.getNationalSignificantNumber(number);
            int hidden = Math.max(national.length() - 3, 1);
            return "+" + number.getCountryCode() + " " + "•".repeat(hidden) + " " + lastThree;
        } catch (NumberParseException e) {
            return "••• " + lastThree;
        }
    }

    private static Parsed parse(String input, String enterMessage) {
        if (input == null || input.isBlank()) {
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.EMPTY, enterMessage);
        }
        if (input.length() > MAX_INPUT_LENGTH) {
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.TOO_LONG, enterMessage);
        }
        String digits = SEPARATORS.matcher(input).replaceAll("");
        if (!DIGITS.matcher(digits).matches()) {
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.MALFORMED, enterMessage);
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(digits, DEFAULT_REGION);
        } catch (NumberParseException e) {
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.INVALID, enterMessage);
        }
        String e164 = UTIL.format(number, PhoneNumberFormat.E164);
        if (!E164.matcher(e164).matches()) {
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.INVALID, enterMessage);
        }
        if (UTIL.isValidNumber(number)) {
            return new Parsed(e164, UTIL.getNumberType(number), UTIL.getRegionCodeForNumber(number));
        }
        if (OFCOM_DRAMA_MOBILE.matcher(e164).matches()) {
            return new Parsed(e164, PhoneNumberType.MOBILE, DEFAULT_REGION);
        }
        throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.INVALID, enterMessage);
    }

    private static InvalidPhoneNumberException refused(PhoneNumberType type, String enterMessage) {
        String kind = switch (type) {
            case PREMIUM_RATE -> "a premium rate number";
            case SHARED_COST -> "a shared cost number";
            case TOLL_FREE -> "a freephone number";
            case VOIP -> "an internet phone number";
            case PAGER -> "a pager number";
            case UAN -> "a non-geographic number";
            case PERSONAL_NUMBER -> "a personal number";
            case VOICEMAIL -> "a voicemail number";
            default -> "this type of number";
        };
        return new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.REFUSED_TYPE,
                "You cannot use " + kind + ". " + enterMessage);
    }
}
