package dev.portcullis.selfservice.passwordreset;

import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.notification.Notifications;
import dev.portcullis.shared.ServiceProperties;

/**
 * Issues reset links and emails them. The link's host is the configured base URL, never the
 * request's (REC-03). Self-service requests for an account without MFA get an email that says
 * how to get help instead of a link: a reset never skips the second factor (REC-02).
 */
@Service
public class PasswordResets {

    private final ResetTokens tokens;
    private final AccountService accounts;
    private final MfaService mfa;
    private final Notifications notifications;
    private final ServiceProperties service;
    private final ResetProperties properties;
    private final ApplicationEventPublisher events;

    PasswordResets(ResetTokens tokens, AccountService accounts, MfaService mfa, Notifications notifications,
                   ServiceProperties service, ResetProperties properties, ApplicationEventPublisher events) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.mfa = mfa;
        this.notifications = notifications;
        this.service = service;
        this.properties = properties;
        this.events = events;
    }

    /** "Forgotten your password?": does nothing visible for unknown or disabled accounts (ENUM-01). */
    @Transactional
    void requestedBySelf(String email, String sourceIp) {
        Optional<Account> found = accounts.findByEmail(email).filter(a -> a.status().maySignIn()
                || a.status() == dev.portcullis.account.AccountStatus.LOCKED);
        if (found.isEmpty()) {
            events.publishEvent(new ResetRequested(null, sourceIp, "no usable account"));
            return;
        }
        Account account = found.get();
        if (!mfa.enabled(account.id())) {
            notifications.queue(account.id(), "reset-unavailable", Map.of());
            events.publishEvent(new ResetRequested(account.id(), sourceIp, "no second factor: told to ask an administrator"));
            return;
        }
        String token = tokens.issue(account.id(), null, properties.linkLifetime());
        notifications.queue(account.id(), "reset-link", Map.of(
                "resetLink", service.link("/signin/reset/link/" + token),
                "minutes", properties.linkLifetime().toMinutes(),
                "byAdministrator", false));
        events.publishEvent(new ResetRequested(account.id(), sourceIp, "link sent"));
    }

    /**
     * An administrator's "send a password-reset link". While the account has no second factor
     * (a new account) the link alone lets its owner set a password; otherwise they must prove a
     * registered method too.
     */
    @Transactional
    public void sendByAdministrator(long accountId, long administratorId) {
        String token = tokens.issue(accountId, administratorId, properties.administratorLinkLifetime());
        notifications.queue(accountId, "reset-link", Map.of(
                "resetLink", service.link("/signin/reset/link/" + token),
                "minutes", properties.administratorLinkLifetime().toMinutes(),
                "byAdministrator", true));
        events.publishEvent(new ResetLinkSentByAdministrator(accountId, administratorId));
    }

    record ResetRequested(Long accountId, String sourceIp, String outcome) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("reset.requested", null, accountId, null, sourceIp, "outcome=" + outcome);
        }
    }

    record ResetLinkSentByAdministrator(long accountId, long administratorId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("reset.link.sent", administratorId, accountId, null, null, "by administrator");
        }
    }
}
