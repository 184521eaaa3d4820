package dev.portcullis.selfservice.password;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/** A Change Password attempt was refused: the exact reason for the log, never what was typed. */
record PasswordChangeRefused(long accountId, long organisationId, String reason, String sourceIp) implements Audited {

    @Override
    public AuditEntry auditEntry() {
        return new AuditEntry("account.password.change.refused", accountId, accountId, organisationId, sourceIp,
                "reason=" + reason);
    }
}
