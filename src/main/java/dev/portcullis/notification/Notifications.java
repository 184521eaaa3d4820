package dev.portcullis.notification;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.shared.ServiceProperties;

/**
 * Emails to account holders that must never be lost (MON-01, FLT-04). {@link #queue} renders the
 * email now and stores it in the caller's transaction, so it exists exactly when the change it
 * reports was committed; a scheduled sender on any node sends it through the configured
 * {@code EmailGateway}, retrying with backoff until it goes.
 *
 * <p>Templates are {@code templates/messages/email-NAME.txt} (first line {@code Subject: ...},
 * then the plain-text body) and {@code email-NAME.html}. Every template gets {@code serviceName},
 * {@code displayName}, {@code selfServiceLink} and {@code signInLink}; links are built on the
 * configured base URL, never a request's host (REC-03).
 */
@Service
public class Notifications {

    private final EmailTemplates templates;
    private final JdbcNotificationQueue queue;
    private final AccountService accounts;
    private final ServiceProperties service;
    private final Clock clock;

    Notifications(EmailTemplates templates, JdbcNotificationQueue queue, AccountService accounts,
                  ServiceProperties service, Clock clock) {
        this.templates = templates;
        this.queue = queue;
        this.accounts = accounts;
        this.service = service;
        this.clock = clock;
    }

    /**
     * Renders the template for the account's holder and queues the email in the current
     * transaction (or its own, when there is none). Rolled back with the caller's transaction.
     *
     * @param accountId    the account whose holder receives it, at the address the account has now
     * @param templateName {@code NAME} of {@code messages/email-NAME.txt|html}: lower-case letters, digits, dashes
     * @param variables    the template's own values; they are escaped in the HTML part
     * @return the queued notification's id
     * @throws IllegalArgumentException when the account does not exist or the name is not a template name
     */
    @Transactional
    public long queue(long accountId, String templateName, Map<String, Object> variables) {
        if (!EmailTemplates.validName(templateName)) {
            throw new IllegalArgumentException("email template names are lower-case letters, digits and dashes");
        }
        Account account = accounts.findById(accountId)
                .orElseThrow(() -> new IllegalArgumentException("no account " + accountId));
        Map<String, Object> values = new HashMap<>(variables == null ? Map.of() : variables);
        values.put("serviceName", service.serviceName());
        values.put("displayName", account.displayName());
        values.put("selfServiceLink", service.link("/account/self-service"));
        values.put("signInLink", service.link("/signin"));
        RenderedEmail email = templates.render(templateName, values);
        return queue.insert(accountId, templateName, account.email(), email, clock.instant());
    }

    /** How many notifications are waiting to be sent (not yet sent and not given up). */
    public long pending() {
        return queue.pending();
    }
}
