package dev.portcullis.mfa.onetimecode;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long codes live, how many tries each gets, and how many may be sent (SECURITY.md OOB-03,
 * OOB-04, OOB-05). Every limit counts sends asked of a gateway, delivered or not, in a sliding
 * window.
 *
 * @param validity              how long a code works after it is issued, by its stored issue time
 * @param maxAttempts           tries per code, right or wrong; the code is dead after the last
 * @param perAccountPerMinute   sends per account, factor and purpose in any minute (the cool-down)
 * @param perAccountPerHour     sends per account in any hour, all factors together (fatigue)
 * @param perNumberPerDay       sends to one number in any 24 hours
 * @param perPrefixPerDay       sends to numbers sharing their first {@code prefixDigits} digits in any 24 hours
 *                              (pumping of a range)
 * @param prefixDigits          how many digits of the E.164 number (country code included) make a prefix
 * @param perSourcePerHour      sends asked for from one source address (an IPv6 /64) in any hour
 * @param perForeignCountryPerDay sends to numbers of one country other than {@code homeRegion} in any 24 hours
 * @param homeRegion            the country most numbers belong to (ISO 3166 code), not held to the foreign-country cap
 * @param dailyCap              sends across the whole service in any 24 hours
 */
@ConfigurationProperties("portcullis.mfa.onetimecode")
public record OneTimeCodeProperties(Duration validity, Integer maxAttempts, Integer perAccountPerMinute,
                                    Integer perAccountPerHour, Integer perNumberPerDay, Integer perPrefixPerDay,
                                    Integer prefixDigits, Integer perSourcePerHour, Integer perForeignCountryPerDay,
                                    String homeRegion, Integer dailyCap) {

    public OneTimeCodeProperties {
        validity = validity == null ? Duration.ofMinutes(10) : validity;
        maxAttempts = orDefault(maxAttempts, 5);
        perAccountPerMinute = orDefault(perAccountPerMinute, 1);
        perAccountPerHour = orDefault(perAccountPerHour, 5);
        perNumberPerDay = orDefault(perNumberPerDay, 10);
        perPrefixPerDay = orDefault(perPrefixPerDay, 50);
        prefixDigits = orDefault(prefixDigits, 7);
        perSourcePerHour = orDefault(perSourcePerHour, 20);
        perForeignCountryPerDay = orDefault(perForeignCountryPerDay, 100);
        homeRegion = homeRegion == null || homeRegion.isBlank() ? "GB" : homeRegion.strip().toUpperCase(java.util.Locale.ROOT);
        dailyCap = orDefault(dailyCap, 10_000);
        if (validity.compareTo(Duration.ofMinutes(1)) < 0 || validity.compareTo(Duration.ofMinutes(30)) > 0) {
            throw invalid("validity must be between 1 and 30 minutes");
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw invalid("max-attempts must be between 1 and 10");
        }
        if (prefixDigits < 3 || prefixDigits > 15) {
            throw invalid("prefix-digits must be between 3 and 15");
        }
        if (!homeRegion.matches("[A-Z]{2}")) {
            throw invalid("home-region must be a two-letter country code such as GB");
        }
        for (int limit : new int[] {perAccountPerMinute, perAccountPerHour, perNumberPerDay, perPrefixPerDay,
                perSourcePerHour, perForeignCountryPerDay, dailyCap}) {
            if (limit < 1) {
                throw invalid("every send limit must be at least 1");
            }
        }
    }

    /** Whether a code issued at {@code issuedAt} (its stored issue time) has stopped working at {@code now} (OOB-03). */
    public boolean expired(java.time.Instant issuedAt, java.time.Instant now) {
        return !issuedAt.isAfter(now.minus(validity));
    }

    /** The defaults: 10 minutes, 5 tries, 1 a minute, 5 an hour, 10 a number, 50 a prefix, 20 a source, 10,000 a day. */
    public static OneTimeCodeProperties defaults() {
        return new OneTimeCodeProperties(null, null, null, null, null, null, null, null, null, null, null);
    }

    private static Integer orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("portcullis.mfa.onetimecode: " + problem);
    }
}
