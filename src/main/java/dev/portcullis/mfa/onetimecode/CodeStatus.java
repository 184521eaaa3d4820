package dev.portcullis.mfa.onetimecode;

import java.time.Instant;

/**
 * The newest code of one session, purpose and factor, as a page needs to know it: whether one is
 * live and where it went. Never the code or its hash.
 */
public record CodeStatus(State state, String destination, Instant issuedAt, Instant expiresAt) {

    public enum State {
        LIVE, USED, SUPERSEDED, UNDELIVERED, EXHAUSTED, EXPIRED, CANCELLED;

        static State of(String dbValue) {
            return valueOf(dbValue.toUpperCase(java.util.Locale.ROOT));
        }

        String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean live() {
        return state == State.LIVE;
    }
}
