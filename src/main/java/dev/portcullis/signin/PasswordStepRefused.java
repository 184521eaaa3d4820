package dev.portcullis.signin;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/** A password step failed or was refused. {@code reason} is exact; the person saw a generic message. */
public record PasswordStepRefused(Long accountId, String sourceIp, String reason, String emailTyped) implements Audited {

    @Override
    public AuditEntry auditEntry() {
        String typed = emailTyped == null ? "" : emailTyped.length() > 254 ? emailTyped.substring(0, 254) + "…" : emailTyped;
        return new AuditEntry("signin.password.refused", null, accountId, null, sourceIp,
                "reason=" + reason + (accountId == null ? " email=" + typed : ""));
    }
}
