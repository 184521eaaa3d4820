package dev.portcullis.mfa.webauthn;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The WebAuthn tables: user handles, registered keys and issued challenges. Single use is a
 * fact of the database: a challenge is consumed by a conditional update that only one request
 * can win (FLT-05), and a credential id can be stored only once (WA-06).
 */
@Repository
class WebAuthnStore {

    /** Outstanding challenges an account may hold per purpose: enough for a few tabs, no more. */
    static final int LIVE_CHALLENGES = 10;

    private final JdbcClient jdbc;

    WebAuthnStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- user handles ----

    Optional<byte[]> userHandle(long accountId) {
        return jdbc.sql("SELECT user_handle FROM mfa_webauthn_user_handle WHERE account_id = :account")
                .param("account", accountId)
                .query((rs, n) -> rs.getBytes(1))
                .optional();
    }

    /** Inserts a handle; a concurrent insert for the same account makes this throw DuplicateKeyException. */
    void insertUserHandle(long accountId, byte[] handle) {
        jdbc.sql("INSERT INTO mfa_webauthn_user_handle (account_id, user_handle) VALUES (:account, :handle)")
                .param("account", accountId).param("handle", handle)
                .update();
    }

    // ---- credentials ----

    private static final String CREDENTIAL_COLUMNS = """
            id, account_id, credential_id, attested_credential_data, sign_count, label, transports, uv_initialized,
            backup_eligible, backed_up, counter_regressed, created_at, last_used_at
            """;

    List<StoredCredential> credentials(long accountId) {
        return jdbc.sql("SELECT " + CREDENTIAL_COLUMNS + " FROM mfa_webauthn_credential WHERE account_id = :account ORDER BY created_at, id")
                .param("account", accountId)
                .query(WebAuthnStore::credential)
                .list();
    }

    Optional<StoredCredential> credential(long accountId, String credentialId) {
        return jdbc.sql("SELECT " + CREDENTIAL_COLUMNS + " FROM mfa_webauthn_credential WHERE account_id = :account AND credential_id = :credential")
                .param("account", accountId).param("credential", credentialId)
                .query(WebAuthnStore::credential)
                .optional();
    }

    boolean credentialIdExists(String credentialId) {
        return jdbc.sql("SELECT COUNT(*) FROM mfa_webauthn_credential WHERE credential_id = :credential")
                .param("credential", credentialId)
                .query(Long.class).single() > 0;
    }

    /** Stores a new key and returns its row id; throws DuplicateKeyException when the credential id is taken. */
    long insertCredential(long accountId, String credentialId, byte[] attestedCredentialData, long signCount, String label,
                          String transports, boolean uvInitialized, boolean backupEligible, boolean backedUp, Instant now) {
        jdbc.sql("""
                INSERT INTO mfa_webauthn_credential (account_id, credential_id, attested_credential_data, sign_count, label,
                       transports, uv_initialized, backup_eligible, backed_up, counter_regressed, created_at)
                VALUES (:account, :credential, :data, :count, :label, :transports, :uv, :be, :bs, FALSE, :now)
                """)
                .param("account", accountId).param("credential", credentialId).param("data", attestedCredentialData)
                .param("count", signCount).param("label", label).param("transports", transports)
                .param("uv", uvInitialized).param("be", backupEligible).param("bs", backedUp)
                .param("now", Timestamp.from(now))
                .update();
        return jdbc.sql("SELECT id FROM mfa_webauthn_credential WHERE credential_id = :credential")
                .param("credential", credentialId)
                .query(Long.class).single();
    }

    /**
     * Records a verified assertion. The counter only ever moves up, also when two assertions of
     * one key are accepted at the same moment.
     */
    void recordUse(long id, long signCount, boolean userVerified, boolean backedUp, Instant now) {
        jdbc.sql("""
                UPDATE mfa_webauthn_credential
                SET sign_count = CASE WHEN sign_count < :count THEN :count ELSE sign_count END,
                    uv_initialized = CASE WHEN :uv THEN TRUE ELSE uv_initialized END,
                    backed_up = :bs, last_used_at = :now
                WHERE id = :id
                """)
                .param("count", signCount).param("uv", userVerified).param("bs", backedUp)
                .param("now", Timestamp.from(now)).param("id", id)
                .update();
    }

    void flagCounterRegressed(long id) {
        jdbc.sql("UPDATE mfa_webauthn_credential SET counter_regressed = TRUE WHERE id = :id").param("id", id).update();
    }

    boolean rename(long accountId, long id, String label) {
        return jdbc.sql("UPDATE mfa_webauthn_credential SET label = :label WHERE id = :id AND account_id = :account")
                .param("label", label).param("id", id).param("account", accountId)
                .update() == 1;
    }

    boolean delete(long accountId, long id) {
        return jdbc.sql("DELETE FROM mfa_webauthn_credential WHERE id = :id AND account_id = :account")
                .param("id", id).param("account", accountId)
                .update() == 1;
    }

    void deleteAll(long accountId) {
        jdbc.sql("DELETE FROM mfa_webauthn_credential WHERE account_id = :account").param("account", accountId).update();
        jdbc.sql("DELETE FROM mfa_webauthn_challenge WHERE account_id = :account").param("account", accountId).update();
    }

    private static StoredCredential credential(ResultSet rs, int row) throws SQLException {
        Timestamp lastUsed = rs.getTimestamp("last_used_at");
        return new StoredCredential(rs.getLong("id"), rs.getLong("account_id"), rs.getString("credential_id"),
                rs.getBytes("attested_credential_data"), rs.getLong("sign_count"), rs.getString("label"),
                rs.getString("transports"), rs.getBoolean("uv_initialized"), rs.getBoolean("backup_eligible"),
                rs.getBoolean("backed_up"), rs.getBoolean("counter_regressed"), rs.getTimestamp("created_at").toInstant(),
                lastUsed == null ? null : lastUsed.toInstant());
    }

    // ---- challenges ----

    /**
     * Stores a new challenge, first dropping the account's oldest ones beyond
     * {@link #LIVE_CHALLENGES} for the purpose, so that asking again and again cannot grow the
     * table (expired ones go with {@link #pruneChallenges}).
     */
    void insertChallenge(long accountId, Purpose purpose, byte[] challenge, String sessionBinding, Instant now,
                         Instant expiresAt) {
        List<Long> live = jdbc.sql("""
                SELECT id FROM mfa_webauthn_challenge WHERE account_id = :account AND purpose = :purpose
                ORDER BY id DESC
                """)
                .param("account", accountId).param("purpose", purpose.value())
                .query(Long.class).list();
        for (Long old : live.subList(Math.min(live.size(), LIVE_CHALLENGES - 1), live.size())) {
            jdbc.sql("DELETE FROM mfa_webauthn_challenge WHERE id = :id").param("id", old).update();
        }
        jdbc.sql("""
                INSERT INTO mfa_webauthn_challenge (account_id, purpose, challenge, session_binding, created_at, expires_at)
                VALUES (:account, :purpose, :challenge, :binding, :now, :expires)
                """)
                .param("account", accountId).param("purpose", purpose.value()).param("challenge", challenge)
                .param("binding", sessionBinding).param("now", Timestamp.from(now)).param("expires", Timestamp.from(expiresAt))
                .update();
    }

    /**
     * Consumes a challenge: succeeds exactly once, and only for the account, purpose and session
     * it was issued to, before it expires (WA-03, FLT-05).
     */
    boolean consumeChallenge(long accountId, Purpose purpose, byte[] challenge, String sessionBinding, Instant now) {
        return jdbc.sql("""
                UPDATE mfa_webauthn_challenge SET used_at = :now
                WHERE challenge = :challenge AND account_id = :account AND purpose = :purpose
                  AND session_binding = :binding AND used_at IS NULL AND expires_at > :now
                """)
                .param("now", Timestamp.from(now)).param("challenge", challenge).param("account", accountId)
                .param("purpose", purpose.value()).param("binding", sessionBinding)
                .update() == 1;
    }

    /** Why a challenge could not be consumed, for the audit log only. */
    String whyNotConsumed(long accountId, Purpose purpose, byte[] challenge, String sessionBinding, Instant now) {
        return jdbc.sql("""
                SELECT account_id, purpose, session_binding, expires_at, used_at FROM mfa_webauthn_challenge
                WHERE challenge = :challenge
                """)
                .param("challenge", challenge)
                .query((rs, n) -> {
                    if (rs.getLong("account_id") != accountId) {
                        return "challenge issued to another account";
                    }
                    if (!purpose.value().equals(rs.getString("purpose"))) {
                        return "challenge issued for another purpose";
                    }
                    if (!sessionBinding.equals(rs.getString("session_binding"))) {
                        return "challenge issued to another session";
                    }
                    if (rs.getTimestamp("used_at") != null) {
                        return "challenge already used";
                    }
                    if (!rs.getTimestamp("expires_at").toInstant().isAfter(now)) {
                        return "challenge expired";
                    }
                    return "challenge not consumed";
                })
                .optional()
                .orElse("challenge unknown");
    }

    /** Removes challenges that expired before {@code cutoff}. */
    int pruneChallenges(Instant cutoff) {
        return jdbc.sql("DELETE FROM mfa_webauthn_challenge WHERE expires_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff))
                .update();
    }

    /** What a challenge is for; the value is stored in {@code purpose}. */
    enum Purpose {
        REGISTER("register"), AUTHENTICATE("authenticate");

        private final String value;

        Purpose(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }
    }
}
