package dev.portcullis.account.password;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Argon2id in Java (Bouncy Castle through Spring Security): the fallback where libargon2 cannot load. */
final class BouncyCastleArgon2 implements Argon2Function {

    private final Argon2PasswordEncoder encoder;

    BouncyCastleArgon2(HashParameters configured) {
        this.encoder = new Argon2PasswordEncoder(16, 32, configured.parallelism(), configured.memoryKib(), configured.iterations());
    }

    @Override
    public String hash(String password) {
        return encoder.encode(password);
    }

    @Override
    public boolean verify(String password, String phc) {
        return encoder.matches(password, phc);
    }

    @Override
    public String name() {
        return "Bouncy Castle (Java)";
    }
}
