package dev.portcullis.audit;

/**
 * An event that leaves a line in the audit log. Modules publish past-tense event records that
 * implement this; the audit log listens, inside the publisher's transaction, so the change
 * and its audit line are written together or not at all.
 */
public interface Audited {

    AuditEntry auditEntry();
}
