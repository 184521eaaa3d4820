package dev.portcullis.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code notification_queue} table. Every change of a row's state is a conditional update:
 * a claim succeeds only for a due, unsent, unleased row, and whatever follows a claim names the
 * claim's token, so a node whose lease ran out can no longer touch the row. Once a row is sent
 * or given up its bodies are emptied: some emails carry a link that works once (a password
 * reset), and nothing needs the text after it went.
 */
@Repository
class JdbcNotificationQueue {

    private static final String COLUMNS = """
            id, account_id, template, recipient, subject, text_body, html_body, created_at, attempts,
            next_attempt_at, claimed_until, sent_at, gave_up_at, last_error
            """;

    private final JdbcClient jdbc;

    JdbcNotificationQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long accountId, String template, String recipient, RenderedEmail email, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO notification_queue (account_id, template, recipient, subject, text_body, html_body,
                                                created_at, attempts, next_attempt_at)
                VALUES (:account, :template, :recipient, :subject, :text, :html, :now, 0, :now)
                """)
                .param("account", accountId).param("template", template).param("recipient", recipient)
                .param("subject", email.subject()).param("text", email.textBody()).param("html", email.htmlBody())
                .param("now", Timestamp.from(now))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /** Ids of rows due now and not leased, oldest due first. Only a hint: {@link #claim} decides. */
    List<Long> due(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM notification_queue
                WHERE next_attempt_at <= :now AND (claimed_until IS NULL OR claimed_until < :now)
                ORDER BY next_attempt_at, id LIMIT :limit
                """)
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query(Long.class).list();
    }

    /** Leases a due row to {@code token} until {@code until}; true for exactly one claimant. */
    boolean claim(long id, String token, Instant now, Instant until) {
        return jdbc.sql("""
                UPDATE notification_queue SET claimed_until = :until, claim_token = :token
                WHERE id = :id AND sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= :now
                  AND (claimed_until IS NULL OR claimed_until < :now)
                """)
                .param("until", Timestamp.from(until)).param("token", token).param("id", id)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    Optional<QueuedNotification> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notification_queue WHERE id = :id")
                .param("id", id)
                .query(JdbcNotificationQueue::map)
                .optional();
    }

    boolean markSent(long id, String token, Instant now) {
        return jdbc.sql("""
                UPDATE notification_queue SET sent_at = :now, attempts = attempts + 1, next_attempt_at = NULL,
                       claimed_until = NULL, claim_token = NULL, text_body = '', html_body = NULL
                WHERE id = :id AND claim_token = :token AND sent_at IS NULL
                """)
                .param("now", Timestamp.from(now)).param("id", id).param("token", token)
                .update() == 1;
    }

    boolean markFailed(long id, String token, Instant nextAttempt, String error) {
        return jdbc.sql("""
                UPDATE notification_queue SET attempts = attempts + 1, next_attempt_at = :next, last_error = :error,
                       claimed_until = NULL, claim_token = NULL
                WHERE id = :id AND claim_token = :token AND sent_at IS NULL
                """)
                .param("next", Timestamp.from(nextAttempt)).param("error", error).param("id", id).param("token", token)
                .update() == 1;
    }

    boolean giveUp(long id, String token, Instant now, String error) {
        return jdbc.sql("""
                UPDATE notification_queue SET attempts = attempts + 1, next_attempt_at = NULL, gave_up_at = :now,
                       last_error = :error, claimed_until = NULL, claim_token = NULL, text_body = '', html_body = NULL
                WHERE id = :id AND claim_token = :token AND sent_at IS NULL
                """)
                .param("now", Timestamp.from(now)).param("error", error).param("id", id).param("token", token)
                .update() == 1;
    }

    /** Removes rows sent or given up before {@code cutoff}. */
    int prune(Instant cutoff) {
        return jdbc.sql("DELETE FROM notification_queue WHERE sent_at < :cutoff OR gave_up_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff)).update();
    }

    /** Notifications still to be sent (not sent, not given up). */
    long pending() {
        return jdbc.sql("SELECT COUNT(*) FROM notification_queue WHERE next_attempt_at IS NOT NULL")
                .query(Long.class).single();
    }

    private static QueuedNotification map(ResultSet rs, int row) throws SQLException {
        return new QueuedNotification(rs.getLong("id"), rs.getObject("account_id", Long.class), rs.getString("template"),
                rs.getString("recipient"), rs.getString("subject"), rs.getString("text_body"), rs.getString("html_body"),
                instant(rs, "created_at"), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
                instant(rs, "claimed_until"), instant(rs, "sent_at"), instant(rs, "gave_up_at"), rs.getString("last_error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
