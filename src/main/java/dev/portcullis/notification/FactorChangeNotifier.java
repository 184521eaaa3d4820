package dev.portcullis.notification;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.portcullis.mfa.FactorEvents.FactorEnrolled;
import dev.portcullis.mfa.FactorEvents.FactorRemoved;
import dev.portcullis.mfa.FactorEvents.MfaDisabled;
import dev.portcullis.mfa.FactorRegistry;
import dev.portcullis.mfa.recovery.RecoveryCodeEvents.RecoveryCodeUsed;
import dev.portcullis.mfa.recovery.RecoveryCodeEvents.RecoveryCodesCreated;
import dev.portcullis.shared.PlainTime;

/**
 * Tells the account holder about every change of their methods and every use of a recovery code
 * (MON-01). Listens synchronously, so the email is queued in the transaction of the change: a
 * change that commits always has its email, one that rolls back never does.
 */
@Component
class FactorChangeNotifier {

    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final Notifications notifications;
    private final FactorRegistry registry;
    private final Clock clock;

    FactorChangeNotifier(Notifications notifications, FactorRegistry registry, Clock clock) {
        this.notifications = notifications;
        this.registry = registry;
        this.clock = clock;
    }

    @EventListener
    void on(FactorEnrolled event) {
        notifications.queue(event.accountId(), "factor-enrolled",
                Map.of("method", methodName(event.type()), "when", now(), "first", event.firstMethod()));
    }

    @EventListener
    void on(FactorRemoved event) {
        notifications.queue(event.accountId(), "factor-removed",
                Map.of("method", methodName(event.type()), "when", now(),
                        "byAdministrator", event.actorAccountId() != event.accountId()));
    }

    @EventListener
    void on(MfaDisabled event) {
        notifications.queue(event.accountId(), "mfa-disabled",
                Map.of("when", now(), "byAdministrator", event.actorAccountId() != event.accountId()));
    }

    @EventListener
    void on(RecoveryCodesCreated event) {
        notifications.queue(event.accountId(), "recovery-codes-created",
                Map.of("when", now(), "replaced", event.replaced()));
    }

    @EventListener
    void on(RecoveryCodeUsed event) {
        notifications.queue(event.accountId(), "recovery-code-used",
                Map.of("when", now(), "remaining", event.remaining()));
    }

    private String methodName(String type) {
        return registry.find(type).map(factor -> factor.type().name()).orElse("A sign-in method");
    }

    /** "27 November 2025 at 6:46pm", UK time, written the NHS.UK way ("9am", "midday"). */
    private String now() {
        return when(clock.instant().atZone(UK).toLocalDateTime());
    }

    static String when(LocalDateTime time) {
        return PlainTime.of(time);
    }
}
