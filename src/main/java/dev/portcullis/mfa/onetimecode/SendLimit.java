package dev.portcullis.mfa.onetimecode;

import java.time.Duration;

/**
 * The limits on sending codes (SECURITY.md OOB-04 pumping, OOB-05 fatigue), in the order they are
 * checked, each with what the person is told: why, and when they can ask again.
 */
public enum SendLimit {

    ACCOUNT_MINUTE("account-minute", Duration.ofMinutes(1)),
    ACCOUNT_HOUR("account-hour", Duration.ofHours(1)),
    NUMBER_DAY("number-day", Duration.ofDays(1)),
    PREFIX_DAY("prefix-day", Duration.ofDays(1)),
    COUNTRY_DAY("country-day", Duration.ofDays(1)),
    SOURCE_HOUR("source-hour", Duration.ofHours(1)),
    SERVICE_DAY("service-day", Duration.ofDays(1));

    private final String reason;
    private final Duration window;

    SendLimit(String reason, Duration window) {
        this.reason = reason;
        this.window = window;
    }

    /** The exact reason, for the audit log. */
    public String reason() {
        return reason;
    }

    /** The sliding window the limit counts in. */
    public Duration window() {
        return window;
    }

    /**
     * How long until a send is allowed again, given the send time of the {@code limit}-th newest
     * send in the window: when that one leaves the window, a slot frees. Never less than a second.
     */
    public Duration retryAfter(java.time.Instant now, java.time.Instant nthNewestSend) {
        Duration wait = Duration.between(now, nthNewestSend.plus(window));
        return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
    }

    int limit(OneTimeCodeProperties properties) {
        return switch (this) {
            case ACCOUNT_MINUTE -> properties.perAccountPerMinute();
            case ACCOUNT_HOUR -> properties.perAccountPerHour();
            case NUMBER_DAY -> properties.perNumberPerDay();
            case PREFIX_DAY -> properties.perPrefixPerDay();
            case COUNTRY_DAY -> properties.perForeignCountryPerDay();
            case SOURCE_HOUR -> properties.perSourcePerHour();
            case SERVICE_DAY -> properties.dailyCap();
        };
    }

    /** What the person is told: plain, with when to try again. */
    public String message(Duration wait) {
        String when = "You can ask for a new code in " + Waits.describe(wait);
        return switch (this) {
            case ACCOUNT_MINUTE -> when + ".";
            case ACCOUNT_HOUR -> "You have asked for a lot of codes in the last hour. " + when + ".";
            case NUMBER_DAY -> "We have sent too many codes to this phone number today. " + when + ", or use another method.";
            case PREFIX_DAY -> "We have sent too many codes to phone numbers like this one today. " + when
                    + ", or use another method.";
            case COUNTRY_DAY -> "We have sent too many codes to phone numbers in this country today. " + when
                    + ", or use another method.";
            case SOURCE_HOUR -> "Too many codes have been asked for from your network in the last hour. " + when
                    + ", or use another method.";
            case SERVICE_DAY -> "We have sent as many codes as we can today. " + when + ", or use another method.";
        };
    }
}
