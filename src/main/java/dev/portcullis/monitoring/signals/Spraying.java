package dev.portcullis.monitoring.signals;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * One source has failed on many different accounts (known or not) in the last hour, and far more
 * than it has signed in to: password spraying. The ratio keeps a busy shared network (a hospital
 * behind one address, where people mistype every day) from looking like an attacker. The
 * attempt now being made counts as one more account when it names a new one.
 */
public final class Spraying implements RiskSignal {

    static final Duration WINDOW = Duration.ofHours(1);
    static final int THRESHOLD = 20;
    static final int RATIO = 3;

    @Override
    public String id() {
        return "spraying";
    }

    @Override
    public int weight() {
        return 100;
    }

    @Override
    public boolean fires(CurrentAttempt attempt, History history) {
        Set<String> failed = new HashSet<>();
        Set<String> succeeded = new HashSet<>();
        history.source().stream()
                .filter(past -> past.at().isAfter(attempt.at().minus(WINDOW)) && past.who() != null)
                .forEach(past -> {
                    if (past.outcome() == Outcome.WRONG_PASSWORD || past.outcome() == Outcome.BLOCKED) {
                        failed.add(past.who());
                    } else if (past.outcome() == Outcome.SUCCESS || past.outcome() == Outcome.CHALLENGED) {
                        succeeded.add(past.who());
                    }
                });
        if (attempt.who() != null && !succeeded.contains(attempt.who())) {
            failed.add(attempt.who());
        }
        return failed.size() >= THRESHOLD && failed.size() > RATIO * succeeded.size();
    }
}
