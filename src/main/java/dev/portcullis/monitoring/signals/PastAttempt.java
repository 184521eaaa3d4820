package dev.portcullis.monitoring.signals;

import java.time.Instant;

/** One earlier attempt, as the signals see it. {@code who} is the account id, or the canonical email typed. */
public record PastAttempt(Instant at, String who, String sourceIp, String network, String deviceId, Place place,
                          Outcome outcome, int challenges) {
}
