package dev.portcullis.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The notification queue, {@code portcullis.notification.*}.
 *
 * @param sending     whether this node sends queued notifications (every node may: the lease keeps
 *                    two from sending one at the same time)
 * @param lease       how long a node holds a claimed notification; a node that dies mid-send
 *                    leaves it to another after this
 * @param firstRetry  the wait after the first failed send; it doubles after each further failure
 * @param maxRetry    the longest wait between two tries
 * @param giveUpAfter after this long since it was queued, a failing notification is given up
 *                    (with an ERROR in the log)
 * @param batchSize   most notifications one node claims per round
 * @param retention   how long sent and given-up rows (subject, recipient, times; the bodies are
 *                    emptied once sent) are kept before they are removed
 */
@ConfigurationProperties("portcullis.notification")
public record NotificationProperties(@DefaultValue("true") boolean sending,
                                     @DefaultValue("2m") Duration lease,
                                     @DefaultValue("30s") Duration firstRetry,
                                     @DefaultValue("24h") Duration maxRetry,
                                     @DefaultValue("3d") Duration giveUpAfter,
                                     @DefaultValue("50") int batchSize,
                                     @DefaultValue("30d") Duration retention) {

    public NotificationProperties {
        if (lease == null || lease.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("portcullis.notification.lease must be at least 10s");
        }
        if (firstRetry == null || firstRetry.isNegative() || firstRetry.isZero()
                || maxRetry == null || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("portcullis.notification: first-retry must be positive and max-retry >= first-retry");
        }
        if (giveUpAfter == null || giveUpAfter.compareTo(maxRetry) < 0) {
            throw new IllegalArgumentException("portcullis.notification.give-up-after must be at least max-retry");
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("portcullis.notification.batch-size must be between 1 and 1000");
        }
        if (retention == null || retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("portcullis.notification.retention must be at least 1d");
        }
    }

    /** The wait after the given number of failed tries: first-retry doubled each time, at most max-retry. */
    public Duration retryAfter(int failures) {
        Duration wait = firstRetry;
        for (int i = 1; i < failures && wait.compareTo(maxRetry) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }
}
