package dev.portcullis.testsupport;

import java.time.Clock;
import java.time.Instant;

import dev.portcullis.mfa.totp.Base32;
import dev.portcullis.mfa.totp.Totp;

/**
 * What an authenticator app would show, for tests: give it the key as the enrolment page
 * displays it ({@code #totp-secret}, grouped Base32 such as "JBSW Y3DP ...") and a time.
 */
public final class TotpCodes {

    public static final long STEP_SECONDS = 30;

    private TotpCodes() {
    }

    /** The seed behind a displayed key (spaces and case forgiven). */
    public static byte[] seed(String displayedKey) {
        return Base32.decode(displayedKey);
    }

    /** The code for the RFC 6238 time step containing {@code t}. */
    public static String at(String displayedKey, Instant t) {
        return Totp.code(seed(displayedKey), Totp.stepAt(t));
    }

    /** The code for a time step. */
    public static String forStep(String displayedKey, long step) {
        return Totp.code(seed(displayedKey), step);
    }

    /** The code {@code clock} shows now (use the application's clock, e.g. a {@link MutableClock}). */
    public static String current(String displayedKey, Clock clock) {
        return at(displayedKey, clock.instant());
    }

    /** The code an app on a correctly set phone shows now. */
    public static String now(String displayedKey) {
        return at(displayedKey, Instant.now());
    }

    /** The time step containing {@code t}. */
    public static long step(Instant t) {
        return Totp.stepAt(t);
    }

    /** The first instant of the next time step after {@code t}. */
    public static Instant nextStepStart(Instant t) {
        return Instant.ofEpochSecond((Totp.stepAt(t) + 1) * STEP_SECONDS);
    }

    /**
     * Waits on the real clock until the time step after {@code usedStep} has begun, then returns
     * the code for the current step: for journeys that used a code and need a fresh one.
     */
    public static String nextUnusedCode(String displayedKey, long usedStep) throws InterruptedException {
        while (Totp.stepAt(Instant.now()) <= usedStep) {
            Thread.sleep(250);
        }
        return now(displayedKey);
    }
}
