package dev.portcullis.oidc;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/** What happens between people and relying applications. Audited; never a code or token in them. */
public final class OidcEvents {

    private OidcEvents() {
    }

    /** An application received an authorization code for this person: they signed in to it. */
    public record ApplicationSignedIn(long accountId, long organisationId, String clientId, String sourceIp) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("oidc.signin", accountId, accountId, organisationId, sourceIp, "client=" + clientId);
        }
    }

    /** The application asked for a stronger sign-in than the person can give; it got an error, not a token (MFA-03). */
    public record AuthenticationRequirementUnmet(long accountId, long organisationId, String clientId, String required)
            implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("oidc.acr.unmet", accountId, accountId, organisationId, null,
                    "client=" + clientId + " required=" + required);
        }
    }

    /** A code or refresh token was presented twice: everything issued from that sign-in is revoked (OIDC-04/05). */
    public record TokenFamilyRevoked(String principalName, String registeredClientId, String reason) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            Long account = principalName != null && principalName.matches("[0-9]{1,18}") ? Long.valueOf(principalName) : null;
            return new AuditEntry("oidc.tokens.revoked", null, account, null, null,
                    "reason=" + reason + " registeredClient=" + registeredClientId);
        }
    }
}
