package dev.portcullis.scim;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.portcullis.account.AccountService;
import dev.portcullis.admin.AdminScope;
import dev.portcullis.admin.AdminStepUp;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.shared.ServiceProperties;
import dev.portcullis.signin.SignedInAccount;

/**
 * Administration &gt; SCIM provisioning tokens: list, issue (the token is shown once, on the
 * response to the form, never stored in the session), revoke. Global administrators issue tokens
 * for every organisation or one; local administrators for their own only, and see and revoke only
 * those. Issuing and revoking need the administrator's own second factor within the last 5
 * minutes (ADM-02); every scope refusal is a 403 with an audit line (ADM-01).
 */
@Controller
class ScimTokensController {

    static final String PATH = "/admin/scim-tokens";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    record TokenView(long id, String label, String scope, String issuedBy, String issued, String lastUsed, boolean revoked,
                     String revokedAt) {
    }

    private final ScimTokens tokens;
    private final AdminScope scope;
    private final OrganisationService organisations;
    private final AccountService accounts;
    private final AdminStepUp stepUp;
    private final ServiceProperties service;

    ScimTokensController(ScimTokens tokens, AdminScope scope, OrganisationService organisations, AccountService accounts,
                         AdminStepUp stepUp, ServiceProperties service) {
        this.tokens = tokens;
        this.scope = scope;
        this.organisations = organisations;
        this.accounts = accounts;
        this.stepUp = stepUp;
        this.service = service;
    }

    @GetMapping(PATH)
    String list(@AuthenticationPrincipal SignedInAccount admin, Model model) {
        List<TokenView> views = new ArrayList<>();
        for (ScimTokenStore.Row row : tokens.list(scope.organisationFilter(admin))) {
            views.add(new TokenView(row.id(), row.label(), scopeName(row.organisationId()),
                    accounts.findById(row.issuedBy()).map(a -> a.displayName()).orElse("Unknown"),
                    WHEN.format(row.issuedAt()), row.lastUsedAt() == null ? "Not used yet" : WHEN.format(row.lastUsedAt()),
                    row.revoked(), row.revokedAt() == null ? null : WHEN.format(row.revokedAt())));
        }
        model.addAttribute("tokens", views);
        model.addAttribute("endpoint", service.link(ScimResources.BASE_PATH));
        return "scim/tokens";
    }

    @GetMapping(PATH + "/new")
    String form(@AuthenticationPrincipal SignedInAccount admin, Authentication authentication, HttpServletRequest request,
                Model model) {
        String gate = secondFactorGate(admin, authentication, request, PATH + "/new");
        if (gate != null) {
            return gate;
        }
        return form(admin, model, "", defaultScope(admin), Map.of());
    }

    @PostMapping(PATH)
    String issue(@AuthenticationPrincipal SignedInAccount admin, Authentication authentication, HttpServletRequest request,
                 @RequestParam(defaultValue = "") String label, @RequestParam(defaultValue = "") String scope, Model model) {
        Long organisationId = organisationOf(scope);
        if (organisationId == null && !"global".equals(scope)) {
            // Unknown scope text: shown as a problem below, unless it names an organisation out of reach.
            organisationId = -1L;
        }
        if (organisationId == null) {
            this.scope.requireGlobal(admin, "issue global scim token");
        } else if (organisationId != -1L) {
            this.scope.requireOrganisation(admin, organisationId, "issue scim token");
        }
        String gate = secondFactorGate(admin, authentication, request, PATH + "/new");
        if (gate != null) {
            return gate;
        }
        Map<String, String> problems = new LinkedHashMap<>();
        String clean = ScimTokens.cleanLabel(label);
        if (clean == null) {
            problems.put("label", "Enter a name for the token of " + ScimTokens.MAX_LABEL + " characters or fewer");
        }
        if (organisationId != null && (organisationId == -1L || organisations.findById(organisationId).isEmpty())) {
            problems.put("scope", "Choose which organisation the token is for");
        }
        if (!problems.isEmpty()) {
            return form(admin, model, label.length() > 200 ? label.substring(0, 200) : label, scope, problems);
        }
        ScimTokens.Issued issued = tokens.issue(clean, organisationId, admin.accountId());
        model.addAttribute("token", issued.token());
        model.addAttribute("label", clean);
        model.addAttribute("scope", scopeName(organisationId));
        model.addAttribute("endpoint", service.link(ScimResources.BASE_PATH));
        return "scim/issued";
    }

    @GetMapping(PATH + "/{id}/revoke")
    String confirmRevoke(@AuthenticationPrincipal SignedInAccount admin, Authentication authentication,
                         HttpServletRequest request, @PathVariable long id, Model model) {
        ScimTokenStore.Row token = requireToken(admin, id);
        String gate = secondFactorGate(admin, authentication, request, PATH + "/" + id + "/revoke");
        if (gate != null) {
            return gate;
        }
        model.addAttribute("token", token);
        model.addAttribute("scope", scopeName(token.organisationId()));
        return "scim/revoke";
    }

    @PostMapping(PATH + "/{id}/revoke")
    String revoke(@AuthenticationPrincipal SignedInAccount admin, Authentication authentication, HttpServletRequest request,
                  @PathVariable long id, RedirectAttributes flash) {
        ScimTokenStore.Row token = requireToken(admin, id);
        String gate = secondFactorGate(admin, authentication, request, PATH + "/" + id + "/revoke");
        if (gate != null) {
            return gate;
        }
        tokens.revoke(token, admin.accountId());
        flash.addFlashAttribute("success", "The token " + token.label() + " is revoked. Requests with it are refused from now on.");
        return "redirect:" + PATH;
    }

    private String form(SignedInAccount admin, Model model, String label, String chosen, Map<String, String> problems) {
        List<Map<String, String>> choices = new ArrayList<>();
        if (scope.isGlobal(admin)) {
            choices.add(Map.of("value", "global", "text", "Every organisation (global)"));
            for (Organisation organisation : organisations.findAll()) {
                choices.add(Map.of("value", Long.toString(organisation.id()), "text", organisation.name() + " (" + organisation.code() + ")"));
            }
        } else {
            organisations.findById(admin.organisationId()).ifPresent(o ->
                    choices.add(Map.of("value", Long.toString(o.id()), "text", o.name() + " (" + o.code() + ")")));
        }
        model.addAttribute("choices", choices);
        model.addAttribute("label", label);
        model.addAttribute("chosen", chosen);
        model.addAttribute("problems", problems);
        return "scim/new";
    }

    private String defaultScope(SignedInAccount admin) {
        return scope.isGlobal(admin) ? "" : Long.toString(admin.organisationId());
    }

    private ScimTokenStore.Row requireToken(SignedInAccount admin, long id) {
        ScimTokenStore.Row token = tokens.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        if (token.organisationId() == null) {
            scope.requireGlobal(admin, "revoke scim token " + id);
        } else {
            scope.requireOrganisation(admin, token.organisationId(), "revoke scim token " + id);
        }
        return token;
    }

    private String scopeName(Long organisationId) {
        if (organisationId == null) {
            return "Every organisation";
        }
        return organisations.findById(organisationId).map(Organisation::name).orElse("Unknown organisation");
    }

    private static Long organisationOf(String scope) {
        if (scope == null || scope.isBlank() || "global".equals(scope)) {
            return null;
        }
        try {
            return Long.parseLong(scope);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Administrators act only with a second factor proven in the last 5 minutes (ADM-02). */
    private String secondFactorGate(SignedInAccount admin, Authentication authentication, HttpServletRequest request,
                                    String returnPath) {
        return stepUp.require(admin, authentication, request, returnPath);
    }
}
