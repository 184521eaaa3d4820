package dev.portcullis.signin;

/**
 * The key under which the password step counts failures for an email address
 * ({@code ThrottleScope.PASSWORD}), for other places that check a password (Change Password), so
 * that their failures and sign-in's are one counter.
 */
public final class PasswordThrottleKeys {

    private PasswordThrottleKeys() {
    }

    public static String forEmail(String email) {
        return PasswordStepAuthenticationProvider.accountKey(email == null ? "" : email);
    }
}
