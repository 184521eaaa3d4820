package dev.portcullis.messaging.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.portcullis.PortcullisApplication;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development outbox shows every text, call and email it holds, codes included; it must
 * exist only when it is the message gateway. With GOV.UK Notify or Twilio sending for real,
 * {@code /dev/outbox} and {@code /dev/outbox.json} answer 404 and never a message, even when
 * email still lands in the outbox table (Twilio without SMTP).
 */
class OutboxExposureIntegrationTests {

    private static final String[] NOTIFY = {
            "--portcullis.messaging.provider=notify",
            "--portcullis.messaging.notify.api-key=portcullis_test-" + UUID.randomUUID() + "-" + UUID.randomUUID(),
            "--portcullis.messaging.notify.base-url=http://127.0.0.1:9",
            "--portcullis.messaging.notify.sms-template-id=" + UUID.randomUUID(),
            "--portcullis.messaging.notify.email-template-id=" + UUID.randomUUID()};

    private static final String[] TWILIO = {
            "--portcullis.messaging.provider=twilio",
            "--portcullis.messaging.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
            "--portcullis.messaging.twilio.auth-token=token",
            "--portcullis.messaging.twilio.from-number=+447400900111",
            "--portcullis.messaging.twilio.base-url=http://127.0.0.1:9"};

    @ParameterizedTest
    @ValueSource(strings = {"notify", "twilio"})
    void inp01_outboxPagesAnswer404WithARealProvider(String provider) {
        try (var app = start("notify".equals(provider) ? NOTIFY : TWILIO)) {
            String secret = storeAMessage(app);
            HttpUser browser = new HttpUser(port(app));
            HttpUser script = new HttpUser(port(app)).withHeader("Accept", "application/json");

            for (Response answer : List.of(browser.get("/dev/outbox"), browser.get("/dev/outbox.json"),
                    script.get("/dev/outbox.json"), script.get("/dev/outbox"))) {
                assertThat(answer.status()).as(provider).isEqualTo(404);
                assertThat(answer.body()).doesNotContain(secret).doesNotContain("07700900");
            }
        }
    }

    @Test
    void outboxPagesShowMessagesOnlyWhenTheOutboxIsTheProvider() {
        try (var app = start()) {
            String secret = storeAMessage(app);
            HttpUser script = new HttpUser(port(app)).withHeader("Accept", "application/json");

            Response json = script.get("/dev/outbox.json");

            assertThat(json.status()).isEqualTo(200);
            assertThat(json.body()).contains(secret);
        }
    }

    private static String storeAMessage(ConfigurableApplicationContext app) {
        String secret = "Your security code is " + (100000 + (int) (Math.random() * 899999)) + " " + UUID.randomUUID();
        app.getBean(Outbox.class).store("sms", "+447700900123", null, secret, null);
        return secret;
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        String database = "t_outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<String> args = new ArrayList<>(List.of("--portcullis.test.database-name=" + database, "--server.port=0"));
        args.addAll(List.of(arguments));
        return new SpringApplicationBuilder(PortcullisApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext app) {
        return app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}
