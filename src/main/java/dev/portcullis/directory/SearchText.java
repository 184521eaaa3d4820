package dev.portcullis.directory;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one folded form both the directory's search text and People Finder's words are put in, so
 * that a plain {@code LIKE} finds them whatever their case, accents or compatibility forms:
 * NFKC, accents removed ("Zoë" is found by "zoe"), apostrophes removed ("O'Brien" by "obrien"),
 * lower case without locale tricks, and runs of space made one.
 */
final class SearchText {

    static final int MAX_LENGTH = 1000;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern APOSTROPHES = Pattern.compile("['\\u2018\\u2019\\u02BC\\u0060\\u00B4]");
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}\\p{Cntrl}]+");

    private SearchText() {
    }

    static String fold(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String compatible = Normalizer.normalize(text, Normalizer.Form.NFKC);
        String decomposed = Normalizer.normalize(compatible, Normalizer.Form.NFD);
        String plain = MARKS.matcher(decomposed).replaceAll("");
        plain = APOSTROPHES.matcher(plain).replaceAll("");
        plain = SPACES.matcher(plain).replaceAll(" ");
        return Normalizer.normalize(plain, Normalizer.Form.NFC).toLowerCase(Locale.ROOT).strip();
    }

    /** The searchable text of an entry: its parts folded, one space apart, cut to the column's size. */
    static String of(String... parts) {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            String folded = fold(part);
            if (!folded.isEmpty()) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(folded);
            }
        }
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text.toString();
    }
}
