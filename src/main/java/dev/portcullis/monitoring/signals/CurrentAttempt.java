package dev.portcullis.monitoring.signals;

import java.time.Instant;

/** The attempt being weighed. */
public record CurrentAttempt(Instant at, String who, String sourceIp, String network, String deviceId, Place place) {
}
