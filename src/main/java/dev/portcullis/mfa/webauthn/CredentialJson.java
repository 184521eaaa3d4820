package dev.portcullis.mfa.webauthn;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what the browser posts: the JSON of {@code PublicKeyCredential.toJSON()} (WebAuthn
 * Level 3 §5.1.8: {@code RegistrationResponseJSON}, {@code AuthenticationResponseJSON}) inside a
 * small envelope. Limits come before any parsing or cryptography (INP-01): the body is at most
 * {@link #MAX_BODY_BYTES}, a credential id at most {@link #MAX_CREDENTIAL_ID_BYTES} (§5.8.3).
 */
final class CredentialJson {

    static final int MAX_BODY_BYTES = 64 * 1024;

    /** WebAuthn §5.8.3 / §7.1 step 19: a credential id is at most 1023 bytes. */
    static final int MAX_CREDENTIAL_ID_BYTES = 1023;

    private static final Set<String> TRANSPORTS = Set.of("usb", "nfc", "ble", "smart-card", "hybrid", "internal");

    static final JsonMapper JSON = JsonMapper.builder().build();

    private CredentialJson() {
    }

    /** A registration response: the fields a relying party needs, decoded. */
    record Registration(byte[] rawId, byte[] clientDataJSON, byte[] attestationObject, Set<String> transports) {
        @Override
        public String toString() {
            return "Registration[rawId=" + rawId.length + " bytes]";
        }
    }

    /** An authentication response, decoded; {@code userHandle} may be null. */
    record Assertion(byte[] rawId, byte[] clientDataJSON, byte[] authenticatorData, byte[] signature, byte[] userHandle) {
        @Override
        public String toString() {
            return "Assertion[rawId=" + rawId.length + " bytes]";
        }
    }

    /** Input refused before any verification; {@code reason} is for the audit log only. */
    static final class MalformedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Reads a request body of at most {@link #MAX_BODY_BYTES} into a JSON object. */
    static JsonNode read(InputStream body, long declaredLength) throws IOException {
        if (declaredLength > MAX_BODY_BYTES) {
            throw new MalformedException("request too large");
        }
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new MalformedException("request too large");
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new MalformedException("request is not a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new MalformedException("request is not JSON");
        }
    }

    /** A text field of the envelope, or null when absent or not text. */
    static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isString() ? node.stringValue() : null;
    }

    /** §5.1.8 RegistrationResponseJSON. */
    static Registration registration(JsonNode root) {
        JsonNode credential = credential(root);
        JsonNode response = object(credential, "response");
        byte[] rawId = rawId(credential);
        Set<String> transports = new LinkedHashSet<>();
        JsonNode list = response.get("transports");
        if (list != null && list.isArray()) {
            for (int i = 0; i < list.size() && i < 10; i++) {
                JsonNode transport = list.get(i);
                if (transport.isString() && TRANSPORTS.contains(transport.stringValue())) {
                    transports.add(transport.stringValue());
                }
            }
        }
        return new Registration(rawId, bytes(response, "clientDataJSON", true), bytes(response, "attestationObject", true),
                transports);
    }

    /** §5.1.8 AuthenticationResponseJSON. */
    static Assertion assertion(JsonNode root) {
        JsonNode credential = credential(root);
        JsonNode response = object(credential, "response");
        return new Assertion(rawId(credential), bytes(response, "clientDataJSON", true),
                bytes(response, "authenticatorData", true), bytes(response, "signature", true),
                bytes(response, "userHandle", false));
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] fromBase64Url(String text) {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedException("not base64url");
        }
    }

    private static JsonNode credential(JsonNode root) {
        JsonNode credential = object(root, "credential");
        JsonNode type = credential.get("type");
        if (type == null || !type.isString() || !"public-key".equals(type.stringValue())) {
            throw new MalformedException("credential type is not public-key");
        }
        return credential;
    }

    /** The raw credential id: id and rawId must agree, and it must fit the limit (WA-06). */
    private static byte[] rawId(JsonNode credential) {
        byte[] rawId = bytes(credential, "rawId", true);
        byte[] id = bytes(credential, "id", true);
        if (!Arrays.equals(rawId, id)) {
            throw new MalformedException("id and rawId differ");
        }
        if (rawId.length == 0) {
            throw new MalformedException("credential id empty");
        }
        if (rawId.length > MAX_CREDENTIAL_ID_BYTES) {
            throw new MalformedException("credential id too long");
        }
        return rawId;
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new MalformedException(field + " missing");
        }
        return node;
    }

    private static byte[] bytes(JsonNode parent, String field, boolean required) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new MalformedException(field + " missing");
            }
            return null;
        }
        if (!node.isString()) {
            throw new MalformedException(field + " is not text");
        }
        String text = node.stringValue();
        if (text.isEmpty() && !required) {
            return null;
        }
        return fromBase64Url(text);
    }
}
