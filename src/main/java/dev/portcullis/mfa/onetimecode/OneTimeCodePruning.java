package dev.portcullis.mfa.onetimecode;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps the code tables small: codes older than a day and sends older than two days go, hourly. */
@Component
class OneTimeCodePruning {

    private final OneTimeCodes codes;

    OneTimeCodePruning(OneTimeCodes codes) {
        this.codes = codes;
    }

    @Scheduled(cron = "0 23 * * * *")
    void prune() {
        codes.prune();
    }
}
