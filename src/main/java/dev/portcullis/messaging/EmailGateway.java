package dev.portcullis.messaging;

/**
 * Sends an email. Implementations make at most one attempt per call.
 */
public interface EmailGateway {

    /**
     * @param to       one recipient address
     * @param subject  the subject line
     * @param textBody the plain-text body
     * @param htmlBody the HTML body; a provider that renders its own HTML (GOV.UK Notify) ignores it
     * @throws MessageDeliveryException when the provider refused the message or could not be reached
     */
    void sendEmail(String to, String subject, String textBody, String htmlBody);
}
