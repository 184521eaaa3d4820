package dev.portcullis.mfa.recovery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The recovery code tables. Holds hashes only; single use is the database's job (a conditional update). */
@Repository
class JdbcRecoveryCodeStore {

    private final JdbcClient jdbc;

    JdbcRecoveryCodeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account's set row: its generation (0 before the first set) and when the current codes were made. */
    record CodeSet(long generation, Instant createdAt) {
    }

    /** One stored code: its hash and, once used, when. */
    record StoredCode(long id, String hash, Instant usedAt) {
    }

    /** Summary for lists: unused codes left, and when a code was last used. */
    record Summary(int unused, Instant createdAt, Instant lastUsedAt) {
    }

    Optional<CodeSet> set(long accountId) {
        return jdbc.sql("SELECT generation, created_at FROM mfa_recovery_code_set WHERE account_id = :account")
                .param("account", accountId)
                .query((rs, n) -> new CodeSet(rs.getLong(1), rs.getTimestamp(2).toInstant()))
                .optional();
    }

    /**
     * Makes sure the account has a set row (generation 0), so that every later change is a
     * conditional update of it. Runs on its own: a concurrent insert of the same row is fine.
     */
    void ensureSet(long accountId, Instant now) {
        if (set(accountId).isPresent()) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO mfa_recovery_code_set (account_id, generation, created_at) VALUES (:account, 0, :now)")
                    .param("account", accountId).param("now", Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException alreadyThere) {
            // another request created it first: that is all we wanted
        }
    }

    /**
     * Moves the set on from {@code generation}, locking the row until the transaction ends. False
     * when the set has moved on since the page was shown (another tab, or the form sent twice).
     */
    boolean advance(long accountId, long generation, Instant now) {
        return jdbc.sql("""
                UPDATE mfa_recovery_code_set SET generation = generation + 1, created_at = :now
                WHERE account_id = :account AND generation = :generation
                """)
                .param("now", Timestamp.from(now)).param("account", accountId).param("generation", generation)
                .update() == 1;
    }

    int countUnused(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM mfa_recovery_code WHERE account_id = :account AND used_at IS NULL")
                .param("account", accountId)
                .query(Integer.class).single();
    }

    /** Removes every code of the account (used or not); the set row and its generation stay. */
    int deleteCodes(long accountId) {
        return jdbc.sql("DELETE FROM mfa_recovery_code WHERE account_id = :account")
                .param("account", accountId).update();
    }

    void insert(long accountId, List<String> hashes, Instant now) {
        for (String hash : hashes) {
            jdbc.sql("INSERT INTO mfa_recovery_code (account_id, code_hash, created_at) VALUES (:account, :hash, :now)")
                    .param("account", accountId).param("hash", hash).param("now", Timestamp.from(now))
                    .update();
        }
    }

    /** Every code of the account, used or not. */
    List<StoredCode> codes(long accountId) {
        return jdbc.sql("SELECT id, code_hash, used_at FROM mfa_recovery_code WHERE account_id = :account ORDER BY id")
                .param("account", accountId)
                .query((rs, n) -> {
                    Timestamp used = rs.getTimestamp(3);
                    return new StoredCode(rs.getLong(1), rs.getString(2), used == null ? null : used.toInstant());
                })
                .list();
    }

    /** Marks a code used if nobody has yet: true for exactly one caller, however many race (FLT-05). */
    boolean claim(long accountId, long codeId, Instant now) {
        return jdbc.sql("""
                UPDATE mfa_recovery_code SET used_at = :now
                WHERE id = :id AND account_id = :account AND used_at IS NULL
                """)
                .param("now", Timestamp.from(now)).param("id", codeId).param("account", accountId)
                .update() == 1;
    }

    Optional<Summary> summary(long accountId) {
        return jdbc.sql("""
                SELECT s.created_at,
                       (SELECT COUNT(*) FROM mfa_recovery_code c WHERE c.account_id = s.account_id AND c.used_at IS NULL),
                       (SELECT MAX(c.used_at) FROM mfa_recovery_code c WHERE c.account_id = s.account_id)
                FROM mfa_recovery_code_set s WHERE s.account_id = :account
                """)
                .param("account", accountId)
                .query((rs, n) -> {
                    Timestamp lastUsed = rs.getTimestamp(3);
                    return new Summary(rs.getInt(2), rs.getTimestamp(1).toInstant(),
                            lastUsed == null ? null : lastUsed.toInstant());
                })
                .optional();
    }
}
