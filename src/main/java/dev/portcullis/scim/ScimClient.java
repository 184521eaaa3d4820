package dev.portcullis.scim;

/**
 * Who is calling /scim/v2: one provisioning token. {@code organisationId} is null for a global
 * token. Changes it makes are audited with the administrator who issued it as the actor and the
 * token's id in the detail, so every change leads back to a person and a token.
 */
record ScimClient(long tokenId, Long organisationId, long issuedBy) {

    boolean global() {
        return organisationId == null;
    }

    /** Whether this token may see or change accounts of this organisation. */
    boolean covers(long organisationId) {
        return this.organisationId == null || this.organisationId == organisationId;
    }

    String via() {
        return "scim token=" + tokenId;
    }
}
