package dev.portcullis.account.password;

/**
 * One implementation of Argon2id producing and checking PHC strings
 * ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}). Both implementations read and write the same
 * strings, so a hash made by one verifies with the other.
 */
interface Argon2Function {

    /** A new PHC string with the configured parameters, a fresh 16-byte salt and a 32-byte hash. */
    String hash(String password);

    /** Whether the password matches; the parameters are read from the PHC string itself. */
    boolean verify(String password, String phc);

    /** For the start-up log and the benchmark. */
    String name();
}
