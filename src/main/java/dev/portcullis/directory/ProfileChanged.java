package dev.portcullis.directory;

import java.util.Set;
import java.util.stream.Collectors;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/**
 * Someone changed a directory profile. The audit line names the fields, not their values: the
 * values are in the profile itself, and keeping them out keeps the log free of what people typed.
 */
public record ProfileChanged(long accountId, long organisationId, Set<ProfileField> fields, long actorAccountId)
        implements Audited {

    @Override
    public AuditEntry auditEntry() {
        String names = fields.stream().map(ProfileField::formName).sorted().collect(Collectors.joining(","));
        return new AuditEntry(actorAccountId == accountId ? "directory.profile.changed" : "directory.profile.changed.admin",
                actorAccountId, accountId, organisationId, null, "fields=" + names);
    }
}
