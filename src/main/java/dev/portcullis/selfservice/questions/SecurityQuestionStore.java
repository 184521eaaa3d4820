package dev.portcullis.selfservice.questions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.portcullis.account.password.StoredPassword;

/** JDBC storage of answer hashes. Never sees an answer. */
@Repository
class SecurityQuestionStore {

    /** One stored answer: its position (1 to 3), question key and hash. */
    record Stored(int position, String questionKey, StoredPassword hash, Instant setAt) {
    }

    private final JdbcClient jdbc;

    SecurityQuestionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Stored> find(long accountId) {
        return jdbc.sql("""
                SELECT slot, question_key, answer_hash, set_at FROM security_question_answer
                WHERE account_id = :id ORDER BY slot
                """)
                .param("id", accountId)
                .query((rs, n) -> new Stored(rs.getInt(1), rs.getString(2), new StoredPassword(rs.getString(3)),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** Replaces all answers of the account; call inside a transaction. */
    void replace(long accountId, List<Stored> answers, Instant now) {
        jdbc.sql("DELETE FROM security_question_answer WHERE account_id = :id").param("id", accountId).update();
        for (Stored answer : answers) {
            jdbc.sql("""
                    INSERT INTO security_question_answer (account_id, slot, question_key, answer_hash, set_at)
                    VALUES (:id, :position, :key, :hash, :now)
                    """)
                    .param("id", accountId).param("position", answer.position()).param("key", answer.questionKey())
                    .param("hash", answer.hash().hash()).param("now", Timestamp.from(now))
                    .update();
        }
    }

    void removeAll(long accountId) {
        jdbc.sql("DELETE FROM security_question_answer WHERE account_id = :id").param("id", accountId).update();
    }
}
