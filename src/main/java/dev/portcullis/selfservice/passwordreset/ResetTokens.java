package dev.portcullis.selfservice.passwordreset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reset links: 256 random bits, only the SHA-256 stored, single use by conditional update (REC-01, FLT-05). */
@Repository
class ResetTokens {

    record Issued(long accountId, Long issuedBy) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random;

    ResetTokens(JdbcClient jdbc, Clock clock, SecureRandom random) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.random = random;
    }

    /** A new link for the account; earlier unused links of the account stop working. */
    String issue(long accountId, Long issuedBy, Duration lifetime) {
        Instant now = clock.instant();
        jdbc.sql("UPDATE password_reset_token SET used_at = :now WHERE account_id = :id AND used_at IS NULL")
                .param("now", Timestamp.from(now)).param("id", accountId).update();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("""
                INSERT INTO password_reset_token (token_hash, account_id, issued_by, created_at, expires_at)
                VALUES (:hash, :id, :by, :now, :expires)
                """)
                .param("hash", digest(token)).param("id", accountId).param("by", issuedBy)
                .param("now", Timestamp.from(now)).param("expires", Timestamp.from(now.plus(lifetime)))
                .update();
        return token;
    }

    /** The link's account while it is unused and unexpired; does not use it up. */
    Optional<Issued> peek(String token) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT account_id, issued_by FROM password_reset_token
                WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now
                """)
                .param("hash", digest(token)).param("now", Timestamp.from(clock.instant()))
                .query((rs, n) -> new Issued(rs.getLong(1), rs.getObject(2, Long.class)))
                .optional();
    }

    /** Uses the link up: exactly one caller gets it, however many race. */
    Optional<Issued> consume(String token) {
        Optional<Issued> issued = peek(token);
        if (issued.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        int updated = jdbc.sql("""
                UPDATE password_reset_token SET used_at = :now
                WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now
                """)
                .param("hash", digest(token)).param("now", Timestamp.from(now)).update();
        return updated == 1 ? issued : Optional.empty();
    }

    private static boolean wellFormed(String token) {
        return token != null && token.length() == 43 && token.chars().allMatch(c ->
                Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
