package dev.portcullis.mfa.webauthn;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

import dev.portcullis.mfa.webauthn.WebAuthnStore.Purpose;

/**
 * Server-side challenges (WebAuthn §13.4.3): 32 random bytes, bound to the account, the purpose
 * and the session, valid for 5 minutes, consumed once whatever the outcome of the ceremony.
 */
@Component
class Challenges {

    /** SECURITY.md: at least 16 bytes; we use 32. */
    static final int BYTES = 32;

    static final Duration LIFETIME = Duration.ofMinutes(5);

    private final WebAuthnStore store;
    private final Clock clock;
    private final SecureRandom random;

    Challenges(WebAuthnStore store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    byte[] issue(long accountId, Purpose purpose, String sessionBinding) {
        byte[] challenge = new byte[BYTES];
        random.nextBytes(challenge);
        Instant now = clock.instant();
        store.insertChallenge(accountId, purpose, challenge, sessionBinding, now, now.plus(LIFETIME));
        return challenge;
    }

    /**
     * Consumes the challenge the browser signed over; null when that worked, else the reason it
     * did not (foreign, stale, replayed), for the audit log.
     */
    String consume(long accountId, Purpose purpose, byte[] challenge, String sessionBinding) {
        if (sessionBinding == null) {
            return "no challenge issued to this session";
        }
        Instant now = clock.instant();
        if (store.consumeChallenge(accountId, purpose, challenge, sessionBinding, now)) {
            return null;
        }
        return store.whyNotConsumed(accountId, purpose, challenge, sessionBinding, now);
    }
}
