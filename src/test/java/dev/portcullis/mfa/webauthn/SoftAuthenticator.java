package dev.portcullis.mfa.webauthn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;

import tools.jackson.databind.JsonNode;

/**
 * A software authenticator for tests: one P-256 key pair and credential id, producing the JSON a
 * browser posts ({@code PublicKeyCredential.toJSON()}) for registration and assertion. Every
 * field can be set wrong on purpose, to show the server refuses it.
 */
final class SoftAuthenticator {

    static final byte UP = AuthenticatorData.BIT_UP;
    static final byte UV = AuthenticatorData.BIT_UV;
    static final byte AT = AuthenticatorData.BIT_AT;

    private static final ObjectConverter CONVERTER = new ObjectConverter();

    final KeyPair keys;
    final byte[] credentialId;
    long counter;

    SoftAuthenticator() {
        this(16);
    }

    SoftAuthenticator(int credentialIdLength) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.credentialId = new byte[credentialIdLength];
        ThreadLocalRandom.current().nextBytes(credentialId);
    }

    String credentialIdText() {
        return b64(credentialId);
    }

    /** What a ceremony should say: everything right unless changed. */
    static final class Ceremony {
        String type;
        String challenge;
        String origin;
        String rpId;
        byte flags = (byte) (UP | UV);
        Long counter;
        byte[] rawId;
        byte[] userHandle;

        Ceremony(String type, String challenge, String origin, String rpId) {
            this.type = type;
            this.challenge = challenge;
            this.origin = origin;
            this.rpId = rpId;
        }

        Ceremony origin(String value) {
            this.origin = value;
            return this;
        }

        Ceremony rpId(String value) {
            this.rpId = value;
            return this;
        }

        Ceremony flags(int value) {
            this.flags = (byte) value;
            return this;
        }

        Ceremony counter(long value) {
            this.counter = value;
            return this;
        }

        Ceremony challenge(String value) {
            this.challenge = value;
            return this;
        }

        Ceremony type(String value) {
            this.type = value;
            return this;
        }

        Ceremony userHandle(byte[] value) {
            this.userHandle = value;
            return this;
        }
    }

    Ceremony create(String challenge, String origin, String rpId) {
        return new Ceremony("webauthn.create", challenge, origin, rpId);
    }

    Ceremony get(String challenge, String origin, String rpId) {
        return new Ceremony("webauthn.get", challenge, origin, rpId);
    }

    /** RegistrationResponseJSON for a ceremony. */
    Map<String, Object> registration(Ceremony c) {
        AttestedCredentialData attested = new AttestedCredentialData(AAGUID.ZERO, credentialId,
                EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
        long count = c.counter != null ? c.counter : counter;
        AuthenticatorData<RegistrationExtensionAuthenticatorOutput> data = new AuthenticatorData<>(sha256(c.rpId),
                (byte) (c.flags | AT), count, attested);
        byte[] attestationObject = new AttestationObjectConverter(CONVERTER)
                .convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", b64(clientData(c)));
        response.put("attestationObject", b64(attestationObject));
        response.put("transports", List.of("usb"));
        return credential(c.rawId != null ? c.rawId : credentialId, response);
    }

    /** AuthenticationResponseJSON for a ceremony; signs with the key unless told otherwise. */
    Map<String, Object> assertion(Ceremony c) {
        long count = c.counter != null ? c.counter : ++counter;
        byte[] authenticatorData = new AuthenticatorDataConverter(CONVERTER)
                .convert(new AuthenticatorData<>(sha256(c.rpId), c.flags, count));
        byte[] clientData = clientData(c);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(authenticatorData);
            signer.update(MessageDigest.getInstance("SHA-256").digest(clientData));
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", b64(clientData));
        response.put("authenticatorData", b64(authenticatorData));
        response.put("signature", b64(signature));
        response.put("userHandle", c.userHandle == null ? null : b64(c.userHandle));
        return credential(c.rawId != null ? c.rawId : credentialId, response);
    }

    static JsonNode envelope(Map<String, Object> credential, String label) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (label != null) {
            body.put("label", label);
        }
        body.put("credential", credential);
        return CredentialJson.JSON.readTree(CredentialJson.JSON.writeValueAsString(body));
    }

    /** Replaces one field of the credential's response, e.g. a tampered clientDataJSON. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withResponse(Map<String, Object> credential, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(credential);
        Map<String, Object> response = new LinkedHashMap<>((Map<String, Object>) credential.get("response"));
        response.put(field, value);
        copy.put("response", response);
        return copy;
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] unb64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    private static Map<String, Object> credential(byte[] rawId, Map<String, Object> response) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", b64(rawId));
        credential.put("rawId", b64(rawId));
        credential.put("type", "public-key");
        credential.put("authenticatorAttachment", "cross-platform");
        credential.put("clientExtensionResults", Map.of());
        credential.put("response", response);
        return credential;
    }

    private static byte[] clientData(Ceremony c) {
        String json = "{\"type\":\"" + c.type + "\",\"challenge\":\"" + c.challenge + "\",\"origin\":\"" + c.origin
                + "\",\"crossOrigin\":false}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
