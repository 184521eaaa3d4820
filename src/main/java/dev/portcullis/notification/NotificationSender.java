package dev.portcullis.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.portcullis.messaging.EmailGateway;
import dev.portcullis.messaging.MessageDeliveryException;

/**
 * Sends queued notifications, on every node. Each round claims due rows one by one with a
 * conditional update and a lease, so two nodes (or two rounds) never send one row at the same
 * time; sends happen outside any transaction. A failed send is tried again after a wait that
 * doubles up to a day; after three days it is given up with an ERROR in the log. A node that
 * dies between sending and recording it sends nothing more, and the row's lease runs out, so the
 * email may go twice then but is never lost (email offers no way to send exactly once).
 */
@Component
class NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);

    private final JdbcNotificationQueue queue;
    private final EmailGateway email;
    private final NotificationProperties properties;
    private final Clock clock;

    NotificationSender(JdbcNotificationQueue queue, EmailGateway email, NotificationProperties properties, Clock clock) {
        this.queue = queue;
        this.email = email;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 2000, initialDelay = 2000)
    void scheduled() {
        if (!properties.sending()) {
            return;
        }
        try {
            sendDue();
        } catch (RuntimeException e) {
            // The database is unreachable, say: nothing is lost, the next round tries again.
            log.warn("Could not send queued notifications this round: {}", e.getClass().getSimpleName());
        }
    }

    /** Hourly: forgets notifications sent or given up longer ago than the retention. */
    @Scheduled(cron = "0 41 * * * *")
    void prune() {
        try {
            queue.prune(clock.instant().minus(properties.retention()));
        } catch (RuntimeException e) {
            log.warn("Could not prune the notification queue: {}", e.getClass().getSimpleName());
        }
    }

    /** One round: sends what is due now. Returns how many were sent. */
    int sendDue() {
        int sent = 0;
        for (long id : queue.due(clock.instant(), properties.batchSize())) {
            Instant now = clock.instant();
            String token = UUID.randomUUID().toString();
            if (!queue.claim(id, token, now, now.plus(properties.lease()))) {
                continue;
            }
            QueuedNotification notification = queue.find(id).orElse(null);
            if (notification == null) {
                continue;
            }
            try {
                email.sendEmail(notification.recipient(), notification.subject(), notification.textBody(),
                        notification.htmlBody());
            } catch (RuntimeException e) {
                failed(notification, token, e);
                continue;
            }
            if (queue.markSent(id, token, clock.instant())) {
                sent++;
            } else {
                log.warn("Notification {} was sent but its lease had run out; it may be sent again", id);
            }
        }
        return sent;
    }

    private void failed(QueuedNotification notification, String token, RuntimeException e) {
        Instant now = clock.instant();
        int attempts = notification.attempts() + 1;
        String error = describe(e);
        if (!now.isBefore(notification.createdAt().plus(properties.giveUpAfter()))) {
            queue.giveUp(notification.id(), token, now, error);
            log.error("Notification {} ({}) for account {} could not be sent in {} attempts since {}; giving up. Last error: {}",
                    notification.id(), notification.template(), notification.accountId(), attempts,
                    notification.createdAt(), error);
            return;
        }
        Instant next = now.plus(properties.retryAfter(attempts));
        queue.markFailed(notification.id(), token, next, error);
        log.warn("Notification {} ({}) for account {} not sent (attempt {}): {}; next try at {}", notification.id(),
                notification.template(), notification.accountId(), attempts, error, next);
    }

    /** A short reason without message content: the provider's own summary, or the exception's type. */
    private static String describe(RuntimeException e) {
        String text = e instanceof MessageDeliveryException delivery
                ? (delivery.retryable() ? "retryable: " : "refused: ") + delivery.getMessage()
                : e.getClass().getSimpleName();
        String flat = text == null ? "unknown" : text.replaceAll("[\\p{Cntrl}]", " ");
        return flat.length() > 200 ? flat.substring(0, 200) : flat;
    }
}
