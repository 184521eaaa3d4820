package dev.portcullis.account.password;

import java.text.Normalizer;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id hashing of NFKC-normalised passwords. The whole password is hashed (no 72-byte
 * truncation as with bcrypt, PWD-03); callers check the length before calling (PWD-02), and
 * {@link #verify} refuses oversized input itself before any hashing work.
 */
@Component
public class PasswordHasher {

    private final Argon2PasswordEncoder encoder;
    private final HashParameters configured;
    private final int maxLength;
    private final String dummyHash;

    PasswordHasher(PasswordProperties properties) {
        this.configured = properties.hashParameters();
        this.maxLength = properties.maxLength();
        this.encoder = new Argon2PasswordEncoder(16, 32, configured.parallelism(), configured.memoryKib(),
                configured.iterations());
        // Verified against when the account does not exist, so that the answer takes as long (ENUM-02).
        this.dummyHash = encoder.encode("portcullis-timing-equaliser");
    }

    public StoredPassword hash(CharSequence password) {
        requireAcceptableLength(password);
        return new StoredPassword(encoder.encode(normalise(password)));
    }

    /** True when the password matches. Oversized input is refused without hashing. */
    public boolean verify(CharSequence password, StoredPassword stored) {
        if (password == null || password.length() > maxLength * 2) {
            return false;
        }
        return encoder.matches(normalise(password), stored.hash());
    }

    /** Spends the same work as a real verification, for unknown accounts. Always false. */
    public boolean verifyAgainstDummy(CharSequence password) {
        if (password != null && password.length() <= maxLength * 2) {
            encoder.matches(normalise(password), dummyHash);
        }
        return false;
    }

    /** Whether a verified hash should be re-made with the configured, stronger parameters. */
    public boolean needsUpgrade(StoredPassword stored) {
        return stored.parameters().weakerThan(configured);
    }

    public HashParameters configuredParameters() {
        return configured;
    }

    static String normalise(CharSequence password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    private void requireAcceptableLength(CharSequence password) {
        if (password == null || password.codePoints().count() > maxLength) {
            throw new IllegalArgumentException("Password longer than the maximum of " + maxLength + " characters");
        }
    }
}
