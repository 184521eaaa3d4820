package dev.portcullis.account;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/** An account came into being. {@code how} says through what: bootstrap, set-up link, demo, administrator. */
public record AccountCreated(long accountId, long organisationId, Role role, String how, Long actorAccountId)
        implements Audited {

    @Override
    public AuditEntry auditEntry() {
        return new AuditEntry("account.created", actorAccountId, accountId, organisationId, null,
                "role=" + role.dbValue() + " via=" + how);
    }
}
