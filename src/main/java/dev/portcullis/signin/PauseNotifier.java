package dev.portcullis.signin;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.portcullis.notification.Notifications;
import dev.portcullis.shared.PlainTime;
import dev.portcullis.shared.ServiceProperties;

/**
 * Tells the holder that wrong passwords paused sign-in to their account (RL-02): what happened,
 * for how long, and what to do; never the passwords tried or where they came from. Listens
 * synchronously, so the email is queued in the transaction that wrote the pause.
 */
@Component
class PauseNotifier {

    private final Notifications notifications;
    private final ServiceProperties service;
    private final Clock clock;

    PauseNotifier(Notifications notifications, ServiceProperties service, Clock clock) {
        this.notifications = notifications;
        this.service = service;
        this.clock = clock;
    }

    @EventListener
    void on(AccountPaused event) {
        long minutes = Math.max(1, (Duration.between(clock.instant(), event.pausedUntil()).toSeconds() + 59) / 60);
        notifications.queue(event.accountId(), "account-paused", Map.of(
                "when", PlainTime.of(clock.instant()),
                "minutes", minutes,
                "resetLink", service.link("/signin/reset")));
    }
}
