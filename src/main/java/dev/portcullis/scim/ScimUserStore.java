package dev.portcullis.scim;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SCIM's own table ({@code scim_user}) and the one query that finds account ids for a filter.
 * That query reads the account, organisation and directory tables (read-only, ids only) because
 * a filter over a million accounts must run in the database; everything else goes through the
 * account and directory services.
 */
@Repository
class ScimUserStore {

    record Extra(long accountId, String externalId, String givenName, String familyName, Instant lastModified,
                 Instant deletedAt) {

        static Extra none(long accountId) {
            return new Extra(accountId, null, null, null, null, null);
        }
    }

    /** A page of account ids and how many match in all. */
    record Page(List<Long> ids, long total) {
    }

    /** A member of a Group: an account id and name. */
    record Member(long accountId, String displayName) {
    }

    private final JdbcClient jdbc;

    ScimUserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Extra> find(long accountId) {
        return jdbc.sql("SELECT account_id, external_id, given_name, family_name, last_modified, deleted_at FROM scim_user WHERE account_id = :id")
                .param("id", accountId)
                .query((rs, n) -> {
                    Timestamp deleted = rs.getTimestamp("deleted_at");
                    return new Extra(rs.getLong("account_id"), rs.getString("external_id"), rs.getString("given_name"),
                            rs.getString("family_name"), rs.getTimestamp("last_modified").toInstant(),
                            deleted == null ? null : deleted.toInstant());
                })
                .optional();
    }

    void save(long accountId, String externalId, String givenName, String familyName, Instant now) {
        int updated = jdbc.sql("""
                UPDATE scim_user SET external_id = :ext, given_name = :given, family_name = :family, last_modified = :now
                WHERE account_id = :id
                """)
                .param("ext", externalId).param("given", givenName).param("family", familyName)
                .param("now", Timestamp.from(now)).param("id", accountId).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO scim_user (account_id, external_id, given_name, family_name, last_modified)
                    VALUES (:id, :ext, :given, :family, :now)
                    """)
                    .param("ext", externalId).param("given", givenName).param("family", familyName)
                    .param("now", Timestamp.from(now)).param("id", accountId).update();
        }
    }

    void markDeleted(long accountId, Instant now) {
        jdbc.sql("UPDATE scim_user SET deleted_at = :now, last_modified = :now WHERE account_id = :id")
                .param("now", Timestamp.from(now)).param("id", accountId).update();
    }

    void clearDeleted(long accountId, Instant now) {
        jdbc.sql("UPDATE scim_user SET deleted_at = NULL, last_modified = :now WHERE account_id = :id AND deleted_at IS NOT NULL")
                .param("now", Timestamp.from(now)).param("id", accountId).update();
    }

    /** Account ids matching the translated filter, in id order, one page of them. */
    Page search(ScimUserQuery.Where where, int offset, int limit) {
        String from = """
                FROM account a
                JOIN organisation o ON o.id = a.organisation_id
                LEFT JOIN scim_user s ON s.account_id = a.id
                LEFT JOIN directory_entry d ON d.account_id = a.id
                WHERE s.deleted_at IS NULL AND (""" + where.sql() + ")";
        Map<String, Object> params = where.params();
        long total = jdbc.sql("SELECT COUNT(*) " + from).params(params).query(Long.class).single();
        List<Long> ids = limit == 0 ? List.of()
                : jdbc.sql("SELECT a.id " + from + " ORDER BY a.id LIMIT " + limit + " OFFSET " + offset)
                        .params(params).query(Long.class).list();
        return new Page(ids, total);
    }

    /** Accounts of an organisation visible through SCIM, as Group members, in id order. */
    List<Member> members(ScimUserQuery.Where scope, long organisationId) {
        Map<String, Object> params = new java.util.HashMap<>(scope.params());
        params.put("groupOrg", organisationId);
        return jdbc.sql("""
                SELECT a.id, a.display_name
                FROM account a
                JOIN organisation o ON o.id = a.organisation_id
                LEFT JOIN scim_user s ON s.account_id = a.id
                LEFT JOIN directory_entry d ON d.account_id = a.id
                WHERE s.deleted_at IS NULL AND a.organisation_id = :groupOrg AND (""" + scope.sql() + ") ORDER BY a.id")
                .params(params)
                .query((rs, n) -> new Member(rs.getLong(1), rs.getString(2)))
                .list();
    }
}
