package dev.portcullis.oidc;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Authorization codes: 96 random bytes (RFC 6749 §10.10), valid for the client's code lifetime
 * and never longer than {@link OidcProperties#MAX_CODE_LIFETIME} (OIDC-04), dated by the
 * application's clock. Single use is enforced at redemption ({@link SingleUseGrants}).
 */
final class AuthorizationCodes implements OAuth2TokenGenerator<OAuth2AuthorizationCode> {

    private final Clock clock;
    private final SecureRandom random;

    AuthorizationCodes(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    @Override
    public @Nullable OAuth2AuthorizationCode generate(OAuth2TokenContext context) {
        if (context.getTokenType() == null || !OAuth2ParameterNames.CODE.equals(context.getTokenType().getValue())) {
            return null;
        }
        byte[] bytes = new byte[96];
        random.nextBytes(bytes);
        Duration configured = context.getRegisteredClient().getTokenSettings().getAuthorizationCodeTimeToLive();
        Duration lifetime = configured.compareTo(OidcProperties.MAX_CODE_LIFETIME) > 0 ? OidcProperties.MAX_CODE_LIFETIME : configured;
        Instant issuedAt = clock.instant();
        return new OAuth2AuthorizationCode(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), issuedAt,
                issuedAt.plus(lifetime));
    }
}
