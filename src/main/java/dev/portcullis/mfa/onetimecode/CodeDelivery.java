package dev.portcullis.mfa.onetimecode;

/** Hands a code to a gateway: a text message or a phone call built by the factor. One attempt, no retry. */
@FunctionalInterface
public interface CodeDelivery {

    /**
     * @throws dev.portcullis.messaging.MessageDeliveryException when the gateway failed
     */
    void deliver(String e164, String code);
}
