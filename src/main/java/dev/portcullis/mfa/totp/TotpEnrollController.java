package dev.portcullis.mfa.totp;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.portcullis.mfa.MfaService;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * Setting up an authenticator app (TOTP-04): the page shows the QR code and key of a pending
 * app kept for this session, and the app becomes active once a code from it is typed. Adding it
 * when the account already has MFA needs a second factor proven in the last 5 minutes (MFA-05).
 */
@Controller
class TotpEnrollController {

    static final String VIEW = "mfa/totp/enroll";
    /** Session attribute: the id of the pending app this session is setting up. */
    static final String PENDING = "portcullis.totp.pending";

    private final TotpFactor factor;
    private final TotpService totp;
    private final MfaService mfa;
    private final SignInCompletion signInCompletion;

    TotpEnrollController(TotpFactor factor, TotpService totp, MfaService mfa, SignInCompletion signInCompletion) {
        this.factor = factor;
        this.totp = totp;
        this.mfa = mfa;
        this.signInCompletion = signInCompletion;
    }

    @GetMapping(TotpFactor.ENROLL_PATH)
    String start(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                 @RequestParam(required = false) String expired, HttpServletRequest request, HttpSession session,
                 Model model) {
        if (!factor.available()) {
            return "redirect:/account/self-service";
        }
        if (needsStepUp(account, authentication)) {
            return SignInCompletion.stepUp(request, TotpFactor.ENROLL_PATH);
        }
        model.addAttribute("expired", expired != null);
        return show(account, request, session, model, null);
    }

    @PostMapping(TotpFactor.ENROLL_PATH)
    String confirm(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                   @RequestParam(defaultValue = "") String code, HttpServletRequest request,
                   HttpServletResponse response, HttpSession session, Model model) {
        if (!factor.available()) {
            return "redirect:/account/self-service";
        }
        if (needsStepUp(account, authentication)) {
            return SignInCompletion.stepUp(request, TotpFactor.ENROLL_PATH);
        }
        if (!(session.getAttribute(PENDING) instanceof Long pendingId)) {
            return "redirect:" + TotpFactor.ENROLL_PATH + "?expired";
        }
        CodeInput input = CodeInput.parse(code);
        if (!input.valid()) {
            return show(account, request, session, model, input.problem());
        }
        TotpService.Verification result = totp.confirm(account, pendingId, input.code(), request.getRemoteAddr());
        return switch (result.outcome()) {
            case VERIFIED -> {
                session.removeAttribute(PENDING);
                // Typing a code from the new app proves possession of it: this is a second factor.
                signInCompletion.factorProven(request, response, factor.type());
                yield "redirect:" + result.nextPath();
            }
            case EXPIRED, NOT_ENROLLED -> {
                session.removeAttribute(PENDING);
                yield "redirect:" + TotpFactor.ENROLL_PATH + "?expired";
            }
            case PAUSED -> show(account, request, session, model, TotpChallengeController.pausedMessage(result.minutesLeft()));
            case REJECTED -> show(account, request, session, model, CodeInput.INCORRECT);
        };
    }

    private String show(SignedInAccount account, HttpServletRequest request, HttpSession session, Model model,
                        String problem) {
        Long pendingId = session.getAttribute(PENDING) instanceof Long id ? id : null;
        TotpService.Enrolment enrolment = totp.begin(account, pendingId, request.getRemoteAddr());
        session.setAttribute(PENDING, enrolment.pendingId());
        model.addAttribute("enrolment", enrolment);
        model.addAttribute("problem", problem);
        model.addAttribute("replacing", totp.hasApp(account.accountId()));
        if (!model.containsAttribute("expired")) {
            model.addAttribute("expired", false);
        }
        return VIEW;
    }

    private boolean needsStepUp(SignedInAccount account, Authentication authentication) {
        return mfa.enabled(account.accountId()) && !mfa.recentlyVerified(authentication);
    }
}
