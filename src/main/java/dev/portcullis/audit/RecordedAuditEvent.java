package dev.portcullis.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** An audit line as read back. */
public record RecordedAuditEvent(long id, Instant occurredAt, String type, Long actorAccountId,
                                 Long subjectAccountId, Long organisationId, String sourceIp, String detail) {

    static RecordedAuditEvent map(ResultSet rs, int row) throws SQLException {
        return new RecordedAuditEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("type"),
                rs.getObject("actor_account_id", Long.class), rs.getObject("subject_account_id", Long.class),
                rs.getObject("organisation_id", Long.class), rs.getString("source_ip"), rs.getString("detail"));
    }
}
