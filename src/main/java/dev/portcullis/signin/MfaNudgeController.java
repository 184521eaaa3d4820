package dev.portcullis.signin;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

import dev.portcullis.mfa.policy.MfaPolicyService;
import dev.portcullis.mfa.policy.SignInRequirement;

/** Before the mandatory date: "Set up MFA now" or "Not now", with the postponements left. */
@Controller
class MfaNudgeController {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final MfaPolicyService policy;
    private final HttpSessionRequestCache requests = new HttpSessionRequestCache();

    MfaNudgeController(MfaPolicyService policy) {
        this.policy = policy;
    }

    @GetMapping("/signin/mfa-nudge")
    String nudge(@AuthenticationPrincipal SignedInAccount account, Model model) {
        SignInRequirement requirement = policy.requirement(account.accountId(), account.organisationId(), account.role());
        if (requirement.kind() != SignInRequirement.Kind.NUDGE) {
            return requirement.kind() == SignInRequirement.Kind.ENROL ? "redirect:/account/security/enroll?required" : "redirect:/";
        }
        model.addAttribute("mandatoryFrom", DATE.format(requirement.mandatoryFrom()));
        model.addAttribute("left", requirement.postponementsLeft());
        return "signin/mfa-nudge";
    }

    @PostMapping("/signin/mfa-nudge/postpone")
    String postpone(@AuthenticationPrincipal SignedInAccount account, HttpServletRequest request,
                    HttpServletResponse response) {
        if (!policy.postpone(account.accountId(), account.organisationId(), account.role())) {
            return "redirect:/signin/mfa-nudge";
        }
        SavedRequest saved = requests.getRequest(request, response);
        if (saved != null) {
            requests.removeRequest(request, response);
            return "redirect:" + saved.getRedirectUrl();
        }
        return "redirect:/";
    }
}
