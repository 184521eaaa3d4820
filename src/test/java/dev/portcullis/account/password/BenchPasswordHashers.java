package dev.portcullis.account.password;

/** For the benchmark harness (dev.portcullis.bench): the application's own hasher, built outside Spring. */
public final class BenchPasswordHashers {

    private BenchPasswordHashers() {
    }

    /** The same {@link PasswordHasher} the server builds from {@code portcullis.password.*}. */
    public static PasswordHasher withParameters(int memoryKib, int iterations, int parallelism) {
        return new PasswordHasher(new PasswordProperties(memoryKib, iterations, parallelism, null, null));
    }
}
