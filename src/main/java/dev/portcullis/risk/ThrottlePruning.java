package dev.portcullis.risk;

import java.time.Duration;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps the counter table small: counters forgotten for two days are removed hourly. */
@Component
class ThrottlePruning {

    private final AttemptRegulator regulator;

    ThrottlePruning(AttemptRegulator regulator) {
        this.regulator = regulator;
    }

    @Scheduled(cron = "0 17 * * * *")
    void prune() {
        regulator.prune(Duration.ofDays(2));
    }
}
