package dev.portcullis.monitoring;

import java.time.Instant;
import java.util.List;

import dev.portcullis.monitoring.signals.Outcome;
import dev.portcullis.monitoring.signals.Place;

/** One row of {@code sign_in_attempt}. */
record AttemptRecord(long id, Instant at, Long accountId, Long organisationId, String emailTyped, String sourceIp,
                     String network, Place place, String userAgent, String deviceId, Outcome outcome, String method,
                     List<String> signals, int score, int challenges, Instant reportedAt) {

    boolean flagged() {
        return !signals.isEmpty();
    }
}
