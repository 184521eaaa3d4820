package dev.portcullis.signin;

import java.time.Instant;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/**
 * Wrong passwords paused sign-in to an existing account: the first pause of a run of consecutive
 * failures (RL-02). Published inside the transaction that wrote the pause, so its audit line and
 * the holder's email exist exactly when the pause does. Carries no password and no address typed.
 */
public record AccountPaused(long accountId, long organisationId, String sourceIp, Instant pausedUntil) implements Audited {

    @Override
    public AuditEntry auditEntry() {
        return new AuditEntry("signin.account.paused", null, accountId, organisationId, sourceIp,
                "reason=wrong passwords until=" + pausedUntil);
    }
}
