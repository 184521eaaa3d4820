package dev.portcullis.shared;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one canonical form of an email address (INP-02, REC-05): NFKC-normalised, trimmed and
 * lower-cased without locale tricks, so that addresses differing only by case or compatibility
 * characters are the same account, and so that look-alike characters outside ASCII are refused
 * rather than mapped onto somebody else's address.
 */
public final class EmailAddresses {

    public static final int MAX_LENGTH = 254;

    // Local part and domain restricted to ASCII: NHS addresses are ASCII, and allowing other
    // scripts would let look-alike characters (Cyrillic 'а' for Latin 'a') name a second account.
    private static final Pattern SHAPE = Pattern.compile(
            "^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");

    private EmailAddresses() {
    }

    /** Canonical form, or {@code null} when the text is not an acceptable address. */
    public static String canonical(String input) {
        if (input == null || input.length() > MAX_LENGTH * 2) {
            return null;
        }
        String normalised = Normalizer.normalize(input, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
        if (normalised.length() > MAX_LENGTH || !SHAPE.matcher(normalised).matches() || normalised.contains("..")) {
            return null;
        }
        return normalised;
    }

    public static boolean isValid(String input) {
        return canonical(input) != null;
    }
}
