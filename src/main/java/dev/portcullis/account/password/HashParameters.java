package dev.portcullis.account.password;

/** The cost parameters a password hash was made with. */
public record HashParameters(String algorithm, int memoryKib, int iterations, int parallelism) {

    /** Whether a hash with these parameters is weaker than the configured ones in any dimension. */
    public boolean weakerThan(HashParameters configured) {
        return !algorithm.equals(configured.algorithm)
                || memoryKib < configured.memoryKib
                || iterations < configured.iterations
                || parallelism < configured.parallelism;
    }
}
