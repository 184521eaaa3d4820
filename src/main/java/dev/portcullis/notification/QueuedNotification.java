package dev.portcullis.notification;

import java.time.Instant;

/** One row of the queue as read back. {@link #toString()} leaves out the address and the content. */
record QueuedNotification(long id, Long accountId, String template, String recipient, String subject, String textBody,
                          String htmlBody, Instant createdAt, int attempts, Instant nextAttemptAt, Instant claimedUntil,
                          Instant sentAt, Instant gaveUpAt, String lastError) {

    @Override
    public String toString() {
        return "QueuedNotification[id=" + id + ", account=" + accountId + ", template=" + template + ", attempts="
                + attempts + ", sentAt=" + sentAt + ", nextAttemptAt=" + nextAttemptAt + ", gaveUpAt=" + gaveUpAt + "]";
    }
}
