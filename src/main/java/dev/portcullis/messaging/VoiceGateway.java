package dev.portcullis.messaging;

/**
 * Places a phone call that reads out a message. Implementations make at most one attempt per call.
 */
public interface VoiceGateway {

    /**
     * @param e164       the recipient in E.164 form, as returned by {@link PhoneNumbers#requireCallable(String)}
     * @param spokenText what the call says, built by the caller (a code digit by digit, twice). Each
     *                   line is said in turn, with a short pause between lines.
     * @throws MessageDeliveryException when the provider refused the call or could not be reached
     */
    void call(String e164, String spokenText);
}
