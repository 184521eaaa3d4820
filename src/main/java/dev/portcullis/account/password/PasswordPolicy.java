package dev.portcullis.account.password;

import java.text.Normalizer;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * What a new password must be (NIST SP 800-63B-4 §3.1.1.2): long enough in code points after
 * NFKC normalisation, not absurdly long, and no composition rules. The check against common
 * and context passwords is added with Change Password.
 */
@Component
public class PasswordPolicy {

    private final PasswordProperties properties;

    PasswordPolicy(PasswordProperties properties) {
        this.properties = properties;
    }

    /** The reason a password is refused, in words for the person choosing it; empty when it is acceptable. */
    public Optional<String> problem(CharSequence password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("Enter a password");
        }
        if (password.length() > properties.maxLength() * 2) {
            return Optional.of("Password must be " + properties.maxLength() + " characters or fewer");
        }
        long length = Normalizer.normalize(password, Normalizer.Form.NFKC).codePoints().count();
        if (length < properties.minLength()) {
            return Optional.of("Password must be " + properties.minLength() + " characters or more");
        }
        if (length > properties.maxLength()) {
            return Optional.of("Password must be " + properties.maxLength() + " characters or fewer");
        }
        return Optional.empty();
    }

    public int minLength() {
        return properties.minLength();
    }
}
