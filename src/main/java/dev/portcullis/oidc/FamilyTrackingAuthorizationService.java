package dev.portcullis.oidc;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring's JDBC authorization service, plus token families: every authorization that carries a
 * code starts a family, every refresh token issued in it is remembered (by digest), and a
 * revoked family is gone for good: its authorization is deleted, it can never be saved again,
 * and nothing of it is found by any token (OIDC-04, OIDC-05). Revocation and saving may race on
 * two nodes; whichever order they land in, the family stays dead.
 */
final class FamilyTrackingAuthorizationService implements OAuth2AuthorizationService {

    /** The widest token column (V0031: access and ID token values). */
    static final int MAX_TOKEN_LENGTH = 100_000;

    /** Codes, refresh tokens and states (V0031: 4,000 and 500 characters; no state of ours is longer). */
    static final int MAX_SHORT_TOKEN_LENGTH = 4_000;

    private final JdbcOAuth2AuthorizationService delegate;
    private final TokenFamilies families;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    FamilyTrackingAuthorizationService(JdbcOAuth2AuthorizationService delegate, TokenFamilies families,
                                       TransactionTemplate transactions, ApplicationEventPublisher events) {
        this.delegate = delegate;
        this.families = families;
        this.transactions = transactions;
        this.events = events;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        transactions.executeWithoutResult(status -> {
            String id = authorization.getId();
            if (authorization.getToken(OAuth2AuthorizationCode.class) != null) {
                families.startIfAbsent(id, authorization.getRegisteredClientId(), authorization.getPrincipalName());
            }
            if (families.isDead(id)) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
            }
            delegate.save(authorization);
            OAuth2Authorization.Token<OAuth2RefreshToken> refresh = authorization.getRefreshToken();
            if (refresh != null && families.find(id).isPresent()) {
                OAuth2RefreshToken token = refresh.getToken();
                families.recordRefreshToken(id, token.getTokenValue(), token.getIssuedAt(), token.getExpiresAt());
            }
        });
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        delegate.remove(authorization);
    }

    @Override
    public @Nullable OAuth2Authorization findById(String id) {
        return alive(delegate.findById(id));
    }

    @Override
    public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
        if (!couldBeOurs(token, tokenType)) {
            return null; // INP-01: not looked up at all (PostgreSQL refuses a NUL in a text parameter)
        }
        return alive(delegate.findByToken(token, tokenType));
    }

    /**
     * Every code, token and state we issue is visible ASCII (base64url, or a JWT's three base64url
     * parts), no longer than the column that holds one of its type (V0031).
     */
    static boolean couldBeOurs(String token, @Nullable OAuth2TokenType tokenType) {
        boolean shortKind = OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)
                || (tokenType != null && ("code".equals(tokenType.getValue()) || "state".equals(tokenType.getValue())));
        int limit = shortKind ? MAX_SHORT_TOKEN_LENGTH : MAX_TOKEN_LENGTH;
        return token != null && !token.isEmpty() && token.length() <= limit
                && token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /**
     * Revokes a whole family: it is marked dead and its authorization (with every token in it)
     * deleted. Returns whether this call revoked it.
     */
    boolean revokeFamily(String familyId, String reason, String registeredClientId, String principalName) {
        Boolean revoked = transactions.execute(status -> {
            boolean now = families.revoke(familyId, reason);
            OAuth2Authorization authorization = delegate.findById(familyId);
            if (authorization != null) {
                delegate.remove(authorization);
            }
            return now;
        });
        if (Boolean.TRUE.equals(revoked)) {
            events.publishEvent(new OidcEvents.TokenFamilyRevoked(principalName, registeredClientId, reason));
        }
        return Boolean.TRUE.equals(revoked);
    }

    private @Nullable OAuth2Authorization alive(@Nullable OAuth2Authorization authorization) {
        if (authorization != null && families.isDead(authorization.getId())) {
            return null;
        }
        return authorization;
    }
}
