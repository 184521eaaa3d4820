package dev.portcullis.account.password;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Password hashing and rules. Defaults follow OWASP's Argon2id recommendation (m=19 MiB, t=2,
 * p=1) and NIST SP 800-63B-4 §3.1.1.2 (at least 8 characters when MFA is on, at least 64
 * accepted, no composition rules). {@code concurrent-hashes} bounds how many hashes run at once
 * (default: one per core), and with it the memory hashing can take.
 */
@ConfigurationProperties("portcullis.password")
public record PasswordProperties(Integer memoryKib, Integer iterations, Integer parallelism,
                                 Integer minLength, Integer maxLength, Integer concurrentHashes) {

    @ConstructorBinding
    public PasswordProperties {
        memoryKib = memoryKib == null ? 19 * 1024 : memoryKib;
        iterations = iterations == null ? 2 : iterations;
        parallelism = parallelism == null ? 1 : parallelism;
        minLength = minLength == null ? 8 : minLength;
        maxLength = maxLength == null ? 256 : maxLength;
        concurrentHashes = concurrentHashes == null ? Runtime.getRuntime().availableProcessors() : concurrentHashes;
        if (memoryKib < 7 * 1024 || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("portcullis.password: Argon2id parameters below OWASP's minimum (m >= 7168 KiB)");
        }
        if (minLength < 8 || maxLength < 64 || maxLength > 4096 || minLength > maxLength) {
            throw new IllegalArgumentException("portcullis.password: min-length must be at least 8 and max-length between 64 and 4096");
        }
        if (concurrentHashes < 1 || concurrentHashes > 1024) {
            throw new IllegalArgumentException("portcullis.password.concurrent-hashes must be between 1 and 1024");
        }
    }

    public PasswordProperties(Integer memoryKib, Integer iterations, Integer parallelism, Integer minLength, Integer maxLength) {
        this(memoryKib, iterations, parallelism, minLength, maxLength, null);
    }

    public HashParameters hashParameters() {
        return new HashParameters("argon2id", memoryKib, iterations, parallelism);
    }
}
