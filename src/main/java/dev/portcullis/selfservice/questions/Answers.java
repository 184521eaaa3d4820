package dev.portcullis.selfservice.questions;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one form an answer is hashed and compared in: NFKC, case-folded (upper then lower case,
 * so that "STRASSE" and "Straße" agree), runs of space made one, trimmed. People remember the
 * words of an answer, not its capitals or spacing.
 */
final class Answers {

    static final int MIN_LENGTH = 3;
    static final int MAX_LENGTH = 100;

    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+");

    private Answers() {
    }

    /** The normalised answer, or null when nothing was typed. Oversized input is cut, never hashed whole. */
    static String normalise(String typed) {
        if (typed == null) {
            return null;
        }
        String bounded = typed.length() > MAX_LENGTH * 4 ? typed.substring(0, MAX_LENGTH * 4) : typed;
        String compatible = Normalizer.normalize(bounded, Normalizer.Form.NFKC);
        String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        folded = Normalizer.normalize(folded, Normalizer.Form.NFKC);
        return SPACES.matcher(folded).replaceAll(" ").strip();
    }

    /** Why a typed answer will not do, or null. */
    static String problem(String typed, int position) {
        String normalised = normalise(typed);
        if (normalised == null || normalised.isEmpty()) {
            return "Enter an answer to question " + position;
        }
        if (typed.length() > MAX_LENGTH * 4 || normalised.codePointCount(0, normalised.length()) > MAX_LENGTH) {
            return "Answer " + position + " must be " + MAX_LENGTH + " characters or fewer";
        }
        if (normalised.codePointCount(0, normalised.length()) < MIN_LENGTH) {
            return "Answer " + position + " must be " + MIN_LENGTH + " characters or more";
        }
        if (normalised.chars().anyMatch(Character::isISOControl)) {
            return "Answer " + position + " must be one line of text";
        }
        return null;
    }
}
