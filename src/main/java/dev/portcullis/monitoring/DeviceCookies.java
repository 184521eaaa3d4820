package dev.portcullis.monitoring;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

import dev.portcullis.shared.SecretKeyLoader;

/**
 * The device cookie: a random device id with an HMAC-SHA256 over it, keyed from the
 * application's secret key, so a device id cannot be invented or copied from another account's
 * history. Long-lived, HttpOnly, SameSite=Lax, Secure on HTTPS. It identifies a browser, never a
 * person, and grants nothing by itself.
 */
@Component
class DeviceCookies {

    // compiled once: checked on every request that carries the cookie
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    static final String NAME = "PORTCULLIS_DEVICE";
    static final String REQUEST_ATTRIBUTE = DeviceCookies.class.getName() + ".id";
    static final Duration LIFETIME = Duration.ofDays(400);

    private final byte[] key;
    private final SecureRandom random;

    DeviceCookies(@Value("${portcullis.secret-key:}") String configured,
                  @Value("${portcullis.data-dir:./data}") String dataDir, SecureRandom random) {
        byte[] secret = SecretKeyLoader.load(configured, Path.of(dataDir), random);
        try {
            // A key of its own, derived from the secret key: the cipher's key is never used for anything else.
            this.key = hmac(secret, "portcullis device cookie v1".getBytes(StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        this.random = random;
    }

    /** The device id of the request, when its cookie carries a valid signature; otherwise null. */
    String verified(HttpServletRequest request) {
        Object known = request.getAttribute(REQUEST_ATTRIBUTE);
        if (known instanceof String id) {
            return id;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName())) {
                String id = verify(cookie.getValue());
                if (id != null) {
                    return id;
                }
            }
        }
        return null;
    }

    /** The request's device id; a new one, with its cookie on the response, when it has none. */
    String ensure(HttpServletRequest request, HttpServletResponse response) {
        String id = verified(request);
        if (id == null) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            ResponseCookie cookie = ResponseCookie.from(NAME, sign(id))
                    .path("/").httpOnly(true).secure(request.isSecure()).sameSite("Lax").maxAge(LIFETIME).build();
            response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
        }
        request.setAttribute(REQUEST_ATTRIBUTE, id);
        return id;
    }

    String sign(String id) {
        return id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, id.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The id in a signed value, or null when it is malformed or its signature is wrong. */
    String verify(String value) {
        if (value == null || value.length() > 100) {
            return null;
        }
        int dot = value.indexOf('.');
        if (dot <= 0 || !DEVICE_ID.matcher(value.substring(0, dot)).matches()) {
            return null;
        }
        String id = value.substring(0, dot);
        byte[] expected = sign(id).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, value.getBytes(StandardCharsets.US_ASCII)) ? id : null;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DeviceCookies[key=redacted]";
    }
}
