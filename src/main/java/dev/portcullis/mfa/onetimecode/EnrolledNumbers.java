package dev.portcullis.mfa.onetimecode;

import java.util.Optional;

/** A phone factor's storage, as the shared pages need it. Each factor keeps its own table. */
public interface EnrolledNumbers {

    Optional<EnrolledNumber> find(long accountId);

    /** Adds the account's number, or replaces it (one per account); returns the instance id. */
    String save(long accountId, String e164);

    /** Records that the number was just used to sign in. */
    void used(long accountId);
}
