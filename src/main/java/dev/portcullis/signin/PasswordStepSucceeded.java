package dev.portcullis.signin;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/** The password step succeeded. */
record PasswordStepSucceeded(long accountId, long organisationId, String sourceIp) implements Audited {

    @Override
    public AuditEntry auditEntry() {
        return new AuditEntry("signin.password.succeeded", accountId, accountId, organisationId, sourceIp, null);
    }
}
