package dev.portcullis.mfa.webauthn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading what browsers post (INP-01, WA-06): limits before parsing, the RegistrationResponseJSON
 * and AuthenticationResponseJSON shapes of WebAuthn Level 3 §5.1.8, and refusals with a reason.
 */
class CredentialJsonTests {

    @Test
    void readsARegistrationResponse() throws IOException {
        JsonNode body = read("""
                {"label":"Blue key","credential":{"id":"AQID","rawId":"AQID","type":"public-key",
                 "clientExtensionResults":{},"authenticatorAttachment":"cross-platform",
                 "response":{"clientDataJSON":"e30","attestationObject":"oA","transports":["usb","nfc","carrier-pigeon"],
                             "publicKeyAlgorithm":-7,"publicKey":"AAAA","authenticatorData":"AAAA"}}}
                """);

        CredentialJson.Registration registration = CredentialJson.registration(body);

        assertThat(CredentialJson.text(body, "label")).isEqualTo("Blue key");
        assertThat(registration.rawId()).containsExactly(1, 2, 3);
        assertThat(registration.clientDataJSON()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
        assertThat(registration.attestationObject()).containsExactly(0xa0);
        assertThat(registration.transports()).containsExactly("usb", "nfc");
        assertThat(registration.toString()).doesNotContain("AQID");
    }

    @Test
    void readsAnAssertionWithOrWithoutUserHandle() throws IOException {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", "e30");
        response.put("authenticatorData", "AAAA");
        response.put("signature", "BBBB");
        response.put("userHandle", null);

        CredentialJson.Assertion without = CredentialJson.assertion(read(envelope("AQID", "AQID", response)));
        response.put("userHandle", "CCCC");
        CredentialJson.Assertion with = CredentialJson.assertion(read(envelope("AQID", "AQID", response)));

        assertThat(without.userHandle()).isNull();
        assertThat(with.userHandle()).hasSize(3);
        assertThat(with.signature()).hasSize(3);
    }

    @Test
    void inp01_bodyOverTheLimitRefusedBeforeParsing() {
        byte[] big = new byte[CredentialJson.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');

        assertRefused(() -> CredentialJson.read(new ByteArrayInputStream(big), -1), "request too large");
        assertRefused(() -> CredentialJson.read(new ByteArrayInputStream(new byte[0]), 10_000_000), "request too large");
    }

    @Test
    void inp01_notJsonOrNotAnObjectRefused() {
        assertRefused(() -> read("not json"), "request is not JSON");
        assertRefused(() -> read("[1,2]"), "request is not a JSON object");
        assertRefused(() -> read(""), "request is not a JSON object");
    }

    @Test
    void wa06_credentialIdOverTheLimitRefused() throws IOException {
        String longId = SoftAuthenticator.b64(new byte[CredentialJson.MAX_CREDENTIAL_ID_BYTES + 1]);
        String longest = SoftAuthenticator.b64(new byte[CredentialJson.MAX_CREDENTIAL_ID_BYTES]);
        Map<String, Object> response = Map.of("clientDataJSON", "e30", "attestationObject", "oA");

        assertRefused(() -> CredentialJson.registration(read(envelope(longId, longId, response))), "credential id too long");
        assertThat(CredentialJson.registration(read(envelope(longest, longest, response))).rawId())
                .hasSize(CredentialJson.MAX_CREDENTIAL_ID_BYTES);
    }

    @Test
    void wa06_malformedCredentialsRefused() {
        Map<String, Object> response = Map.of("clientDataJSON", "e30", "attestationObject", "oA");

        assertRefused(() -> CredentialJson.registration(read("{}")), "credential missing");
        assertRefused(() -> CredentialJson.registration(read(envelope("AQID", "AQIE", response))), "id and rawId differ");
        assertRefused(() -> CredentialJson.registration(read(envelope("", "", response))), "credential id empty");
        assertRefused(() -> CredentialJson.registration(read(envelope("AQID", "AQID", Map.of("clientDataJSON", "e30")))),
                "attestationObject missing");
        assertRefused(() -> CredentialJson.registration(read(envelope("AQID", "AQID",
                Map.of("clientDataJSON", "e3+/", "attestationObject", "oA")))), "not base64url");
        assertRefused(() -> CredentialJson.registration(read(envelope("AQID", "AQID",
                Map.of("clientDataJSON", 42, "attestationObject", "oA")))), "clientDataJSON is not text");
        assertRefused(() -> CredentialJson.assertion(read(envelope("AQID", "AQID", response))), "authenticatorData missing");
        assertRefused(() -> CredentialJson.registration(read("""
                {"credential":{"id":"AQID","rawId":"AQID","type":"password","response":{}}}
                """)), "credential type is not public-key");
    }

    private static String envelope(String id, String rawId, Map<String, Object> response) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", id);
        credential.put("rawId", rawId);
        credential.put("type", "public-key");
        credential.put("response", response);
        credential.put("transports", List.of());
        return CredentialJson.JSON.writeValueAsString(Map.of("credential", credential));
    }

    private static JsonNode read(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return CredentialJson.read(new ByteArrayInputStream(bytes), bytes.length);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOf(CredentialJson.MalformedException.class).hasMessage(reason);
    }
}
