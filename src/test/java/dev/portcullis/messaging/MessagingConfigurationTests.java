package dev.portcullis.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import dev.portcullis.messaging.notify.NotifyGateway;
import dev.portcullis.messaging.smtp.SmtpEmailGateway;
import dev.portcullis.messaging.twilio.TwilioGateway;

class MessagingConfigurationTests {

    static final String NOTIFY_KEY = "portcullis_test-" + UUID.randomUUID() + "-" + UUID.randomUUID();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
            .withUserConfiguration(MessagingConfiguration.class);

    private static final String[] NOTIFY = {
            "portcullis.messaging.provider=notify",
            "portcullis.messaging.notify.api-key=" + NOTIFY_KEY,
            "portcullis.messaging.notify.base-url=http://127.0.0.1:9",
            "portcullis.messaging.notify.sms-template-id=" + UUID.randomUUID(),
            "portcullis.messaging.notify.email-template-id=" + UUID.randomUUID() };

    private static final String[] TWILIO = {
            "portcullis.messaging.provider=twilio",
            "portcullis.messaging.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
            "portcullis.messaging.twilio.auth-token=token",
            "portcullis.messaging.twilio.from-number=+447400900111",
            "portcullis.messaging.twilio.base-url=http://127.0.0.1:9" };

    @Test
    void whenNothingConfiguredThenOutboxCapabilitiesAndNoProviderGateways() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MessagingCapabilities.class)).isEqualTo(new MessagingCapabilities(true, true, true));
            assertThat(context.getBean(MessagingProperties.class).provider()).isEqualTo(MessagingProperties.Provider.OUTBOX);
            // the outbox module provides these for the outbox provider
            assertThat(context).doesNotHaveBean(SmsGateway.class).doesNotHaveBean(VoiceGateway.class)
                    .doesNotHaveBean(EmailGateway.class);
        });
    }

    @Test
    void whenNotifyThenNotifySendsTextAndEmailAndThereIsNoVoice() {
        runner.withPropertyValues(NOTIFY).withPropertyValues("spring.mail.host=127.0.0.1").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(NotifyGateway.class);
            assertThat(context.getBean(SmsGateway.class)).isSameAs(context.getBean(NotifyGateway.class));
            assertThat(context.getBean(EmailGateway.class)).isSameAs(context.getBean(NotifyGateway.class));
            assertThat(context).doesNotHaveBean(VoiceGateway.class).doesNotHaveBean(SmtpEmailGateway.class);
            assertThat(context.getBean(MessagingCapabilities.class)).isEqualTo(new MessagingCapabilities(true, false, true));
        });
    }

    @Test
    void whenProviderSpelledInCapitalsThenStillNotify() {
        runner.withPropertyValues(NOTIFY).withPropertyValues("portcullis.messaging.provider=NOTIFY")
                .run(context -> assertThat(context).hasSingleBean(NotifyGateway.class));
    }

    @Test
    void whenTwilioAndSmtpHostThenTwilioSendsTextAndCallsAndSmtpSendsEmail() {
        runner.withPropertyValues(TWILIO).withPropertyValues("spring.mail.host=127.0.0.1").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SmsGateway.class)).isSameAs(context.getBean(TwilioGateway.class));
            assertThat(context.getBean(VoiceGateway.class)).isSameAs(context.getBean(TwilioGateway.class));
            assertThat(context.getBean(EmailGateway.class)).isInstanceOf(SmtpEmailGateway.class);
            assertThat(context.getBean(MessagingCapabilities.class)).isEqualTo(new MessagingCapabilities(true, true, true));
        });
    }

    @Test
    void whenTwilioWithoutSmtpHostThenNoEmailGatewayHereForTheOutboxToFill() {
        runner.withPropertyValues(TWILIO).run(context -> {
            assertThat(context).hasSingleBean(TwilioGateway.class);
            assertThat(context).doesNotHaveBean(EmailGateway.class);
        });
    }

    @Test
    void whenOutboxAndSmtpHostThenOnlyTheSmtpEmailGateway() {
        runner.withPropertyValues("spring.mail.host=127.0.0.1").run(context -> {
            assertThat(context).hasSingleBean(SmtpEmailGateway.class);
            assertThat(context).doesNotHaveBean(SmsGateway.class).doesNotHaveBean(VoiceGateway.class);
        });
    }

    @Test
    void whenSmtpHostEmptyAsFromAnUnsetEnvironmentVariableThenNoSmtpEmailGateway() {
        runner.withPropertyValues("spring.mail.host=").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SmtpEmailGateway.class);
        });
    }

    @Test
    void whenNotifyWithoutApiKeyThenStartUpFailsNamingTheProperty() {
        runner.withPropertyValues(NOTIFY).withPropertyValues("portcullis.messaging.notify.api-key=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .isEqualTo("portcullis.messaging.notify.api-key is required when portcullis.messaging.provider is notify");
        });
    }

    @Test
    void whenTwilioWithoutAuthTokenThenStartUpFailsNamingThePropertyAndNotTheSid() {
        runner.withPropertyValues(TWILIO).withPropertyValues("portcullis.messaging.twilio.auth-token=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .isEqualTo("portcullis.messaging.twilio.auth-token is required when portcullis.messaging.provider is twilio");
        });
    }

    @Test
    void whenProviderUnknownThenStartUpFails() {
        runner.withPropertyValues("portcullis.messaging.provider=carrier-pigeon")
                .run(context -> assertThat(context).hasFailed());
    }
}
