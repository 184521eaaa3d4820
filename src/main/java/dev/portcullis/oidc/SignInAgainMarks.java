package dev.portcullis.oidc;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpSession;

/**
 * Remembers, in the session, which authorization requests sent the person to sign in again
 * ({@code prompt=login} or an exceeded {@code max_age}) and when. When the same request comes
 * back, a password proven after that moment satisfies it, and the request goes on instead of
 * asking again forever (OpenID Connect Core §3.1.2.1).
 */
final class SignInAgainMarks {

    static final String ATTRIBUTE = "portcullis.oidc.sign-in-again";

    private static final int KEPT = 8;

    private SignInAgainMarks() {
    }

    static void demand(HttpSession session, String fingerprint, Instant at) {
        LinkedHashMap<String, Instant> marks = marks(session);
        marks.remove(fingerprint);
        marks.put(fingerprint, at);
        while (marks.size() > KEPT) {
            marks.remove(marks.keySet().iterator().next());
        }
        session.setAttribute(ATTRIBUTE, marks);
    }

    static Optional<Instant> demandedAt(HttpSession session, String fingerprint) {
        return session == null ? Optional.empty() : Optional.ofNullable(marks(session).get(fingerprint));
    }

    static void satisfied(HttpSession session, String fingerprint) {
        if (session == null) {
            return;
        }
        LinkedHashMap<String, Instant> marks = marks(session);
        if (marks.remove(fingerprint) != null) {
            session.setAttribute(ATTRIBUTE, marks);
        }
    }

    @SuppressWarnings("unchecked")
    private static LinkedHashMap<String, Instant> marks(HttpSession session) {
        Object stored = session.getAttribute(ATTRIBUTE);
        return stored instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Instant>) map) : new LinkedHashMap<>();
    }
}
