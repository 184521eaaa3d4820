package dev.portcullis.oidc;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class RememberedClientSecretsTests {

    private final AtomicInteger bcryptChecks = new AtomicInteger();
    private final PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            bcryptChecks.incrementAndGet();
            return real.matches(raw, encoded);
        }
    };
    private final RememberedClientSecrets secrets = new RememberedClientSecrets(counting, new SecureRandom());

    @Test
    void aMatchingSecretIsCheckedWithBcryptOnceAndThenRemembered() {
        String stored = secrets.encode("s3cret-of-the-application");

        assertThat(stored).startsWith("{bcrypt}");
        assertThat(secrets.matches("s3cret-of-the-application", stored)).isTrue();
        assertThat(secrets.matches("s3cret-of-the-application", stored)).isTrue();
        assertThat(secrets.matches("s3cret-of-the-application", stored)).isTrue();
        assertThat(bcryptChecks).hasValue(1);
    }

    @Test
    void wrongSecretsAreNeverRememberedSoEveryGuessPaysForBcrypt() {
        String stored = secrets.encode("s3cret-of-the-application");
        secrets.matches("s3cret-of-the-application", stored);

        assertThat(secrets.matches("guess", stored)).isFalse();
        assertThat(secrets.matches("guess", stored)).isFalse();
        assertThat(secrets.matches("s3cret-of-the-application ", stored)).isFalse();
        assertThat(bcryptChecks).hasValue(4);
    }

    @Test
    void aRenewedSecretEndsTheOldOneAtOnce() {
        String old = secrets.encode("old-secret");
        assertThat(secrets.matches("old-secret", old)).isTrue();
        String renewed = secrets.encode("new-secret");

        assertThat(secrets.matches("old-secret", renewed)).isFalse();
        assertThat(secrets.matches("new-secret", renewed)).isTrue();
    }

    @Test
    void nothingMatchesNull() {
        assertThat(secrets.matches(null, secrets.encode("x"))).isFalse();
        assertThat(secrets.matches("x", null)).isFalse();
    }
}
