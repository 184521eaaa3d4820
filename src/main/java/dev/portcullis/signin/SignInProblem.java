package dev.portcullis.signin;

import java.io.Serial;
import java.io.Serializable;

/**
 * Why the last sign-in attempt did not succeed, kept in the session between the failed POST
 * and the redirected GET. The wording never tells whether an account exists (ENUM-01).
 */
record SignInProblem(Kind kind, long minutes, String emailTyped) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String SESSION_ATTRIBUTE = SignInProblem.class.getName();

    enum Kind { MISSING_EMAIL, MISSING_PASSWORD, INCORRECT, PAUSED, SOURCE_PAUSED, UNAVAILABLE, LOCKED, SOURCE_BLOCKED, RISK_BLOCKED }
}
