package dev.portcullis.messaging.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The outbox table. Always present (email may land here with any SMS provider); the view is not. */
@Repository
public class Outbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    Outbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void store(String channel, String to, String subject, String body, String htmlBody) {
        jdbc.sql("""
                INSERT INTO message_outbox (channel, recipient, subject, body, html_body, sent_at)
                VALUES (:channel, :to, :subject, :body, :html, :at)
                """)
                .param("channel", channel).param("to", to).param("subject", subject).param("body", body)
                .param("html", htmlBody).param("at", Timestamp.from(clock.instant()))
                .update();
    }

    /** Newest first. */
    public List<OutboxMessage> newestFirst(int limit) {
        return jdbc.sql("SELECT id, channel, recipient, subject, body, sent_at FROM message_outbox ORDER BY id DESC LIMIT :limit")
                .param("limit", Math.max(1, Math.min(limit, 500)))
                .query((rs, n) -> new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant()))
                .list();
    }
}
