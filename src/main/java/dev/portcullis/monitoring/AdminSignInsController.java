package dev.portcullis.monitoring;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.portcullis.admin.AdminScope;
import dev.portcullis.shared.CsvCells;
import dev.portcullis.signin.SignedInAccount;

/**
 * Risky sign-ins for administrators: flagged, blocked or reported attempts in their organisation
 * (global administrators: all), filtered, paged and exported as CSV.
 */
@Controller
class AdminSignInsController {

    private static final int PAGE_SIZE = 50;
    private static final int EXPORT_LIMIT = 50_000;
    private static final Set<String> OUTCOMES = Set.of("success", "challenged", "wrong_password", "wrong_code", "throttled", "blocked");

    private final SignInAttempts attempts;
    private final AdminScope scope;

    AdminSignInsController(SignInAttempts attempts, AdminScope scope) {
        this.attempts = attempts;
        this.scope = scope;
    }

    @GetMapping("/admin/sign-ins")
    String page(@AuthenticationPrincipal SignedInAccount admin, @RequestParam(defaultValue = "") String account,
                @RequestParam(defaultValue = "") String outcome, @RequestParam(defaultValue = "false") boolean all,
                @RequestParam(defaultValue = "0") int page, Model model) {
        int safePage = Math.max(0, Math.min(page, 10_000));
        List<AttemptView> lines = new ArrayList<>(query(admin, account, outcome, all, PAGE_SIZE + 1, safePage * PAGE_SIZE));
        boolean hasNext = lines.size() > PAGE_SIZE;
        if (hasNext) {
            lines.remove(lines.size() - 1);
        }
        model.addAttribute("lines", lines);
        model.addAttribute("account", clip(account));
        model.addAttribute("outcome", OUTCOMES.contains(outcome) ? outcome : "");
        model.addAttribute("all", all);
        model.addAttribute("page", safePage);
        model.addAttribute("hasNext", hasNext);
        model.addAttribute("global", scope.isGlobal(admin));
        return "monitoring/admin-sign-ins";
    }

    @GetMapping("/admin/sign-ins.csv")
    void export(@AuthenticationPrincipal SignedInAccount admin, @RequestParam(defaultValue = "") String account,
                @RequestParam(defaultValue = "") String outcome, @RequestParam(defaultValue = "false") boolean all,
                HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"sign-ins.csv\"");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        PrintWriter out = response.getWriter();
        out.print("time,account,outcome,method,device,place,source_ip,signals,score,reported\r\n");
        for (AttemptView line : query(admin, account, outcome, all, EXPORT_LIMIT, 0)) {
            out.print(CsvCells.row(line.when(), line.account(), line.outcome(), line.method(), line.device(), line.place(),
                    line.address(), line.signalText(), Integer.toString(line.score()), line.reported() ? "yes" : "no"));
        }
        out.flush();
    }

    private List<AttemptView> query(SignedInAccount admin, String account, String outcome, boolean all, int limit, int offset) {
        var filter = new SignInAttempts.RiskyFilter(scope.organisationFilter(admin),
                OUTCOMES.contains(outcome) ? outcome : null, clip(account).strip().toLowerCase(Locale.ROOT), !all);
        return attempts.risky(filter, limit, offset).stream()
                .map(line -> AttemptView.of(line.attempt(),
                        line.accountEmail() != null ? line.accountEmail()
                                : line.attempt().emailTyped() == null ? "" : line.attempt().emailTyped() + " (no such account)"))
                .toList();
    }

    private static String clip(String text) {
        return text == null ? "" : text.length() > 100 ? text.substring(0, 100) : text;
    }
}
