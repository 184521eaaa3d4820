package dev.portcullis.mfa.webauthn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;

import tools.jackson.databind.JsonNode;

import dev.portcullis.shared.ServiceProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Whatever a browser, or anyone, posts to the security key endpoints (INP-01, WA-01…WA-06): the
 * steps the ceremonies run before and around webauthn4j's checks refuse bad input only with
 * {@link CredentialJson.MalformedException}, which the ceremony answers with its refusal; what
 * webauthn4j throws is a {@link RuntimeException} the ceremony also turns into a refusal, never
 * an {@link Error} or anything that escapes as a 500. An assertion never verifies against a key
 * that did not sign it. Seeds are real registration and assertion bodies from a software
 * authenticator; runs in every build, and fuzzes for a bounded time in the build's
 * {@code fuzz-webauthn-json} execution.
 */
class CredentialJsonFuzzTests {

    private static final String ORIGIN = "http://localhost:8080";
    private static final String RP_ID = "localhost";
    private static final byte[] CREDENTIAL_ID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    private final WebAuthnVerifier verifier = new WebAuthnVerifier(
            new RelyingParty(new ServiceProperties(URI.create(ORIGIN), null, "Portcullis", null, false)));

    /** The key the account registered: same credential id as the seeds, but not the key that signed them. */
    private final StoredCredential stored = stored(verifier, authenticator());

    @MethodSource("ceremonies")
    @FuzzTest(maxDuration = "10s")
    void inp01_anyPostedCredentialIsRefusedByTheCeremonyNeverAnError(byte[] body) throws IOException {
        JsonNode root;
        try {
            root = CredentialJson.read(new ByteArrayInputStream(body), body.length);
        } catch (CredentialJson.MalformedException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(body.length).isLessThanOrEqualTo(CredentialJson.MAX_BODY_BYTES);
        CredentialJson.text(root, "label");
        register(root);
        assertWith(root);
    }

    /** What WebAuthnRegistration.register does with the body, short of the database. */
    private void register(JsonNode root) {
        CredentialJson.Registration response;
        byte[] challenge;
        try {
            response = CredentialJson.registration(root);
            challenge = verifier.challengeOf(response.clientDataJSON());
        } catch (CredentialJson.MalformedException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(response.rawId().length).isBetween(1, CredentialJson.MAX_CREDENTIAL_ID_BYTES);
        assertThat(response.transports()).hasSizeLessThanOrEqualTo(6);
        RegistrationData data;
        try {
            data = verifier.verifyRegistration(response, challenge);
        } catch (RuntimeException refused) {
            assertThat(WebAuthnVerifier.reason(refused)).isNotBlank();
            return;
        }
        // Accepted by webauthn4j: what register() reads next must be there to read.
        var authenticatorData = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData attested = authenticatorData.getAttestedCredentialData();
        if (attested != null) {
            assertThat(attested.getCredentialId()).isNotNull();
            verifier.serialise(attested);
        }
        authenticatorData.getSignCount();
    }

    /** What WebAuthnAuthentication.verify does with the body, against the stored key. */
    private void assertWith(JsonNode root) {
        CredentialJson.Assertion response;
        byte[] challenge;
        try {
            response = CredentialJson.assertion(root);
            challenge = verifier.challengeOf(response.clientDataJSON());
        } catch (CredentialJson.MalformedException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(response.rawId().length).isBetween(1, CredentialJson.MAX_CREDENTIAL_ID_BYTES);
        try {
            verifier.verifyAssertion(response, challenge, stored);
        } catch (RuntimeException refused) {
            assertThat(WebAuthnVerifier.reason(refused)).isNotBlank();
            verifier.signCountOf(response.authenticatorData());
            return;
        }
        fail("an assertion verified against a key that never signed it");
    }

    static Stream<byte[]> ceremonies() {
        SoftAuthenticator seedKey = authenticator();
        String challenge = SoftAuthenticator.b64(new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4});
        Map<String, Object> registration = seedKey.registration(seedKey.create(challenge, ORIGIN, RP_ID));
        Map<String, Object> assertion = seedKey.assertion(seedKey.get(challenge, ORIGIN, RP_ID));
        Map<String, Object> elsewhere = seedKey.assertion(seedKey.get(challenge, "https://evil.example", "evil.example"));
        Map<String, Object> noUser = seedKey.assertion(seedKey.get(challenge, ORIGIN, RP_ID).flags(0));
        return Stream.of(
                body(registration, "Blue key"),
                body(assertion, null),
                body(elsewhere, null),
                body(noUser, null),
                body(SoftAuthenticator.withResponse(assertion, "clientDataJSON", "not base64!"), null),
                body(SoftAuthenticator.withResponse(registration, "attestationObject", SoftAuthenticator.b64(new byte[] {(byte) 0xa1})), "x"),
                "{\"credential\":{\"type\":\"public-key\",\"id\":\"AQ\",\"rawId\":\"AQ\",\"response\":{}}}".getBytes(StandardCharsets.UTF_8),
                "[1,2,3]".getBytes(StandardCharsets.UTF_8),
                "{\"credential\":".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] body(Map<String, Object> credential, String label) {
        return CredentialJson.JSON.writeValueAsBytes(SoftAuthenticator.envelope(credential, label));
    }

    private static SoftAuthenticator authenticator() {
        SoftAuthenticator authenticator = new SoftAuthenticator(CREDENTIAL_ID.length);
        System.arraycopy(CREDENTIAL_ID, 0, authenticator.credentialId, 0, CREDENTIAL_ID.length);
        return authenticator;
    }

    private static StoredCredential stored(WebAuthnVerifier verifier, SoftAuthenticator key) {
        AttestedCredentialData attested = new AttestedCredentialData(AAGUID.ZERO, key.credentialId,
                EC2COSEKey.create((ECPublicKey) key.keys.getPublic(), COSEAlgorithmIdentifier.ES256));
        return new StoredCredential(1, 1, SoftAuthenticator.b64(key.credentialId), verifier.serialise(attested), 0, "Key",
                "usb", true, false, false, false, Instant.EPOCH, null);
    }
}
