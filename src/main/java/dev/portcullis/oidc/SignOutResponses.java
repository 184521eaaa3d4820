package dev.portcullis.oidc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.signin.SignedInAccount;

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2, §3): the portal session ends
 * on the server, then the person goes to the application's registered post-logout address (with
 * its {@code state}), or to the portal's "You have signed out" page.
 */
final class SignOutResponses implements AuthenticationSuccessHandler {

    private final SecurityContextLogoutHandler logout = new SecurityContextLogoutHandler();
    private final DefaultRedirectStrategy redirects = new DefaultRedirectStrategy();
    private final ApplicationEventPublisher events;

    SignOutResponses(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        var signOut = (OidcLogoutAuthenticationToken) authentication;
        if (signOut.isPrincipalAuthenticated() && signOut.getPrincipal() instanceof Authentication person) {
            if (person.getPrincipal() instanceof SignedInAccount account) {
                events.publishEvent(new SignedOutByApplication(account.accountId(), account.organisationId(),
                        signOut.getClientId(), request.getRemoteAddr()));
            }
            logout.logout(request, response, person);
        }
        String target = "/signin?signedout";
        if (signOut.isAuthenticated() && StringUtils.hasText(signOut.getPostLogoutRedirectUri())) {
            UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(signOut.getPostLogoutRedirectUri());
            if (StringUtils.hasText(signOut.getState())) {
                uri.queryParam(OAuth2ParameterNames.STATE, UriUtils.encode(signOut.getState(), StandardCharsets.UTF_8));
            }
            target = uri.build(true).toUriString();
        }
        redirects.sendRedirect(request, response, target);
    }

    record SignedOutByApplication(long accountId, long organisationId, String clientId, String sourceIp) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("oidc.signout", accountId, accountId, organisationId, sourceIp, "client=" + clientId);
        }
    }
}
