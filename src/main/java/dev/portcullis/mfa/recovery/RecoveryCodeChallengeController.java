package dev.portcullis.mfa.recovery;

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
 * The second sign-in step (or a step-up) with a recovery code. The person sees one generic
 * message for a wrong or used code; the audit log has the exact reason.
 */
@Controller
class RecoveryCodeChallengeController {

    private static final String VIEW = "mfa/recovery/challenge";

    private final RecoveryCodeService codes;
    private final RecoveryCodeProperties properties;
    private final SignInCompletion completion;

    RecoveryCodeChallengeController(RecoveryCodeService codes, RecoveryCodeProperties properties,
                                    SignInCompletion completion) {
        this.codes = codes;
        this.properties = properties;
        this.completion = completion;
    }

    @GetMapping(RecoveryCodeFactor.CHALLENGE_PATH)
    String challenge(Model model) {
        SignedInAccount account = SignInCompletion.current();
        if (account == null) {
            return "redirect:/signin";
        }
        if (!properties.enabled() || codes.unused(account.accountId()) == 0) {
            return "redirect:/signin/factor/choose";
        }
        model.addAttribute("problem", null);
        return VIEW;
    }

    @PostMapping(RecoveryCodeFactor.CHALLENGE_PATH)
    String verify(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        SignedInAccount account = SignInCompletion.current();
        if (account == null) {
            return "redirect:/signin";
        }
        if (!properties.enabled()) {
            return "redirect:/signin/factor/choose";
        }
        if (code.isBlank()) {
            return problem(model, "Enter a recovery code");
        }
        if (code.length() > RecoveryCodes.MAX_INPUT) {
            return problem(model, "Recovery code must be " + RecoveryCodes.MAX_INPUT + " characters or fewer");
        }
        RecoveryCodeService.Result result = codes.verify(account.accountId(), code, request.getRemoteAddr());
        if (result instanceof RecoveryCodeService.Result.Verified) {
            String next = completion.factorProven(request, response, RecoveryCodeFactor.TYPE);
            request.getSession().setAttribute(RecoveryCodeEnrollController.CONTINUE_ATTRIBUTE, next);
            return "redirect:" + RecoveryCodeEnrollController.USED_PATH;
        }
        if (result instanceof RecoveryCodeService.Result.Paused paused) {
            return problem(model, "You have entered too many wrong codes. Try again in " + paused.minutes()
                    + (paused.minutes() == 1 ? " minute." : " minutes."));
        }
        if (result instanceof RecoveryCodeService.Result.Malformed) {
            return problem(model, "Enter the code as it is written on your list, like 7K3M-9QXT-2HDP-WR4N");
        }
        return problem(model, "That code is not right or has already been used. Check it and try again, or use another code.");
    }

    private static String problem(Model model, String message) {
        model.addAttribute("problem", message);
        return VIEW;
    }
}
