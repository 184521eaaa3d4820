package dev.portcullis.help;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The feedback table. */
@Repository
class FeedbackStore {

    private final JdbcClient jdbc;

    FeedbackStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the sender's account row until the transaction ends, so that two messages sent at
     * once are counted one after the other and never both take the last place in the allowance.
     */
    void lockSender(long accountId) {
        jdbc.sql("SELECT id FROM account WHERE id = :id FOR UPDATE").param("id", accountId).query(Long.class).optional();
    }

    long countSince(long accountId, Instant since) {
        return jdbc.sql("SELECT COUNT(*) FROM feedback WHERE account_id = :account AND submitted_at > :since")
                .param("account", accountId).param("since", Timestamp.from(since))
                .query(Long.class).single();
    }

    void insert(long accountId, Instant at, String topic, String message, String contactEmail) {
        jdbc.sql("""
                INSERT INTO feedback (submitted_at, account_id, topic, message, contact_email)
                VALUES (:at, :account, :topic, :message, :contact)
                """)
                .param("at", Timestamp.from(at)).param("account", accountId).param("topic", topic)
                .param("message", message).param("contact", contactEmail)
                .update();
    }

    /** Newest first. */
    List<FeedbackLine> newest(int limit, int offset) {
        return jdbc.sql("""
                SELECT f.id, f.submitted_at, a.email, a.display_name, f.topic, f.message, f.contact_email
                FROM feedback f LEFT JOIN account a ON a.id = f.account_id
                ORDER BY f.submitted_at DESC, f.id DESC LIMIT :limit OFFSET :offset
                """)
                .param("limit", limit).param("offset", offset)
                .query((rs, n) -> new FeedbackLine(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }
}
