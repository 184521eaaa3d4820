package dev.portcullis.mfa.webauthn;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;

import tools.jackson.databind.JsonNode;

import dev.portcullis.mfa.FactorLabels;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.mfa.webauthn.CredentialJson.MalformedException;
import dev.portcullis.mfa.webauthn.WebAuthnStore.Purpose;
import dev.portcullis.signin.SignedInAccount;

/**
 * Registering a security key (WebAuthn Level 3 §7.1). The creation options carry a fresh
 * challenge, the account's stable user handle and its existing keys to exclude; the response is
 * checked by {@link WebAuthnVerifier}, its challenge consumed once, and the key stored only
 * when everything holds and its credential id is new (WA-06). Storing the key and making it a
 * method of the account happen in one transaction.
 */
@Service
class WebAuthnRegistration {

    /** §5.4 timeout: the 5 minutes a challenge lives. */
    static final long TIMEOUT_MILLIS = Challenges.LIFETIME.toMillis();

    static final String NOT_REGISTERED = "The security key was not registered. Try again, or choose another method.";
    static final String TIMED_OUT = "The security key was not registered because the page timed out. Try again.";
    static final String ALREADY_REGISTERED = "This security key is already registered. Use a different key, or choose another method.";

    private final WebAuthnStore store;
    private final Challenges challenges;
    private final WebAuthnVerifier verifier;
    private final RelyingParty rp;
    private final MfaService mfa;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SecureRandom random;

    WebAuthnRegistration(WebAuthnStore store, Challenges challenges, WebAuthnVerifier verifier, RelyingParty rp,
                         MfaService mfa, ApplicationEventPublisher events, TransactionTemplate transaction, Clock clock,
                         SecureRandom random) {
        this.store = store;
        this.challenges = challenges;
        this.verifier = verifier;
        this.rp = rp;
        this.mfa = mfa;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
        this.random = random;
    }

    /** §5.4 PublicKeyCredentialCreationOptions for a new key of this account. */
    OptionsJson.Creation options(SignedInAccount account, String sessionBinding) {
        byte[] challenge = challenges.issue(account.accountId(), Purpose.REGISTER, sessionBinding);
        byte[] userHandle = userHandle(account.accountId());
        List<OptionsJson.Descriptor> exclude = store.credentials(account.accountId()).stream()
                .map(OptionsJson::descriptor).toList();
        List<OptionsJson.Parameters> algorithms = WebAuthnVerifier.ALGORITHMS.stream()
                .map(p -> new OptionsJson.Parameters("public-key", p.getAlg().getValue())).toList();
        return new OptionsJson.Creation(
                new OptionsJson.RelyingPartyEntity(rp.id(), rp.name()),
                new OptionsJson.UserEntity(CredentialJson.base64Url(userHandle), account.email(), account.displayName()),
                CredentialJson.base64Url(challenge), algorithms, TIMEOUT_MILLIS, exclude,
                new OptionsJson.Selection("preferred", false, "preferred"), "none");
    }

    /**
     * Checks and stores a new key named {@code label}. Accepted carries the path enrolment
     * continues to; nothing is stored when refused.
     */
    Outcome register(SignedInAccount account, String sessionBinding, String label, JsonNode body, String sourceIp) {
        String problem = FactorLabels.problem(label);
        if (problem != null) {
            return new Outcome.Refused(problem, "label");
        }
        CredentialJson.Registration response;
        byte[] challenge;
        try {
            response = CredentialJson.registration(body);
            challenge = verifier.challengeOf(response.clientDataJSON());
        } catch (MalformedException e) {
            return refuse(account, sourceIp, e.getMessage(), NOT_REGISTERED);
        }
        String stale = challenges.consume(account.accountId(), Purpose.REGISTER, challenge, sessionBinding);
        if (stale != null) {
            return refuse(account, sourceIp, stale, TIMED_OUT);
        }
        RegistrationData data;
        try {
            data = verifier.verifyRegistration(response, challenge);
        } catch (RuntimeException e) {
            return refuse(account, sourceIp, WebAuthnVerifier.reason(e), NOT_REGISTERED);
        }
        AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authenticatorData =
                data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData attested = authenticatorData.getAttestedCredentialData();
        if (attested == null) {
            return refuse(account, sourceIp, "no attested credential data", NOT_REGISTERED);
        }
        // §7.1 step 25: the credential id is at most 1023 bytes; it must be the one the browser named
        byte[] credentialIdBytes = attested.getCredentialId();
        if (credentialIdBytes.length > CredentialJson.MAX_CREDENTIAL_ID_BYTES) {
            return refuse(account, sourceIp, "credential id too long", NOT_REGISTERED);
        }
        if (!Arrays.equals(credentialIdBytes, response.rawId())) {
            return refuse(account, sourceIp, "credential id differs from rawId", NOT_REGISTERED);
        }
        String credentialId = CredentialJson.base64Url(credentialIdBytes);
        // §7.1 step 26: a credential id registered before (by anyone) is refused
        if (store.credentialIdExists(credentialId)) {
            return refuse(account, sourceIp, "credential id already registered", ALREADY_REGISTERED);
        }
        String transports = String.join(",", response.transports());
        try {
            return transaction.execute(status -> {
                long id = store.insertCredential(account.accountId(), credentialId, verifier.serialise(attested),
                        authenticatorData.getSignCount(), label.strip(), transports.isEmpty() ? null : transports,
                        authenticatorData.isFlagUV(), authenticatorData.isFlagBE(), authenticatorData.isFlagBS(),
                        clock.instant());
                String next = mfa.enrolled(account.accountId(), WebAuthnFactor.ID, Long.toString(id));
                return new Outcome.Accepted(Long.toString(id), next);
            });
        } catch (DuplicateKeyException raced) {
            // Rolled back whole (MFA-06). Either this key was registered at the same moment elsewhere,
            // or another key of this account was being added at once (two tabs): say which, truthfully.
            if (store.credentialIdExists(credentialId)) {
                return refuse(account, sourceIp, "credential id already registered", ALREADY_REGISTERED);
            }
            return refuse(account, sourceIp, "another registration for the account at the same time", NOT_REGISTERED);
        }
    }

    /** The account's user handle (§5.4.3 user.id): random, stable, made on first need. */
    byte[] userHandle(long accountId) {
        return store.userHandle(accountId).orElseGet(() -> {
            byte[] handle = new byte[32];
            random.nextBytes(handle);
            try {
                store.insertUserHandle(accountId, handle);
                return handle;
            } catch (DuplicateKeyException raced) {
                return store.userHandle(accountId).orElseThrow();
            }
        });
    }

    private Outcome refuse(SignedInAccount account, String sourceIp, String reason, String message) {
        events.publishEvent(new WebAuthnEvents.SecurityKeyRefused(account.accountId(), account.organisationId(), sourceIp,
                "enrolment", reason));
        return Outcome.Refused.of(message);
    }
}
