package dev.portcullis.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code oidc_token_family} and {@code oidc_refresh_token} tables: one family per
 * authorization code, and the digest of every refresh token issued in it. Single use of codes
 * and refresh tokens is decided here by conditional updates, so the database settles races
 * between requests and between nodes (FLT-05).
 */
@Repository
class TokenFamilies {

    private final JdbcClient jdbc;
    private final Clock clock;

    TokenFamilies(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record Family(String familyId, String registeredClientId, String principalName, Instant codeRedeemedAt,
                  Instant revokedAt, String revokedReason) {

        boolean revoked() {
            return revokedAt != null;
        }
    }

    record RefreshToken(String tokenHash, String familyId, Instant usedAt) {
    }

    /** Starts a family for an authorization that carries a code; nothing when it exists already. */
    void startIfAbsent(String familyId, String registeredClientId, String principalName) {
        if (find(familyId).isPresent()) {
            return;
        }
        try {
            jdbc.sql("""
                    INSERT INTO oidc_token_family (family_id, registered_client_id, principal_name, created_at)
                    VALUES (:id, :client, :principal, :now)
                    """)
                    .param("id", familyId).param("client", registeredClientId).param("principal", principalName)
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException alreadyStarted) {
            // another request saved the same authorization first
        }
    }

    Optional<Family> find(String familyId) {
        return jdbc.sql("""
                SELECT family_id, registered_client_id, principal_name, code_redeemed_at, revoked_at, revoked_reason
                FROM oidc_token_family WHERE family_id = :id
                """)
                .param("id", familyId)
                .query((rs, n) -> new Family(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)),
                        instant(rs.getTimestamp(5)), rs.getString(6)))
                .optional();
    }

    /**
     * A chain of refresh tokens ends this long after the sign-in that began it, however often it
     * was rotated (ASVS 10.4.8): then the application must send the person through the portal again.
     */
    static final Duration CHAIN_LIFETIME = Duration.ofDays(30);

    /** Revoked, or begun longer ago than a chain of refresh tokens may last. */
    boolean isDead(String familyId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM oidc_token_family
                WHERE family_id = :id AND (revoked_at IS NOT NULL OR created_at < :oldest)
                """)
                .param("id", familyId).param("oldest", Timestamp.from(clock.instant().minus(CHAIN_LIFETIME)))
                .query(Long.class).single() > 0;
    }

    /** True for exactly one caller: the first to redeem the family's code. */
    boolean redeemCode(String familyId) {
        return jdbc.sql("""
                UPDATE oidc_token_family SET code_redeemed_at = :now
                WHERE family_id = :id AND code_redeemed_at IS NULL AND revoked_at IS NULL
                """)
                .param("id", familyId).param("now", Timestamp.from(clock.instant()))
                .update() == 1;
    }

    /** Records a refresh token (by digest) issued in a family; nothing when it is known already. */
    void recordRefreshToken(String familyId, String tokenValue, Instant issuedAt, Instant expiresAt) {
        String hash = digest(tokenValue);
        boolean known = jdbc.sql("SELECT COUNT(*) FROM oidc_refresh_token WHERE token_hash = :hash")
                .param("hash", hash).query(Long.class).single() > 0;
        if (known) {
            return;
        }
        try {
            jdbc.sql("""
                    INSERT INTO oidc_refresh_token (token_hash, family_id, issued_at, expires_at)
                    VALUES (:hash, :family, :issued, :expires)
                    """)
                    .param("hash", hash).param("family", familyId)
                    .param("issued", Timestamp.from(issuedAt != null ? issuedAt : clock.instant()))
                    .param("expires", expiresAt == null ? null : Timestamp.from(expiresAt))
                    .update();
        } catch (DuplicateKeyException alreadyRecorded) {
            // the same save ran twice
        }
    }

    Optional<RefreshToken> findRefreshToken(String tokenValue) {
        return jdbc.sql("SELECT token_hash, family_id, used_at FROM oidc_refresh_token WHERE token_hash = :hash")
                .param("hash", digest(tokenValue))
                .query((rs, n) -> new RefreshToken(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3))))
                .optional();
    }

    /** True for exactly one caller: the first to rotate this refresh token. */
    boolean useRefreshToken(String tokenHash) {
        return jdbc.sql("UPDATE oidc_refresh_token SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL")
                .param("hash", tokenHash).param("now", Timestamp.from(clock.instant()))
                .update() == 1;
    }

    /** Marks the family dead; true when this call did it (false: already revoked, or unknown). */
    boolean revoke(String familyId, String reason) {
        return jdbc.sql("""
                UPDATE oidc_token_family SET revoked_at = :now, revoked_reason = :reason
                WHERE family_id = :id AND revoked_at IS NULL
                """)
                .param("id", familyId).param("reason", reason).param("now", Timestamp.from(clock.instant()))
                .update() == 1;
    }

    /** The families of an account's authorizations not yet revoked, across every application. */
    java.util.List<Family> liveFamiliesOf(String principalName) {
        return jdbc.sql("""
                SELECT family_id, registered_client_id, principal_name, code_redeemed_at, revoked_at, revoked_reason
                FROM oidc_token_family WHERE principal_name = :principal AND revoked_at IS NULL
                """)
                .param("principal", principalName)
                .query((rs, n) -> new Family(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)),
                        instant(rs.getTimestamp(5)), rs.getString(6)))
                .list();
    }

    /** Forgets families (and their refresh token digests) older than {@code cutoff}. */
    int deleteCreatedBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM oidc_token_family WHERE created_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff))
                .update();
    }

    static String digest(String tokenValue) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(tokenValue.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
