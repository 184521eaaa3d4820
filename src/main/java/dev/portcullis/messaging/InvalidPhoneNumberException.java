package dev.portcullis.messaging;

/**
 * A phone number we will not use. {@link #getMessage()} is written for the person who typed the
 * number (NHS.UK content style) and never repeats what they typed; {@link #reason()} is for logs
 * and audit.
 */
public final class InvalidPhoneNumberException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the number was refused. */
    public enum Reason {
        /** nothing entered */
        EMPTY,
        /** longer than any phone number, refused before parsing */
        TOO_LONG,
        /** letters or other characters a phone number does not have */
        MALFORMED,
        /** not a number anyone can have */
        INVALID,
        /** a landline, where a text message was asked for */
        LANDLINE,
        /** premium rate, shared cost, freephone, VoIP, pager, personal, non-geographic or similar */
        REFUSED_TYPE
    }

    private final Reason reason;

    InvalidPhoneNumberException(Reason reason, String userMessage) {
        super(userMessage);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
