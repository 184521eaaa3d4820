package dev.portcullis.mfa;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/** What happens to an account's methods. Audited, and the account holder is emailed about each. */
public final class FactorEvents {

    private FactorEvents() {
    }

    /** A method became active after possession was proven. */
    public record FactorEnrolled(long accountId, String type, String instanceId, boolean firstMethod) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.factor.enrolled", accountId, accountId, null, null,
                    "type=" + type + (firstMethod ? " first=true" : ""));
        }
    }

    /** A method was removed by its owner ({@code actor} = the account) or an administrator. */
    public record FactorRemoved(long accountId, String type, String instanceId, long actorAccountId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.factor.removed", actorAccountId, accountId, null, null, "type=" + type);
        }
    }

    /** Every method was removed: MFA is off for the account. */
    public record MfaDisabled(long accountId, long actorAccountId, String how) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.disabled", actorAccountId, accountId, null, null, "via=" + how);
        }
    }

    /** The account chose another default method. */
    public record DefaultFactorChanged(long accountId, String type) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.default.changed", accountId, accountId, null, null, "type=" + type);
        }
    }

    /** A method was renamed. */
    public record FactorRenamed(long accountId, String type) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.factor.renamed", accountId, accountId, null, null, "type=" + type);
        }
    }
}
