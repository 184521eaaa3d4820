package dev.portcullis.directory;

import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * What each profile field accepts, and the stored form of what was typed. Values are kept as
 * text and encoded wherever they are shown (INP-04); what is refused here is what would break
 * a page or a log line: line breaks and other control or invisible formatting characters.
 */
final class ProfileRules {

    /** A value, or the reason it will not do. */
    record Checked(String value, String problem) {

        static Checked ok(String value) {
            return new Checked(value, null);
        }

        static Checked refused(String problem) {
            return new Checked(null, problem);
        }
    }

    static final String PHONE_EXAMPLE = "like 0113 496 0000 or +44 113 496 0000";

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern HIDDEN = Pattern.compile("[\\p{Cntrl}\\p{Cf}\\u2028\\u2029]");
    private static final Pattern PHONE_CHARACTERS = Pattern.compile("[0-9+()\\-. \\u00A0extEXT:#]+");

    private ProfileRules() {
    }

    static Checked check(ProfileField field, String typed) {
        String value = typed == null ? "" : typed.strip();
        if (value.length() > field.maxLength() * 4) {
            return Checked.refused(tooLong(field));
        }
        if (HIDDEN.matcher(value).find()) {
            return Checked.refused(field.label() + " must be one line of text without special characters");
        }
        if (value.codePointCount(0, value.length()) > field.maxLength()) {
            return Checked.refused(tooLong(field));
        }
        if (field == ProfileField.DISPLAY_NAME) {
            return value.isEmpty() ? Checked.refused("Enter your name") : Checked.ok(value);
        }
        if (value.isEmpty()) {
            return Checked.ok(null);
        }
        if (field == ProfileField.WORK_PHONE) {
            return phone(value);
        }
        return Checked.ok(value);
    }

    /**
     * A UK number in national form, or an international one with its country code; an extension
     * may follow ("ext 1234"). Stored formatted, so the directory shows every number alike.
     */
    private static Checked phone(String value) {
        String problem = "Enter a work phone number in the correct format, " + PHONE_EXAMPLE;
        if (!PHONE_CHARACTERS.matcher(value).matches()) {
            return Checked.refused(problem);
        }
        try {
            PhoneNumber number = PHONES.parse(value, "GB");
            if (!PHONES.isValidNumber(number)) {
                return Checked.refused(problem);
            }
            PhoneNumberFormat format = number.getCountryCode() == 44 ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL;
            String extension = number.hasExtension() ? number.getExtension() : null;
            PhoneNumber withoutExtension = new PhoneNumber().mergeFrom(number).clearExtension();
            String formatted = PHONES.format(withoutExtension, format) + (extension == null ? "" : " ext " + extension);
            return formatted.length() > ProfileField.WORK_PHONE.maxLength() ? Checked.refused(problem) : Checked.ok(formatted);
        } catch (NumberParseException e) {
            return Checked.refused(problem);
        }
    }

    private static String tooLong(ProfileField field) {
        return field.label() + " must be " + field.maxLength() + " characters or fewer";
    }
}
