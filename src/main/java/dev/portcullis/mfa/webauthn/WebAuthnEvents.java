package dev.portcullis.mfa.webauthn;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/** What happens with security keys, for the audit log. Never a challenge, signature or key. */
public final class WebAuthnEvents {

    private WebAuthnEvents() {
    }

    /**
     * A registration or an assertion was not accepted.
     *
     * @param during {@code enrolment} or {@code signin} (sign-in or step-up)
     * @param reason the exact reason ({@code wrong origin}, {@code challenge expired}, ...); the
     *               person sees a plain, generic message
     */
    public record SecurityKeyRefused(long accountId, long organisationId, String sourceIp, String during, String reason)
            implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.webauthn.refused", accountId, accountId, organisationId, sourceIp,
                    "during=" + during + " reason=" + reason);
        }
    }

    /**
     * A correctly signed assertion came with a signature counter that did not go up (WebAuthn
     * §7.2 step 22): the key may have been copied. The key is blocked until it is removed and
     * registered again.
     */
    public record SecurityKeyCounterRegressed(long accountId, long organisationId, String sourceIp, String instanceId,
                                              long storedCount, long presentedCount) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.webauthn.counter.regressed", accountId, accountId, organisationId, sourceIp,
                    "key=" + instanceId + " stored=" + storedCount + " presented=" + presentedCount);
        }
    }
}
