package dev.portcullis.messaging.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import uk.gov.service.notify.NotificationClient;
import tools.jackson.databind.ObjectMapper;

import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.messaging.MessagingProperties;
import dev.portcullis.messaging.MessagingProperties.Provider;
import dev.portcullis.messaging.StubHttpServer;
import dev.portcullis.messaging.StubHttpServer.Answer;
import dev.portcullis.messaging.StubHttpServer.RecordedRequest;

/**
 * The real GOV.UK Notify client against a stub of Notify's API.
 */
class NotifyGatewayTests {

    static final String SERVICE_ID = UUID.randomUUID().toString();

    static final String SECRET = UUID.randomUUID().toString();

    static final String API_KEY = "portcullis_test-" + SERVICE_ID + "-" + SECRET;

    static final String SMS_TEMPLATE = UUID.randomUUID().toString();

    static final String EMAIL_TEMPLATE = UUID.randomUUID().toString();

    static final String TEXT = "Your Portcullis security code is 493817";

    private static final ObjectMapper json = new ObjectMapper();

    private final StubHttpServer notify = StubHttpServer.start();

    private NotifyGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        notify.close();
    }

    static MessagingProperties properties(String baseUrl, Duration timeout) {
        return new MessagingProperties(Provider.NOTIFY,
                new MessagingProperties.Notify(API_KEY, baseUrl, SMS_TEMPLATE, EMAIL_TEMPLATE), null, timeout, null);
    }

    private NotifyGateway gateway(Duration timeout) {
        gateway = new NotifyGateway(properties(notify.baseUrl(), timeout));
        return gateway;
    }

    static String smsCreated(String reference) {
        return """
                {"id":"%s","reference":"%s","uri":"https://api.notifications.service.gov.uk/v2/notifications/x",
                 "content":{"body":"(body)","from_number":"GOVUK"},
                 "template":{"id":"%s","version":1,"uri":"https://api.notifications.service.gov.uk/v2/template/x"}}
                """.formatted(UUID.randomUUID(), reference, SMS_TEMPLATE);
    }

    static String emailCreated() {
        return """
                {"id":"%s","reference":null,"uri":"https://api.notifications.service.gov.uk/v2/notifications/x",
                 "content":{"body":"(body)","subject":"(subject)","from_email":"portcullis@notifications.service.gov.uk"},
                 "template":{"id":"%s","version":1,"uri":"https://api.notifications.service.gov.uk/v2/template/x"}}
                """.formatted(UUID.randomUUID(), EMAIL_TEMPLATE);
    }

    static String error(int status, String name, String message) {
        return "{\"errors\":[{\"error\":\"" + name + "\",\"message\":\"" + message + "\"}],\"status_code\":" + status + "}";
    }

    @Test
    void sendSmsWhenAcceptedThenPostsTemplateAndMessageSignedWithServiceKey() throws Exception {
        notify.enqueue(Answer.json(201, smsCreated("r")));

        gateway(Duration.ofSeconds(5)).sendSms("+447400123456", TEXT);

        assertThat(notify.requests()).hasSize(1);
        RecordedRequest request = notify.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v2/notifications/sms");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");

        JsonNode body = json.readTree(request.body());
        assertThat(body.get("phone_number").asString()).isEqualTo("+447400123456");
        assertThat(body.get("template_id").asString()).isEqualTo(SMS_TEMPLATE);
        assertThat(body.get("personalisation").get("message").asString()).isEqualTo(TEXT);
        assertThat(body.get("personalisation").size()).isEqualTo(1);
        assertThat(UUID.fromString(body.get("reference").asString())).isNotNull();

        assertBearerJwtSignedWithKey(request.header("Authorization"));
    }

    @Test
    void sendSmsThenReferenceComesFromTheInjectedSource() {
        UUID reference = UUID.fromString("00000000-0000-4000-8000-000000000001");
        notify.enqueue(Answer.json(201, smsCreated(reference.toString())));
        gateway = new NotifyGateway(new NotificationClient(API_KEY, notify.baseUrl()), SMS_TEMPLATE, EMAIL_TEMPLATE,
                Duration.ofSeconds(5), () -> reference);

        gateway.sendSms("+447400123456", TEXT);

        assertThat(json.readTree(notify.requests().get(0).body()).get("reference").asString()).isEqualTo(reference.toString());
    }

    @Test
    void sendSmsWhenSentTwiceThenEachSendHasItsOwnReference() {
        notify.enqueue(Answer.json(201, smsCreated("a"))).enqueue(Answer.json(201, smsCreated("b")));
        NotifyGateway notifyGateway = gateway(Duration.ofSeconds(5));

        notifyGateway.sendSms("+447400123456", TEXT);
        notifyGateway.sendSms("+447400123456", TEXT);

        assertThat(notify.requests()).extracting(r -> json.readTree(r.body()).get("reference").asString())
                .doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void sendEmailWhenAcceptedThenPostsSubjectAndTextBodyToEmailTemplate() throws Exception {
        notify.enqueue(Answer.json(201, emailCreated()));

        gateway(Duration.ofSeconds(5)).sendEmail("person@example.org", "Your security code", "Plain text body",
                "<p>Ignored by Notify</p>");

        RecordedRequest request = notify.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v2/notifications/email");
        JsonNode body = json.readTree(request.body());
        assertThat(body.get("email_address").asString()).isEqualTo("person@example.org");
        assertThat(body.get("template_id").asString()).isEqualTo(EMAIL_TEMPLATE);
        assertThat(body.get("personalisation").get("subject").asString()).isEqualTo("Your security code");
        assertThat(body.get("personalisation").get("body").asString()).isEqualTo("Plain text body");
        assertThat(request.body()).doesNotContain("Ignored by Notify");
        assertThat(UUID.fromString(body.get("reference").asString())).isNotNull();
        assertBearerJwtSignedWithKey(request.header("Authorization"));
    }

    @Test
    void sendSmsWhenNotifyAnswers400ThenPermanentOnceAndTextNotInMessage() {
        // Notify's free-text message may quote the request; ours must not
        notify.enqueue(Answer.json(400, error(400, "BadRequestError", "Bad personalisation: " + TEXT)));

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway(Duration.ofSeconds(5)).sendSms("+447400123456", TEXT))
                .satisfies(e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("400").contains("BadRequestError");
                    assertNoTextInChain(e);
                });
        notify.awaitQuiet(Duration.ofSeconds(2));
        assertThat(notify.requests()).hasSize(1);
    }

    @Test
    void sendSmsWhenKeyRefusedThenPermanent() {
        notify.enqueue(Answer.json(403, error(403, "AuthError", "Invalid token: API key not found")));

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway(Duration.ofSeconds(5)).sendSms("+447400123456", TEXT))
                .satisfies(e -> assertThat(e.retryable()).isFalse())
                .withMessageContaining("403")
                .withMessageContaining("AuthError");
    }

    @ParameterizedTest
    @ValueSource(ints = { 429, 500, 503 })
    void oob07_sendSmsWhenNotifyUnavailableThenRetryableAndSentOnlyOnce(int status) {
        notify.enqueue(Answer.json(status, error(status, status == 429 ? "RateLimitError" : "Exception", TEXT)));

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway(Duration.ofSeconds(5)).sendSms("+447400123456", TEXT))
                .satisfies(e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains(String.valueOf(status));
                    assertNoTextInChain(e);
                });
        notify.awaitQuiet(Duration.ofSeconds(2));
        assertThat(notify.requests()).hasSize(1);
    }

    @Test
    void oob07_sendSmsWhenNotifyAnswersTooLateThenRetryableWithinTimeoutAndSentOnlyOnce() {
        Duration timeout = Duration.ofSeconds(1);
        notify.enqueue(Answer.json(201, smsCreated("late")).after(Duration.ofMillis(2500)));
        NotifyGateway notifyGateway = gateway(timeout);

        Instant start = Instant.now();
        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> notifyGateway.sendSms("+447400123456", TEXT))
                .satisfies(e -> assertThat(e.retryable()).isTrue())
                .withMessageContaining("did not answer within 1000 ms");
        assertThat(Duration.between(start, Instant.now())).isLessThan(timeout.plusSeconds(2));

        notify.awaitQuiet(Duration.ofSeconds(4));
        assertThat(notify.requests()).hasSize(1);
    }

    @Test
    void oob07_sendSmsWhenNotifyUnreachableThenRetryable() {
        String closedPort;
        try (StubHttpServer gone = StubHttpServer.start()) {
            closedPort = gone.baseUrl();
        }
        gateway = new NotifyGateway(properties(closedPort, Duration.ofSeconds(5)));

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway.sendSms("+447400123456", TEXT))
                .satisfies(e -> assertThat(e.retryable()).isTrue())
                .withMessageContaining("ConnectException");
    }

    @Test
    void sendSmsWhenAcceptedButAnswerUnreadableThenTreatedAsSent() {
        // failing here would invite the caller to send the same code again
        notify.enqueue(Answer.text(201, "application/json", "<html>not json</html>"));

        assertThatNoException().isThrownBy(() -> gateway(Duration.ofSeconds(5)).sendSms("+447400123456", TEXT));
        assertThat(notify.requests()).hasSize(1);
    }

    @Test
    void oob07_sendSmsWhenAllSendThreadsStuckOnSlowNotifyThenFurtherSendsFailFast() throws Exception {
        notify.otherwise(Answer.json(201, smsCreated("slow")).after(Duration.ofSeconds(4)));
        NotifyGateway notifyGateway = gateway(Duration.ofSeconds(2));
        ExecutorService callers = Executors.newFixedThreadPool(24);
        try {
            List<Future<?>> waiting = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                waiting.add(callers.submit(() -> notifyGateway.sendSms("+447400123456", TEXT)));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (notify.requests().size() < 8 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertThat(notify.requests()).hasSize(8);

            Instant start = Instant.now();
            assertThatExceptionOfType(MessageDeliveryException.class)
                    .isThrownBy(() -> notifyGateway.sendSms("+447400123456", TEXT))
                    .satisfies(e -> assertThat(e.retryable()).isTrue())
                    .withMessageContaining("too many sends");
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(500));
            for (Future<?> call : waiting) {
                assertThat(call).failsWithin(Duration.ofSeconds(5));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void sendSmsWhenNotE164ThenRefusedBeforeAnyRequest() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> gateway(Duration.ofSeconds(5)).sendSms("07400 123456", TEXT));
        assertThat(notify.requests()).isEmpty();
    }

    private static void assertNoTextInChain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("493817");
        }
    }

    /** The client signs an HS256 JWT with the key's secret part; its issuer is the service id. */
    private static void assertBearerJwtSignedWithKey(String authorization) throws Exception {
        assertThat(authorization).startsWith("Bearer ");
        String[] jwt = authorization.substring("Bearer ".length()).split("\\.");
        assertThat(jwt).hasSize(3);
        Base64.Decoder base64 = Base64.getUrlDecoder();

        JsonNode header = json.readTree(new String(base64.decode(jwt[0]), StandardCharsets.UTF_8));
        assertThat(header.get("alg").asString()).isEqualTo("HS256");

        JsonNode payload = json.readTree(new String(base64.decode(jwt[1]), StandardCharsets.UTF_8));
        assertThat(payload.get("iss").asString()).isEqualTo(SERVICE_ID);
        assertThat(payload.get("iat").asLong()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.api.Assertions.within(60L));

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(MessageDigest.isEqual(expected, base64.decode(jwt[2]))).as("signature made with the key's secret").isTrue();
    }
}
