package dev.portcullis.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.portcullis.messaging.MessagingProperties.Notify;
import dev.portcullis.messaging.MessagingProperties.Provider;
import dev.portcullis.messaging.MessagingProperties.Twilio;

class MessagingPropertiesTests {

    static final String NOTIFY_KEY = "portcullis_test-" + UUID.randomUUID() + "-" + UUID.randomUUID();

    static final String TEMPLATE = UUID.randomUUID().toString();

    @Test
    void whenNothingSetThenOutboxTenSecondsAndLocalFromAddress() {
        MessagingProperties properties = new MessagingProperties(null, null, null, null, null);

        assertThat(properties.provider()).isEqualTo(Provider.OUTBOX);
        assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.emailFrom()).isEqualTo("Portcullis <no-reply@localhost>");
        assertThat(properties.govNotify().baseUrl()).isEqualTo("https://api.notifications.service.gov.uk");
        assertThat(properties.twilio().baseUrl()).isNull();
    }

    @Test
    void whenNotifyWithoutApiKeyThenTheMissingPropertyIsNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MessagingProperties(Provider.NOTIFY, new Notify(null, null, TEMPLATE, TEMPLATE),
                        null, null, null))
                .withMessage("portcullis.messaging.notify.api-key is required when portcullis.messaging.provider is notify");
    }

    @Test
    void whenNotifyWithoutSmsTemplateThenTheMissingPropertyIsNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MessagingProperties(Provider.NOTIFY, new Notify(NOTIFY_KEY, null, " ", TEMPLATE),
                        null, null, null))
                .withMessageContaining("portcullis.messaging.notify.sms-template-id is required");
    }

    @Test
    void whenNotifyWithoutEmailTemplateThenTheMissingPropertyIsNamed() {
        // SMTP is off when Notify is the provider, so without this template no email could be sent
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MessagingProperties(Provider.NOTIFY, new Notify(NOTIFY_KEY, null, TEMPLATE, null),
                        null, null, null))
                .withMessageContaining("portcullis.messaging.notify.email-template-id is required");
    }

    @Test
    void whenNotifyKeyMalformedThenRefusedWithoutEchoingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MessagingProperties(Provider.NOTIFY,
                        new Notify("not-a-real-key-sekrit", null, TEMPLATE, TEMPLATE), null, null, null))
                .withMessageContaining("portcullis.messaging.notify.api-key is not a GOV.UK Notify API key")
                .withMessageNotContaining("sekrit");
    }

    @Test
    void whenTwilioWithoutEachRequiredSettingThenThatPropertyIsNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MessagingProperties(Provider.TWILIO, null, new Twilio(null, "token", "+447400123456", null),
                        null, null))
                .withMessage("portcullis.messaging.twilio.account-sid is required when portcullis.messaging.provider is twilio");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MessagingProperties(Provider.TWILIO, null, new Twilio("AC1", "", "+447400123456", null),
                        null, null))
                .withMessageContaining("portcullis.messaging.twilio.auth-token is required");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MessagingProperties(Provider.TWILIO, null, new Twilio("AC1", "token", null, null),
                        null, null))
                .withMessageContaining("portcullis.messaging.twilio.from-number is required");
    }

    @Test
    void whenOutboxThenProviderSettingsAreNotRequired() {
        MessagingProperties properties = new MessagingProperties(Provider.OUTBOX, new Notify(null, null, null, null),
                new Twilio(null, null, null, null), null, null);

        assertThat(properties.provider()).isEqualTo(Provider.OUTBOX);
    }

    @Test
    void whenTimeoutZeroOrHugeThenRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MessagingProperties(null, null, null, Duration.ZERO, null))
                .withMessageContaining("portcullis.messaging.timeout");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MessagingProperties(null, null, null, Duration.ofHours(1), null))
                .withMessageContaining("portcullis.messaging.timeout");
    }

    @Test
    void whenBaseUrlNotHttpThenRefusedAndTrailingSlashDropped() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Twilio(null, null, null, "ftp://example.org"))
                .withMessageContaining("portcullis.messaging.twilio.base-url");
        assertThat(new Notify(null, "http://127.0.0.1:8089/", null, null).baseUrl()).isEqualTo("http://127.0.0.1:8089");
    }

    @Test
    void toStringRedactsSecrets() {
        MessagingProperties properties = new MessagingProperties(Provider.OUTBOX,
                new Notify(NOTIFY_KEY, null, TEMPLATE, TEMPLATE), new Twilio("AC1", "twilio-token-value", "+447400123456", null),
                null, null);

        assertThat(properties.toString()).doesNotContain(NOTIFY_KEY).doesNotContain("twilio-token-value").contains("(redacted)");
    }
}
