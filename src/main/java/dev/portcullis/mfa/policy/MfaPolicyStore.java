package dev.portcullis.mfa.policy;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class MfaPolicyStore {

    private final JdbcClient jdbc;

    MfaPolicyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The global policy (organisation null) or an organisation's. */
    Optional<MfaPolicy> find(Long organisationId) {
        String where = organisationId == null ? "organisation_id IS NULL" : "organisation_id = :org";
        var spec = jdbc.sql("SELECT id, mode, mandatory_from, max_postponements, restrict_factors FROM mfa_policy WHERE " + where);
        if (organisationId != null) {
            spec = spec.param("org", organisationId);
        }
        return spec.query((rs, n) -> {
            long id = rs.getLong(1);
            Date from = rs.getDate(3);
            Set<String> allowed = rs.getBoolean(5) ? allowedFactors(id) : Set.of();
            return new MfaPolicy("mandatory".equals(rs.getString(2)), from == null ? null : from.toLocalDate(),
                    rs.getInt(4), allowed);
        }).optional();
    }

    private Set<String> allowedFactors(long policyId) {
        return new HashSet<>(jdbc.sql("SELECT factor_type FROM mfa_policy_allowed_factor WHERE policy_id = :id")
                .param("id", policyId).query(String.class).list());
    }

    void save(Long organisationId, MfaPolicy policy, long actorAccountId, Instant now) {
        String where = organisationId == null ? "organisation_id IS NULL" : "organisation_id = :org";
        var select = jdbc.sql("SELECT id FROM mfa_policy WHERE " + where);
        if (organisationId != null) {
            select = select.param("org", organisationId);
        }
        Optional<Long> existing = select.query(Long.class).optional();
        long id;
        if (existing.isPresent()) {
            id = existing.get();
            jdbc.sql("""
                    UPDATE mfa_policy SET mode = :mode, mandatory_from = :from, max_postponements = :max,
                           restrict_factors = :restrict, updated_at = :now, updated_by = :actor WHERE id = :id
                    """)
                    .param("mode", policy.mandatory() ? "mandatory" : "optional")
                    .param("from", policy.mandatoryFrom() == null ? null : Date.valueOf(policy.mandatoryFrom()))
                    .param("max", policy.maxPostponements()).param("restrict", !policy.allowedFactors().isEmpty())
                    .param("now", Timestamp.from(now)).param("actor", actorAccountId).param("id", id)
                    .update();
            jdbc.sql("DELETE FROM mfa_policy_allowed_factor WHERE policy_id = :id").param("id", id).update();
        } else {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("""
                    INSERT INTO mfa_policy (organisation_id, mode, mandatory_from, max_postponements, restrict_factors, updated_at, updated_by)
                    VALUES (:org, :mode, :from, :max, :restrict, :now, :actor)
                    """)
                    .param("org", organisationId)
                    .param("mode", policy.mandatory() ? "mandatory" : "optional")
                    .param("from", policy.mandatoryFrom() == null ? null : Date.valueOf(policy.mandatoryFrom()))
                    .param("max", policy.maxPostponements()).param("restrict", !policy.allowedFactors().isEmpty())
                    .param("now", Timestamp.from(now)).param("actor", actorAccountId)
                    .update(keys, "id");
            id = keys.getKeyAs(Number.class).longValue();
        }
        for (String factor : policy.allowedFactors()) {
            jdbc.sql("INSERT INTO mfa_policy_allowed_factor (policy_id, factor_type) VALUES (:id, :type)")
                    .param("id", id).param("type", factor).update();
        }
    }

    int postponements(long accountId) {
        return jdbc.sql("SELECT postponements FROM mfa_postponement WHERE account_id = :id")
                .param("id", accountId).query(Integer.class).optional().orElse(0);
    }

    /** One more "Not now", only while below the limit; false when none are left. */
    boolean postpone(long accountId, int max, Instant now) {
        int updated = jdbc.sql("""
                UPDATE mfa_postponement SET postponements = postponements + 1, last_postponed = :now
                WHERE account_id = :id AND postponements < :max
                """)
                .param("id", accountId).param("max", max).param("now", Timestamp.from(now)).update();
        if (updated == 1) {
            return true;
        }
        if (max < 1 || jdbc.sql("SELECT COUNT(*) FROM mfa_postponement WHERE account_id = :id").param("id", accountId)
                .query(Long.class).single() > 0) {
            return false;
        }
        try {
            jdbc.sql("INSERT INTO mfa_postponement (account_id, postponements, last_postponed) VALUES (:id, 1, :now)")
                    .param("id", accountId).param("now", Timestamp.from(now)).update();
            return true;
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            return postpone(accountId, max, now);
        }
    }
}
