package dev.portcullis.oidc.applications;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/** Changes to relying applications, made in the console or by configuration. Never a secret in them. */
final class ApplicationEvents {

    private ApplicationEvents() {
    }

    record ApplicationRegistered(long actorAccountId, String clientId, String name, String type) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("oidc.application.registered", actorAccountId, null, null, null,
                    "client=" + clientId + " type=" + type + " name=" + name);
        }
    }

    record ApplicationChanged(long actorAccountId, String clientId, String name) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("oidc.application.changed", actorAccountId, null, null, null, "client=" + clientId + " name=" + name);
        }
    }

    record ApplicationSecretRenewed(long actorAccountId, String clientId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("oidc.application.secret.renewed", actorAccountId, null, null, null, "client=" + clientId);
        }
    }

    record ApplicationDeleted(long actorAccountId, String clientId, String name) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("oidc.application.deleted", actorAccountId, null, null, null, "client=" + clientId + " name=" + name);
        }
    }

    /** Written from {@code spring.security.oauth2.authorizationserver.client.*} at start-up. */
    record ApplicationConfigured(String clientId, boolean created, String adjusted) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("oidc.application.configured", null, null, null, null,
                    "client=" + clientId + (created ? " created" : " updated") + (adjusted.isEmpty() ? "" : " enforced=" + adjusted));
        }
    }
}
