package dev.portcullis.selfservice.password;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.portcullis.account.password.PasswordPolicy;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * Profile &gt; Change Password. With MFA on, the person must have proved a second factor in the
 * last 5 minutes (MFA-05); otherwise they are sent to do so and brought back. Passwords are
 * never put back into the page.
 */
@Controller
class ChangePasswordController {

    static final String VIEW = "selfservice/password/change";
    static final String PATH = "/account/password";

    private final ChangePassword changePassword;
    private final MfaService mfa;
    private final PasswordPolicy policy;

    ChangePasswordController(ChangePassword changePassword, MfaService mfa, PasswordPolicy policy) {
        this.changePassword = changePassword;
        this.mfa = mfa;
        this.policy = policy;
    }

    @GetMapping(PATH)
    String form(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                HttpServletRequest request, Model model) {
        if (needsStepUp(account, authentication)) {
            return SignInCompletion.stepUp(request, PATH);
        }
        return render(Map.of(), model);
    }

    @PostMapping(PATH)
    String change(@AuthenticationPrincipal SignedInAccount account, Authentication authentication,
                  @RequestParam(name = ChangePassword.CURRENT, required = false) String current,
                  @RequestParam(name = ChangePassword.NEW, required = false) String newPassword,
                  @RequestParam(name = ChangePassword.CONFIRM, required = false) String confirm,
                  HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes flash) {
        if (needsStepUp(account, authentication)) {
            return SignInCompletion.stepUp(request, PATH);
        }
        String sessionId = request.getSession().getId();
        ChangePassword.Outcome outcome = changePassword.change(account, current, newPassword, confirm, sessionId,
                request.getRemoteAddr());
        if (outcome instanceof ChangePassword.Refused refused) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return render(refused.problems(), model);
        }
        // A new id for the session that made the change, too.
        request.changeSessionId();
        flash.addFlashAttribute("changed", true);
        flash.addFlashAttribute("otherSessionsEnded", ((ChangePassword.Changed) outcome).otherSessionsEnded());
        return "redirect:" + PATH + "/changed";
    }

    @GetMapping(PATH + "/changed")
    String changed(Model model) {
        if (!Boolean.TRUE.equals(model.getAttribute("changed"))) {
            return "redirect:" + PATH;
        }
        return "selfservice/password/changed";
    }

    private String render(Map<String, String> problems, Model model) {
        model.addAttribute("problems", problems);
        model.addAttribute("minLength", policy.minLength());
        return VIEW;
    }

    private boolean needsStepUp(SignedInAccount account, Authentication authentication) {
        return mfa.enabled(account.accountId()) && !mfa.recentlyVerified(authentication);
    }
}
