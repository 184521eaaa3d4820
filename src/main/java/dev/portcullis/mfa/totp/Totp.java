package dev.portcullis.mfa.totp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as in RFC 6238 over HOTP (RFC 4226): HMAC-SHA1, 6 digits,
 * 30-second steps counted from the Unix epoch. Pure: no Spring, no clock of its own, no state.
 */
public final class Totp {

    /** RFC 6238 §4.1: X, the step size in seconds (the RFC's recommended default). */
    static final long STEP_SECONDS = 30;

    static final int DIGITS = 6;

    /** RFC 4226 §4 R6: the shared secret must be at least 128 bits. */
    static final int MIN_SEED_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA1";

    // 10^0 .. 10^9; HOTP values are at most 31 bits, so 10 digits is the most that makes sense.
    private static final int[] POWERS_OF_TEN = {
            1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000 };

    private Totp() {
    }

    /** The 6-digit code for one time step (RFC 6238 §4.2: TOTP = HOTP(K, T)). */
    public static String code(byte[] seed, long step) {
        return hotp(seed, step, DIGITS);
    }

    /** RFC 6238 §4.2: T = floor((Unix time − T0) / X) with T0 = 0 and X = 30. */
    public static long stepAt(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), STEP_SECONDS);
    }

    /**
     * The step whose code equals {@code code}, looking only at steps t−window..t+window around
     * {@code now} (RFC 6238 §5.2; production uses window = 1). The caller must record the step
     * and refuse it a second time (RFC 6238 §5.2: a code is accepted once).
     *
     * <p>Anything that is not exactly six ASCII digits is refused before any HMAC work. Every
     * step in the window is computed and compared in constant time, so the time taken does not
     * say which step (if any) matched. If, by chance, two steps share the code, the earliest is
     * returned, so the same code always maps to the same step for a replay check.
     */
    public static OptionalLong matchingStep(byte[] seed, String code, Instant now, int window) {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(now, "now");
        if (window < 0) {
            throw new IllegalArgumentException("window must not be negative: " + window);
        }
        if (!isWellFormed(code)) {
            return OptionalLong.empty();
        }
        byte[] offered = code.getBytes(StandardCharsets.US_ASCII);
        long current = stepAt(now);
        long found = 0;
        boolean matched = false;
        for (long step = current - window; step <= current + window; step++) {
            byte[] expected = code(seed, step).getBytes(StandardCharsets.US_ASCII);
            boolean equal = MessageDigest.isEqual(expected, offered);
            // No early exit: keep the work the same whichever step matches.
            if (equal && !matched) {
                found = step;
                matched = true;
            }
        }
        return matched ? OptionalLong.of(found) : OptionalLong.empty();
    }

    /** Exactly {@value #DIGITS} characters, each '0'..'9' (not any Unicode digit). */
    static boolean isWellFormed(String code) {
        if (code == null || code.length() != DIGITS) {
            return false;
        }
        for (int i = 0; i < DIGITS; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** RFC 4226 §5.3: HOTP(K, C) = Truncate(HMAC-SHA-1(K, C)) mod 10^Digit, left-padded with zeros. */
    static String hotp(byte[] seed, long counter, int digits) {
        if (digits < 6 || digits > 9) {
            // RFC 4226 §5.3 requires at least 6 digits; beyond 9 the 31-bit value runs out.
            throw new IllegalArgumentException("digits must be between 6 and 9: " + digits);
        }
        int value = dynamicTruncation(hmacSha1(seed, counter)) % POWERS_OF_TEN[digits];
        String text = Integer.toString(value);
        return "0".repeat(digits - text.length()) + text;
    }

    /**
     * RFC 4226 §5.3 DT: the low 4 bits of the last byte give an offset; the 31 bits from there
     * (top bit masked, to avoid signed/unsigned ambiguity) are the value.
     */
    static int dynamicTruncation(byte[] hmac) {
        int offset = hmac[hmac.length - 1] & 0x0f;
        return (hmac[offset] & 0x7f) << 24
                | (hmac[offset + 1] & 0xff) << 16
                | (hmac[offset + 2] & 0xff) << 8
                | (hmac[offset + 3] & 0xff);
    }

    /** RFC 4226 §5.1: the counter C is an 8-byte big-endian value. */
    static byte[] hmacSha1(byte[] seed, long counter) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length < MIN_SEED_BYTES) {
            throw new IllegalArgumentException(
                    "seed must be at least " + MIN_SEED_BYTES + " bytes (RFC 4226 §4 R6), got " + seed.length);
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(seed, ALGORITHM));
            return mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
        }
        catch (GeneralSecurityException ex) {
            // HmacSHA1 is a mandatory JCA algorithm; this cannot happen on a conforming JDK.
            throw new IllegalStateException("HmacSHA1 unavailable", ex);
        }
    }
}
