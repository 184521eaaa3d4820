package dev.portcullis.audit;

import java.util.regex.Pattern;

/**
 * One line of the audit log. {@code detail} is short plain text, never a secret; it is stored
 * on one line so that log injection cannot forge entries (INP-04).
 */
public record AuditEntry(String type, Long actorAccountId, Long subjectAccountId, Long organisationId,
                         String sourceIp, String detail) {

    private static final Pattern CONTROL = Pattern.compile("[\\r\\n\\t\\p{Cntrl}]");

    public AuditEntry {
        if (type == null || type.isBlank() || type.length() > 64) {
            throw new IllegalArgumentException("audit type must be 1 to 64 characters");
        }
        detail = singleLine(detail, 1000);
        sourceIp = singleLine(sourceIp, 64);
    }

    private static String singleLine(String text, int max) {
        if (text == null) {
            return null;
        }
        String flat = CONTROL.matcher(text).replaceAll(" ");
        return flat.length() > max ? flat.substring(0, max) : flat;
    }
}
