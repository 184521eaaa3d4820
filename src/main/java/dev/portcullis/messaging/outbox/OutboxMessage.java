package dev.portcullis.messaging.outbox;

import java.time.Instant;

/** One stored message: {@code channel} is sms, voice or email. */
public record OutboxMessage(long id, String channel, String to, String subject, String body, Instant sentAt) {
}
