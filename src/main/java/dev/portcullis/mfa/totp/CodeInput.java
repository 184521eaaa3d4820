package dev.portcullis.mfa.totp;

/**
 * A code as typed: spaces and hyphens are dropped ("123 456" from the app's display), any
 * script's digits are read as 0–9, and the result must be exactly six digits. Checked before any
 * counter or HMAC work; a malformed entry is not counted as a guess.
 *
 * @param code    the six ASCII digits, or null when there is a problem
 * @param problem the message for the person, or null
 */
record CodeInput(String code, String problem) {

    static final String MISSING = "Enter the 6-digit code from your app";
    static final String WRONG_LENGTH = "The code must be 6 digits";
    static final String NOT_DIGITS = "The code must only include numbers 0 to 9";
    static final String INCORRECT = "The code is not correct. Check the time on your phone is set automatically and try the newest code";

    /** Longer than anything a person types for a 6-digit code: refused without looking further (INP-01). */
    private static final int MAX_TYPED = 40;

    static CodeInput parse(String typed) {
        if (typed == null || typed.isBlank()) {
            return new CodeInput(null, MISSING);
        }
        if (typed.length() > MAX_TYPED) {
            return new CodeInput(null, WRONG_LENGTH);
        }
        StringBuilder digits = new StringBuilder(6);
        boolean other = false;
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '-') {
                continue;
            }
            int value = Character.digit(c, 10);
            if (value < 0) {
                other = true;
            } else {
                digits.append((char) ('0' + value));
            }
        }
        if (other) {
            return new CodeInput(null, NOT_DIGITS);
        }
        if (digits.length() != 6) {
            return new CodeInput(null, WRONG_LENGTH);
        }
        return new CodeInput(digits.toString(), null);
    }

    boolean valid() {
        return problem == null;
    }

    @Override
    public String toString() {
        return "CodeInput[" + (problem == null ? "code=(redacted)" : "problem=" + problem) + "]";
    }
}
