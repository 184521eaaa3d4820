package dev.portcullis.mfa.webauthn;

import java.time.Clock;
import java.time.Duration;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes challenges an hour after they expired (kept that long so the audit log can say why one was refused). */
@Component
class WebAuthnPruning {

    private final WebAuthnStore store;
    private final Clock clock;

    WebAuthnPruning(WebAuthnStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Scheduled(cron = "0 */15 * * * *")
    void prune() {
        store.pruneChallenges(clock.instant().minus(Duration.ofHours(1)));
    }
}
