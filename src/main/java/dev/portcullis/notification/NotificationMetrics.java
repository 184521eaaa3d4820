package dev.portcullis.notification;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code portcullis_notification_pending} on {@code /actuator/prometheus}: emails queued and not
 * yet sent. A number that keeps growing means the email provider is refusing or unreachable.
 */
@Component
class NotificationMetrics {

    NotificationMetrics(ObjectProvider<MeterRegistry> registry, JdbcNotificationQueue queue) {
        registry.ifAvailable(meters -> Gauge.builder("portcullis.notification.pending", queue, JdbcNotificationQueue::pending)
                .description("Notifications queued and not yet sent or given up")
                .register(meters));
    }
}
