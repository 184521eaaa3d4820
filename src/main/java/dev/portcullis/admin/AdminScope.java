package dev.portcullis.admin;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ResponseStatus;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.signin.SignedInAccount;

/**
 * Which organisations an administrator may see and act on: global administrators all, local
 * administrators their own. Every admin page, form and API call asks here on the server
 * (ADM-01); a refusal is a 403 and an audit line, and never reveals whether the target exists.
 */
@Component
public class AdminScope {

    private final AccountService accounts;
    private final ApplicationEventPublisher events;

    AdminScope(AccountService accounts, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.events = events;
    }

    public boolean isGlobal(SignedInAccount admin) {
        return admin.role() == Role.GLOBAL_ADMIN;
    }

    public boolean covers(SignedInAccount admin, long organisationId) {
        return admin.role() == Role.GLOBAL_ADMIN
                || (admin.role() == Role.LOCAL_ADMIN && admin.organisationId() == organisationId);
    }

    /** The organisation filter for queries: null for all (global), or the admin's own. */
    public Long organisationFilter(SignedInAccount admin) {
        return isGlobal(admin) ? null : admin.organisationId();
    }

    /** The account, when the administrator may act on it; otherwise 403 and an audit line. */
    public Account requireAccount(SignedInAccount admin, long accountId, String action) {
        Account account = accounts.findById(accountId).orElse(null);
        if (account == null || !covers(admin, account.organisationId())
                || (account.role() == Role.GLOBAL_ADMIN && !isGlobal(admin))) {
            events.publishEvent(new OutOfScopeRefused(admin.accountId(), accountId, action));
            throw new OutOfScopeException();
        }
        return account;
    }

    public void requireOrganisation(SignedInAccount admin, long organisationId, String action) {
        if (!covers(admin, organisationId)) {
            events.publishEvent(new OutOfScopeRefused(admin.accountId(), null, action + " organisation=" + organisationId));
            throw new OutOfScopeException();
        }
    }

    public void requireGlobal(SignedInAccount admin, String action) {
        if (!isGlobal(admin)) {
            events.publishEvent(new OutOfScopeRefused(admin.accountId(), null, action));
            throw new OutOfScopeException();
        }
    }

    @ResponseStatus(HttpStatus.FORBIDDEN)
    public static class OutOfScopeException extends RuntimeException {
        public OutOfScopeException() {
            super("outside the administrator's scope");
        }
    }

    record OutOfScopeRefused(long adminAccountId, Long targetAccountId, String action) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("admin.refused.scope", adminAccountId, targetAccountId, null, null, "action=" + action);
        }
    }
}
