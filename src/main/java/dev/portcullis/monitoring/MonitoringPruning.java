package dev.portcullis.monitoring;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Removes sign-in attempts older than {@code portcullis.monitoring.retention}, daily. */
@Component
class MonitoringPruning {

    private static final Logger logger = LoggerFactory.getLogger(MonitoringPruning.class);

    private final SignInAttempts attempts;
    private final MonitoringProperties properties;
    private final Clock clock;

    MonitoringPruning(SignInAttempts attempts, MonitoringProperties properties, Clock clock) {
        this.attempts = attempts;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(cron = "${portcullis.monitoring.prune-cron:0 23 3 * * *}", zone = "Europe/London")
    int prune() {
        int removed = attempts.prune(clock.instant().minus(properties.retention()));
        if (removed > 0) {
            logger.info("Removed {} sign-in attempts older than {}", removed, properties.retention());
        }
        return removed;
    }
}
