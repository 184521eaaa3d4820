package dev.portcullis.mfa.webauthn;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.CollectedClientDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.BadAlgorithmException;
import com.webauthn4j.verifier.exception.BadBackupEligibleFlagException;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.CredentialIdTooLongException;
import com.webauthn4j.verifier.exception.CrossOriginException;
import com.webauthn4j.verifier.exception.IllegalBackupStateException;
import com.webauthn4j.verifier.exception.InconsistentClientDataTypeException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.MissingChallengeException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.NotAllowedCredentialIdException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;

/**
 * The WebAuthn checks, done by webauthn4j (its non-strict manager: attestation "none" is
 * accepted, as we ask for no attestation). Registration follows WebAuthn Level 3 §7.1, assertion
 * §7.2: client data type, challenge, origin (WA-01), RP id hash (WA-02), user present required
 * and user verified recorded (WA-05), algorithm, signature, and the signature counter (WA-04).
 */
@Component
class WebAuthnVerifier {

    /** §5.4 pubKeyCredParams, in our order of preference: ES256, EdDSA, RS256. */
    static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private static final Map<Class<? extends RuntimeException>, String> REASONS = Map.ofEntries(
            Map.entry(BadOriginException.class, "wrong origin"),
            Map.entry(CrossOriginException.class, "cross-origin request"),
            Map.entry(BadRpIdException.class, "wrong rp id"),
            Map.entry(BadChallengeException.class, "wrong challenge"),
            Map.entry(MissingChallengeException.class, "wrong challenge"),
            Map.entry(InconsistentClientDataTypeException.class, "wrong client data type"),
            Map.entry(UserNotPresentException.class, "user not present"),
            Map.entry(UserNotVerifiedException.class, "user not verified"),
            Map.entry(BadSignatureException.class, "bad signature"),
            Map.entry(MaliciousCounterValueException.class, "counter regressed"),
            Map.entry(NotAllowedCredentialIdException.class, "credential not allowed"),
            Map.entry(BadAlgorithmException.class, "algorithm not allowed"),
            Map.entry(NotAllowedAlgorithmException.class, "algorithm not allowed"),
            Map.entry(CredentialIdTooLongException.class, "credential id too long"),
            Map.entry(IllegalBackupStateException.class, "backup flags inconsistent"),
            Map.entry(BadBackupEligibleFlagException.class, "backup flags inconsistent"));

    private final ObjectConverter converter = new ObjectConverter();
    private final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);
    private final CollectedClientDataConverter clientData = new CollectedClientDataConverter(converter);
    private final AttestedCredentialDataConverter attestedCredentialData = new AttestedCredentialDataConverter(converter);
    private final AuthenticatorDataConverter authenticatorData = new AuthenticatorDataConverter(converter);
    private final RelyingParty rp;

    WebAuthnVerifier(RelyingParty rp) {
        this.rp = rp;
    }

    /** The challenge the browser says it signed over, read (not trusted) to find the one we issued. */
    byte[] challengeOf(byte[] clientDataJSON) {
        CollectedClientData data;
        try {
            data = clientData.convert(clientDataJSON);
        } catch (RuntimeException e) {
            throw new CredentialJson.MalformedException("client data malformed");
        }
        if (data == null || data.getChallenge() == null) {
            throw new CredentialJson.MalformedException("client data has no challenge");
        }
        return data.getChallenge().getValue();
    }

    /** §7.1: verifies a registration against the challenge we issued; throws on any failure. */
    RegistrationData verifyRegistration(CredentialJson.Registration response, byte[] challenge) {
        Set<String> transports = response.transports();
        RegistrationRequest request = new RegistrationRequest(response.attestationObject(), response.clientDataJSON(),
                null, transports);
        // user verification preferred, not required; user presence required (WA-05)
        RegistrationParameters parameters = new RegistrationParameters(server(challenge), ALGORITHMS, false, true);
        return manager.verify(request, parameters);
    }

    /** §7.2: verifies an assertion by the stored key against the challenge we issued; throws on any failure. */
    AuthenticationData verifyAssertion(CredentialJson.Assertion response, byte[] challenge, StoredCredential stored) {
        AttestedCredentialData attested = attestedCredentialData.convert(stored.attestedCredentialData());
        Set<AuthenticatorTransport> transports = new LinkedHashSet<>();
        if (stored.transports() != null && !stored.transports().isBlank()) {
            for (String transport : stored.transports().split(",")) {
                transports.add(AuthenticatorTransport.create(transport));
            }
        }
        CredentialRecordImpl record = new CredentialRecordImpl(null, stored.uvInitialized(), stored.backupEligible(),
                stored.backedUp(), stored.signCount(), attested, null, null, null, transports);
        AuthenticationRequest request = new AuthenticationRequest(response.rawId(), response.userHandle(),
                response.authenticatorData(), response.clientDataJSON(), null, response.signature());
        AuthenticationParameters parameters = new AuthenticationParameters(server(challenge), record,
                List.of(attested.getCredentialId()), false, true);
        return manager.verify(request, parameters);
    }

    byte[] serialise(AttestedCredentialData data) {
        return attestedCredentialData.convert(data);
    }

    /** The signature counter an assertion carries, for the audit line of a regression. */
    long signCountOf(byte[] authenticatorDataBytes) {
        try {
            return authenticatorData.extractSignCount(authenticatorDataBytes);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The exact reason a ceremony failed, for the audit log (the person sees a plain message). */
    static String reason(RuntimeException failure) {
        for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
            String reason = REASONS.get(type);
            if (reason != null) {
                return reason;
            }
        }
        if (failure instanceof CredentialJson.MalformedException) {
            return failure.getMessage();
        }
        if (failure instanceof VerificationException) {
            return "verification failed (" + failure.getClass().getSimpleName() + ")";
        }
        return "malformed data (" + failure.getClass().getSimpleName() + ")";
    }

    private ServerProperty server(byte[] challenge) {
        return ServerProperty.builder()
                .origin(rp.webAuthnOrigin())
                .rpId(rp.id())
                .challenge(new DefaultChallenge(challenge))
                .build();
    }
}
