package dev.portcullis.signin;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.stereotype.Component;

/**
 * A session that has only passed the password step is sent to the factor step from any page
 * (and the page remembered for afterwards); everyone else gets the 403 page.
 */
@Component
class SecondFactorAccessDeniedHandler implements AccessDeniedHandler {

    private final AccessDeniedHandlerImpl forbidden = new AccessDeniedHandlerImpl();
    private final HttpSessionRequestCache requests = new HttpSessionRequestCache();

    SecondFactorAccessDeniedHandler() {
        forbidden.setErrorPage(null);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (SignInCompletion.hasAuthority(authentication, SignInCompletion.AWAITING_SECOND_FACTOR)) {
            if ("GET".equals(request.getMethod())) {
                requests.saveRequest(request, response);
            }
            response.sendRedirect(request.getContextPath() + "/signin/factor");
            return;
        }
        if (SignInCompletion.hasAuthority(authentication, SignInCompletion.RESET_IN_PROGRESS)) {
            response.sendRedirect(request.getContextPath() + "/signin/reset/verify");
            return;
        }
        if (SignInCompletion.hasAuthority(authentication, SignInCompletion.ENROLMENT_REQUIRED)) {
            response.sendRedirect(request.getContextPath() + "/account/security/enroll?required");
            return;
        }
        forbidden.handle(request, response, denied);
    }
}
