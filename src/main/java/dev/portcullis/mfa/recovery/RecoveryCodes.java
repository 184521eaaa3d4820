package dev.portcullis.mfa.recovery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Making, reading and hashing recovery codes; no Spring, no storage.
 *
 * <p>A code is 16 symbols of Crockford's base32 alphabet (no I, L, O or U, so nothing reads as
 * another symbol), 80 bits from {@link SecureRandom}, shown as {@code XXXX-XXXX-XXXX-XXXX}.
 * Reading is forgiving the way Crockford intends: any case, dashes and spaces ignored, and O, I
 * and L read as 0, 1 and 1.
 *
 * <p>Only a SHA-256 hash is stored. A slow password hash is not needed here: it exists to make
 * guessing low-entropy secrets from a stolen hash expensive, but these codes carry 80 random bits,
 * so even a fast hash leaves 2^80 guesses per code (NIST SP 800-63B allows this for look-up
 * secrets of at least 64 bits' entropy). The account id goes into the hash, so the same code
 * would never give the same hash on two accounts.
 */
final class RecoveryCodes {

    /** Crockford's base32: digits and letters without I, L, O and U. */
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    /** Symbols per code: 16 × 5 bits = 80 bits, above the 64 bits SECURITY.md asks for. */
    static final int SYMBOLS = 16;
    static final int BITS = SYMBOLS * 5;
    /** Codes in one set. */
    static final int PER_SET = 10;
    /** Longest input looked at; anything longer is refused before any work. */
    static final int MAX_INPUT = 40;

    private static final String HASH_CONTEXT = "portcullis/recovery-code/v1:";

    private final SecureRandom random;

    RecoveryCodes(SecureRandom random) {
        this.random = random;
    }

    /** A fresh set of distinct codes, formatted for display. */
    List<String> newSet() {
        Set<String> codes = new LinkedHashSet<>();
        while (codes.size() < PER_SET) {
            codes.add(newCode());
        }
        return List.copyOf(codes);
    }

    /** One code, formatted {@code XXXX-XXXX-XXXX-XXXX}. */
    String newCode() {
        StringBuilder code = new StringBuilder(SYMBOLS + 3);
        for (int i = 0; i < SYMBOLS; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /**
     * The canonical form of what a person typed (16 upper-case symbols), or empty when it cannot be
     * a code: blank, longer than {@link #MAX_INPUT}, the wrong length or a symbol outside the alphabet.
     */
    static Optional<String> normalise(String typed) {
        if (typed == null || typed.isEmpty() || typed.length() > MAX_INPUT) {
            return Optional.empty();
        }
        StringBuilder canonical = new StringBuilder(SYMBOLS);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c == '-' || c == '\u2010' || c == '\u2011' || c == '\u2012' || c == '\u2013' || c == '\u2212'
                    || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            char upper = Character.toUpperCase(c);
            char read = switch (upper) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> upper;
            };
            if (ALPHABET.indexOf(read) < 0 || canonical.length() == SYMBOLS) {
                return Optional.empty();
            }
            canonical.append(read);
        }
        return canonical.length() == SYMBOLS ? Optional.of(canonical.toString()) : Optional.empty();
    }

    /** The stored form of a code of an account: lower-case hex SHA-256. */
    static String hash(long accountId, String code) {
        String canonical = normalise(code).orElseThrow(() -> new IllegalArgumentException("not a recovery code"));
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((HASH_CONTEXT + accountId + ":").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Compares two stored hashes in time that does not depend on where they differ. */
    static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                b.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
