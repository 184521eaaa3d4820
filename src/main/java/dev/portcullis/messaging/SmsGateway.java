package dev.portcullis.messaging;

/**
 * Sends a text message. Implementations make at most one attempt per call: a retry is the
 * caller's decision, because a retried send can reach the phone twice.
 */
public interface SmsGateway {

    /**
     * @param e164 the recipient in E.164 form, as returned by {@link PhoneNumbers#requireMobile(String)}
     * @param text the whole message
     * @throws MessageDeliveryException when the provider refused the message or could not be reached
     */
    void sendSms(String e164, String text);
}
