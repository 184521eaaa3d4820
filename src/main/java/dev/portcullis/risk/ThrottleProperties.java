package dev.portcullis.risk;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Brute-force limits. Per account: after {@code freeFailures} consecutive failures each further
 * failure pauses sign-in for {@code firstPause}, doubling, never longer than {@code maxPause}, so
 * an attacker gets at most a few dozen guesses a day while the owner is kept out for minutes,
 * not days. Per source address the same shape with a larger allowance, because a hospital's
 * staff may share one public address.
 */
@ConfigurationProperties("portcullis.throttle")
public record ThrottleProperties(Limits account, Limits source) {

    public ThrottleProperties {
        account = account == null ? new Limits(5, Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofHours(24)) : account;
        source = source == null ? new Limits(100, Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofHours(1)) : source;
    }

    /**
     * @param freeFailures consecutive failures allowed before the first pause
     * @param firstPause   the first pause; each further failure doubles it
     * @param maxPause     the longest pause
     * @param forgetAfter  failures older than this no longer count
     */
    public record Limits(int freeFailures, Duration firstPause, Duration maxPause, Duration forgetAfter) {

        public Limits {
            if (freeFailures < 1 || freeFailures > 100) {
                throw new IllegalArgumentException("portcullis.throttle: free-failures must be between 1 and 100");
            }
            if (firstPause == null || maxPause == null || forgetAfter == null || firstPause.isNegative()
                    || maxPause.compareTo(firstPause) < 0) {
                throw new IllegalArgumentException("portcullis.throttle: pauses must be set and max-pause >= first-pause");
            }
        }

        /** The pause after the given number of consecutive failures; zero while below the allowance. */
        public Duration pauseAfter(int failures) {
            if (failures < freeFailures) {
                return Duration.ZERO;
            }
            int doublings = Math.min(failures - freeFailures, 30);
            Duration pause = firstPause.multipliedBy(1L << doublings);
            return pause.compareTo(maxPause) > 0 ? maxPause : pause;
        }
    }
}
