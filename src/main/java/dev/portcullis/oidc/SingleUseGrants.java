package dev.portcullis.oidc;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;

/**
 * Puts the database in charge of single use at the token endpoint, in front of Spring's own
 * providers (which check "already used?" and then save: two parallel requests could both pass).
 *
 * <ul>
 *   <li>Authorization code (OIDC-04, RFC 9700 §4.2.4): the first request to redeem a code wins;
 *       any other presentation of it revokes everything issued from it.</li>
 *   <li>Refresh token (OIDC-05, RFC 9700 §4.14.2): each token rotates once; presenting one that
 *       was already rotated revokes the whole family, since either the client or an attacker
 *       holds a stolen copy and the server cannot tell which.</li>
 * </ul>
 */
final class SingleUseGrants {

    private static final Logger log = LoggerFactory.getLogger(SingleUseGrants.class);

    private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

    private SingleUseGrants() {
    }

    static AuthenticationProvider codes(AuthenticationProvider spring, FamilyTrackingAuthorizationService authorizations,
                                        TokenFamilies families) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) throws AuthenticationException {
                var request = (OAuth2AuthorizationCodeAuthenticationToken) authentication;
                String clientId = registeredClientId(request.getPrincipal());
                OAuth2Authorization authorization = authorizations.findByToken(request.getCode(), CODE);
                if (authorization != null && authorization.getRegisteredClientId().equals(clientId)
                        && families.find(authorization.getId()).isPresent() && !families.redeemCode(authorization.getId())) {
                    log.warn("authorization code presented again by client {}: revoking what it issued", clientId);
                    authorizations.revokeFamily(authorization.getId(), "authorization code reused",
                            authorization.getRegisteredClientId(), authorization.getPrincipalName());
                    throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
                }
                return spring.authenticate(authentication);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return OAuth2AuthorizationCodeAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    static AuthenticationProvider refreshTokens(AuthenticationProvider spring, FamilyTrackingAuthorizationService authorizations,
                                                TokenFamilies families) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) throws AuthenticationException {
                var request = (OAuth2RefreshTokenAuthenticationToken) authentication;
                String clientId = registeredClientId(request.getPrincipal());
                Optional<TokenFamilies.RefreshToken> known = families.findRefreshToken(request.getRefreshToken());
                if (known.isPresent()) {
                    TokenFamilies.Family family = families.find(known.get().familyId()).orElseThrow();
                    if (!family.registeredClientId().equals(clientId) || family.revoked()) {
                        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
                    }
                    if (known.get().usedAt() != null || !families.useRefreshToken(known.get().tokenHash())) {
                        log.warn("rotated refresh token presented again by client {}: revoking its family", clientId);
                        authorizations.revokeFamily(family.familyId(), "refresh token reused", family.registeredClientId(),
                                family.principalName());
                        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
                    }
                }
                return spring.authenticate(authentication);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    private static String registeredClientId(Object principal) {
        if (principal instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()
                && client.getRegisteredClient() != null) {
            return client.getRegisteredClient().getId();
        }
        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
    }
}
