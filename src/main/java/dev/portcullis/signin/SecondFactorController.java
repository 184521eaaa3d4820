package dev.portcullis.signin;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.mfa.policy.EffectivePolicy;
import dev.portcullis.mfa.policy.MfaPolicyService;

/**
 * The second step of sign-in (and of step-up): sends the person to their default method, or
 * lists every method they hold ("Use another method"). Works from the registry only.
 */
@Controller
class SecondFactorController {

    private final MfaService mfa;
    private final MfaPolicyService policy;

    SecondFactorController(MfaService mfa, MfaPolicyService policy) {
        this.mfa = mfa;
        this.policy = policy;
    }

    @GetMapping("/signin/factor")
    String next() {
        SignedInAccount account = SignInCompletion.current();
        if (account == null) {
            return "redirect:/signin";
        }
        if (inReset()) {
            return "redirect:/signin/reset/verify";
        }
        EffectivePolicy effective = policy.effective(account.organisationId(), account.role());
        return mfa.defaultFactor(account.accountId())
                .filter(method -> effective.allows(method.type()))
                .flatMap(method -> mfa.registry().find(method.type())
                        .filter(f -> f.available())
                        .map(f -> "redirect:" + f.challengePath(method.instanceId())))
                .orElse("redirect:/signin/factor/choose");
    }

    @GetMapping("/signin/factor/choose")
    String choose(@RequestParam(required = false) String unavailable, Model model) {
        SignedInAccount account = SignInCompletion.current();
        if (account == null) {
            return "redirect:/signin";
        }
        if (inReset()) {
            return "redirect:/signin/reset/verify";
        }
        EffectivePolicy effective = policy.effective(account.organisationId(), account.role());
        // Methods the policy no longer allows are offered only when the account has nothing else,
        // so that it can prove itself once and then add an allowed method.
        boolean onlyDisallowed = policy.needsAllowedMethod(account.accountId(), account.organisationId(), account.role());
        List<Choice> choices = new ArrayList<>();
        for (EnrolledFactor method : mfa.usable(account.accountId())) {
            Factor factor = mfa.registry().find(method.type()).orElseThrow();
            if (factor.available() && (onlyDisallowed || effective.allows(method.type()))) {
                choices.add(new Choice(factor.type().name(), method.label(), method.hint(),
                        factor.challengePath(method.instanceId()), method.type()));
            }
        }
        model.addAttribute("choices", choices);
        model.addAttribute("unavailable", unavailable != null);
        return "signin/choose-factor";
    }

    private static boolean inReset() {
        return SignInCompletion.hasAuthority(org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication(), SignInCompletion.RESET_IN_PROGRESS);
    }

    record Choice(String factorName, String label, String hint, String path, String type) {
    }
}
