package dev.portcullis.mfa.onetimecode;

import java.time.Duration;

/**
 * The result of checking a typed code. The person sees a plain message; the audit log gets the
 * exact outcome.
 *
 * @param outcome      what happened
 * @param destination  the number the code was sent to (VERIFIED): for enrolment, the number just proven
 * @param attemptsLeft tries left on this code (WRONG)
 * @param retryAfter         how long guessing is paused (PAUSED, and WRONG when this failure started a pause)
 */
public record CodeCheck(Outcome outcome, String destination, int attemptsLeft, Duration retryAfter) {

    public enum Outcome {
        VERIFIED,
        /** nothing typed */
        MISSING,
        /** not 6 digits: not checked, not counted */
        MALFORMED,
        /** not the code; counted */
        WRONG,
        /** the code had its last try: ask for a new one */
        EXHAUSTED,
        /** older than the validity, by its stored issue time */
        EXPIRED,
        /** no live code for this session and purpose: never sent, used, superseded or not delivered */
        NO_CODE,
        /** too many wrong codes for this account and factor: not checked */
        PAUSED
    }

    static CodeCheck of(Outcome outcome) {
        return new CodeCheck(outcome, null, 0, null);
    }

    /** What the person is told for anything but VERIFIED. */
    public String message() {
        return switch (outcome) {
            case VERIFIED -> null;
            case MISSING -> "Enter the security code";
            case MALFORMED -> "The security code must be 6 numbers";
            case WRONG -> retryAfter != null ? pausedMessage(retryAfter)
                    : "The security code is not correct. Check it and try again.";
            case EXHAUSTED -> "You have entered the wrong code too many times. Ask for a new code.";
            case EXPIRED -> "This code has expired. Ask for a new code.";
            case NO_CODE -> "This code can no longer be used. Ask for a new code.";
            case PAUSED -> pausedMessage(retryAfter);
        };
    }

    /** Whether the message is about the typed code (shown against the field) rather than the page. */
    public boolean aboutTheField() {
        return outcome == Outcome.MISSING || outcome == Outcome.MALFORMED || (outcome == Outcome.WRONG && retryAfter == null);
    }

    static String pausedMessage(Duration retryAfter) {
        return "You have entered the wrong code too many times. Try again in " + Waits.describe(retryAfter)
                + ", or use another method.";
    }
}
