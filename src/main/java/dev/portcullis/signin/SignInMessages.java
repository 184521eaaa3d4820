package dev.portcullis.signin;

/**
 * What the person reads when sign-in fails: the error summary's text and which field it
 * belongs to. The same words whether or not the account exists (ENUM-01).
 */
record SignInMessages(String field, String message) {

    static SignInMessages of(SignInProblem problem) {
        return switch (problem.kind()) {
            case MISSING_EMAIL -> new SignInMessages("email", "Enter your email address");
            case MISSING_PASSWORD -> new SignInMessages("password", "Enter your password");
            case INCORRECT -> new SignInMessages("email", "The email address or password is not correct");
            case PAUSED -> new SignInMessages("email", "Sign-in to this account is paused after too many incorrect attempts. Try again in "
                    + minutes(problem.minutes()) + ".");
            case SOURCE_PAUSED -> new SignInMessages("email", "Sign-in from your network is paused after too many incorrect attempts. Try again in "
                    + minutes(problem.minutes()) + ".");
            case UNAVAILABLE -> new SignInMessages("email", "You cannot sign in to this account. Contact your local administrator.");
            case SOURCE_BLOCKED -> new SignInMessages("email", "Sign-in from your network is paused because it tried too many accounts. Try again later, or contact your local administrator.");
            case RISK_BLOCKED -> new SignInMessages("email", "This sign-in looks unusual, so it has been stopped to protect the account. Try again later, or contact your local administrator.");
            case LOCKED -> new SignInMessages("email", "This account is locked to protect it. Reset your password to get back in, or contact your local administrator.");
        };
    }

    private static String minutes(long minutes) {
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
}
