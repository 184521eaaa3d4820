package dev.portcullis.admin;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import dev.portcullis.mfa.MfaService;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * ADM-02: an administrator acts only with their own second factor proven in the last five
 * minutes. Every console handler that changes something asks here first; an administrator with
 * no method yet is sent to set one up, one whose proof is older is asked for it again and then
 * brought back to {@code returnPath}.
 */
@Component
public class AdminStepUp {

    private final MfaService mfa;

    AdminStepUp(MfaService mfa) {
        this.mfa = mfa;
    }

    /** A redirect view name when the administrator must first prove a factor; null when they may act. */
    public String require(SignedInAccount admin, Authentication authentication, HttpServletRequest request,
                          String returnPath) {
        if (!mfa.enabled(admin.accountId())) {
            return "redirect:/account/security/enroll?required";
        }
        if (!mfa.recentlyVerified(authentication)) {
            return SignInCompletion.stepUp(request, returnPath);
        }
        return null;
    }
}
