package dev.portcullis.mfa.onetimecode;

import java.time.Instant;

/** An account's registered number for a phone factor: public data, never a secret. */
public record EnrolledNumber(long id, String e164, Instant createdAt, Instant lastUsedAt) {

    public String instanceId() {
        return Long.toString(id);
    }
}
