package dev.portcullis.mfa.onetimecode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes, hashes and checks 6-digit codes. No Spring here.
 *
 * <p>A 6-digit code is low in entropy, so its hash is an HMAC-SHA-256 keyed by a random 256-bit
 * salt of its own row, over the row id, the account, the factor, the purpose and the code: the
 * same code in two rows hashes differently, and a hash copied into another row never matches.
 * What actually protects a code is that it lives 10 minutes and gets 5 tries.
 */
final class CodeHasher {

    static final int DIGITS = 6;

    static final int SALT_BYTES = 32;

    /** Longer input is refused before any work (SECURITY.md INP-01). */
    static final int MAX_INPUT_LENGTH = 40;

    private static final int BOUND = 1_000_000;

    // spaces, no-break spaces and dashes people type between digits ("123 456", "123-456")
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u00A0\\u2007\\u202F\\-\\u2010-\\u2015]");

    private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");

    private CodeHasher() {
    }

    /** A uniformly random code, leading zeros kept ({@link SecureRandom#nextInt(int)} is unbiased). */
    static String newCode(SecureRandom random) {
        return String.format("%06d", random.nextInt(BOUND));
    }

    static byte[] newSalt(SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return salt;
    }

    static byte[] hash(byte[] salt, long codeId, long accountId, String factorType, Purpose purpose, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            String message = "v1|" + codeId + "|" + accountId + "|" + factorType + "|" + purpose.dbValue() + "|" + code;
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time comparison of the stored hash with the hash of what was typed. */
    static boolean matches(byte[] storedHash, byte[] salt, long codeId, long accountId, String factorType,
                           Purpose purpose, String typedCode) {
        return MessageDigest.isEqual(storedHash, hash(salt, codeId, accountId, factorType, purpose, typedCode));
    }

    /** What was typed, as 6 ASCII digits, or null when it cannot be a code. */
    static String normalise(String typed) {
        if (typed == null || typed.length() > MAX_INPUT_LENGTH) {
            return null;
        }
        String digits = SEPARATORS.matcher(typed).replaceAll("");
        return SIX_DIGITS.matcher(digits).matches() ? digits : null;
    }

    /** Hex SHA-256 of a session's binding value: the table never holds the value itself. */
    static String bindingHash(String bindingValue) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bindingValue.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
