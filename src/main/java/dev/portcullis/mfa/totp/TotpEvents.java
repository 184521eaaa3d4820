package dev.portcullis.mfa.totp;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/** What happens with authenticator apps, for the audit log. Never a code or a seed. */
public final class TotpEvents {

    private TotpEvents() {
    }

    /** A new seed was made and shown on the enrolment page. */
    public record TotpEnrolmentStarted(long accountId, long organisationId, String sourceIp) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.totp.enrolment.started", accountId, accountId, organisationId, sourceIp, null);
        }
    }

    /**
     * A code was not accepted.
     *
     * @param reason {@code wrong code}, {@code code already used}, {@code paused} or {@code enrolment expired}
     * @param during {@code signin} (sign-in or step-up) or {@code enrolment}
     */
    public record TotpCodeRefused(long accountId, long organisationId, String sourceIp, String reason, String during)
            implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.totp.refused", accountId, accountId, organisationId, sourceIp,
                    "during=" + during + " reason=" + reason);
        }
    }
}
