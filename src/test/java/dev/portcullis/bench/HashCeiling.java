package dev.portcullis.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.portcullis.account.password.PasswordHasher;
import dev.portcullis.account.password.StoredPassword;

/**
 * The physical ceiling for password sign-ins: Argon2id verifications per second with the
 * application's own {@link PasswordHasher} and its configured parameters, one thread per core,
 * in this JVM (not the server's).
 */
final class HashCeiling {

    record Outcome(int threads, int hashes, double seconds, double perSecond, double meanMs) {
    }

    static Outcome measure(PasswordHasher hasher, StoredPassword stored, int threads, double seconds)
            throws InterruptedException {
        AtomicInteger hashes = new AtomicInteger();
        AtomicLong busy = new AtomicLong();
        AtomicInteger wrong = new AtomicInteger();
        long begin = System.nanoTime();
        long deadline = begin + (long) (seconds * 1e9);
        SignInLoad.runWorkers(threads, () -> {
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                if (!hasher.verify(BenchAccounts.PASSWORD, stored)) {
                    wrong.incrementAndGet();
                }
                busy.addAndGet(System.nanoTime() - t0);
                hashes.incrementAndGet();
            }
        });
        if (wrong.get() > 0) {
            throw new IllegalStateException("the benchmark password did not verify against its own hash");
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        return new Outcome(threads, hashes.get(), elapsed, hashes.get() / elapsed,
                hashes.get() == 0 ? Double.NaN : busy.get() / 1e6 / hashes.get());
    }
}
