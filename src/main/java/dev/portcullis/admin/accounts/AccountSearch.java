package dev.portcullis.admin.accounts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The administrators' account search: a read model over accounts, organisations and the MFA
 * method index, parameterised, capped and paged (INP-03). Kept here rather than in the account
 * module because it joins three modules' tables for one screen and never writes.
 */
@Repository
class AccountSearch {

    static final int PAGE_SIZE = 25;
    static final int MAX_QUERY = 100;

    private final JdbcClient jdbc;

    AccountSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Criteria(String query, String status, String mfa, String method, Long organisationId, int page) {
    }

    record Row(long id, String email, String displayName, String status, String role, String organisation,
               String methods) {
    }

    record Page(List<Row> rows, int page, boolean hasNext, long total) {
    }

    Page search(Criteria criteria) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (criteria.organisationId() != null) {
            where.append(" AND a.organisation_id = :org");
            params.put("org", criteria.organisationId());
        }
        // Control characters match nothing anyone is called, and PostgreSQL refuses a NUL outright (INP-01).
        String q = criteria.query() == null ? ""
                : criteria.query().replaceAll("\\p{Cntrl}", " ").strip().toLowerCase(Locale.ROOT);
        if (!q.isEmpty()) {
            String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" AND (LOWER(a.display_name) LIKE :q ESCAPE '\\' OR a.email_canonical LIKE :q ESCAPE '\\')");
            params.put("q", like);
        }
        if (criteria.status() != null && !criteria.status().isBlank()) {
            where.append(" AND a.status = :status");
            params.put("status", criteria.status());
        }
        if ("enabled".equals(criteria.mfa())) {
            where.append(" AND EXISTS (SELECT 1 FROM mfa_method_index m WHERE m.account_id = a.id)");
        } else if ("not-enabled".equals(criteria.mfa())) {
            where.append(" AND NOT EXISTS (SELECT 1 FROM mfa_method_index m WHERE m.account_id = a.id)");
        }
        if (criteria.method() != null && !criteria.method().isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM mfa_method_index m WHERE m.account_id = a.id AND m.factor_type = :method)");
            params.put("method", criteria.method());
        }
        var count = jdbc.sql("SELECT COUNT(*) FROM account a" + where);
        for (var e : params.entrySet()) {
            count = count.param(e.getKey(), e.getValue());
        }
        long total = count.query(Long.class).single();

        var select = jdbc.sql("""
                SELECT a.id, a.email, a.display_name, a.status, a.role, o.name AS organisation
                FROM account a JOIN organisation o ON o.id = a.organisation_id
                """ + where + " ORDER BY LOWER(a.display_name), a.id LIMIT :limit OFFSET :offset");
        for (var e : params.entrySet()) {
            select = select.param(e.getKey(), e.getValue());
        }
        int page = Math.max(0, Math.min(criteria.page(), 10_000));
        List<Row> rows = new ArrayList<>(select.param("limit", PAGE_SIZE + 1).param("offset", page * PAGE_SIZE)
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("email"), rs.getString("display_name"),
                        rs.getString("status"), rs.getString("role"), rs.getString("organisation"), null))
                .list());
        boolean hasNext = rows.size() > PAGE_SIZE;
        if (hasNext) {
            rows.remove(rows.size() - 1);
        }
        Map<Long, List<String>> methods = new java.util.HashMap<>();
        if (!rows.isEmpty()) {
            jdbc.sql("SELECT account_id, factor_type FROM mfa_method_index WHERE account_id IN (:ids) ORDER BY factor_type")
                    .param("ids", rows.stream().map(Row::id).toList())
                    .query((rs, n) -> methods.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)))
                    .list();
        }
        List<Row> withMethods = rows.stream()
                .map(r -> new Row(r.id(), r.email(), r.displayName(), r.status(), r.role(), r.organisation(),
                        String.join(", ", methods.getOrDefault(r.id(), List.of()))))
                .toList();
        return new Page(withMethods, page, hasNext, total);
    }
}
