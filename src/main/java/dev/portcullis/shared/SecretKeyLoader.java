package dev.portcullis.shared;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the {@link SecretCipher} key: the configured one ({@code PORTCULLIS_SECRET_KEY}), or
 * else one generated once into {@code <dataDir>/secret.key}, so a single node works out of the
 * box while several nodes, which must share a key, are told to configure it.
 */
public final class SecretKeyLoader {

    static final String FILE_NAME = "secret.key";

    private static final Logger logger = LoggerFactory.getLogger(SecretKeyLoader.class);

    private static final String HOW_TO_MAKE_ONE = "make one with: openssl rand -base64 32";

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private SecretKeyLoader() {
    }

    /**
     * @param configured the value of {@code portcullis.secret-key}; blank means "use the file"
     * @param dataDir where {@value #FILE_NAME} is kept when nothing is configured
     * @return a fresh 32-byte array the caller may wipe
     * @throws IllegalStateException with a message an operator can act on, so start-up fails
     */
    public static byte[] load(String configured, Path dataDir, SecureRandom random) {
        if (configured != null && !configured.isBlank()) {
            // Never echo the value: it is the key, or a typo of it.
            return decode(configured, "portcullis.secret-key (PORTCULLIS_SECRET_KEY)");
        }
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(random, "random");
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] key = new byte[SecretCipher.KEY_BYTES];
            random.nextBytes(key);
            if (create(file, key)) {
                logger.warn("Generated a new secret key in {}. Back this file up: without it, encrypted secrets "
                        + "(such as authenticator app seeds) cannot be read. To run several nodes, give them all "
                        + "the same key in PORTCULLIS_SECRET_KEY.", file.toAbsolutePath());
                return key;
            }
            Arrays.fill(key, (byte) 0); // another process created the file first; use theirs
        }
        byte[] key = read(file);
        logger.warn("Using the generated secret key in {}. Keep it backed up; to run several nodes, "
                + "give them all the same key in PORTCULLIS_SECRET_KEY.", file.toAbsolutePath());
        return key;
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException(source + " is not valid base64; it must be base64 of exactly "
                    + SecretCipher.KEY_BYTES + " random bytes; " + HOW_TO_MAKE_ONE);
        }
        if (key.length != SecretCipher.KEY_BYTES) {
            int length = key.length;
            Arrays.fill(key, (byte) 0);
            throw new IllegalStateException(source + " must be base64 of exactly " + SecretCipher.KEY_BYTES
                    + " bytes, but it decodes to " + length + " bytes; " + HOW_TO_MAKE_ONE);
        }
        return key;
    }

    private static byte[] read(Path file) {
        warnIfOthersCanRead(file);
        try {
            return decode(Files.readString(file, StandardCharsets.US_ASCII), "The secret key file " + file.toAbsolutePath());
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read the secret key file " + file.toAbsolutePath()
                    + "; fix its permissions or set PORTCULLIS_SECRET_KEY", ex);
        }
    }

    /**
     * Writes the key to a private temporary file, then links it into place, which fails if the
     * name exists: two nodes starting at once on one data directory end up with the same key.
     *
     * @return false if another process created the file first
     */
    private static boolean create(Path file, byte[] key) {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            boolean posix = Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class);
            // Owner-only from the moment the file exists, not chmod-ed afterwards.
            FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY) }
                    : new FileAttribute<?>[0];
            temporary = Files.createTempFile(directory, FILE_NAME, ".tmp", attributes);
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(file, temporary);
            }
            catch (FileAlreadyExistsException ex) {
                return false;
            }
            catch (UnsupportedOperationException | IOException noHardLinks) {
                Files.move(temporary, file); // no REPLACE_EXISTING: still refuses to overwrite
                temporary = null;
            }
            return true;
        }
        catch (FileAlreadyExistsException ex) {
            return false;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot create the secret key file " + file.toAbsolutePath()
                    + "; make " + directory + " writable (PORTCULLIS_DATA_DIR) or set PORTCULLIS_SECRET_KEY ("
                    + HOW_TO_MAKE_ONE + ")", ex);
        }
        finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                }
                catch (IOException ex) {
                    logger.warn("Could not delete temporary file {}", temporary, ex);
                }
            }
        }
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(permissions)) {
                    logger.warn("The secret key file {} has permissions {}; restrict it with: chmod 600 {}",
                            file.toAbsolutePath(), PosixFilePermissions.toString(permissions), file.toAbsolutePath());
                }
            }
        }
        catch (IOException ex) {
            // Reading it will fail with a clearer message if something is really wrong.
        }
    }
}
