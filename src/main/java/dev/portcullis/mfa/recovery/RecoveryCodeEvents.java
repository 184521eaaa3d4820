package dev.portcullis.mfa.recovery;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/** What happens to recovery codes. Audited; the account holder is emailed about creation and use. Never a code. */
public final class RecoveryCodeEvents {

    private RecoveryCodeEvents() {
    }

    /** A new set of codes was created; {@code replaced} when it made unused older codes stop working. */
    public record RecoveryCodesCreated(long accountId, boolean replaced) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.recovery.created", accountId, accountId, null, null,
                    "codes=" + RecoveryCodes.PER_SET + (replaced ? " replaced=true" : ""));
        }
    }

    /** A code was used to sign in or to confirm a change; {@code remaining} unused codes are left. */
    public record RecoveryCodeUsed(long accountId, int remaining, String sourceIp) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.recovery.used", accountId, accountId, null, sourceIp, "remaining=" + remaining);
        }
    }

    /**
     * A code was refused: {@code wrong} (no such code), {@code used} (a code already used, or lost
     * a race for it), {@code paused} (too many wrong codes; not checked).
     */
    public record RecoveryCodeRefused(long accountId, String reason, String sourceIp) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.recovery.refused", accountId, accountId, null, sourceIp, "reason=" + reason);
        }
    }
}
