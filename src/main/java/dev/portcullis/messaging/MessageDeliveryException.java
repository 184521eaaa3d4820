package dev.portcullis.messaging;

/**
 * A message could not be handed to its provider. The message text never appears here, because
 * it usually carries a one-time code and exceptions end up in logs: only the provider, the HTTP
 * status and the provider's error codes do.
 */
public final class MessageDeliveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    private MessageDeliveryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** The provider was unavailable (5xx, 429, timeout, connection refused): trying later may work. */
    public static MessageDeliveryException retryable(String message, Throwable cause) {
        return new MessageDeliveryException(message, true, cause);
    }

    /** The provider refused the message (bad number, bad key): sending it again will fail again. */
    public static MessageDeliveryException permanent(String message, Throwable cause) {
        return new MessageDeliveryException(message, false, cause);
    }

    /** Whether a later attempt may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
