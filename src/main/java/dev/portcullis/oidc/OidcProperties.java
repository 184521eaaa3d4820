package dev.portcullis.oidc;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Portcullis as an OpenID Connect provider ({@code portcullis.oidc.*}). The issuer is always
 * {@code portcullis.base-url}; clients may also be declared with Spring Boot's own
 * {@code spring.security.oauth2.authorizationserver.client.*} properties.
 *
 * @param keyRotation          how long a signing key signs before the next one takes over (default 30 days)
 * @param keyPublishAhead      how long a new key is published before it signs, so every node and relying
 *                             application has fetched it first (default twice {@code keyCache})
 * @param keyCache             how long a node keeps the keys it read from the database (default 1 minute)
 * @param rsaKeySize           RSA modulus length for RS256 keys (default 2048, at least 2048)
 * @param accessTokenLifetime  access tokens of applications registered in the console (default 5 minutes)
 * @param refreshTokenLifetime refresh tokens of applications registered in the console (default 12 hours,
 *                             the absolute session limit)
 */
@ConfigurationProperties("portcullis.oidc")
public record OidcProperties(Duration keyRotation, Duration keyPublishAhead, Duration keyCache, Integer rsaKeySize,
                             Duration accessTokenLifetime, Duration refreshTokenLifetime) {

    /** Authorization codes live at most this long (RFC 9700 §4.2; OIDC-04). */
    public static final Duration MAX_CODE_LIFETIME = Duration.ofMinutes(5);

    /** Spring's ID tokens live 30 minutes; keys stay published at least that long after they stop signing. */
    public static final Duration ID_TOKEN_LIFETIME = Duration.ofMinutes(30);

    public OidcProperties {
        keyRotation = keyRotation == null ? Duration.ofDays(30) : keyRotation;
        keyCache = keyCache == null ? Duration.ofMinutes(1) : keyCache;
        keyPublishAhead = keyPublishAhead == null ? keyCache.multipliedBy(2) : keyPublishAhead;
        rsaKeySize = rsaKeySize == null ? 2048 : rsaKeySize;
        accessTokenLifetime = accessTokenLifetime == null ? Duration.ofMinutes(5) : accessTokenLifetime;
        refreshTokenLifetime = refreshTokenLifetime == null ? Duration.ofHours(12) : refreshTokenLifetime;
        if (keyRotation.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("portcullis.oidc.key-rotation must be at least 1 minute");
        }
        if (keyCache.isNegative() || keyPublishAhead.isNegative()) {
            throw new IllegalArgumentException("portcullis.oidc.key-cache and key-publish-ahead cannot be negative");
        }
        if (rsaKeySize < 2048 || rsaKeySize > 8192) {
            throw new IllegalArgumentException("portcullis.oidc.rsa-key-size must be between 2048 and 8192");
        }
        if (accessTokenLifetime.compareTo(Duration.ofSeconds(1)) < 0 || accessTokenLifetime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("portcullis.oidc.access-token-lifetime must be between 1 second and 1 hour");
        }
        if (refreshTokenLifetime.compareTo(Duration.ofMinutes(1)) < 0 || refreshTokenLifetime.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("portcullis.oidc.refresh-token-lifetime must be between 1 minute and 30 days");
        }
    }
}
