package dev.portcullis.signin;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

/**
 * Ends an account's sessions on every node (SES-03): the sessions live in the database,
 * indexed by principal name, which is the account id.
 */
@Service
public class AccountSessions {

    private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions;

    // A provider: contexts without a web server (batch jobs, storage tests) have no session store.
    AccountSessions(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions) {
        this.sessions = sessions;
    }

    /** Ends every session of the account; returns how many. */
    public int endAll(long accountId) {
        return endAllExcept(accountId, null);
    }

    /** Ends every session of the account but the one given (the person's current one). */
    public int endAllExcept(long accountId, String keepSessionId) {
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
