package dev.portcullis.mfa.onetimecode;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/**
 * What happens to one-time codes, for the audit log: each with its exact reason, never a code, a
 * salt or a hash. Numbers appear masked.
 */
public final class OneTimeCodeEvents {

    private OneTimeCodeEvents() {
    }

    /** A code was handed to the gateway. */
    public record CodeSent(CodeContext context, long codeId, String maskedDestination) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return entry("mfa.code.sent", context, "id=" + codeId + " to=" + maskedDestination);
        }
    }

    /** Nothing was sent: a limit was reached, or guessing is paused. */
    public record CodeSendRefused(CodeContext context, String reason) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return entry("mfa.code.send.refused", context, "reason=" + reason);
        }
    }

    /** The gateway failed; the code is dead and nothing is retried (OOB-07). */
    public record CodeUndelivered(CodeContext context, long codeId, boolean retryable, String problem) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return entry("mfa.code.undelivered", context, "id=" + codeId + " retryable=" + retryable + " problem=" + problem);
        }
    }

    /** A typed code was right and has now been used. */
    public record CodeVerified(CodeContext context, long codeId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return entry("mfa.code.verified", context, "id=" + codeId);
        }
    }

    /** A typed code was refused, with the exact reason (wrong, expired, exhausted, paused, no-code, ...). */
    public record CodeRejected(CodeContext context, String reason, Long codeId, int attempts) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return entry("mfa.code.rejected", context, "reason=" + reason + (codeId == null ? "" : " id=" + codeId)
                    + (attempts > 0 ? " attempts=" + attempts : ""));
        }
    }

    /** The old number was told that the number for codes changed (OOB-06); {@code told} false when that failed. */
    public record OldNumberTold(long accountId, Long organisationId, String factorType, String maskedOldNumber, boolean told)
            implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.number.change.notice", accountId, accountId, organisationId, null,
                    "factor=" + factorType + " to=" + maskedOldNumber + " delivered=" + told);
        }
    }

    private static AuditEntry entry(String type, CodeContext context, String detail) {
        return new AuditEntry(type, context.accountId(), context.accountId(), context.organisationId(), context.sourceIp(),
                "factor=" + context.factorType() + " purpose=" + context.purpose().dbValue() + " " + detail);
    }
}
