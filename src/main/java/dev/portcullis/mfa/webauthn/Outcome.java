package dev.portcullis.mfa.webauthn;

/** The sealed result of a registration or an assertion, for the controllers to answer with. */
sealed interface Outcome {

    /** Accepted: {@code instanceId} is the key's row id; {@code nextPath} where enrolment continues (null at sign-in). */
    record Accepted(String instanceId, String nextPath) implements Outcome {
    }

    /** Refused: a plain message for the person, and the form field it is about (or null). */
    record Refused(String message, String field) implements Outcome {

        static Refused of(String message) {
            return new Refused(message, null);
        }
    }
}
