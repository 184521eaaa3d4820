package dev.portcullis.selfservice.password;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.portcullis.account.AccountService.PasswordChanged;
import dev.portcullis.notification.Notifications;
import dev.portcullis.shared.PlainTime;

/**
 * Emails the account holder whenever their password changes, however it changed (Change
 * Password, a reset, an administrator). Listens synchronously, so the email is queued in the
 * transaction of the change: it exists exactly when the change was committed.
 */
@Component
class PasswordChangeNotifier {

    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final Notifications notifications;
    private final Clock clock;

    PasswordChangeNotifier(Notifications notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    @EventListener
    void on(PasswordChanged event) {
        boolean byAdministrator = event.actorAccountId() != null && event.actorAccountId() != event.accountId();
        notifications.queue(event.accountId(), "password-changed", Map.of(
                "when", when(clock.instant().atZone(UK).toLocalDateTime()),
                "reset", "reset".equals(event.how()),
                "byAdministrator", byAdministrator));
    }

    static String when(LocalDateTime time) {
        return PlainTime.of(time);
    }
}
