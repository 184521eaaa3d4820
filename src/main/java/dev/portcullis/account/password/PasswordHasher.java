package dev.portcullis.account.password;

import java.text.Normalizer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Argon2id hashing of NFKC-normalised passwords. The whole password is hashed (no 72-byte
 * truncation as with bcrypt, PWD-03); callers check the length before calling (PWD-02), and
 * {@link #verify} refuses oversized input itself before any hashing work.
 *
 * <p>Hashes run on a pool of {@code concurrent-hashes} threads (default: one per core); callers wait
 * their turn. More at once would not finish sooner on the same cores, and each holds its memory
 * cost (19 MiB by default) while it runs: two hundred request threads hashing together would need
 * almost 4 GiB, which an attacker could ask for with a burst of sign-ins. A pool rather than a
 * semaphore because libargon2 allocates with malloc, and the C library keeps freed memory per
 * thread: hashing on a few threads keeps that to a few times 19 MiB.
 */
@Component
public class PasswordHasher {

    private static final Logger log = LoggerFactory.getLogger(PasswordHasher.class);

    private final Argon2Function argon2;
    private final ThreadPoolExecutor hashing;
    private final HashParameters configured;
    private final int maxLength;
    private final String dummyHash;

    @Autowired
    PasswordHasher(PasswordProperties properties) {
        this(properties, chooseImplementation(properties.hashParameters()));
    }

    PasswordHasher(PasswordProperties properties, Argon2Function argon2) {
        this.configured = properties.hashParameters();
        this.maxLength = properties.maxLength();
        this.argon2 = argon2;
        this.hashing = hashingThreads(properties.concurrentHashes());
        // Verified against when the account does not exist, so that the answer takes as long (ENUM-02).
        this.dummyHash = argon2.hash("portcullis-timing-equaliser");
    }

    /** libargon2 where it loads (Linux, macOS and Windows on x86-64 and ARM), Bouncy Castle elsewhere. */
    static Argon2Function chooseImplementation(HashParameters configured) {
        try {
            Argon2Function loaded = NativeArgon2.load(configured);
            log.info("Password hashing: Argon2id {} with {}", loaded.name(), configured);
            return loaded;
        } catch (LinkageError | RuntimeException unavailable) {
            BouncyCastleArgon2 fallback = new BouncyCastleArgon2(configured);
            log.warn("Password hashing: libargon2 could not be loaded ({}); using {}, which is slower",
                    unavailable.toString(), fallback.name());
            return fallback;
        }
    }

    /** Which Argon2id implementation hashes here, for the benchmark and the start-up log. */
    public String implementation() {
        return argon2.name();
    }

    public StoredPassword hash(CharSequence password) {
        requireAcceptableLength(password);
        String normalised = normalise(password);
        return new StoredPassword(whenAllowed(() -> argon2.hash(normalised)));
    }

    /** True when the password matches. Oversized input is refused without hashing. */
    public boolean verify(CharSequence password, StoredPassword stored) {
        if (password == null || password.length() > maxLength * 2) {
            return false;
        }
        String normalised = normalise(password);
        return whenAllowed(() -> argon2.verify(normalised, stored.hash()));
    }

    /** Spends the same work as a real verification, for unknown accounts. Always false. */
    public boolean verifyAgainstDummy(CharSequence password) {
        if (password != null && password.length() <= maxLength * 2) {
            String normalised = normalise(password);
            whenAllowed(() -> argon2.verify(normalised, dummyHash));
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

    private static ThreadPoolExecutor hashingThreads(int count) {
        AtomicInteger number = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(count, count, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                work -> {
                    Thread thread = new Thread(work, "password-hash-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Runs on a hashing thread and waits for the answer, even if the caller is interrupted meanwhile. */
    private <T> T whenAllowed(Supplier<T> work) {
        Future<T> answer = hashing.submit(work::get);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return answer.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Password hashing failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
