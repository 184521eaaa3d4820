package dev.portcullis.mfa.onetimecode;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.portcullis.messaging.PhoneNumbers;
import dev.portcullis.mfa.FactorType;

/**
 * What the shared phone pages need from a factor that proves a number with a code: its type and
 * paths, which numbers it accepts, how it sends a code and a change notice, where it keeps the
 * number, and its words.
 *
 * @param numberCheck   turns what was typed into an E.164 number, or throws
 *                      {@link dev.portcullis.messaging.InvalidPhoneNumberException} with a message for the person
 * @param codeDelivery  sends a code (a text message, a call); one attempt
 * @param changeNotice  tells the old number that the number was changed (OOB-06); one attempt
 */
public record PhoneChannel(FactorType type, String enrollPath, String challengePath,
                           Function<String, PhoneNumbers.Parsed> numberCheck, CodeDelivery codeDelivery,
                           Consumer<String> changeNotice, EnrolledNumbers numbers, BooleanSupplier availability,
                           Wording wording) {

    public boolean available() {
        return availability.getAsBoolean();
    }

    /**
     * The words that differ between a text message and a call.
     *
     * @param enrollHeading  "Enter your mobile phone number"
     * @param changeHeading  "Enter your new mobile phone number"
     * @param numberLabel    "Mobile phone number"
     * @param numberHint     what kind of number, with an example
     * @param sendButton     "Send code", "Call me"
     * @param sentBefore     the words before the masked number: "We have sent a code to"
     * @param sentAfter      the words after it: "by text message."
     * @param codeHint       where to find the code
     * @param resendButton   "Send a new code", "Call me again"
     * @param resent         "We have sent you a new code."
     * @param notSent        "We could not send a text message just now."
     */
    public record Wording(String enrollHeading, String changeHeading, String numberLabel, String numberHint,
                          String sendButton, String sentBefore, String sentAfter, String codeHint, String resendButton,
                          String resent, String notSent) {
    }
}
