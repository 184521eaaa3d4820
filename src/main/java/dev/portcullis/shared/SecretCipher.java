package dev.portcullis.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (TOTP seeds, later signing keys) with AES-256-GCM (NIST SP 800-38D).
 *
 * <p>Sealed form: {@code 0x01 || nonce (12 bytes) || ciphertext || tag (16 bytes)}. The version
 * byte leaves room to change algorithm or key later without guessing. The associated data names
 * the row a secret belongs to (for example {@code "totp:account:42"}); it is authenticated but
 * not stored, so a ciphertext copied into another row no longer decrypts.
 *
 * <p>Nonces are random (SP 800-38D §8.2.2); with 96 bits that stays safe for far more than the
 * 2^32 encryptions under one key that §8.3 allows, which secrets at rest will never approach.
 */
public final class SecretCipher {

    static final byte VERSION = 0x01;

    static final int KEY_BYTES = 32;

    /** SP 800-38D §5.2.1.1: 96-bit IVs are the recommended length. */
    static final int NONCE_BYTES = 12;

    static final int TAG_BITS = 128;

    private static final int TAG_BYTES = TAG_BITS / 8;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKey key;

    private final SecureRandom random;

    public SecretCipher(byte[] key32, SecureRandom random) {
        Objects.requireNonNull(key32, "key32");
        if (key32.length != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "AES-256 needs a key of exactly " + KEY_BYTES + " bytes, got " + key32.length);
        }
        this.key = new SecretKeySpec(key32, "AES"); // copies the array
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Seals the plaintext, bound to {@code associatedData} (the row it will be stored in). */
    public byte[] encrypt(byte[] plaintext, String associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] aad = associatedData(associatedData);
        byte[] nonce = new byte[NONCE_BYTES];
        this.random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = new byte[1 + NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
            sealed[0] = VERSION;
            System.arraycopy(nonce, 0, sealed, 1, NONCE_BYTES);
            int written = cipher.doFinal(plaintext, 0, plaintext.length, sealed, 1 + NONCE_BYTES);
            return (written == sealed.length - 1 - NONCE_BYTES) ? sealed
                    : Arrays.copyOf(sealed, 1 + NONCE_BYTES + written);
        }
        catch (GeneralSecurityException ex) {
            // AES-GCM is mandatory in every JDK; reaching here means a broken runtime.
            throw new IllegalStateException("AES-GCM encryption failed", ex);
        }
    }

    /**
     * Opens what {@link #encrypt} sealed with the same associated data.
     *
     * @throws TamperedSecretException if the input is malformed, of an unknown version, or fails
     *         authentication (wrong key, wrong associated data, or altered bytes)
     */
    public byte[] decrypt(byte[] sealed, String associatedData) {
        byte[] aad = associatedData(associatedData);
        if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BYTES) {
            throw new TamperedSecretException("sealed secret is missing or too short");
        }
        if (sealed[0] != VERSION) {
            throw new TamperedSecretException("sealed secret has unknown version " + (sealed[0] & 0xff));
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        }
        catch (AEADBadTagException ex) {
            throw new TamperedSecretException(
                    "sealed secret failed authentication (wrong key, wrong associated data or altered bytes)", ex);
        }
        catch (GeneralSecurityException ex) {
            throw new TamperedSecretException("sealed secret could not be decrypted", ex);
        }
    }

    @Override
    public String toString() {
        return "SecretCipher[AES-256-GCM, key=(redacted)]";
    }

    private static byte[] associatedData(String associatedData) {
        Objects.requireNonNull(associatedData, "associatedData");
        // Empty associated data would bind a secret to nothing, which is the mistake this prevents.
        if (associatedData.isBlank()) {
            throw new IllegalArgumentException("associatedData must name the row the secret belongs to");
        }
        return associatedData.getBytes(StandardCharsets.UTF_8);
    }

    /** A sealed secret that cannot be opened: never retried, never silently replaced. */
    public static final class TamperedSecretException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        TamperedSecretException(String message) {
            super(message);
        }

        TamperedSecretException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
