package dev.portcullis.signin;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

/**
 * Ends an account's sessions on every node (SES-03): the sessions live in the database,
 * indexed by principal name, which is the account id. Listeners to {@link Ended} end what
 * other capabilities hold for the account, such as the applications' tokens.
 */
@Service
public class AccountSessions {

    /** Every session of the account but {@code keptSessionId} (when not null) has been ended. */
    public record Ended(long accountId, String keptSessionId) {
    }

    private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions;
    private final ApplicationEventPublisher events;

    // A provider: contexts without a web server (batch jobs, storage tests) have no session store.
    AccountSessions(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions,
                    ApplicationEventPublisher events) {
        this.sessions = sessions;
        this.events = events;
    }

    /** Ends every session of the account; returns how many. */
    public int endAll(long accountId) {
        return endAllExcept(accountId, null);
    }

    /** Ends every session of the account but the one given (the person's current one). */
    public int endAllExcept(long accountId, String keepSessionId) {
        events.publishEvent(new Ended(accountId, keepSessionId));
        FindByIndexNameSessionRepository<? extends Session> repository = sessions.getIfAvailable();
        if (repository == null) {
            return 0;
        }
        Map<String, ? extends Session> found = repository.findByPrincipalName(Long.toString(accountId));
        int ended = 0;
        for (String id : found.keySet()) {
            if (!id.equals(keepSessionId)) {
                repository.deleteById(id);
                ended++;
            }
        }
        return ended;
    }
}
