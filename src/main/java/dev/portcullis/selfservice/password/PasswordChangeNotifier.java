package dev.portcullis.selfservice.password;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.portcullis.account.AccountService.PasswordChanged;
import dev.portcullis.notification.Notifications;

/**
 * Emails the account holder whenever their password changes, however it changed (Change
 * Password, a reset, an administrator). Listens synchronously, so the email is queued in the
 * transaction of the change: it exists exactly when the change was committed.
 */
@Component
class PasswordChangeNotifier {

    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

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

    /** "27 November 2025 at 6:46pm": the NHS.UK way of writing times ("9am", "midday"). */
    static String when(LocalDateTime time) {
        int hour = time.getHour();
        int minute = time.getMinute();
        String clockTime;
        if (minute == 0 && (hour == 0 || hour == 12)) {
            clockTime = hour == 0 ? "midnight" : "midday";
        } else {
            int twelve = hour % 12 == 0 ? 12 : hour % 12;
            clockTime = twelve + (minute == 0 ? "" : String.format(Locale.ROOT, ":%02d", minute)) + (hour < 12 ? "am" : "pm");
        }
        return DATE.format(time) + " at " + clockTime;
    }
}
