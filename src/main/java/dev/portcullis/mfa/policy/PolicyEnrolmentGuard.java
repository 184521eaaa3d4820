package dev.portcullis.mfa.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.portcullis.signin.SignedInAccount;

/**
 * Refuses enrolment of a method the person's policy does not allow, on every factor's
 * enrolment URLs, so no factor has to know about policy. Removing and renaming are left
 * alone: people may always drop a method the policy no longer allows.
 */
@Configuration(proxyBeanMethods = false)
class PolicyEnrolmentGuard implements WebMvcConfigurer {

    private static final Pattern FACTOR_PATH = Pattern.compile("^/account/security/factors/([a-z0-9]+)/(.*)$");

    private final MfaPolicyService policy;

    PolicyEnrolmentGuard(MfaPolicyService policy) {
        this.policy = policy;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws java.io.IOException {
                Matcher m = FACTOR_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
                if (!m.matches() || m.group(2).endsWith("/remove") || m.group(2).endsWith("/rename")) {
                    return true;
                }
                var authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication == null || !(authentication.getPrincipal() instanceof SignedInAccount account)) {
                    return true;
                }
                if (policy.effective(account.organisationId(), account.role()).allows(m.group(1))) {
                    return true;
                }
                response.sendRedirect(request.getContextPath() + "/account/security/enroll?notallowed");
                return false;
            }
        }).addPathPatterns("/account/security/factors/**");
    }
}
