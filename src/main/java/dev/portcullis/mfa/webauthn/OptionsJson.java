package dev.portcullis.mfa.webauthn;

import java.util.List;

/**
 * The options the browser hands to {@code navigator.credentials.create()} and {@code get()}, in
 * the JSON forms of WebAuthn Level 3 §5.1.9 ({@code PublicKeyCredentialCreationOptionsJSON},
 * {@code PublicKeyCredentialRequestOptionsJSON}) that {@code PublicKeyCredential.parseCreationOptionsFromJSON}
 * and {@code parseRequestOptionsFromJSON} read. Binary values are base64url without padding.
 */
final class OptionsJson {

    private OptionsJson() {
    }

    record Creation(RelyingPartyEntity rp, UserEntity user, String challenge, List<Parameters> pubKeyCredParams,
                    long timeout, List<Descriptor> excludeCredentials, Selection authenticatorSelection,
                    String attestation) {
    }

    record Request(String challenge, long timeout, String rpId, List<Descriptor> allowCredentials,
                   String userVerification) {
    }

    record RelyingPartyEntity(String id, String name) {
    }

    record UserEntity(String id, String name, String displayName) {
    }

    record Parameters(String type, long alg) {
    }

    record Descriptor(String type, String id, List<String> transports) {
    }

    record Selection(String residentKey, boolean requireResidentKey, String userVerification) {
    }

    static Descriptor descriptor(StoredCredential credential) {
        List<String> transports = credential.transports() == null || credential.transports().isBlank() ? List.of()
                : List.of(credential.transports().split(","));
        return new Descriptor("public-key", credential.credentialId(), transports);
    }
}
