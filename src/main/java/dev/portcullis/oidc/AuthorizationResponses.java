package dev.portcullis.oidc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.util.StringUtils;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * What the authorization endpoint answers: the code to the application (RFC 6749 §4.1.2), an
 * error to the application (§4.1.2.1; never to an unverified redirect URI, which gets a plain
 * 400 page instead: OIDC-02), or, for {@link InteractionRequired}, a detour through the portal's
 * own sign-in or second-factor step that comes back to the same request.
 */
final class AuthorizationResponses {

    private static final int STEP_UP_PATH_LIMIT = 511;

    private final RedirectStrategy redirects = new DefaultRedirectStrategy();
    private final HttpSessionRequestCache requests = new HttpSessionRequestCache();
    private final MfaService mfa;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AuthorizationResponses(MfaService mfa, ApplicationEventPublisher events, Clock clock) {
        this.mfa = mfa;
        this.events = events;
        this.clock = clock;
    }

    AuthenticationSuccessHandler success() {
        return this::sendCode;
    }

    AuthenticationFailureHandler failure() {
        return this::sendError;
    }

    private void sendCode(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        var result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
        if (result.getPrincipal() instanceof Authentication person && person.getPrincipal() instanceof SignedInAccount account) {
            events.publishEvent(new OidcEvents.ApplicationSignedIn(account.accountId(), account.organisationId(),
                    result.getClientId(), request.getRemoteAddr()));
        }
        UriComponentsBuilder target = UriComponentsBuilder.fromUriString(result.getRedirectUri())
                .queryParam(OAuth2ParameterNames.CODE, result.getAuthorizationCode().getTokenValue());
        if (StringUtils.hasText(result.getState())) {
            target.queryParam(OAuth2ParameterNames.STATE, UriUtils.encode(result.getState(), StandardCharsets.UTF_8));
        }
        toApplication(request, response, target.build(true).toUriString());
    }

    private void sendError(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        if (exception instanceof InteractionRequired interaction) {
            switch (interaction.kind()) {
                case SIGN_IN_AGAIN -> signInAgain(request, response, interaction);
                case STEP_UP -> stepUp(request, response, interaction);
            }
            return;
        }
        if (!(exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException failed)
                || failed.getAuthorizationCodeRequestAuthentication() == null
                || !StringUtils.hasText(failed.getAuthorizationCodeRequestAuthentication().getRedirectUri())) {
            // Unknown client or unregistered redirect URI: never redirect anywhere (OIDC-01, OIDC-02).
            response.sendError(HttpStatus.BAD_REQUEST.value());
            return;
        }
        OAuth2Error error = failed.getError();
        OAuth2AuthorizationCodeRequestAuthenticationToken asked = failed.getAuthorizationCodeRequestAuthentication();
        UriComponentsBuilder target = UriComponentsBuilder.fromUriString(asked.getRedirectUri())
                .queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
        if (StringUtils.hasText(error.getDescription())) {
            target.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, UriUtils.encode(error.getDescription(), StandardCharsets.UTF_8));
        }
        if (StringUtils.hasText(error.getUri())) {
            target.queryParam(OAuth2ParameterNames.ERROR_URI, UriUtils.encode(error.getUri(), StandardCharsets.UTF_8));
        }
        // A state we refused for its length or characters is not sent back (INP-01): the error says why.
        if (StringUtils.hasText(asked.getState()) && AuthorizationRequestPolicy.acceptableText(asked.getState())) {
            target.queryParam(OAuth2ParameterNames.STATE, UriUtils.encode(asked.getState(), StandardCharsets.UTF_8));
        }
        toApplication(request, response, target.build(true).toUriString());
    }

    /**
     * Back to the application's registered redirect URI. Usually a 302. But when the browser
     * got here by following our own redirects after submitting one of our forms (sign-in, the
     * second factor, consent), Chromium checks every hop of that chain against the form page's
     * {@code form-action 'self'} (CSP Level 3 §6.3.1) and would stop at the application's
     * origin. Such a request says {@code Sec-Fetch-Site: same-origin}; it gets a page that
     * moves on by itself (a meta refresh, which is not a form navigation) with a link as well.
     */
    private void toApplication(HttpServletRequest request, HttpServletResponse response, String location) throws IOException {
        if (!"same-origin".equals(request.getHeader("Sec-Fetch-Site"))) {
            redirects.sendRedirect(request, response, location);
            return;
        }
        String escaped = HtmlUtils.htmlEscape(location);
        String html = """
                <!DOCTYPE html>
                <html lang="en-GB">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <meta http-equiv="refresh" content="0;url=%s">
                  <title>Returning to the application</title>
                  <link rel="stylesheet" href="%s/nhsuk/portcullis.css">
                </head>
                <body>
                <div class="nhsuk-width-container">
                  <main class="nhsuk-main-wrapper" id="maincontent">
                    <h1 class="nhsuk-heading-l">Returning to the application</h1>
                    <p><a class="nhsuk-link" id="continue-to-application" href="%s">Continue</a></p>
                  </main>
                </div>
                </body>
                </html>
                """.formatted(escaped, HtmlUtils.htmlEscape(request.getContextPath()), escaped);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(html);
    }

    /** {@code prompt=login} or {@code max_age}: the session is signed out here, and sign-in returns to this request. */
    private void signInAgain(HttpServletRequest request, HttpServletResponse response, InteractionRequired interaction)
            throws IOException {
        HttpSession session = request.getSession();
        SignInAgainMarks.demand(session, interaction.requestFingerprint(), clock.instant());
        new SecurityContextLogoutHandler() {
            {
                setInvalidateHttpSession(false);
            }
        }.logout(request, response, SecurityContextHolder.getContext().getAuthentication());
        session.removeAttribute(SignInCompletion.AMR_ATTRIBUTE);
        requests.saveRequest(request, response);
        redirects.sendRedirect(request, response, "/signin");
    }

    /**
     * A stronger factor is needed: a second-factor step, then back to this request. For
     * {@code phr} the person goes straight to their phishing-resistant method (a FIDO2 key), so
     * the page offers nothing weaker; whatever they prove instead, this request checks again.
     */
    private void stepUp(HttpServletRequest request, HttpServletResponse response, InteractionRequired interaction)
            throws IOException {
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        if (path.length() <= STEP_UP_PATH_LIMIT) {
            SignInCompletion.stepUp(request, path);
        } else {
            requests.saveRequest(request, response);
        }
        String target = "/signin/factor?stepup";
        SignedInAccount account = SignInCompletion.current();
        if (interaction.required() == Acr.PHR && account != null) {
            for (EnrolledFactor method : mfa.usable(account.accountId())) {
                Optional<Factor> factor = mfa.registry().find(method.type());
                if (factor.isPresent() && factor.get().available() && factor.get().type().phishingResistant()) {
                    target = factor.get().challengePath(method.instanceId());
                    break;
                }
            }
        }
        redirects.sendRedirect(request, response, target);
    }
}
