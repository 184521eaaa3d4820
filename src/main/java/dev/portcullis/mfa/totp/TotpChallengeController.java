package dev.portcullis.mfa.totp;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * The authenticator app step of sign-in and step-up: reachable after the password step only
 * ({@code /signin/factor/**}). Every code passes the per-account regulator before it is checked.
 */
@Controller
class TotpChallengeController {

    static final String VIEW = "mfa/totp/challenge";

    private final TotpFactor factor;
    private final TotpService totp;
    private final SignInCompletion signInCompletion;

    TotpChallengeController(TotpFactor factor, TotpService totp, SignInCompletion signInCompletion) {
        this.factor = factor;
        this.totp = totp;
        this.signInCompletion = signInCompletion;
    }

    static String pausedMessage(long minutes) {
        return "Too many incorrect codes. Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
    }

    @GetMapping(TotpFactor.CHALLENGE_PATH)
    String challenge(HttpServletRequest request, Model model) {
        SignedInAccount account = SignInCompletion.current();
        if (account == null) {
            return "redirect:/signin";
        }
        if (!factor.available() || !totp.hasApp(account.accountId())) {
            return "redirect:/signin/factor/choose";
        }
        long paused = totp.pausedMinutes(account.accountId());
        return show(model, paused > 0 ? pausedMessage(paused) : null);
    }

    @PostMapping(TotpFactor.CHALLENGE_PATH)
    String verify(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        SignedInAccount account = SignInCompletion.current();
        if (account == null) {
            return "redirect:/signin";
        }
        if (!factor.available()) {
            return "redirect:/signin/factor/choose";
        }
        CodeInput input = CodeInput.parse(code);
        if (!input.valid()) {
            return show(model, input.problem());
        }
        TotpService.Verification result = totp.verify(account, input.code(), request.getRemoteAddr());
        return switch (result.outcome()) {
            case VERIFIED -> "redirect:" + signInCompletion.factorProven(request, response, factor.type());
            case NOT_ENROLLED, EXPIRED -> "redirect:/signin/factor/choose";
            case PAUSED -> show(model, pausedMessage(result.minutesLeft()));
            case REJECTED -> show(model, CodeInput.INCORRECT);
        };
    }

    private String show(Model model, String problem) {
        model.addAttribute("problem", problem);
        model.addAttribute("issuer", totp.issuer());
        return VIEW;
    }
}
