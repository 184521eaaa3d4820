package dev.portcullis.messaging.twilio;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.messaging.MessagingProperties;
import dev.portcullis.messaging.PhoneNumbers;
import dev.portcullis.messaging.SmsGateway;
import dev.portcullis.messaging.VoiceGateway;

/**
 * Text messages and phone calls through Twilio's REST API, one attempt each (see
 * {@link TwilioHttpClient} for why the SDK's own retries are off).
 */
public final class TwilioGateway implements SmsGateway, VoiceGateway, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TwilioGateway.class);

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private static final Pattern LINES = Pattern.compile("\\R");

    // Twilio refuses a Twiml parameter longer than this
    static final int MAX_TWIML_LENGTH = 4000;

    private final TwilioHttpClient http;

    private final TwilioRestClient client;

    private final PhoneNumber from;

    public TwilioGateway(MessagingProperties properties) {
        MessagingProperties.Twilio twilio = properties.twilio();
        this.http = TwilioHttpClient.create(properties.timeout(), twilio.baseUrl());
        this.client = new TwilioRestClient.Builder(twilio.accountSid(), twilio.authToken()).httpClient(http).build();
        this.from = new PhoneNumber(twilio.fromNumber());
    }

    @Override
    public void sendSms(String e164, String text) {
        requireE164(e164);
        try {
            Message message = Message.creator(new PhoneNumber(e164), from, text).create(client);
            log.info("Twilio accepted a text message to {} ({})", PhoneNumbers.masked(e164), message.getSid());
        } catch (TwilioException e) {
            handle(e, "text message");
        }
    }

    @Override
    public void call(String e164, String spokenText) {
        requireE164(e164);
        Twiml twiml = new Twiml(twiml(spokenText));
        try {
            Call call = Call.creator(new PhoneNumber(e164), from, twiml).create(client);
            log.info("Twilio accepted a phone call to {} ({})", PhoneNumbers.masked(e164), call.getSid());
        } catch (TwilioException e) {
            handle(e, "phone call");
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * Each line of the text is said in a British English voice, with a one-second pause between
     * lines. The text is XML-escaped, so it cannot add instructions (a {@code <Gather>} or a
     * {@code <Dial>}) to the call.
     */
    static String twiml(String spokenText) {
        List<String> lines = Arrays.stream(LINES.split(spokenText == null ? "" : spokenText))
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("Nothing to say");
        }
        StringBuilder xml = new StringBuilder("<Response>");
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                xml.append("<Pause length=\"1\"/>");
            }
            xml.append("<Say voice=\"alice\" language=\"en-GB\">").append(xmlText(lines.get(i))).append("</Say>");
        }
        xml.append("</Response>");
        if (xml.length() > MAX_TWIML_LENGTH) {
            throw new IllegalArgumentException("The spoken text is too long for one call");
        }
        return xml.toString();
    }

    private static String xmlText(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\t' -> out.append(' ');
                default -> {
                    // XML 1.0 forbids other control characters and the non-characters U+FFFE, U+FFFF
                    if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF && !(c >= 0xD800 && c <= 0xDFFF)) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    private void handle(TwilioException failure, String what) {
        if (failure instanceof ApiException e) {
            Integer status = e.getStatusCode() != null ? e.getStatusCode() : http.lastStatus();
            if (status != null && status >= 200 && status < 300) {
                // Twilio took the request; only its answer was unreadable. Failing here would invite a second send.
                log.warn("Twilio accepted the {} but its answer could not be read", what);
                return;
            }
            if (status == null) {
                Throwable cause = e.getCause() instanceof IOException io ? io : null;
                throw MessageDeliveryException.retryable("Could not reach Twilio ("
                        + (cause == null ? "no answer" : cause.getClass().getSimpleName()) + "); the " + what
                        + " may not have been sent", cause);
            }
            String message = "Twilio answered " + status + (e.getCode() == null ? "" : " with error " + e.getCode())
                    + "; the " + what + " was not sent";
            throw status == 429 || status >= 500
                    ? MessageDeliveryException.retryable(message, null)
                    : MessageDeliveryException.permanent(message, null);
        }
        if (failure instanceof ApiConnectionException) {
            throw MessageDeliveryException.retryable("Could not reach Twilio; the " + what + " may not have been sent", null);
        }
        throw MessageDeliveryException.permanent(
                "Twilio's client failed (" + failure.getClass().getSimpleName() + "); the " + what + " was not sent", null);
    }

    private static void requireE164(String e164) {
        if (e164 == null || !E164.matcher(e164).matches()) {
            throw new IllegalArgumentException("Not an E.164 number: " + PhoneNumbers.masked(e164));
        }
    }
}
