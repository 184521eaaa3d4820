package dev.portcullis.signin;

/**
 * Lets sign-in monitoring weigh an attempt while the password step runs, so that a risky one
 * can be blocked or asked for a second factor before the session is granted anything. Optional:
 * without an implementation every attempt is allowed.
 */
public interface SignInGuard {

    /** Before any hashing: whether this source is refused outright (one source trying many accounts). */
    boolean sourceRefused(String sourceIp, String emailTyped);

    /**
     * The password was right and the account may sign in.
     *
     * @param secondFactorDue whether sign-in will ask for a second factor anyway
     */
    Verdict passwordAccepted(SignedInAccount account, boolean secondFactorDue, String sourceIp);

    enum Verdict {
        ALLOW,
        /** ask for the second factor even where it would not be asked; blocked when the account has none */
        STEP_UP,
        BLOCK,
        /**
         * a second factor was due but this browser is remembered for the account, the policy allows
         * it and no risk signal fired: signed in without it (amr {@code pwd} only, never {@code mfa})
         */
        REMEMBERED
    }
}
