package dev.portcullis.oidc;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the authorization tables small: an authorization whose every token expired more than a
 * day ago is deleted (a day, because logout still accepts an expired ID token as a hint), and a
 * token family once no refresh token of it can be valid any more.
 */
@Component
class OidcPruning {

    private static final Logger log = LoggerFactory.getLogger(OidcPruning.class);

    static final Duration AUTHORIZATION_GRACE = Duration.ofDays(1);
    /** A chain of refresh tokens lasts at most 30 days (TokenFamilies), and a day longer for reuse detection. */
    static final Duration FAMILY_RETENTION = TokenFamilies.CHAIN_LIFETIME.plusDays(1);

    private final JdbcClient jdbc;
    private final TokenFamilies families;
    private final Clock clock;

    OidcPruning(JdbcClient jdbc, TokenFamilies families, Clock clock) {
        this.jdbc = jdbc;
        this.families = families;
        this.clock = clock;
    }

    @Scheduled(cron = "0 41 * * * *")
    void prune() {
        Instant now = clock.instant();
        int authorizations = jdbc.sql("""
                DELETE FROM oauth2_authorization
                WHERE COALESCE(refresh_token_expires_at, access_token_expires_at, oidc_id_token_expires_at,
                               authorization_code_expires_at) IS NOT NULL
                  AND (refresh_token_expires_at IS NULL OR refresh_token_expires_at < :cutoff)
                  AND (access_token_expires_at IS NULL OR access_token_expires_at < :cutoff)
                  AND (oidc_id_token_expires_at IS NULL OR oidc_id_token_expires_at < :cutoff)
                  AND (authorization_code_expires_at IS NULL OR authorization_code_expires_at < :cutoff)
                """)
                .param("cutoff", Timestamp.from(now.minus(AUTHORIZATION_GRACE)))
                .update();
        int old = families.deleteCreatedBefore(now.minus(FAMILY_RETENTION));
        if (authorizations + old > 0) {
            log.info("OIDC pruning removed {} authorizations and {} token families", authorizations, old);
        }
    }
}
