package dev.portcullis.mfa.onetimecode;

import java.time.Duration;
import java.time.Instant;

/**
 * What happened when a code was asked for.
 *
 * @param outcome     sent, refused by a limit, refused because guessing is paused, or not delivered
 * @param destination the E.164 number the code went to (SENT)
 * @param expiresAt   when the code stops working (SENT)
 * @param limit       the limit that refused it (LIMITED)
 * @param retryAfter        how long until a code may be asked for again (LIMITED, PAUSED)
 */
public record SendResult(Outcome outcome, String destination, Instant expiresAt, SendLimit limit, Duration retryAfter) {

    public enum Outcome {
        SENT,
        /** a send limit is reached: nothing was sent */
        LIMITED,
        /** too many wrong codes: nothing is sent while guessing is paused */
        PAUSED,
        /** the gateway failed: the code is dead and nothing is retried */
        UNDELIVERED
    }

    static SendResult sent(String destination, Instant expiresAt) {
        return new SendResult(Outcome.SENT, destination, expiresAt, null, null);
    }

    static SendResult limited(SendLimit limit, Duration retryAfter) {
        return new SendResult(Outcome.LIMITED, null, null, limit, retryAfter);
    }

    static SendResult paused(Duration retryAfter) {
        return new SendResult(Outcome.PAUSED, null, null, null, retryAfter);
    }

    static SendResult undelivered() {
        return new SendResult(Outcome.UNDELIVERED, null, null, null, null);
    }

    /** What the person is told when nothing was sent because of a limit or a pause; null otherwise. */
    public String message() {
        return switch (outcome) {
            case LIMITED -> limit.message(retryAfter);
            case PAUSED -> CodeCheck.pausedMessage(retryAfter);
            default -> null;
        };
    }
}
