package dev.portcullis.mfa;

import java.util.ArrayList;
import java.util.List;

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

import dev.portcullis.mfa.policy.EffectivePolicy;
import dev.portcullis.mfa.policy.MfaPolicyService;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * Profile &gt; Self-Service: MFA status, self-enrolment, the list of methods and what can be done
 * with them. Changes to existing methods need a second factor proven in the last 5 minutes
 * (MFA-05); the first enrolment does not, since there is nothing to prove yet.
 */
@Controller
class MfaSelfServiceController {

    private static final java.time.format.DateTimeFormatter DISPLAY_DATE = java.time.format.DateTimeFormatter
            .ofPattern("d MMM yyyy", java.util.Locale.UK).withZone(java.time.ZoneId.of("Europe/London"));
    private static final java.time.format.DateTimeFormatter DISPLAY_TIME = java.time.format.DateTimeFormatter
            .ofPattern("d MMM yyyy, HH:mm", java.util.Locale.UK).withZone(java.time.ZoneId.of("Europe/London"));

    private final MfaService mfa;
    private final MfaPolicyService policy;

    MfaSelfServiceController(MfaService mfa, MfaPolicyService policy) {
        this.mfa = mfa;
        this.policy = policy;
    }

    record MethodRow(String type, String instanceId, String factorName, String label, String hint,
                     String added, String lastUsed, boolean isDefault, boolean renamable,
                     boolean phishingResistant) {
    }

    record Choice(String id, String name, String description, String path, boolean recommended, boolean phishingResistant) {
    }

    @GetMapping("/account/self-service")
    String selfService(@AuthenticationPrincipal SignedInAccount account,
                       @RequestParam(required = false) String changed, Model model) {
        long id = account.accountId();
        if (changed != null && !model.containsAttribute("success")) {
            model.addAttribute("success", "Your MFA methods have been updated. We have emailed you to confirm the change.");
        }
        List<MethodRow> rows = new ArrayList<>();
        EnrolledFactor preferred = mfa.defaultFactor(id).orElse(null);
        for (EnrolledFactor method : mfa.usable(id)) {
            Factor factor = mfa.registry().find(method.type()).orElseThrow();
            boolean isDefault = preferred != null && preferred.type().equals(method.type())
                    && preferred.instanceId().equals(method.instanceId());
            rows.add(new MethodRow(method.type(), method.instanceId(), factor.type().name(), method.label(), method.hint(),
                    DISPLAY_DATE.format(method.addedAt()),
                    method.lastUsedAt() == null ? "Not used yet" : DISPLAY_TIME.format(method.lastUsedAt()),
                    isDefault, factor.type().renamable(),
                    factor.type().phishingResistant()));
        }
        model.addAttribute("enabled", mfa.enabled(id));
        model.addAttribute("methods", rows);
        model.addAttribute("selfEnrollable", factorsToOffer(account).size() > 0);
        model.addAttribute("disableAllowed", policy.selfServiceDisableAllowed(account.organisationId(), account.role()));
        return "mfa/self-service";
    }

    @GetMapping("/account/security/enroll")
    String chooseMethod(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                        HttpServletRequest request, Model model) {
        if (needsStepUp(account, authentication)) {
            return SignInCompletion.stepUp(request, "/account/security/enroll");
        }
        model.addAttribute("choices", factorsToOffer(account));
        model.addAttribute("first", !mfa.enabled(account.accountId()));
        EffectivePolicy effective = policy.effective(account.organisationId(), account.role());
        model.addAttribute("required", request.getParameter("required") != null);
        model.addAttribute("mandatoryFrom", effective.mandatory() ? effective.mandatoryFrom() : null);
        model.addAttribute("administratorRule", effective.administratorRule());
        return "mfa/enroll-choose";
    }

    @PostMapping("/account/security/default")
    String makeDefault(@AuthenticationPrincipal SignedInAccount account, @RequestParam String type,
                       @RequestParam String instanceId, RedirectAttributes flash) {
        if (!mfa.setDefault(account.accountId(), type, instanceId)) {
            flash.addFlashAttribute("problem", "That method could not be found. Try again.");
        }
        return "redirect:/account/self-service";
    }

    @GetMapping("/account/security/factors/{type}/{instanceId}/remove")
    String confirmRemove(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                         @PathVariable String type, @PathVariable String instanceId, HttpServletRequest request, Model model) {
        var method = owned(account, type, instanceId);
        if (method == null) {
            return "redirect:/account/self-service";
        }
        if (!mfa.recentlyVerified(authentication)) {
            return SignInCompletion.stepUp(request, request.getRequestURI());
        }
        model.addAttribute("method", method);
        model.addAttribute("factorName", mfa.registry().find(type).orElseThrow().type().name());
        model.addAttribute("last", mfa.enrolled(account.accountId()).size() == 1);
        return "mfa/remove";
    }

    @PostMapping("/account/security/factors/{type}/{instanceId}/remove")
    String remove(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                  @PathVariable String type, @PathVariable String instanceId, HttpServletRequest request,
                  RedirectAttributes flash) {
        if (!mfa.recentlyVerified(authentication)) {
            return SignInCompletion.stepUp(request, "/account/security/factors/" + type + "/" + instanceId + "/remove");
        }
        if (owned(account, type, instanceId) != null && mfa.remove(account.accountId(), type, instanceId, account.accountId())) {
            flash.addFlashAttribute("success", "The method has been removed.");
        }
        return "redirect:/account/self-service";
    }

    @GetMapping("/account/security/factors/{type}/{instanceId}/rename")
    String renameForm(@AuthenticationPrincipal SignedInAccount account, @PathVariable String type,
                      @PathVariable String instanceId, Model model) {
        var method = owned(account, type, instanceId);
        if (method == null || !mfa.registry().find(type).orElseThrow().type().renamable()) {
            return "redirect:/account/self-service";
        }
        model.addAttribute("method", method);
        model.addAttribute("label", method.label());
        return "mfa/rename";
    }

    @PostMapping("/account/security/factors/{type}/{instanceId}/rename")
    String rename(@AuthenticationPrincipal SignedInAccount account, @PathVariable String type,
                  @PathVariable String instanceId, @RequestParam(defaultValue = "") String label, Model model,
                  RedirectAttributes flash) {
        var method = owned(account, type, instanceId);
        if (method == null) {
            return "redirect:/account/self-service";
        }
        String problem = FactorLabels.problem(label);
        if (problem != null) {
            model.addAttribute("method", method);
            model.addAttribute("label", label.length() > 200 ? label.substring(0, 200) : label);
            model.addAttribute("problem", problem);
            return "mfa/rename";
        }
        mfa.rename(account.accountId(), type, instanceId, label.strip());
        flash.addFlashAttribute("success", "The name has been changed.");
        return "redirect:/account/self-service";
    }

    @GetMapping("/account/security/disable")
    String confirmDisable(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                          HttpServletRequest request) {
        if (!mfa.enabled(account.accountId()) || !policy.selfServiceDisableAllowed(account.organisationId(), account.role())) {
            return "redirect:/account/self-service";
        }
        if (!mfa.recentlyVerified(authentication)) {
            return SignInCompletion.stepUp(request, "/account/security/disable");
        }
        return "mfa/disable";
    }

    @PostMapping("/account/security/disable")
    String disable(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                   @RequestParam(required = false) String acceptTerms, HttpServletRequest request, Model model,
                   RedirectAttributes flash) {
        if (!mfa.recentlyVerified(authentication)) {
            return SignInCompletion.stepUp(request, "/account/security/disable");
        }
        if (!policy.selfServiceDisableAllowed(account.organisationId(), account.role())) {
            flash.addFlashAttribute("problem", "Your organisation requires MFA, so it cannot be disabled.");
            return "redirect:/account/self-service";
        }
        if (!"yes".equals(acceptTerms)) {
            model.addAttribute("problem", "Confirm that you understand the terms to disable MFA");
            return "mfa/disable";
        }
        mfa.disable(account.accountId(), account.accountId(), "self-service");
        flash.addFlashAttribute("success", "MFA has been disabled. You can set it up again at any time.");
        return "redirect:/account/self-service";
    }

    private boolean needsStepUp(SignedInAccount account, Authentication authentication) {
        return mfa.enabled(account.accountId()) && !mfa.recentlyVerified(authentication);
    }

    private EnrolledFactor owned(SignedInAccount account, String type, String instanceId) {
        return mfa.usable(account.accountId()).stream()
                .filter(m -> m.type().equals(type) && m.instanceId().equals(instanceId))
                .findFirst().orElse(null);
    }

    private List<Choice> factorsToOffer(SignedInAccount account) {
        long accountId = account.accountId();
        EffectivePolicy effective = policy.effective(account.organisationId(), account.role());
        List<Choice> choices = new ArrayList<>();
        for (Factor factor : mfa.registry().available()) {
            if (!factor.selfEnrollable() || !effective.allows(factor.type().id())) {
                continue;
            }
            if (!factor.type().allowsSeveral() && !factor.enrolled(accountId).isEmpty()) {
                continue;
            }
            FactorType type = factor.type();
            choices.add(new Choice(type.id(), type.name(), type.description(), factor.enrollPath(), type.recommended(),
                    type.phishingResistant()));
        }
        return choices;
    }
}
