package dev.portcullis.risk;

import java.time.Duration;
import java.time.Instant;

/** Whether an attempt may be checked at all, and if not, until when it is paused. */
public record ThrottleDecision(boolean allowed, Instant pausedUntil) {

    static final ThrottleDecision ALLOWED = new ThrottleDecision(true, null);

    static ThrottleDecision pausedUntil(Instant until) {
        return new ThrottleDecision(false, until);
    }

    /** Whole minutes left, rounded up, for messages like "try again in 2 minutes". */
    public long minutesLeft(Instant now) {
        if (allowed) {
            return 0;
        }
        long seconds = Math.max(0, Duration.between(now, pausedUntil).toSeconds());
        return Math.max(1, (seconds + 59) / 60);
    }
}
