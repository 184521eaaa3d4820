package dev.portcullis.oidc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks relying applications' client secrets against their stored bcrypt hashes, remembering a
 * secret that matched so that the next token request from the same application does not pay for
 * bcrypt again. A confidential application authenticates on every token request (each refresh,
 * every few minutes per user), and one bcrypt check costs ~70 ms of a core: without this the
 * token endpoint could serve only a few dozen refreshes a second on two cores.
 *
 * <p>What is remembered is an HMAC, under a key that lives only in this process, of the stored
 * hash and the presented secret: a renewed secret (new stored hash) or any other presented value
 * misses and goes to bcrypt; wrong secrets are never remembered, so guessing stays as slow as
 * before. The stored hashes stay bcrypt, so a copy of the database gives no secrets.
 */
final class RememberedClientSecrets implements PasswordEncoder {

    private static final int REMEMBERED = 10_000;

    private final PasswordEncoder stored;
    private final SecretKeySpec key;
    private final Map<String, Boolean> matched = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    RememberedClientSecrets(SecureRandom random) {
        this(PasswordEncoderFactories.createDelegatingPasswordEncoder(), random);
    }

    RememberedClientSecrets(PasswordEncoder stored, SecureRandom random) {
        this.stored = stored;
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return stored.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        String fingerprint = fingerprint(rawPassword, encodedPassword);
        if (matched.containsKey(fingerprint)) {
            return true;
        }
        boolean matches = stored.matches(rawPassword, encodedPassword);
        if (matches) {
            matched.put(fingerprint, Boolean.TRUE);
        }
        return matches;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return stored.upgradeEncoding(encodedPassword);
    }

    private String fingerprint(CharSequence raw, String encoded) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(encoded.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(raw.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", impossible);
        }
    }
}
