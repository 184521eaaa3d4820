package dev.portcullis.setup;

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

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One-time set-up links: 256 random bits, only their SHA-256 stored, valid for 24 hours. */
@Repository
class SetupTokens {

    static final Duration LIFETIME = Duration.ofHours(24);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random;

    SetupTokens(JdbcClient jdbc, Clock clock, SecureRandom random) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.random = random;
    }

    String issue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        jdbc.sql("INSERT INTO setup_token (token_hash, created_at, expires_at) VALUES (:hash, :now, :expires)")
                .param("hash", digest(token)).param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(LIFETIME)))
                .update();
        return token;
    }

    boolean isValid(String token) {
        if (token == null || token.length() > 100) {
            return false;
        }
        return jdbc.sql("SELECT COUNT(*) FROM setup_token WHERE token_hash = :hash AND expires_at > :now")
                .param("hash", digest(token)).param("now", Timestamp.from(clock.instant()))
                .query(Long.class).single() > 0;
    }

    /** Uses the token up; true for exactly one caller even when several race (FLT-05). */
    boolean consume(String token) {
        if (token == null || token.length() > 100) {
            return false;
        }
        return jdbc.sql("DELETE FROM setup_token WHERE token_hash = :hash AND expires_at > :now")
                .param("hash", digest(token)).param("now", Timestamp.from(clock.instant()))
                .update() == 1;
    }

    /** Once an administrator exists no link may create another. */
    void revokeAll() {
        jdbc.sql("DELETE FROM setup_token").update();
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
