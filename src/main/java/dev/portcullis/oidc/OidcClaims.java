package dev.portcullis.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.signin.SignedInAccount;

/**
 * Every claim Portcullis adds, in one place (the token customizer), and the same claims at
 * userinfo. From the person as they signed in ({@link SignedInAccount}) and the factors their
 * session proved ({@link AuthenticationStrengths}):
 *
 * <ul>
 *   <li>{@code amr} (RFC 8176), {@code acr} ({@link Acr}), {@code auth_time} (Core §2): ID and access tokens;</li>
 *   <li>{@code at_hash}: ID tokens issued with an access token;</li>
 *   <li>{@code email} with scope {@code email}; {@code name}, {@code organisation} (its ODS-style
 *       code) and {@code organisation_name} with scope {@code profile}: ID token and userinfo.</li>
 * </ul>
 * {@code sub} is the account's number, which never changes (an email address can).
 */
@Component
public class OidcClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    public static final String ORGANISATION = "organisation";
    public static final String ORGANISATION_NAME = "organisation_name";

    private static final List<String> PROFILE_CLAIMS = List.of(StandardClaimNames.NAME, ORGANISATION, ORGANISATION_NAME);

    private final AuthenticationStrengths strengths;
    private final OrganisationService organisations;

    OidcClaims(AuthenticationStrengths strengths, OrganisationService organisations) {
        this.strengths = strengths;
        this.organisations = organisations;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        Authentication person = context.getPrincipal();
        if (person == null || !(person.getPrincipal() instanceof SignedInAccount account)) {
            return; // client credentials: no person, nothing to say about one
        }
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (!idToken && !OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        AuthenticationStrengths.Strength strength = strengths.of(person);
        var claims = context.getClaims();
        // Lists as ArrayList: the claims are stored with the authorization, whose JSON allow-list knows it.
        claims.claim("amr", new ArrayList<>(strength.amr()));
        asserted(strength, context.getAuthorization(), context.getRegisteredClient().getClientSettings())
                .ifPresent(acr -> claims.claim("acr", acr.uri()));
        if (strength.authTime() != null) {
            claims.claim("auth_time", Date.from(strength.authTime()));
        }
        if (!idToken) {
            return;
        }
        atHash(context).ifPresent(hash -> claims.claim("at_hash", hash));
        Set<String> scopes = context.getAuthorizedScopes();
        if (scopes.contains(OidcScopes.EMAIL)) {
            claims.claim(StandardClaimNames.EMAIL, account.email());
        }
        if (scopes.contains(OidcScopes.PROFILE)) {
            claims.claim(StandardClaimNames.NAME, account.displayName());
            Optional<Organisation> organisation = organisations.findById(account.organisationId());
            organisation.ifPresent(o -> {
                claims.claim(ORGANISATION, o.code());
                claims.claim(ORGANISATION_NAME, o.name());
            });
        }
    }

    /**
     * {@code at_hash} (Core §3.1.3.6, §3.3.2.11): the left half of the SHA-256 of the access
     * token issued with this ID token, so the client can tell the two belong together. Both our
     * algorithms (RS256, ES256) hash with SHA-256.
     */
    private static Optional<String> atHash(JwtEncodingContext context) {
        OAuth2Authorization authorization = context.getAuthorization();
        if (authorization == null || authorization.getAccessToken() == null) {
            return Optional.empty();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(authorization.getAccessToken().getToken().getTokenValue().getBytes(StandardCharsets.US_ASCII));
            return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Userinfo (Core §5.3): the subject, and the ID token's claims that the access token's scopes cover. */
    OidcUserInfo userInfo(OidcUserInfoAuthenticationContext context) {
        OidcIdToken idToken = context.getAuthorization().getToken(OidcIdToken.class).getToken();
        Set<String> scopes = context.getAccessToken().getScopes();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(StandardClaimNames.SUB, idToken.getSubject());
        if (scopes.contains(OidcScopes.EMAIL) && idToken.hasClaim(StandardClaimNames.EMAIL)) {
            claims.put(StandardClaimNames.EMAIL, idToken.getClaim(StandardClaimNames.EMAIL));
        }
        if (scopes.contains(OidcScopes.PROFILE)) {
            for (String name : PROFILE_CLAIMS) {
                if (idToken.hasClaim(name)) {
                    claims.put(name, idToken.getClaim(name));
                }
            }
        }
        return new OidcUserInfo(claims);
    }

    /** Discovery (OpenID Connect Discovery §3): what a relying application may ask for and rely on. */
    void describe(OidcProviderConfiguration.Builder provider) {
        provider.idTokenSigningAlgorithms(algorithms -> {
            algorithms.clear();
            algorithms.addAll(List.of("RS256", "ES256"));
        });
        provider.claim("acr_values_supported", Arrays.stream(Acr.values()).map(Acr::uri).toList());
        provider.claim("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr",
                "azp", "sid", "at_hash", StandardClaimNames.EMAIL, StandardClaimNames.NAME, ORGANISATION, ORGANISATION_NAME));
        provider.claim("prompt_values_supported", List.of("none", "login", "consent"));
        provider.claim("claims_parameter_supported", false);
        provider.claim("request_parameter_supported", false);
        provider.claim("request_uri_parameter_supported", false);
        provider.grantTypes(grants -> {
            grants.clear();
            grants.addAll(List.of("authorization_code", "refresh_token", "client_credentials"));
        });
        provider.scopes(scopes -> {
            scopes.clear();
            scopes.addAll(List.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL, "offline_access"));
        });
    }

    private static Optional<Acr> asserted(AuthenticationStrengths.Strength strength, OAuth2Authorization authorization,
                                          org.springframework.security.oauth2.server.authorization.settings.ClientSettings settings) {
        String acrValues = "";
        if (authorization != null
                && authorization.getAttribute(OAuth2AuthorizationRequest.class.getName()) instanceof OAuth2AuthorizationRequest request
                && request.getAdditionalParameters().get(Acr.ACR_VALUES) instanceof String requested) {
            acrValues = requested;
        }
        return AuthorizationRequestPolicy.asserted(strength, acrValues, ApplicationSettings.minimumAcr(settings).orElse(null));
    }
}
