package dev.portcullis.admin.accounts;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.portcullis.account.Account;
import dev.portcullis.admin.AdminScope;
import dev.portcullis.admin.AdminStepUp;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.signin.SignedInAccount;

/**
 * Administrators' account search, account page and actions. Every handler resolves the target
 * through {@link AdminScope} first; actions need confirmation (GET shows it, POST acts) and the
 * administrator's own second factor within the last 5 minutes (ADM-02).
 */
@Controller
class AdminAccountsController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private final AccountSearch search;
    private final AdminScope scope;
    private final AdminAccountActions actions;
    private final MfaService mfa;
    private final OrganisationService organisations;
    private final AuditLog audit;
    private final AdminStepUp stepUp;

    AdminAccountsController(AccountSearch search, AdminScope scope, AdminAccountActions actions, MfaService mfa,
                            OrganisationService organisations, AuditLog audit, AdminStepUp stepUp) {
        this.stepUp = stepUp;
        this.search = search;
        this.scope = scope;
        this.actions = actions;
        this.mfa = mfa;
        this.organisations = organisations;
        this.audit = audit;
    }

    @GetMapping("/admin")
    String home(@AuthenticationPrincipal SignedInAccount admin, Model model) {
        model.addAttribute("global", scope.isGlobal(admin));
        model.addAttribute("organisation", organisations.findById(admin.organisationId()).orElse(null));
        return "admin/home";
    }

    @GetMapping("/admin/accounts")
    String search(@AuthenticationPrincipal SignedInAccount admin,
                  @RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String status,
                  @RequestParam(defaultValue = "") String mfa, @RequestParam(defaultValue = "") String method,
                  @RequestParam(required = false) Long organisation, @RequestParam(defaultValue = "0") int page,
                  Model model) {
        String query = q.length() > AccountSearch.MAX_QUERY ? q.substring(0, AccountSearch.MAX_QUERY) : q;
        Long filter = scope.organisationFilter(admin);
        if (organisation != null) {
            scope.requireOrganisation(admin, organisation, "search");
            filter = organisation;
        }
        String statusFilter = List.of("active", "locked", "leaver_nominated", "disabled").contains(status) ? status : "";
        String mfaFilter = List.of("enabled", "not-enabled").contains(mfa) ? mfa : "";
        String methodFilter = this.mfa.registry().find(method).isPresent() ? method : "";
        var result = search.search(new AccountSearch.Criteria(query, statusFilter, mfaFilter, methodFilter, filter, page));
        model.addAttribute("result", result);
        model.addAttribute("criteria", Map.of("q", query, "status", statusFilter, "mfa", mfaFilter, "method", methodFilter,
                "organisation", organisation == null ? "" : organisation.toString()));
        model.addAttribute("factors", this.mfa.registry().all().stream().filter(f -> f.selfEnrollable()).map(f -> f.type()).toList());
        model.addAttribute("organisations", scope.isGlobal(admin) ? organisations.findAll() : List.of());
        return "admin/accounts/search";
    }

    @GetMapping("/admin/accounts/{id}")
    String account(@AuthenticationPrincipal SignedInAccount admin, @PathVariable long id, Model model) {
        Account account = scope.requireAccount(admin, id, "view");
        model.addAttribute("account", account);
        model.addAttribute("organisation", organisations.findById(account.organisationId()).orElse(null));
        model.addAttribute("mfaEnabled", mfa.enabled(id));
        model.addAttribute("methods", mfa.usable(id).stream().map(m -> Map.of(
                "name", mfa.registry().find(m.type()).map(f -> f.type().name()).orElse(m.type()),
                "label", m.label(),
                "added", WHEN.format(m.addedAt()),
                "lastUsed", m.lastUsedAt() == null ? "Not used yet" : WHEN.format(m.lastUsedAt()))).toList());
        model.addAttribute("signIns", audit.recentFor(id, 100).stream()
                .filter(e -> e.type().startsWith("signin."))
                .limit(10)
                .map(e -> Map.of("when", WHEN.format(e.occurredAt()), "what", describe(e.type(), e.detail()),
                        "ip", e.sourceIp() == null ? "" : e.sourceIp()))
                .toList());
        model.addAttribute("actions", actions.availableFor(admin, account));
        model.addAttribute("global", scope.isGlobal(admin));
        return "admin/accounts/account";
    }

    @GetMapping("/admin/accounts/{id}/actions/{action}")
    String confirm(@AuthenticationPrincipal SignedInAccount admin, Authentication authentication, @PathVariable long id,
                   @PathVariable String action, HttpServletRequest request, Model model) {
        Account account = scope.requireAccount(admin, id, action);
        AdminAccountActions.Action chosen = actions.find(admin, account, action);
        String gate = secondFactorGate(admin, authentication, request, request.getRequestURI());
        if (gate != null) {
            return gate;
        }
        model.addAttribute("account", account);
        model.addAttribute("action", chosen);
        return "admin/accounts/confirm";
    }

    @PostMapping("/admin/accounts/{id}/actions/{action}")
    String act(@AuthenticationPrincipal SignedInAccount admin, Authentication authentication, @PathVariable long id,
               @PathVariable String action, HttpServletRequest request, RedirectAttributes flash) {
        Account account = scope.requireAccount(admin, id, action);
        AdminAccountActions.Action chosen = actions.find(admin, account, action);
        String gate = secondFactorGate(admin, authentication, request, "/admin/accounts/" + id + "/actions/" + action);
        if (gate != null) {
            return gate;
        }
        flash.addFlashAttribute("success", actions.perform(admin, account, chosen));
        return "redirect:/admin/accounts/" + id;
    }

    private String secondFactorGate(SignedInAccount admin, Authentication authentication, HttpServletRequest request,
                                    String returnPath) {
        return stepUp.require(admin, authentication, request, returnPath);
    }

    private static String describe(String type, String detail) {
        return switch (type) {
            case "signin.password.succeeded" -> "Password correct";
            case "signin.password.refused" -> "Sign-in refused" + (detail == null ? "" : " (" + detail.replace("reason=", "") + ")");
            case "signin.factor.succeeded" -> "Signed in" + (detail == null ? "" : " with " + detail.replace("factor=", ""));
            case "signin.stepup.succeeded" -> "Confirmed again" + (detail == null ? "" : " with " + detail.replace("factor=", ""));
            default -> type;
        };
    }
}
