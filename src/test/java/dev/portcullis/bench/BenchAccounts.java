package dev.portcullis.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;

import dev.portcullis.mfa.totp.Totp;

/**
 * The seeded accounts as the load generator sees them: account number {@code i} (1..N) has the
 * email {@code user<i>@bench.example}, the shared password, and a TOTP seed derived from its number
 * (so the seeder and the load generator agree without storing a million seeds).
 *
 * <p>Hands out (account, time step) pairs: a TOTP step is accepted once per account (TOTP-02), and
 * the server takes the current step and the next one (±1 window), so an account serves at most
 * two sign-ins per 30 s. Each call gets a distinct account in turn; when every account has used
 * both steps, callers wait for the next step rather than send a code that must fail.
 */
final class BenchAccounts {

    static final String PASSWORD = "Bench-Passw0rd!";
    static final String DOMAIN = "bench.example";

    private final int count;
    private final long[] lastStep;
    private int cursor;

    BenchAccounts(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one account");
        }
        this.count = count;
        this.lastStep = new long[count + 1];
        Arrays.fill(lastStep, Long.MIN_VALUE);
    }

    int count() {
        return count;
    }

    static String email(int number) {
        return "user" + number + "@" + DOMAIN;
    }

    /** 20 bytes (160 bits, RFC 4226's recommended length), different for every account. */
    static byte[] seed(int number) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("portcullis-bench-totp:" + number).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String code(int number, long step) {
        return Totp.code(seed(number), step);
    }

    record Use(int number, long step) {
        String email() {
            return BenchAccounts.email(number);
        }

        String code() {
            return BenchAccounts.code(number, step);
        }
    }

    /** The next (account, step) that the server will accept, or null if none is free before {@code deadlineNanos}. */
    Use next(long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            Use use = tryNext(Totp.stepAt(Instant.now()));
            if (use != null) {
                return use;
            }
            Thread.sleep(100);
        }
        return null;
    }

    /**
     * The same account again at a step the server will accept now: a session prepared minutes ago
     * must not post the code of the step it was prepared in, which is long past the ±1 window.
     */
    Use renew(Use prepared, long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            Use use = tryRenew(prepared.number(), Totp.stepAt(Instant.now()));
            if (use != null) {
                return use;
            }
            Thread.sleep(100);
        }
        return null;
    }

    private synchronized Use tryRenew(int number, long now) {
        long step = Math.max(now, lastStep[number] + 1);
        if (step > now + 1) {
            return null;
        }
        lastStep[number] = step;
        return new Use(number, step);
    }

    private synchronized Use tryNext(long now) {
        for (int tried = 0; tried < count; tried++) {
            cursor = cursor % count + 1;
            long step = Math.max(now, lastStep[cursor] + 1);
            if (step <= now + 1) {
                lastStep[cursor] = step;
                return new Use(cursor, step);
            }
        }
        return null;
    }
}
