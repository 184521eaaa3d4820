package dev.portcullis.admin.audit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.portcullis.admin.AdminScope;
import dev.portcullis.shared.CsvCells;
import dev.portcullis.signin.SignedInAccount;

/**
 * The audit log for administrators: who did what to whom and when, within their scope (an
 * event belongs to an organisation when it names it or its subject account is in it), filtered,
 * paged and exported as CSV.
 */
@Controller
class AdminAuditController {

    private static final int PAGE_SIZE = 50;
    private static final int EXPORT_LIMIT = 50_000;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private final JdbcClient jdbc;
    private final AdminScope scope;

    AdminAuditController(JdbcClient jdbc, AdminScope scope) {
        this.jdbc = jdbc;
        this.scope = scope;
    }

    record Line(String when, String type, String actor, String subject, String ip, String detail) {
    }

    @GetMapping("/admin/audit")
    String page(@AuthenticationPrincipal SignedInAccount admin, @RequestParam(defaultValue = "") String type,
                @RequestParam(defaultValue = "") String account, @RequestParam(defaultValue = "0") int page, Model model) {
        int safePage = Math.max(0, Math.min(page, 10_000));
        List<Line> lines = new ArrayList<>(query(admin, type, account, PAGE_SIZE + 1, safePage * PAGE_SIZE));
        boolean hasNext = lines.size() > PAGE_SIZE;
        if (hasNext) {
            lines.remove(lines.size() - 1);
        }
        model.addAttribute("lines", lines);
        model.addAttribute("type", clip(type));
        model.addAttribute("account", clip(account));
        model.addAttribute("page", safePage);
        model.addAttribute("hasNext", hasNext);
        return "admin/audit";
    }

    @GetMapping("/admin/audit.csv")
    void export(@AuthenticationPrincipal SignedInAccount admin, @RequestParam(defaultValue = "") String type,
                @RequestParam(defaultValue = "") String account, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        PrintWriter out = response.getWriter();
        out.print("time,type,actor,subject,source_ip,detail\r\n");
        for (Line line : query(admin, type, account, EXPORT_LIMIT, 0)) {
            out.print(CsvCells.row(line.when(), line.type(), line.actor(), line.subject(), line.ip(), line.detail()));
        }
        out.flush();
    }

    private List<Line> query(SignedInAccount admin, String type, String account, int limit, int offset) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        Long organisation = scope.organisationFilter(admin);
        if (organisation != null) {
            where.append(" AND (e.organisation_id = :org OR s.organisation_id = :org)");
            params.put("org", organisation);
        }
        String typeFilter = clip(type).strip();
        if (!typeFilter.isEmpty()) {
            where.append(" AND e.type LIKE :type ESCAPE '\\'");
            params.put("type", escape(typeFilter.toLowerCase(Locale.ROOT)) + "%");
        }
        String accountFilter = clip(account).strip().toLowerCase(Locale.ROOT);
        if (!accountFilter.isEmpty()) {
            where.append(" AND (s.email_canonical LIKE :account ESCAPE '\\' OR a.email_canonical LIKE :account ESCAPE '\\')");
            params.put("account", "%" + escape(accountFilter) + "%");
        }
        var spec = jdbc.sql("""
                SELECT e.occurred_at, e.type, a.email AS actor, s.email AS subject, e.source_ip, e.detail
                FROM audit_event e
                LEFT JOIN account s ON s.id = e.subject_account_id
                LEFT JOIN account a ON a.id = e.actor_account_id
                """ + where + " ORDER BY e.id DESC LIMIT :limit OFFSET :offset");
        for (var e : params.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        return spec.param("limit", limit).param("offset", offset)
                .query((rs, n) -> new Line(WHEN.format(rs.getTimestamp(1).toInstant()), rs.getString(2),
                        nullToEmpty(rs.getString(3)), nullToEmpty(rs.getString(4)), nullToEmpty(rs.getString(5)),
                        nullToEmpty(rs.getString(6))))
                .list();
    }

    private static String clip(String text) {
        return text == null ? "" : text.length() > 100 ? text.substring(0, 100) : text;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
