package dev.portcullis.mfa.webauthn;

import java.time.Instant;

/**
 * A registered key as stored. Nothing in it is secret; {@code attestedCredentialData} holds the
 * public key.
 *
 * @param credentialId the raw credential id, base64url without padding
 */
record StoredCredential(long id, long accountId, String credentialId, byte[] attestedCredentialData, long signCount,
                        String label, String transports, boolean uvInitialized, boolean backupEligible,
                        boolean backedUp, boolean counterRegressed, Instant createdAt, Instant lastUsedAt) {

    @Override
    public String toString() {
        return "StoredCredential[id=" + id + ", accountId=" + accountId + ", signCount=" + signCount + "]";
    }
}
