package dev.portcullis.mfa.sms;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.messaging.MessagingCapabilities;
import dev.portcullis.messaging.PhoneNumbers;
import dev.portcullis.messaging.SmsGateway;
import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.FactorType;
import dev.portcullis.mfa.onetimecode.MessageTexts;
import dev.portcullis.mfa.onetimecode.OneTimeCodeProperties;
import dev.portcullis.mfa.onetimecode.OneTimeCodes;
import dev.portcullis.mfa.onetimecode.PhoneChannel;

/**
 * Text message: a 6-digit code sent to the account's one mobile number. Not phishing-resistant.
 * Codes come from {@link OneTimeCodes}; the pages are the shared phone pages.
 */
@Component
public class SmsFactor implements Factor {

    public static final String ID = "sms";
    static final String ENROLL_PATH = "/account/security/factors/sms/enroll";
    static final String CHALLENGE_PATH = "/signin/factor/sms";

    static final FactorType TYPE = new FactorType(ID, "sms", "Text message",
            "We send a 6-digit code to your mobile phone by text message.", false, false, false, false, 20);

    private final JdbcSmsNumbers numbers;
    private final SmsProperties properties;
    private final MessagingCapabilities capabilities;
    private final ObjectProvider<SmsGateway> gateway;
    private final OneTimeCodes codes;
    private final PhoneChannel channel;

    SmsFactor(JdbcSmsNumbers numbers, SmsProperties properties, MessagingCapabilities capabilities,
              ObjectProvider<SmsGateway> gateway, MessageTexts texts, OneTimeCodes codes,
              OneTimeCodeProperties codeProperties) {
        this.numbers = numbers;
        this.properties = properties;
        this.capabilities = capabilities;
        this.gateway = gateway;
        this.codes = codes;
        long minutes = codeProperties.validity().toMinutes();
        PhoneChannel.Wording wording = new PhoneChannel.Wording(
                "Enter your mobile phone number",
                "Enter your new mobile phone number",
                "Mobile phone number",
                "For example, 07700 900 982. For a number outside the UK, start with + and the country code.",
                "Send code",
                "We have sent a code to",
                " by text message.",
                "The code is 6 numbers. It works for " + minutes + " minutes.",
                "Send a new code",
                "We have sent you a new code.",
                "We could not send a text message just now.");
        this.channel = new PhoneChannel(TYPE, ENROLL_PATH, CHALLENGE_PATH, PhoneNumbers::requireMobile,
                (e164, code) -> sms().sendSms(e164, texts.smsCode(code)),
                old -> sms().sendSms(old, texts.smsNumberChanged()),
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
        return properties.enabled() && capabilities.sms() && gateway.getIfAvailable() != null;
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

    private SmsGateway sms() {
        SmsGateway sms = gateway.getIfAvailable();
        if (sms == null) {
            throw MessageDeliveryException.permanent("no SMS gateway is configured", null);
        }
        return sms;
    }
}
