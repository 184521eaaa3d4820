package dev.portcullis.account;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/**
 * Changes administrators make to an account's standing: status and role. Each is audited in
 * the same transaction. Scope checks (which organisation an administrator may touch) are the
 * admin module's job before calling here.
 */
@Service
public class AccountAdministration {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AccountAdministration(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** Sets the status; false when it already had it. */
    @Transactional
    public boolean setStatus(long accountId, AccountStatus status, long actorAccountId, String reason) {
        int updated = jdbc.sql("UPDATE account SET status = :status, updated_at = :now WHERE id = :id AND status <> :status")
                .param("status", status.dbValue()).param("now", Timestamp.from(clock.instant())).param("id", accountId)
                .update();
        if (updated == 1) {
            events.publishEvent(new AccountStatusChanged(accountId, status, actorAccountId, reason));
        }
        return updated == 1;
    }

    /**
     * Sets the status only while the account still has {@code expected}; false otherwise. For
     * automatic transitions that must not undo a change made meanwhile (an administrator disabling
     * a leaver).
     */
    @Transactional
    public boolean setStatusIf(long accountId, AccountStatus expected, AccountStatus status, long actorAccountId,
                               String reason) {
        int updated = jdbc.sql("UPDATE account SET status = :status, updated_at = :now WHERE id = :id AND status = :expected")
                .param("status", status.dbValue()).param("now", Timestamp.from(clock.instant())).param("id", accountId)
                .param("expected", expected.dbValue())
                .update();
        if (updated == 1 && expected != status) {
            events.publishEvent(new AccountStatusChanged(accountId, status, actorAccountId, reason));
        }
        return updated == 1;
    }

    @Transactional
    public boolean setRole(long accountId, Role role, long actorAccountId) {
        int updated = jdbc.sql("UPDATE account SET role = :role, updated_at = :now WHERE id = :id AND role <> :role")
                .param("role", role.dbValue()).param("now", Timestamp.from(clock.instant())).param("id", accountId)
                .update();
        if (updated == 1) {
            events.publishEvent(new AccountRoleChanged(accountId, role, actorAccountId));
        }
        return updated == 1;
    }

    /** Moves an account to another organisation (a joiner claimed by its new organisation), keeping its methods. */
    @Transactional
    public boolean moveToOrganisation(long accountId, long organisationId, long actorAccountId) {
        int updated = jdbc.sql("UPDATE account SET organisation_id = :org, updated_at = :now WHERE id = :id AND organisation_id <> :org")
                .param("org", organisationId).param("now", Timestamp.from(clock.instant())).param("id", accountId)
                .update();
        if (updated == 1) {
            events.publishEvent(new AccountMoved(accountId, organisationId, actorAccountId));
        }
        return updated == 1;
    }

    public record AccountMoved(long accountId, long organisationId, long actorAccountId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("account.moved", actorAccountId, accountId, organisationId, null, "organisation=" + organisationId);
        }
    }

    public record AccountStatusChanged(long accountId, AccountStatus status, long actorAccountId, String reason)
            implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("account.status.changed", actorAccountId, accountId, null, null,
                    "status=" + status.dbValue() + (reason == null ? "" : " reason=" + reason));
        }
    }

    public record AccountRoleChanged(long accountId, Role role, long actorAccountId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("account.role.changed", actorAccountId, accountId, null, null, "role=" + role.dbValue());
        }
    }
}
