package dev.portcullis.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The append-only audit log. */
@Service
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("portcullis.audit");

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(Audited event) {
        record(event.auditEntry());
    }

    public void record(AuditEntry entry) {
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO audit_event (occurred_at, type, actor_account_id, subject_account_id, organisation_id, source_ip, detail)
                VALUES (:at, :type, :actor, :subject, :organisation, :ip, :detail)
                """)
                .param("at", Timestamp.from(now))
                .param("type", entry.type())
                .param("actor", entry.actorAccountId())
                .param("subject", entry.subjectAccountId())
                .param("organisation", entry.organisationId())
                .param("ip", entry.sourceIp())
                .param("detail", entry.detail())
                .update();
        log.info("audit type={} actor={} subject={} organisation={} ip={} detail={}", entry.type(),
                entry.actorAccountId(), entry.subjectAccountId(), entry.organisationId(), entry.sourceIp(), entry.detail());
    }

    /** The newest entries about one account, for its own pages and for tests. */
    public List<RecordedAuditEvent> recentFor(long subjectAccountId, int limit) {
        return jdbc.sql("""
                SELECT id, occurred_at, type, actor_account_id, subject_account_id, organisation_id, source_ip, detail
                FROM audit_event WHERE subject_account_id = :subject ORDER BY id DESC LIMIT :limit
                """)
                .param("subject", subjectAccountId)
                .param("limit", limit)
                .query(RecordedAuditEvent::map)
                .list();
    }

    /** The newest entries of one type, newest first. */
    public List<RecordedAuditEvent> recentOfType(String type, int limit) {
        return jdbc.sql("""
                SELECT id, occurred_at, type, actor_account_id, subject_account_id, organisation_id, source_ip, detail
                FROM audit_event WHERE type = :type ORDER BY id DESC LIMIT :limit
                """)
                .param("type", type)
                .param("limit", limit)
                .query(RecordedAuditEvent::map)
                .list();
    }
}
