package dev.portcullis.messaging.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.messaging.MessagingProperties;
import dev.portcullis.messaging.MessagingProperties.Provider;
import dev.portcullis.messaging.StubHttpServer;
import dev.portcullis.messaging.StubHttpServer.Answer;
import dev.portcullis.messaging.StubHttpServer.RecordedRequest;

/**
 * The real Twilio SDK against a stub of Twilio's API.
 */
class TwilioGatewayTests {

    static final String SID = "AC0123456789abcdef0123456789abcdef";

    static final String TOKEN = "twilio-auth-token-for-tests";

    static final String FROM = "+447400900111";

    static final String TEXT = "Your Portcullis security code is 493817";

    static final String SPOKEN = "Your Portcullis security code is 4. 9. 3. 8. 1. 7.\nAgain: 4. 9. 3. 8. 1. 7.";

    private final StubHttpServer twilio = StubHttpServer.start();

    private TwilioGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        twilio.close();
    }

    private TwilioGateway gateway(String baseUrl, Duration timeout) {
        gateway = new TwilioGateway(new MessagingProperties(Provider.TWILIO, null,
                new MessagingProperties.Twilio(SID, TOKEN, FROM, baseUrl), timeout, null));
        return gateway;
    }

    private TwilioGateway gateway() {
        return gateway(twilio.baseUrl(), Duration.ofSeconds(5));
    }

    static String error(int status, int code, String message) {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":\"https://www.twilio.com/docs/errors/"
                + code + "\",\"status\":" + status + "}";
    }

    @Test
    void sendSmsWhenAcceptedThenPostsToFromAndBodyWithBasicAuth() {
        twilio.enqueue(Answer.json(201, "{\"sid\":\"SM0123\",\"status\":\"queued\"}"));

        gateway().sendSms("+447400123456", TEXT);

        assertThat(twilio.requests()).hasSize(1);
        RecordedRequest request = twilio.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
        assertThat(request.header("Authorization")).isEqualTo(basic(SID + ":" + TOKEN));
        assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(form(request.body())).containsExactlyInAnyOrderEntriesOf(
                Map.of("To", List.of("+447400123456"), "From", List.of(FROM), "Body", List.of(TEXT)));
    }

    @Test
    void oob05_callWhenAcceptedThenPostsTwimlThatSaysEachLineWithAPauseBetween() {
        twilio.enqueue(Answer.json(201, "{\"sid\":\"CA0123\",\"status\":\"queued\"}"));

        gateway().call("+442079460123", SPOKEN);

        RecordedRequest request = twilio.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Calls.json");
        assertThat(request.header("Authorization")).isEqualTo(basic(SID + ":" + TOKEN));
        Map<String, List<String>> form = form(request.body());
        assertThat(form.get("To")).containsExactly("+442079460123");
        assertThat(form.get("From")).containsExactly(FROM);
        assertThat(form.get("Twiml")).containsExactly("<Response>"
                + "<Say voice=\"alice\" language=\"en-GB\">Your Portcullis security code is 4. 9. 3. 8. 1. 7.</Say>"
                + "<Pause length=\"1\"/>"
                + "<Say voice=\"alice\" language=\"en-GB\">Again: 4. 9. 3. 8. 1. 7.</Say>"
                + "</Response>");
    }

    @Test
    void inp04_twimlWhenTextHoldsMarkupThenEscapedSoItCannotAddInstructions() {
        String twiml = TwilioGateway.twiml("Code 1 2 3</Say><Dial>+449098790000</Dial><Say> & \"'\u0000");

        assertThat(twiml).isEqualTo("<Response><Say voice=\"alice\" language=\"en-GB\">"
                + "Code 1 2 3&lt;/Say&gt;&lt;Dial&gt;+449098790000&lt;/Dial&gt;&lt;Say&gt; &amp; &quot;&apos;"
                + "</Say></Response>");
    }

    @Test
    void twimlWhenNothingToSayOrTooLongThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> TwilioGateway.twiml(" \n "));
        assertThatIllegalArgumentException().isThrownBy(() -> TwilioGateway.twiml("1 ".repeat(2000)));
    }

    @Test
    void sendSmsWhenTwilioAnswers400ThenPermanentOnceAndTextNotInMessage() {
        // Twilio's own message quotes the number; and a body might quote the text: ours quotes neither
        twilio.enqueue(Answer.json(400, error(400, 21211, "Invalid 'To' Phone Number: +447400123456 " + TEXT)));

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway().sendSms("+447400123456", TEXT))
                .satisfies(e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("400").contains("21211");
                    assertNothingQuotedInChain(e);
                });
        twilio.awaitQuiet(Duration.ofSeconds(2));
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void sendSmsWhenCredentialsRefusedThenPermanent() {
        twilio.enqueue(Answer.json(401, error(401, 20003, "Authenticate")));

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway().sendSms("+447400123456", TEXT))
                .satisfies(e -> assertThat(e.retryable()).isFalse())
                .withMessageContaining("401");
    }

    @ParameterizedTest
    @ValueSource(ints = { 429, 500, 503 })
    void oob07_sendSmsWhenTwilioUnavailableThenRetryableAndSentOnlyOnce(int status) {
        // the SDK on its own sends three times while Twilio answers 5xx
        twilio.otherwise(Answer.json(status, error(status, 20500, TEXT)));

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway().sendSms("+447400123456", TEXT))
                .satisfies(e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains(String.valueOf(status));
                    assertNothingQuotedInChain(e);
                });
        twilio.awaitQuiet(Duration.ofSeconds(2));
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void oob07_callWhenTwilioAnswers503ThenRetryableAndCalledOnlyOnce() {
        twilio.otherwise(Answer.json(503, error(503, 20503, "Service unavailable")));

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway().call("+447400123456", SPOKEN))
                .satisfies(e -> assertThat(e.retryable()).isTrue());
        twilio.awaitQuiet(Duration.ofSeconds(2));
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void sendSmsWhenProxyAnswersHtml502ThenStillRetryable() {
        twilio.enqueue(Answer.text(502, "text/html", "<html><body>Bad gateway</body></html>"));

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway().sendSms("+447400123456", TEXT))
                .satisfies(e -> assertThat(e.retryable()).isTrue())
                .withMessageContaining("502");
    }

    @Test
    void sendSmsWhenFirewallAnswersHtml403ThenPermanent() {
        twilio.enqueue(Answer.text(403, "text/html", "<html><body>Forbidden</body></html>"));

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway().sendSms("+447400123456", TEXT))
                .satisfies(e -> assertThat(e.retryable()).isFalse())
                .withMessageContaining("403");
    }

    @Test
    void oob07_sendSmsWhenTwilioAnswersTooLateThenRetryableWithinTimeoutAndSentOnlyOnce() {
        Duration timeout = Duration.ofSeconds(1);
        twilio.enqueue(Answer.json(201, "{\"sid\":\"SM0123\"}").after(Duration.ofMillis(2500)));
        TwilioGateway twilioGateway = gateway(twilio.baseUrl(), timeout);

        Instant start = Instant.now();
        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> twilioGateway.sendSms("+447400123456", TEXT))
                .satisfies(e -> assertThat(e.retryable()).isTrue())
                .withMessageContaining("SocketTimeoutException");
        assertThat(Duration.between(start, Instant.now())).isLessThan(timeout.plusSeconds(2));

        twilio.awaitQuiet(Duration.ofSeconds(4));
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void oob07_sendSmsWhenTwilioUnreachableThenRetryable() {
        String closedPort;
        try (StubHttpServer gone = StubHttpServer.start()) {
            closedPort = gone.baseUrl();
        }

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway(closedPort, Duration.ofSeconds(5)).sendSms("+447400123456", TEXT))
                .satisfies(e -> assertThat(e.retryable()).isTrue())
                .withMessageContaining("Could not reach Twilio");
    }

    @Test
    void oob07_sendSmsWhenConnectionDropsBeforeAnswerThenRetryableAndSentOnlyOnce() {
        twilio.otherwise(Answer.dropConnection());

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway().sendSms("+447400123456", TEXT))
                .satisfies(e -> assertThat(e.retryable()).isTrue());
        twilio.awaitQuiet(Duration.ofSeconds(2));
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void sendSmsWhenAcceptedButAnswerUnreadableThenTreatedAsSent() {
        twilio.enqueue(Answer.text(201, "application/json", "<html>not json</html>"));

        assertThatNoException().isThrownBy(() -> gateway().sendSms("+447400123456", TEXT));
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void baseUrlWithPathThenPathKeptBeforeTwiliosPath() {
        twilio.enqueue(Answer.json(201, "{\"sid\":\"SM0123\"}"));

        gateway(twilio.baseUrl() + "/twilio/", Duration.ofSeconds(5)).sendSms("+447400123456", TEXT);

        assertThat(twilio.requests().get(0).path()).isEqualTo("/twilio/2010-04-01/Accounts/" + SID + "/Messages.json");
    }

    private static void assertNothingQuotedInChain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("493817").doesNotContain("7400123456");
        }
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, List<String>> form(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] nameValue = pair.split("=", 2);
            form.computeIfAbsent(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8), name -> new ArrayList<>())
                    .add(URLDecoder.decode(nameValue.length > 1 ? nameValue[1] : "", StandardCharsets.UTF_8));
        }
        return form;
    }
}
