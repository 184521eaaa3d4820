package dev.portcullis.messaging;

/**
 * What the configured provider can send, so that a factor can switch itself off (the voice
 * factor when there is no voice gateway) instead of failing at the first challenge.
 *
 * <p>Email is always available: GOV.UK Notify sends it when it is the provider; otherwise SMTP
 * does when {@code spring.mail.host} is set, and the email outbox when it is not.
 */
public record MessagingCapabilities(boolean sms, boolean voice, boolean email) {

    static MessagingCapabilities of(MessagingProperties.Provider provider) {
        return switch (provider) {
            case OUTBOX -> new MessagingCapabilities(true, true, true);
            case NOTIFY -> new MessagingCapabilities(true, false, true);
            case TWILIO -> new MessagingCapabilities(true, true, true);
        };
    }
}
