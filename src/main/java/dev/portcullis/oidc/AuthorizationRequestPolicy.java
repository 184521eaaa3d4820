package dev.portcullis.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.signin.SignedInAccount;

/**
 * Decides, once Spring has checked the client, the redirect URI and the scopes, whether this
 * session may have a code for this request (OIDC-07, MFA-03):
 *
 * <ol>
 *   <li>not signed in, or only past the password (MFA-01): nothing here; the filter chain
 *       sends the person to sign in and brings them back. With {@code prompt=none}:
 *       {@code login_required} (Core §3.1.2.6).</li>
 *   <li>{@code prompt=login}, or {@code max_age} shorter than the time since the password was
 *       proven (Core §3.1.2.1): sign in again, unless this very request already sent them to,
 *       and they did.</li>
 *   <li>{@code acr_values} (in order of preference, Core §3.1.2.1) at or above the
 *       application's minimum, taken in turn: one the session satisfies goes on; one the person
 *       holds a method for is asked for (step-up); when none is either,
 *       {@code unmet_authentication_requirements} (OpenID Connect Unmet Authentication
 *       Requirements 1.0), never a weaker token.</li>
 * </ol>
 */
final class AuthorizationRequestPolicy implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    static final String UNMET = "unmet_authentication_requirements";

    /** The longest value of state, nonce, login_hint and any other parameter we take (INP-01). */
    static final int MAX_PARAMETER_LENGTH = 2000;

    private final AuthenticationStrengths strengths;
    private final MfaService mfa;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AuthorizationRequestPolicy(AuthenticationStrengths strengths, MfaService mfa, ApplicationEventPublisher events, Clock clock) {
        this.strengths = strengths;
        this.mfa = mfa;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        RegisteredClient client = context.getRegisteredClient();
        Map<String, Object> parameters = request.getAdditionalParameters();
        String malformed = malformedParameter(request);
        if (malformed != null) {
            // INP-01: refused before anything is looked up or stored, whoever is signed in
            throw error(OAuth2ErrorCodes.INVALID_REQUEST, malformed, request);
        }
        if (!proofKeyAndPromptWellFormed(request, client)) {
            return; // Spring's own validators, which run next, answer with the exact error
        }
        Set<String> prompt = words(text(parameters, "prompt"));
        boolean silent = prompt.contains("none");
        Authentication principal = (Authentication) request.getPrincipal();
        AuthenticationStrengths.Strength strength = strengths.of(principal);
        if (!strength.signedIn() || !(principal.getPrincipal() instanceof SignedInAccount account)) {
            if (silent) {
                throw error("login_required", null, request);
            }
            return; // the filter chain sends the person to sign in, or to their second factor (MFA-01)
        }
        HttpSession session = currentSession();
        String fingerprint = fingerprint(request);

        Long maxAge = maxAge(parameters, request);
        boolean stale = maxAge != null && strength.authTime() != null
                && Duration.between(strength.authTime(), clock.instant()).toSeconds() > maxAge;
        if (prompt.contains("login") || stale) {
            Optional<Instant> demanded = SignInAgainMarks.demandedAt(session, fingerprint);
            boolean signedInSince = demanded.isPresent() && strength.authTime() != null
                    && !strength.authTime().isBefore(demanded.get());
            if (!signedInSince) {
                if (silent) {
                    throw error("login_required", null, request);
                }
                throw new InteractionRequired(InteractionRequired.Kind.SIGN_IN_AGAIN, null, fingerprint, request);
            }
        }

        Optional<Acr> minimum = ApplicationSettings.minimumAcr(client);
        List<Acr> acceptable = acceptable(text(parameters, Acr.ACR_VALUES), minimum.orElse(null));
        List<String> held = null;
        for (Acr candidate : acceptable) {
            if (strength.satisfies(candidate)) {
                SignInAgainMarks.satisfied(session, fingerprint);
                return;
            }
            if (held == null) {
                held = mfa.usable(account.accountId()).stream().map(EnrolledFactor::type).distinct().toList();
            }
            if (strengths.canReach(held, candidate)) {
                if (silent) {
                    throw error("interaction_required", null, request);
                }
                throw new InteractionRequired(InteractionRequired.Kind.STEP_UP, candidate, fingerprint, request);
            }
        }
        if (!acceptable.isEmpty()) {
            Acr weakest = acceptable.stream().min(Comparator.naturalOrder()).orElseThrow();
            events.publishEvent(new OidcEvents.AuthenticationRequirementUnmet(account.accountId(), account.organisationId(),
                    client.getClientId(), weakest.shortName()));
            throw error(UNMET, "This application needs " + weakest.description().toLowerCase(java.util.Locale.ROOT)
                    + ", which this account has not set up", request);
        }
        SignInAgainMarks.satisfied(session, fingerprint);
    }

    /**
     * The classes this request accepts, in the client's order of preference: the requested ones
     * at or above the application's minimum; the minimum alone when none is requested (or none
     * requested reaches it); nothing when neither says anything.
     */
    static List<Acr> acceptable(String acrValues, Acr minimum) {
        List<Acr> requested = new ArrayList<>();
        for (String value : acrValues.split(" ")) {
            Acr.parse(value).filter(a -> a.satisfies(minimum)).filter(a -> !requested.contains(a)).ifPresent(requested::add);
        }
        if (requested.isEmpty() && minimum != null) {
            requested.add(minimum);
        }
        return requested;
    }

    /** The {@code acr} to assert: the first acceptable class satisfied, else the strongest achieved. */
    static Optional<Acr> asserted(AuthenticationStrengths.Strength strength, String acrValues, Acr minimum) {
        for (Acr acr : acceptable(acrValues, minimum)) {
            if (strength.satisfies(acr)) {
                return Optional.of(acr);
            }
        }
        return strength.achieved();
    }

    /** Identifies one authorization request across the sign-in it caused (its parameters, not its URL). */
    static String fingerprint(OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        Map<String, Object> p = request.getAdditionalParameters();
        String joined = String.join("\n", request.getClientId(), String.valueOf(request.getRedirectUri()),
                String.valueOf(request.getState()), text(p, OidcParameterNames.NONCE), text(p, PkceParameterNames.CODE_CHALLENGE),
                String.join(" ", new java.util.TreeSet<>(request.getScopes())));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether a request parameter's value is text we take: at most {@link #MAX_PARAMETER_LENGTH}
     * characters and no control characters (RFC 6749 §A.5: {@code state} is visible ASCII; no
     * parameter of ours needs a line break or a NUL).
     */
    static boolean acceptableText(String value) {
        return value.length() <= MAX_PARAMETER_LENGTH && value.chars().noneMatch(Character::isISOControl);
    }

    /** What is wrong with the request's own text, or null: state, every other parameter, and max_age's form. */
    static String malformedParameter(OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        if (request.getState() != null && !acceptableText(request.getState())) {
            return "state is longer than " + MAX_PARAMETER_LENGTH + " characters or has characters it cannot have";
        }
        for (Map.Entry<String, Object> parameter : request.getAdditionalParameters().entrySet()) {
            Object value = parameter.getValue();
            List<?> values = value instanceof Object[] array ? List.of(array) : java.util.Collections.singletonList(value);
            for (Object one : values) {
                if (one instanceof String text && !acceptableText(text)) {
                    String name = parameter.getKey().matches("[a-z_]{1,40}") ? parameter.getKey() : "A parameter";
                    return name + " is longer than " + MAX_PARAMETER_LENGTH + " characters or has characters it cannot have";
                }
            }
        }
        String maxAge = text(request.getAdditionalParameters(), "max_age");
        if (!maxAge.isEmpty() && !maxAge.matches("[0-9]{1,9}")) {
            return "max_age must be a number of seconds";
        }
        return null;
    }

    private static boolean proofKeyAndPromptWellFormed(OAuth2AuthorizationCodeRequestAuthenticationToken request,
                                                       RegisteredClient client) {
        Map<String, Object> p = request.getAdditionalParameters();
        String challenge = text(p, PkceParameterNames.CODE_CHALLENGE);
        if (challenge.isEmpty() ? client.getClientSettings().isRequireProofKey()
                : !"S256".equals(text(p, PkceParameterNames.CODE_CHALLENGE_METHOD))) {
            return false;
        }
        Set<String> prompt = words(text(p, "prompt"));
        return !(prompt.contains("none") && prompt.size() > 1) || !request.getScopes().contains(OidcScopes.OPENID);
    }

    private static Long maxAge(Map<String, Object> parameters, OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        String value = text(parameters, "max_age");
        if (value.isEmpty()) {
            return null;
        }
        if (!value.matches("[0-9]{1,9}")) {
            throw error(OAuth2ErrorCodes.INVALID_REQUEST, "max_age must be a number of seconds", request);
        }
        return Long.parseLong(value);
    }

    /** Space-separated values (prompt, acr_values), repeats and extra spaces forgiven. */
    private static Set<String> words(String value) {
        Set<String> words = new HashSet<>();
        for (String word : value.split(" ")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static String text(Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        return value instanceof String s ? s.strip() : "";
    }

    private static OAuth2AuthorizationCodeRequestAuthenticationException error(String code, String description,
                                                                               OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        return new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(code, description, null), request);
    }

    private static HttpSession currentSession() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getSession(false);
        }
        return null;
    }
}
