package dev.portcullis.oidc.keys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code oidc_signing_key} table. Sealed private keys pass through as bytes; this class never opens them. */
@Repository
class SigningKeyStore {

    private final JdbcClient jdbc;

    SigningKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record StoredKey(String kid, String algorithm, int generation, String publicJwk, byte[] sealedPrivateJwk,
                     Instant createdAt, Instant activatesAt, Instant retiresAt, Instant unpublishAt) {

        @Override
        public String toString() {
            return "StoredKey[kid=" + kid + ", algorithm=" + algorithm + ", generation=" + generation + ", private=(sealed)]";
        }
    }

    /** Keys still published at {@code now}, newest generation first. */
    List<StoredKey> published(Instant now) {
        return jdbc.sql("""
                SELECT kid, algorithm, generation, public_jwk, private_jwk, created_at, activates_at, retires_at, unpublish_at
                FROM oidc_signing_key
                WHERE unpublish_at IS NULL OR unpublish_at > :now
                ORDER BY algorithm, generation DESC
                """)
                .param("now", Timestamp.from(now))
                .query(SigningKeyStore::map)
                .list();
    }

    Optional<StoredKey> latest(String algorithm) {
        return jdbc.sql("""
                SELECT kid, algorithm, generation, public_jwk, private_jwk, created_at, activates_at, retires_at, unpublish_at
                FROM oidc_signing_key WHERE algorithm = :algorithm ORDER BY generation DESC LIMIT 1
                """)
                .param("algorithm", algorithm)
                .query(SigningKeyStore::map)
                .optional();
    }

    List<StoredKey> all() {
        return jdbc.sql("""
                SELECT kid, algorithm, generation, public_jwk, private_jwk, created_at, activates_at, retires_at, unpublish_at
                FROM oidc_signing_key ORDER BY algorithm, generation DESC
                """)
                .query(SigningKeyStore::map)
                .list();
    }

    /** Fails with a DuplicateKeyException when another node added this generation first. */
    void insert(StoredKey key) {
        jdbc.sql("""
                INSERT INTO oidc_signing_key (kid, algorithm, generation, public_jwk, private_jwk, created_at, activates_at)
                VALUES (:kid, :algorithm, :generation, :publicJwk, :privateJwk, :createdAt, :activatesAt)
                """)
                .param("kid", key.kid())
                .param("algorithm", key.algorithm())
                .param("generation", key.generation())
                .param("publicJwk", key.publicJwk())
                .param("privateJwk", key.sealedPrivateJwk())
                .param("createdAt", Timestamp.from(key.createdAt()))
                .param("activatesAt", Timestamp.from(key.activatesAt()))
                .update();
    }

    /** Schedules a key's end; only the first caller succeeds (conditional on it not being retired yet). */
    boolean retire(String kid, Instant retiresAt, Instant unpublishAt) {
        return jdbc.sql("""
                UPDATE oidc_signing_key SET retires_at = :retiresAt, unpublish_at = :unpublishAt
                WHERE kid = :kid AND retires_at IS NULL
                """)
                .param("kid", kid)
                .param("retiresAt", Timestamp.from(retiresAt))
                .param("unpublishAt", Timestamp.from(unpublishAt))
                .update() == 1;
    }

    /** Forgets keys unpublished before {@code cutoff}: nothing they signed can still be valid. */
    int deleteUnpublishedBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM oidc_signing_key WHERE unpublish_at IS NOT NULL AND unpublish_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff))
                .update();
    }

    private static StoredKey map(ResultSet rs, int row) throws SQLException {
        return new StoredKey(rs.getString("kid"), rs.getString("algorithm"), rs.getInt("generation"),
                rs.getString("public_jwk"), rs.getBytes("private_jwk"), instant(rs, "created_at"),
                instant(rs, "activates_at"), instant(rs, "retires_at"), instant(rs, "unpublish_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
