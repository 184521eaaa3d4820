package dev.portcullis.admin.policy;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.portcullis.admin.AdminScope;
import dev.portcullis.admin.AdminStepUp;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.FactorRegistry;
import dev.portcullis.mfa.policy.MfaPolicy;
import dev.portcullis.mfa.policy.MfaPolicyService;
import dev.portcullis.mfa.policy.RememberDevicePolicy;
import dev.portcullis.signin.SignedInAccount;

/**
 * MFA policy: a local administrator sets their organisation's, within the global policy that
 * global administrators set ({@code ?organisation=global}).
 */
@Controller
class AdminPolicyController {

    private final MfaPolicyService policies;
    private final OrganisationService organisations;
    private final FactorRegistry registry;
    private final AdminScope scope;
    private final AdminStepUp stepUp;
    private final RememberDevicePolicy remember;

    AdminPolicyController(MfaPolicyService policies, OrganisationService organisations, FactorRegistry registry,
                          AdminScope scope, AdminStepUp stepUp, RememberDevicePolicy remember) {
        this.remember = remember;
        this.stepUp = stepUp;
        this.policies = policies;
        this.organisations = organisations;
        this.registry = registry;
        this.scope = scope;
    }

    record PolicyForm(String mode, String day, String month, String year, String maxPostponements, List<String> factors,
                      String rememberDays) {
    }

    @GetMapping("/admin/policy")
    String show(@AuthenticationPrincipal SignedInAccount admin, @RequestParam(required = false) String organisation,
                Model model) {
        Target target = target(admin, organisation);
        MfaPolicy current = target.global() ? policies.global()
                : policies.organisation(target.organisation().id()).orElse(policies.global());
        LocalDate from = current.mandatoryFrom();
        model.addAttribute("form", new PolicyForm(current.mandatory() ? "mandatory" : "optional",
                from == null ? "" : Integer.toString(from.getDayOfMonth()), from == null ? "" : Integer.toString(from.getMonthValue()),
                from == null ? "" : Integer.toString(from.getYear()), Integer.toString(current.maxPostponements()),
                current.allowedFactors().isEmpty() ? allFactorIds() : List.copyOf(current.allowedFactors()),
                Integer.toString(target.global() ? remember.globalDays() : remember.organisationDays(target.organisation().id()))));
        fill(model, admin, target, Map.of());
        return "admin/policy";
    }

    @PostMapping("/admin/policy")
    String save(@AuthenticationPrincipal SignedInAccount admin, @RequestParam(required = false) String organisation,
                PolicyForm form, Authentication authentication, HttpServletRequest request, Model model,
                RedirectAttributes flash) {
        Target target = target(admin, organisation);
        String gate = stepUp.require(admin, authentication, request,
                "/admin/policy" + (organisation == null ? "" : "?organisation=" + target.parameter()));
        if (gate != null) {
            return gate;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        boolean mandatory = "mandatory".equals(form.mode());
        LocalDate from = null;
        if (mandatory) {
            try {
                from = LocalDate.of(Integer.parseInt(form.year() == null ? "" : form.year().strip()), Integer.parseInt(form.month() == null ? "" : form.month().strip()),
                        Integer.parseInt(form.day() == null ? "" : form.day().strip()));
            } catch (RuntimeException e) {
                errors.put("mandatory-from-day", "Enter a real date, for example 1 9 2026");
            }
        }
        int postponements = -1;
        try {
            postponements = Integer.parseInt(form.maxPostponements() == null ? "" : form.maxPostponements().strip());
        } catch (NumberFormatException e) {
            // reported below
        }
        if (postponements < 0 || postponements > 50) {
            errors.put("maxPostponements", "Enter a number from 0 to 50");
        }
        int rememberDays = -1;
        try {
            // A form without the field (an older page) leaves the setting as it was; blank means off.
            rememberDays = form.rememberDays() == null
                    ? (target.global() ? remember.globalDays() : remember.organisationDays(target.organisation().id()))
                    : Integer.parseInt(form.rememberDays().isBlank() ? "0" : form.rememberDays().strip());
        } catch (NumberFormatException e) {
            // reported below
        }
        if (rememberDays < 0 || rememberDays > RememberDevicePolicy.MAX_DAYS) {
            errors.put("rememberDays", "Enter a number of days from 0 to " + RememberDevicePolicy.MAX_DAYS);
        } else if (!target.global()) {
            try {
                remember.check(target.organisation().id(), rememberDays);
            } catch (MfaPolicyService.PolicyOutsideGlobalException e) {
                errors.put("rememberDays", e.getMessage());
            }
        }
        List<String> chosen = form.factors() == null ? List.of() : form.factors().stream()
                .filter(id -> registry.find(id).isPresent()).toList();
        if (chosen.isEmpty()) {
            errors.put("factors", "Select at least one method");
        }
        if (errors.isEmpty()) {
            Set<String> allowed = chosen.containsAll(allFactorIds()) ? Set.of() : Set.copyOf(chosen);
            MfaPolicy policy = new MfaPolicy(mandatory, from, postponements, allowed);
            try {
                if (target.global()) {
                    scope.requireGlobal(admin, "global policy");
                    policies.setGlobalPolicy(policy, admin.accountId());
                    remember.setGlobal(rememberDays, admin.accountId());
                } else {
                    policies.setOrganisationPolicy(target.organisation().id(), policy, admin.accountId());
                    remember.setOrganisation(target.organisation().id(), rememberDays, admin.accountId());
                }
                flash.addFlashAttribute("success", "The MFA policy has been saved.");
                return "redirect:/admin/policy" + (organisation == null ? "" : "?organisation=" + organisation);
            } catch (MfaPolicyService.PolicyOutsideGlobalException e) {
                errors.put("mode-optional", e.getMessage());
            }
        }
        model.addAttribute("form", form);
        fill(model, admin, target, errors);
        return "admin/policy";
    }

    private void fill(Model model, SignedInAccount admin, Target target, Map<String, String> errors) {
        model.addAttribute("target", target);
        model.addAttribute("errors", errors);
        model.addAttribute("factorTypes", registry.all().stream().filter(Factor::selfEnrollable).map(Factor::type).toList());
        model.addAttribute("global", scope.isGlobal(admin));
        model.addAttribute("organisations", scope.isGlobal(admin) ? organisations.findAll() : List.of());
        model.addAttribute("globalPolicy", policies.global());
        model.addAttribute("globalRememberDays", remember.globalDays());
    }

    private List<String> allFactorIds() {
        return registry.all().stream().filter(Factor::selfEnrollable).map(f -> f.type().id()).toList();
    }

    record Target(boolean global, Organisation organisation, String parameter) {
        // Public: the template calls it, and SpEL calls only public methods (the page was a 500).
        public String name() {
            return global ? "every organisation (global policy)" : organisation.name();
        }
    }

    private Target target(SignedInAccount admin, String organisation) {
        if ("global".equals(organisation)) {
            scope.requireGlobal(admin, "global policy");
            return new Target(true, null, "global");
        }
        long id = admin.organisationId();
        if (organisation != null) {
            try {
                id = Long.parseLong(organisation);
            } catch (NumberFormatException e) {
                throw new AdminScope.OutOfScopeException();
            }
        }
        scope.requireOrganisation(admin, id, "policy");
        Organisation found = organisations.findById(id).orElseThrow(AdminScope.OutOfScopeException::new);
        return new Target(false, found, Long.toString(id));
    }
}
