package dev.portcullis.mfa;

/** The names people give their methods: short plain text. */
public final class FactorLabels {

    public static final int MAX_LENGTH = 60;

    private FactorLabels() {
    }

    /** What is wrong with a name, or null when it is fine. */
    public static String problem(String label) {
        if (label == null || label.isBlank()) {
            return "Enter a name";
        }
        if (label.strip().length() > MAX_LENGTH) {
            return "Name must be " + MAX_LENGTH + " characters or fewer";
        }
        if (label.chars().anyMatch(Character::isISOControl)) {
            return "Name must not contain control characters";
        }
        return null;
    }
}
