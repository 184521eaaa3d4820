package dev.portcullis.mfa.totp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import dev.portcullis.shared.SecretCipher;

/**
 * Authenticator apps in {@code mfa_totp}: seeds sealed with {@link SecretCipher} (bound to the
 * account), pending rows that expire, and the used-step column that makes each code single use.
 * Single use and "one app per account" are enforced by the database, not by this class's
 * memory, so they hold across threads and nodes.
 */
@Repository
class TotpStore {

    /** How long an enrolment may wait for its first code. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(15);

    /** Pending rows an account may hold at once (tabs, refreshes); older ones are dropped. */
    static final int MAX_PENDING = 4;

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    TotpStore(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** What lists may show about an app: never its seed. */
    record TotpApp(long id, long accountId, boolean confirmed, Instant createdAt, Instant confirmedAt,
                   Instant lastUsedAt, Long lastUsedStep) {
    }

    /** An app with its opened seed, for verifying a code; {@code toString()} leaves the seed out. */
    record SeededApp(TotpApp app, byte[] seed) {
        @Override
        public String toString() {
            return "SeededApp[" + app + ", seed=(redacted)]";
        }
    }

    /** The associated data that binds a sealed seed to its account. */
    static String associatedData(long accountId) {
        return "totp:account:" + accountId;
    }

    /** Stores a new pending app for the account and returns its id; drops expired and surplus pending rows. */
    long insertPending(long accountId, byte[] seed, Instant now) {
        jdbc.sql("""
                DELETE FROM mfa_totp
                WHERE account_id = :account AND confirmed = FALSE
                  AND (created_at < :cutoff OR id NOT IN (
                        SELECT id FROM mfa_totp WHERE account_id = :account AND confirmed = FALSE
                        ORDER BY id DESC LIMIT :keep))
                """)
                .param("account", accountId)
                .param("cutoff", Timestamp.from(now.minus(PENDING_LIFETIME)))
                .param("keep", MAX_PENDING - 1)
                .update();
        byte[] sealed = cipher.encrypt(seed, associatedData(accountId));
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO mfa_totp (account_id, seed_ciphertext, confirmed, created_at)
                VALUES (:account, :seed, FALSE, :now)
                """)
                .param("account", accountId)
                .param("seed", sealed)
                .param("now", Timestamp.from(now))
                .update(keys, "id");
        Number id = keys.getKey();
        if (id == null) {
            throw new IllegalStateException("no id for the new authenticator app");
        }
        return id.longValue();
    }

    /** A pending app of the account that has not expired, with its seed. */
    Optional<SeededApp> pending(long id, long accountId, Instant now) {
        return jdbc.sql(SELECT + " WHERE id = :id AND account_id = :account AND confirmed = FALSE AND created_at >= :cutoff")
                .param("id", id)
                .param("account", accountId)
                .param("cutoff", Timestamp.from(now.minus(PENDING_LIFETIME)))
                .query(this::seeded)
                .optional();
    }

    /** The account's confirmed app, with its seed. */
    Optional<SeededApp> confirmed(long accountId) {
        return jdbc.sql(SELECT + " WHERE account_id = :account AND confirmed = TRUE")
                .param("account", accountId)
                .query(this::seeded)
                .optional();
    }

    /** The account's confirmed apps (zero or one), for lists. */
    List<TotpApp> confirmedApps(long accountId) {
        return jdbc.sql(SELECT + " WHERE account_id = :account AND confirmed = TRUE ORDER BY id")
                .param("account", accountId)
                .query((rs, n) -> app(rs))
                .list();
    }

    /**
     * Makes a pending app the account's app, in the caller's transaction: locks the account's
     * rows (so two tabs confirming at once take turns and the later one wins), deletes the old
     * confirmed app, and confirms this one with {@code step} recorded as used. False when the
     * pending row is gone or expired; nothing is changed then.
     */
    boolean confirm(long id, long accountId, long step, Instant now) {
        jdbc.sql("SELECT id FROM mfa_totp WHERE account_id = :account FOR UPDATE")
                .param("account", accountId)
                .query((rs, n) -> rs.getLong(1))
                .list();
        boolean live = jdbc.sql("SELECT COUNT(*) FROM mfa_totp WHERE id = :id AND account_id = :account AND confirmed = FALSE AND created_at >= :cutoff")
                .param("id", id).param("account", accountId)
                .param("cutoff", Timestamp.from(now.minus(PENDING_LIFETIME)))
                .query(Long.class).single() == 1;
        if (!live) {
            return false;
        }
        jdbc.sql("DELETE FROM mfa_totp WHERE account_id = :account AND confirmed = TRUE")
                .param("account", accountId)
                .update();
        int updated = jdbc.sql("""
                UPDATE mfa_totp SET confirmed = TRUE, active_account_id = account_id, confirmed_at = :now,
                       last_used_step = :step
                WHERE id = :id AND account_id = :account AND confirmed = FALSE
                """)
                .param("now", Timestamp.from(now))
                .param("step", step)
                .param("id", id)
                .param("account", accountId)
                .update();
        return updated == 1;
    }

    /**
     * Accepts {@code step} for a confirmed app only if it is newer than every step accepted
     * before: exactly one row changes for exactly one caller (RFC 6238 §5.2, TOTP-02, FLT-05).
     */
    boolean claimStep(long id, long step, Instant now) {
        int updated = jdbc.sql("""
                UPDATE mfa_totp SET last_used_step = :step, last_used_at = :now
                WHERE id = :id AND confirmed = TRUE AND (last_used_step IS NULL OR last_used_step < :step)
                """)
                .param("step", step)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
        return updated == 1;
    }

    /** Deletes one app of the account, pending or confirmed. */
    boolean delete(long accountId, long id) {
        return jdbc.sql("DELETE FROM mfa_totp WHERE id = :id AND account_id = :account")
                .param("id", id).param("account", accountId)
                .update() == 1;
    }

    /** Deletes every app of the account, pending ones too. */
    int deleteAll(long accountId) {
        return jdbc.sql("DELETE FROM mfa_totp WHERE account_id = :account")
                .param("account", accountId)
                .update();
    }

    /** Removes pending apps nobody confirmed in time. */
    int pruneExpiredPending(Instant now) {
        return jdbc.sql("DELETE FROM mfa_totp WHERE confirmed = FALSE AND created_at < :cutoff")
                .param("cutoff", Timestamp.from(now.minus(PENDING_LIFETIME)))
                .update();
    }

    private static final String SELECT = """
            SELECT id, account_id, seed_ciphertext, confirmed, created_at, confirmed_at, last_used_at, last_used_step
            FROM mfa_totp""";

    private SeededApp seeded(ResultSet rs, int row) throws SQLException {
        TotpApp app = app(rs);
        byte[] sealed = rs.getBytes("seed_ciphertext");
        byte[] seed = cipher.decrypt(sealed, associatedData(app.accountId()));
        Arrays.fill(sealed, (byte) 0);
        return new SeededApp(app, seed);
    }

    private static TotpApp app(ResultSet rs) throws SQLException {
        return new TotpApp(rs.getLong("id"), rs.getLong("account_id"), rs.getBoolean("confirmed"),
                instant(rs, "created_at"), instant(rs, "confirmed_at"), instant(rs, "last_used_at"),
                rs.getObject("last_used_step", Long.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
