package dev.portcullis.mfa.policy;

import java.time.LocalDate;

/** What the policy asks of a person who has just given a correct password. */
public record SignInRequirement(Kind kind, int postponementsLeft, LocalDate mandatoryFrom) {

    public enum Kind {
        /** Has an allowed method: prove it. */
        SECOND_FACTOR,
        /** No method needed now. */
        NONE,
        /** No method yet and the date is coming: offer to set one up, or "Not now". */
        NUDGE,
        /** No (allowed) method and the date has come or postponements ran out: enrol before anything else. */
        ENROL
    }
}
