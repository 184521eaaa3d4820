package dev.portcullis.mfa.webauthn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Binds challenges to one HTTP session (WA-03). The session id itself changes at every step of
 * sign-in (SES-01), so it cannot be the binding: a random value kept in the session is, and the
 * database holds only its SHA-256. A challenge issued to another browser, or before a sign-out,
 * never matches.
 */
final class SessionBinding {

    static final String ATTRIBUTE = "portcullis.webauthn.binding";

    private SessionBinding() {
    }

    /** This session's binding, made on first use. */
    static String forSession(HttpSession session, SecureRandom random) {
        if (session.getAttribute(ATTRIBUTE) instanceof String secret) {
            return hash(secret);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(ATTRIBUTE, secret);
        return hash(secret);
    }

    /** This request's session binding, or null when the session never asked for a challenge. */
    static String existing(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object value = session == null ? null : session.getAttribute(ATTRIBUTE);
        return value instanceof String secret ? hash(secret) : null;
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
