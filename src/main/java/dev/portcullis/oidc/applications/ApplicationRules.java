package dev.portcullis.oidc.applications;

import java.time.Duration;
import java.util.Set;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import dev.portcullis.oidc.OidcProperties;

/**
 * What holds for every application, however it was registered (console or configuration):
 * PKCE with S256 for public and confidential clients alike (OIDC-03, RFC 9700 §2.1.1), only the
 * authorization code, refresh token and client credentials grants (no implicit, no password),
 * refresh tokens rotated on every use (OIDC-05), codes valid at most five minutes (OIDC-04).
 */
final class ApplicationRules {

    static final Set<AuthorizationGrantType> ALLOWED_GRANTS = Set.of(AuthorizationGrantType.AUTHORIZATION_CODE,
            AuthorizationGrantType.REFRESH_TOKEN, AuthorizationGrantType.CLIENT_CREDENTIALS);

    private ApplicationRules() {
    }

    /** The same client with the rules applied; settings the rules do not touch are kept. */
    static RegisteredClient enforce(RegisteredClient client) {
        ClientSettings clientSettings = ClientSettings.withSettings(client.getClientSettings().getSettings())
                .requireProofKey(true)
                .build();
        TokenSettings given = client.getTokenSettings();
        Duration code = given.getAuthorizationCodeTimeToLive();
        TokenSettings tokenSettings = TokenSettings.withSettings(given.getSettings())
                .reuseRefreshTokens(false)
                .authorizationCodeTimeToLive(code.compareTo(OidcProperties.MAX_CODE_LIFETIME) > 0 ? OidcProperties.MAX_CODE_LIFETIME : code)
                .build();
        return RegisteredClient.from(client)
                .authorizationGrantTypes(grants -> grants.retainAll(ALLOWED_GRANTS))
                .clientSettings(clientSettings)
                .tokenSettings(tokenSettings)
                .build();
    }

    /** Names what {@link #enforce} would change, for a warning in the log (empty when nothing). */
    static String differences(RegisteredClient given) {
        StringBuilder changed = new StringBuilder();
        if (!given.getClientSettings().isRequireProofKey()) {
            changed.append(" require-proof-key=true");
        }
        if (given.getTokenSettings().isReuseRefreshTokens()) {
            changed.append(" reuse-refresh-tokens=false");
        }
        if (given.getTokenSettings().getAuthorizationCodeTimeToLive().compareTo(OidcProperties.MAX_CODE_LIFETIME) > 0) {
            changed.append(" authorization-code-time-to-live=5m");
        }
        for (AuthorizationGrantType grant : given.getAuthorizationGrantTypes()) {
            if (!ALLOWED_GRANTS.contains(grant)) {
                changed.append(" removed-grant=").append(grant.getValue());
            }
        }
        return changed.toString().strip();
    }
}
