package dev.portcullis.scim;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** JDBC storage of provisioning tokens: hashes only, never the token. */
@Repository
class ScimTokenStore {

    /** A token as listed on the console page: no hash. */
    record Row(long id, String label, Long organisationId, long issuedBy, Instant issuedAt, Instant lastUsedAt,
               Instant revokedAt) {

        boolean revoked() {
            return revokedAt != null;
        }
    }

    private static final String COLUMNS = "id, label, organisation_id, issued_by, issued_at, last_used_at, revoked_at";

    private final JdbcClient jdbc;

    ScimTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String hash, String label, Long organisationId, long issuedBy, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO scim_token (token_hash, label, organisation_id, issued_by, issued_at)
                VALUES (:hash, :label, :org, :by, :now)
                """)
                .param("hash", hash).param("label", label).param("org", organisationId).param("by", issuedBy)
                .param("now", Timestamp.from(now))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /** The live (not revoked) token with this hash. */
    Optional<Row> findLiveByHash(String hash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM scim_token WHERE token_hash = :hash AND revoked_at IS NULL")
                .param("hash", hash).query(ScimTokenStore::row).optional();
    }

    Optional<Row> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM scim_token WHERE id = :id")
                .param("id", id).query(ScimTokenStore::row).optional();
    }

    /** Tokens of one organisation (global ones excluded), or every token for null. Newest first. */
    List<Row> list(Long organisationId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM scim_token"
                        + (organisationId == null ? "" : " WHERE organisation_id = :org") + " ORDER BY id DESC")
                .params(organisationId == null ? Map.of() : Map.of("org", organisationId))
                .query(ScimTokenStore::row).list();
    }

    /**
     * Records use, at most once a minute per token, so a busy provisioning run does not write on
     * every request.
     */
    void touch(long id, Instant now) {
        jdbc.sql("UPDATE scim_token SET last_used_at = :now WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :minuteAgo)")
                .param("now", Timestamp.from(now)).param("id", id)
                .param("minuteAgo", Timestamp.from(now.minusSeconds(60))).update();
    }

    boolean revoke(long id, long revokedBy, Instant now) {
        return jdbc.sql("UPDATE scim_token SET revoked_at = :now, revoked_by = :by WHERE id = :id AND revoked_at IS NULL")
                .param("now", Timestamp.from(now)).param("by", revokedBy).param("id", id).update() == 1;
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Timestamp used = rs.getTimestamp("last_used_at");
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new Row(rs.getLong("id"), rs.getString("label"), rs.getObject("organisation_id", Long.class),
                rs.getLong("issued_by"), rs.getTimestamp("issued_at").toInstant(),
                used == null ? null : used.toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
