package dev.portcullis.mfa.voice;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.messaging.MessagingCapabilities;
import dev.portcullis.messaging.PhoneNumbers;
import dev.portcullis.messaging.VoiceGateway;
import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.FactorType;
import dev.portcullis.mfa.onetimecode.MessageTexts;
import dev.portcullis.mfa.onetimecode.OneTimeCodeProperties;
import dev.portcullis.mfa.onetimecode.OneTimeCodes;
import dev.portcullis.mfa.onetimecode.PhoneChannel;

/**
 * Phone call: a call to the account's one number (mobile or landline) reads out a 6-digit code,
 * digit by digit, twice. The call only reads the code: nothing is approved by pressing a key
 * (OOB-05); the code must be typed on the page. Available only when the message provider can
 * place calls.
 */
@Component
public class VoiceFactor implements Factor {

    public static final String ID = "voice";
    static final String ENROLL_PATH = "/account/security/factors/voice/enroll";
    static final String CHALLENGE_PATH = "/signin/factor/voice";

    static final FactorType TYPE = new FactorType(ID, "tel", "Phone call",
            "We call your phone and read out a 6-digit code.", false, false, false, false, 30);

    private final JdbcVoiceNumbers numbers;
    private final VoiceProperties properties;
    private final MessagingCapabilities capabilities;
    private final ObjectProvider<VoiceGateway> gateway;
    private final OneTimeCodes codes;
    private final PhoneChannel channel;

    VoiceFactor(JdbcVoiceNumbers numbers, VoiceProperties properties, MessagingCapabilities capabilities,
                ObjectProvider<VoiceGateway> gateway, MessageTexts texts, OneTimeCodes codes,
                OneTimeCodeProperties codeProperties) {
        this.numbers = numbers;
        this.properties = properties;
        this.capabilities = capabilities;
        this.gateway = gateway;
        this.codes = codes;
        long minutes = codeProperties.validity().toMinutes();
        PhoneChannel.Wording wording = new PhoneChannel.Wording(
                "Enter the phone number we should call",
                "Enter the new phone number we should call",
                "Phone number",
                "A mobile or a landline, like 07700 900 982 or 020 7946 0123. "
                        + "For a number outside the UK, start with + and the country code.",
                "Call me",
                "We are calling",
                ". Answer the call and listen for the 6-digit code.",
                "Type the 6 numbers you heard on the call. The code works for " + minutes + " minutes.",
                "Call me again",
                "We are calling you again with a new code.",
                "We could not call you just now.");
        this.channel = new PhoneChannel(TYPE, ENROLL_PATH, CHALLENGE_PATH, PhoneNumbers::requireCallable,
                (e164, code) -> voice().call(e164, texts.voiceCode(code)),
                old -> voice().call(old, texts.voiceNumberChanged()),
                numbers, this::available, wording);
    }

    /** What the shared phone pages need. */
    public PhoneChannel channel() {
        return channel;
    }

    @Override
    public FactorType type() {
        return TYPE;
    }

    @Override
    public boolean available() {
        return properties.enabled() && capabilities.voice() && gateway.getIfAvailable() != null;
    }

    @Override
    public List<EnrolledFactor> enrolled(long accountId) {
        return numbers.find(accountId)
                .map(n -> new EnrolledFactor(ID, n.instanceId(), TYPE.name(), PhoneNumbers.masked(n.e164()), n.createdAt(),
                        n.lastUsedAt()))
                .stream().toList();
    }

    @Override
    public String enrollPath() {
        return ENROLL_PATH;
    }

    @Override
    public String challengePath(String instanceId) {
        return CHALLENGE_PATH;
    }

    @Override
    public boolean remove(long accountId, String instanceId) {
        long id;
        try {
            id = Long.parseLong(instanceId);
        } catch (NumberFormatException e) {
            return false;
        }
        boolean removed = numbers.delete(accountId, id);
        if (removed) {
            codes.cancelAll(accountId, ID);
        }
        return removed;
    }

    @Override
    public void removeAll(long accountId) {
        numbers.deleteAll(accountId);
        codes.cancelAll(accountId, ID);
    }

    private VoiceGateway voice() {
        VoiceGateway voice = gateway.getIfAvailable();
        if (voice == null) {
            throw MessageDeliveryException.permanent("no voice gateway is configured", null);
        }
        return voice;
    }
}
