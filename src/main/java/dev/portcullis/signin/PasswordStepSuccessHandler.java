package dev.portcullis.signin;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/** After the password: straight in when the account has no second factor, else to the factor step. */
@Component
class PasswordStepSuccessHandler implements AuthenticationSuccessHandler {

    private final SavedRequestAwareAuthenticationSuccessHandler signedIn = new SavedRequestAwareAuthenticationSuccessHandler();

    PasswordStepSuccessHandler() {
        signedIn.setDefaultTargetUrl("/");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException, ServletException {
        if (SignInCompletion.hasAuthority(authentication, SignInCompletion.MFA_NUDGE)) {
            response.sendRedirect(request.getContextPath() + "/signin/mfa-nudge");
        } else if (SignInCompletion.hasAuthority(authentication, PasswordStepAuthenticationProvider.SIGNED_IN)) {
            signedIn.onAuthenticationSuccess(request, response, authentication);
        } else if (SignInCompletion.hasAuthority(authentication, SignInCompletion.ENROLMENT_REQUIRED)) {
            response.sendRedirect(request.getContextPath() + "/account/security/enroll?required");
        } else {
            response.sendRedirect(request.getContextPath() + "/signin/factor");
        }
    }
}
