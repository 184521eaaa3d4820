package dev.portcullis.mfa.webauthn;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;

import tools.jackson.databind.JsonNode;

import dev.portcullis.mfa.webauthn.CredentialJson.MalformedException;
import dev.portcullis.mfa.webauthn.WebAuthnStore.Purpose;
import dev.portcullis.risk.AttemptRegulator;
import dev.portcullis.risk.ThrottleDecision;
import dev.portcullis.risk.ThrottleScope;
import dev.portcullis.signin.SignedInAccount;

/**
 * Proving a security key at sign-in and step-up (WebAuthn Level 3 §7.2). Every attempt passes
 * the account's {@code factor.webauthn} regulator first; the challenge is consumed once whatever
 * happens next (WA-03, FLT-05); the assertion must come from one of the account's own keys. A
 * correctly signed assertion whose signature counter did not go up blocks the key (WA-04).
 */
@Service
class WebAuthnAuthentication {

    static final ThrottleScope SCOPE = ThrottleScope.factor(WebAuthnFactor.ID);

    static final String NOT_CHECKED = "Your security key could not be checked. Try again, or choose another method.";
    static final String BLOCKED = "This security key has been blocked because it may have been copied. "
            + "Choose another method, then remove the key in Self-Service and add it again.";

    private final WebAuthnStore store;
    private final Challenges challenges;
    private final WebAuthnVerifier verifier;
    private final RelyingParty rp;
    private final AttemptRegulator regulator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    WebAuthnAuthentication(WebAuthnStore store, Challenges challenges, WebAuthnVerifier verifier, RelyingParty rp,
                           AttemptRegulator regulator,
                           ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.challenges = challenges;
        this.verifier = verifier;
        this.rp = rp;
        this.regulator = regulator;
        this.events = events;
        this.clock = clock;
    }

    /** Whether the account holds a key it can use (one not blocked). */
    boolean hasUsableKey(long accountId) {
        return store.credentials(accountId).stream().anyMatch(c -> !c.counterRegressed());
    }

    /** Minutes until attempts for the account may go on again; 0 when they may now. */
    long pausedMinutes(long accountId) {
        ThrottleDecision decision = regulator.check(SCOPE, Long.toString(accountId));
        return decision.allowed() ? 0 : decision.minutesLeft(clock.instant());
    }

    /** §5.5 PublicKeyCredentialRequestOptions naming the account's usable keys; empty when it has none. */
    Optional<OptionsJson.Request> options(long accountId, String sessionBinding) {
        List<OptionsJson.Descriptor> allow = store.credentials(accountId).stream()
                .filter(c -> !c.counterRegressed())
                .map(OptionsJson::descriptor).toList();
        if (allow.isEmpty()) {
            return Optional.empty();
        }
        byte[] challenge = challenges.issue(accountId, Purpose.AUTHENTICATE, sessionBinding);
        return Optional.of(new OptionsJson.Request(CredentialJson.base64Url(challenge), WebAuthnRegistration.TIMEOUT_MILLIS,
                rp.id(), allow, "preferred"));
    }

    /** Checks an assertion; Accepted names the key used. */
    Outcome verify(SignedInAccount account, String sessionBinding, JsonNode body, String sourceIp) {
        long accountId = account.accountId();
        ThrottleDecision decision = regulator.check(SCOPE, Long.toString(accountId));
        if (!decision.allowed()) {
            publishRefused(account, sourceIp, "paused");
            return Outcome.Refused.of(paused(decision.minutesLeft(clock.instant())));
        }
        CredentialJson.Assertion response;
        byte[] challenge;
        try {
            response = CredentialJson.assertion(body);
            challenge = verifier.challengeOf(response.clientDataJSON());
        } catch (MalformedException e) {
            return fail(account, sourceIp, e.getMessage(), NOT_CHECKED);
        }
        String stale = challenges.consume(accountId, Purpose.AUTHENTICATE, challenge, sessionBinding);
        if (stale != null) {
            return fail(account, sourceIp, stale, NOT_CHECKED);
        }
        Optional<StoredCredential> found = store.credential(accountId, CredentialJson.base64Url(response.rawId()));
        if (found.isEmpty()) {
            return fail(account, sourceIp, "key not registered to this account", NOT_CHECKED);
        }
        StoredCredential key = found.get();
        if (key.counterRegressed()) {
            return fail(account, sourceIp, "key blocked after counter regression", BLOCKED);
        }
        // §7.2 step 6: a user handle, when the authenticator returns one, must be this account's
        if (response.userHandle() != null) {
            byte[] ours = store.userHandle(accountId).orElse(null);
            if (ours == null || !MessageDigest.isEqual(ours, response.userHandle())) {
                return fail(account, sourceIp, "user handle mismatch", NOT_CHECKED);
            }
        }
        AuthenticationData data;
        try {
            data = verifier.verifyAssertion(response, challenge, key);
        } catch (MaliciousCounterValueException e) {
            // §7.2 step 22: signed by the key, yet the counter did not go up: a copy may exist
            store.flagCounterRegressed(key.id());
            events.publishEvent(new WebAuthnEvents.SecurityKeyCounterRegressed(accountId, account.organisationId(),
                    sourceIp, Long.toString(key.id()), key.signCount(), verifier.signCountOf(response.authenticatorData())));
            return fail(account, sourceIp, "counter regressed", BLOCKED);
        } catch (RuntimeException e) {
            return fail(account, sourceIp, WebAuthnVerifier.reason(e), NOT_CHECKED);
        }
        var flags = data.getAuthenticatorData();
        store.recordUse(key.id(), flags.getSignCount(), flags.isFlagUV(), flags.isFlagBS(), clock.instant());
        regulator.recordSuccess(SCOPE, Long.toString(accountId));
        return new Outcome.Accepted(Long.toString(key.id()), null);
    }

    static String paused(long minutes) {
        return "You have tried too many times. Try again in " + minutes + (minutes == 1 ? " minute" : " minutes")
                + ", or choose another method.";
    }

    private Outcome fail(SignedInAccount account, String sourceIp, String reason, String message) {
        publishRefused(account, sourceIp, reason);
        ThrottleDecision after = regulator.recordFailure(SCOPE, Long.toString(account.accountId()));
        if (!after.allowed()) {
            return Outcome.Refused.of(paused(after.minutesLeft(clock.instant())));
        }
        return Outcome.Refused.of(message);
    }

    private void publishRefused(SignedInAccount account, String sourceIp, String reason) {
        events.publishEvent(new WebAuthnEvents.SecurityKeyRefused(account.accountId(), account.organisationId(), sourceIp,
                "signin", reason));
    }
}
