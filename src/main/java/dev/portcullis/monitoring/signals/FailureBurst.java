package dev.portcullis.monitoring.signals;

import java.time.Duration;

/** Many wrong passwords or codes on this account in the last quarter of an hour: someone may be guessing. */
public final class FailureBurst implements RiskSignal {

    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int THRESHOLD = 5;

    @Override
    public String id() {
        return "failure_burst";
    }

    @Override
    public int weight() {
        return 30;
    }

    @Override
    public boolean fires(CurrentAttempt attempt, History history) {
        long failures = history.account().stream()
                .filter(past -> past.outcome().failure() && past.at().isAfter(attempt.at().minus(WINDOW)))
                .count();
        return failures >= THRESHOLD;
    }
}
