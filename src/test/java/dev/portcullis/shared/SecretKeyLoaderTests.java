package dev.portcullis.shared;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SecretKeyLoaderTests {

    @TempDir
    Path dataDir;

    private final SecureRandom random = new SecureRandom();

    @Test
    void loadWhenNothingConfiguredThenCreatesOwnerOnlyKeyFileAndReadsSameKeyBack() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        byte[] created = SecretKeyLoader.load("", this.dataDir, this.random);

        Path file = this.dataDir.resolve("secret.key");
        assertThat(created).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).isEqualTo(created);
        assertThat(SecretKeyLoader.load(null, this.dataDir, this.random)).isEqualTo(created);
        assertThat(SecretKeyLoader.load("  ", this.dataDir, this.random)).isEqualTo(created);
        try (var files = Files.list(this.dataDir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void loadWhenDataDirDoesNotExistYetThenCreatesIt() {
        Path nested = this.dataDir.resolve("a/b");
        byte[] key = SecretKeyLoader.load("", nested, this.random);
        assertThat(nested.resolve("secret.key")).exists();
        assertThat(SecretKeyLoader.load("", nested, this.random)).isEqualTo(key);
    }

    @Test
    void loadWhenKeyConfiguredThenUsesItAndWritesNoFile() {
        byte[] key = new byte[32];
        this.random.nextBytes(key);
        String configured = " " + Base64.getEncoder().encodeToString(key) + "\n";
        assertThat(SecretKeyLoader.load(configured, this.dataDir, this.random)).isEqualTo(key);
        assertThat(this.dataDir.resolve("secret.key")).doesNotExist();
    }

    @Test
    void loadWhenConfiguredKeyHasWrongLengthThenFailsSayingHowToMakeOne() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatIllegalStateException().isThrownBy(() -> SecretKeyLoader.load(sixteenBytes, this.dataDir, this.random))
                .withMessageContaining("PORTCULLIS_SECRET_KEY")
                .withMessageContaining("exactly 32 bytes")
                .withMessageContaining("decodes to 16 bytes")
                .withMessageContaining("openssl rand -base64 32")
                .withMessageNotContaining(sixteenBytes);
        assertThat(this.dataDir.resolve("secret.key")).doesNotExist();
    }

    @Test
    void loadWhenConfiguredKeyNotBase64ThenFailsSayingHowToMakeOne() {
        assertThatIllegalStateException().isThrownBy(() -> SecretKeyLoader.load("not base64!", this.dataDir, this.random))
                .withMessageContaining("not valid base64")
                .withMessageContaining("openssl rand -base64 32")
                .withMessageNotContaining("not base64!");
    }

    @Test
    void loadWhenKeyFileDamagedThenFailsNamingTheFile() throws Exception {
        Path file = this.dataDir.resolve("secret.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[31]), StandardCharsets.US_ASCII);
        assertThatIllegalStateException().isThrownBy(() -> SecretKeyLoader.load("", this.dataDir, this.random))
                .withMessageContaining(file.toAbsolutePath().toString())
                .withMessageContaining("decodes to 31 bytes");
    }

    @Test
    void secretCipherWhenKeyFileReusedThenOpensWhatEarlierInstanceSealed() {
        SecretCipherConfiguration configuration = new SecretCipherConfiguration();
        SecretCipher first = configuration.secretCipher("", this.dataDir.toString(), this.random);
        byte[] sealed = first.encrypt("seed".getBytes(StandardCharsets.UTF_8), "totp:account:1");
        SecretCipher second = configuration.secretCipher("", this.dataDir.toString(), this.random);
        assertThat(second.decrypt(sealed, "totp:account:1")).isEqualTo("seed".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void secretCipherWhenKeyConfiguredThenFileKeyIgnored() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        SecretCipherConfiguration configuration = new SecretCipherConfiguration();
        SecretCipher configured = configuration.secretCipher(Base64.getEncoder().encodeToString(key),
                this.dataDir.toString(), this.random);
        byte[] sealed = new SecretCipher(key, this.random).encrypt(new byte[] { 1 }, "row");
        assertThat(configured.decrypt(sealed, "row")).containsExactly(1);
    }
}
