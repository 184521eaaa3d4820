package dev.portcullis.admin.rollout;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.portcullis.admin.AdminScope;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.FactorRegistry;
import dev.portcullis.shared.CsvCells;
import dev.portcullis.signin.SignedInAccount;

/** The rollout dashboard: per organisation for local administrators, any or all for global ones. */
@Controller
class RolloutController {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);

    private final RolloutFigures figures;
    private final AdminScope scope;
    private final OrganisationService organisations;
    private final FactorRegistry registry;

    RolloutController(RolloutFigures figures, AdminScope scope, OrganisationService organisations, FactorRegistry registry) {
        this.figures = figures;
        this.scope = scope;
        this.organisations = organisations;
        this.registry = registry;
    }

    record Row(String day, long active, long withMfa, long percent, List<Long> byMethod) {
    }

    @GetMapping("/admin/rollout")
    String dashboard(@AuthenticationPrincipal SignedInAccount admin, @RequestParam(required = false) Long organisation,
                     @RequestParam(defaultValue = "0") int page, Model model) {
        Long target = target(admin, organisation);
        List<RolloutFigures.Figures> series = figures.series(target, 90);
        RolloutFigures.Figures now = series.get(series.size() - 1);
        String name = target == null ? "All organisations" : organisations.findById(target).map(Organisation::name).orElse("");
        model.addAttribute("name", name);
        model.addAttribute("now", now);
        model.addAttribute("methods", RolloutFigures.METHODS.stream()
                .map(m -> registry.find(m).map(f -> f.type().name()).orElse(m)).toList());
        model.addAttribute("chart", RolloutChart.svg(series, "MFA rollout: " + name));
        List<Row> rows = new java.util.ArrayList<>(series.stream().map(f -> new Row(DAY.format(f.day()), f.active(), f.withMfa(),
                f.percent(), RolloutFigures.METHODS.stream().map(m -> f.byMethod().getOrDefault(m, 0L)).toList())).toList());
        java.util.Collections.reverse(rows);
        model.addAttribute("rows", rows);
        int safePage = Math.max(0, Math.min(page, 10_000));
        var without = figures.withoutMfa(target, 51, safePage * 50);
        model.addAttribute("without", without.size() > 50 ? without.subList(0, 50) : without);
        model.addAttribute("withoutHasNext", without.size() > 50);
        model.addAttribute("page", safePage);
        model.addAttribute("organisation", target);
        model.addAttribute("organisations", scope.isGlobal(admin) ? organisations.findAll() : List.of());
        return "admin/rollout";
    }

    @GetMapping("/admin/rollout/without-mfa.csv")
    void export(@AuthenticationPrincipal SignedInAccount admin, @RequestParam(required = false) Long organisation,
                HttpServletResponse response) throws IOException {
        Long target = target(admin, organisation);
        response.setContentType("text/csv;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Content-Disposition", "attachment; filename=\"accounts-without-mfa.csv\"");
        PrintWriter out = response.getWriter();
        out.print("name,email,organisation\r\n");
        int offset = 0;
        List<RolloutFigures.WithoutMfa> batch;
        do {
            batch = figures.withoutMfa(target, 1000, offset);
            for (var row : batch) {
                out.print(CsvCells.row(row.displayName(), row.email(), row.organisation()));
            }
            offset += batch.size();
        } while (batch.size() == 1000 && offset < 1_000_000);
        out.flush();
    }

    private Long target(SignedInAccount admin, Long organisation) {
        if (organisation != null) {
            scope.requireOrganisation(admin, organisation, "rollout");
            return organisation;
        }
        return scope.organisationFilter(admin);
    }
}
