package dev.portcullis.mfa.totp;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes enrolments nobody finished within 15 minutes, with their sealed seeds. */
@Component
class TotpPruning {

    private final TotpService totp;

    TotpPruning(TotpService totp) {
        this.totp = totp;
    }

    @Scheduled(cron = "0 */15 * * * *")
    void prune() {
        totp.pruneExpiredPending();
    }
}
