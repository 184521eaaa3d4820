package dev.portcullis.risk;

/**
 * What a counter counts guesses at. Second factors get their own scopes so that a correct
 * password never resets a second-factor counter.
 */
public record ThrottleScope(String name, boolean perAccount) {

    public static final ThrottleScope PASSWORD = new ThrottleScope("password", true);
    public static final ThrottleScope SOURCE = new ThrottleScope("source", false);

    public ThrottleScope {
        if (name == null || !name.matches("[a-z0-9_.-]{1,24}")) {
            throw new IllegalArgumentException("scope name must be 1 to 24 of [a-z0-9_.-]");
        }
    }

    /** A second-factor scope, e.g. {@code factor.totp}. */
    public static ThrottleScope factor(String factorType) {
        return new ThrottleScope("factor." + factorType, true);
    }
}
