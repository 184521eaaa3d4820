package dev.portcullis.account.password;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;

/**
 * The Argon2 reference implementation (libargon2, bundled in argon2-jvm) called through JNA. Its
 * working memory is allocated outside the Java heap and freed at once, so hashing neither fills
 * the heap nor makes the garbage collector copy 19 MiB blocks; and unlike Bouncy Castle's Java
 * code its speed does not depend on what the JIT made of it in this launch.
 */
final class NativeArgon2 implements Argon2Function {

    private final Argon2 argon2;
    private final HashParameters configured;

    private NativeArgon2(Argon2 argon2, HashParameters configured) {
        this.argon2 = argon2;
        this.configured = configured;
    }

    /** Loads libargon2 and proves it with one small hash; throws LinkageError when it cannot. */
    static NativeArgon2 load(HashParameters configured) {
        Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
        NativeArgon2 probe = new NativeArgon2(argon2, new HashParameters("argon2id", 1024, 1, 1));
        String hash = probe.hash("probe");
        if (!probe.verify("probe", hash) || probe.verify("probe!", hash)) {
            throw new LinkageError("libargon2 loaded but does not verify its own hash");
        }
        return new NativeArgon2(argon2, configured);
    }

    @Override
    public String hash(String password) {
        char[] chars = password.toCharArray();
        try {
            return argon2.hash(configured.iterations(), configured.memoryKib(), configured.parallelism(), chars);
        } finally {
            argon2.wipeArray(chars);
        }
    }

    @Override
    public boolean verify(String password, String phc) {
        char[] chars = password.toCharArray();
        try {
            return argon2.verify(phc, chars);
        } catch (IllegalStateException | IllegalArgumentException malformed) {
            // libargon2 reports a PHC string it cannot decode as an error, not as a mismatch.
            return false;
        } finally {
            argon2.wipeArray(chars);
        }
    }

    @Override
    public String name() {
        return "libargon2 (native, argon2-jvm)";
    }
}
