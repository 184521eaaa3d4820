package dev.portcullis.signin;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.stereotype.Component;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/**
 * A session that has only passed the password step is sent to the factor step from any page
 * (and the page remembered for afterwards); everyone else gets the 403 page, and a signed-in
 * person's 403 is audited with the path and why (ADM-01, MFA-04): a URL rule or a missing CSRF
 * token. Sessions without an account (anonymous CSRF failures) are not audited, so that anyone
 * on the internet cannot fill the audit log.
 */
@Component
class SecondFactorAccessDeniedHandler implements AccessDeniedHandler {

    private final AccessDeniedHandlerImpl forbidden = new AccessDeniedHandlerImpl();
    private final HttpSessionRequestCache requests = new HttpSessionRequestCache();

    private final ApplicationEventPublisher events;

    SecondFactorAccessDeniedHandler(ApplicationEventPublisher events) {
        this.events = events;
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
        if (authentication != null && authentication.getPrincipal() instanceof SignedInAccount account) {
            events.publishEvent(new AccessRefused(account.accountId(), account.organisationId(), request.getRemoteAddr(),
                    request.getMethod(), request.getRequestURI(), denied instanceof CsrfException ? "csrf" : "not permitted"));
        }
        forbidden.handle(request, response, denied);
    }

    /** A signed-in person was refused a path: the method, the path (without its query) and why. */
    record AccessRefused(long accountId, long organisationId, String sourceIp, String method, String path, String reason)
            implements Audited {
        @Override
        public AuditEntry auditEntry() {
            String shown = path.length() > 200 ? path.substring(0, 200) : path;
            return new AuditEntry("access.refused", accountId, accountId, organisationId, sourceIp,
                    "method=" + method + " path=" + shown + " reason=" + reason);
        }
    }
}
