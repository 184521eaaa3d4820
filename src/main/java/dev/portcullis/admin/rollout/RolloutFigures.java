package dev.portcullis.admin.rollout;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rollout's numbers: active accounts, how many have MFA, by method, now and day by day.
 * Today's figures are counted live; history comes from one snapshot row per organisation and
 * day, taken each night (and on demand for today), so the chart never re-counts the past.
 */
@Repository
class RolloutFigures {

    static final List<String> METHODS = List.of("totp", "sms", "voice", "webauthn");
    private static final ZoneId UK = ZoneId.of("Europe/London");

    record Figures(LocalDate day, long active, long withMfa, Map<String, Long> byMethod) {
        // Public like the record's accessors: the dashboard's template calls them, and SpEL only
        // calls public methods (a package-private one made the page fail with a 500).
        public double share() {
            return active == 0 ? 0 : (double) withMfa / active;
        }

        public long percent() {
            return Math.round(share() * 100);
        }
    }

    record WithoutMfa(long id, String displayName, String email, String organisation) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transactions;

    RolloutFigures(JdbcClient jdbc, Clock clock, org.springframework.transaction.PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(UK));
    }

    /** Live figures for one organisation, or all (null). */
    Figures now(Long organisationId) {
        String scope = organisationId == null ? "" : " AND a.organisation_id = :org";
        Map<String, Object> params = organisationId == null ? Map.of() : Map.of("org", organisationId);
        long active = jdbc.sql("SELECT COUNT(*) FROM account a WHERE a.status IN ('active', 'leaver_nominated')" + scope)
                .params(params).query(Long.class).single();
        long withMfa = jdbc.sql("""
                SELECT COUNT(*) FROM account a WHERE a.status IN ('active', 'leaver_nominated')
                AND EXISTS (SELECT 1 FROM mfa_method_index m WHERE m.account_id = a.id)""" + scope)
                .params(params).query(Long.class).single();
        Map<String, Long> byMethod = new LinkedHashMap<>();
        METHODS.forEach(m -> byMethod.put(m, 0L));
        jdbc.sql("""
                SELECT m.factor_type, COUNT(*) FROM mfa_method_index m JOIN account a ON a.id = m.account_id
                WHERE a.status IN ('active', 'leaver_nominated')""" + scope + " GROUP BY m.factor_type")
                .params(params)
                .query((rs, n) -> byMethod.put(rs.getString(1), rs.getLong(2))).list();
        return new Figures(today(), active, withMfa, byMethod);
    }

    /** Day-by-day history from the snapshots, summed over organisations when null. */
    List<Figures> history(Long organisationId, int days) {
        LocalDate from = today().minusDays(days);
        String scope = organisationId == null ? "" : " AND organisation_id = :org";
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("from", Date.valueOf(from));
        if (organisationId != null) {
            params.put("org", organisationId);
        }
        return jdbc.sql("""
                SELECT snapshot_day, SUM(active_accounts), SUM(with_mfa), SUM(totp), SUM(sms), SUM(voice), SUM(webauthn)
                FROM mfa_rollout_snapshot WHERE snapshot_day >= :from""" + scope + " GROUP BY snapshot_day ORDER BY snapshot_day")
                .params(params)
                .query((rs, n) -> {
                    Map<String, Long> byMethod = new LinkedHashMap<>();
                    for (int i = 0; i < METHODS.size(); i++) {
                        byMethod.put(METHODS.get(i), rs.getLong(4 + i));
                    }
                    return new Figures(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getLong(3), byMethod);
                })
                .list();
    }

    List<WithoutMfa> withoutMfa(Long organisationId, int limit, int offset) {
        String scope = organisationId == null ? "" : " AND a.organisation_id = :org";
        Map<String, Object> params = new LinkedHashMap<>();
        if (organisationId != null) {
            params.put("org", organisationId);
        }
        params.put("limit", limit);
        params.put("offset", offset);
        return jdbc.sql("""
                SELECT a.id, a.display_name, a.email, o.name FROM account a JOIN organisation o ON o.id = a.organisation_id
                WHERE a.status IN ('active', 'leaver_nominated')
                AND NOT EXISTS (SELECT 1 FROM mfa_method_index m WHERE m.account_id = a.id)""" + scope
                + " ORDER BY LOWER(a.display_name), a.id LIMIT :limit OFFSET :offset")
                .params(params)
                .query((rs, n) -> new WithoutMfa(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    /** Records today's figures for every organisation (replacing today's if taken already). */
    @Scheduled(cron = "${portcullis.rollout.snapshot-cron:0 15 0 * * *}", zone = "Europe/London")
    void snapshot() {
        LocalDate day = today();
        List<Long> organisations = jdbc.sql("SELECT id FROM organisation").query(Long.class).list();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM mfa_rollout_snapshot WHERE snapshot_day = :day").param("day", Date.valueOf(day)).update();
            for (Long organisation : organisations) {
                Figures f = now(organisation);
                jdbc.sql("""
                        INSERT INTO mfa_rollout_snapshot (snapshot_day, organisation_id, active_accounts, with_mfa, totp, sms, voice, webauthn)
                        VALUES (:day, :org, :active, :with, :totp, :sms, :voice, :webauthn)
                        """)
                        .param("day", Date.valueOf(day)).param("org", organisation).param("active", f.active())
                        .param("with", f.withMfa()).param("totp", f.byMethod().get("totp")).param("sms", f.byMethod().get("sms"))
                        .param("voice", f.byMethod().get("voice")).param("webauthn", f.byMethod().get("webauthn"))
                        .update();
            }
        });
    }

    /** History plus today's live figures as the last point. */
    List<Figures> series(Long organisationId, int days) {
        List<Figures> series = new ArrayList<>(history(organisationId, days));
        series.removeIf(f -> f.day().equals(today()));
        series.add(now(organisationId));
        return series;
    }
}
