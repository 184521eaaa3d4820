package dev.portcullis.messaging;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.util.StringUtils;

import dev.portcullis.messaging.notify.NotifyGateway;
import dev.portcullis.messaging.smtp.SmtpEmailGateway;
import dev.portcullis.messaging.twilio.TwilioGateway;

/**
 * The gateways of the configured provider. The outbox provider (the default) lives in
 * {@code messaging.outbox} with its table; it also stores email when there is no SMTP server.
 *
 * <pre>
 * provider   text message   phone call   email
 * outbox     outbox         outbox       SMTP if spring.mail.host is set, else outbox
 * notify     Notify         (none)       Notify
 * twilio     Twilio         Twilio       SMTP if spring.mail.host is set, else outbox
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MessagingProperties.class)
class MessagingConfiguration {

    private static final String PREFIX = "portcullis.messaging";

    @Bean
    MessagingCapabilities messagingCapabilities(MessagingProperties properties) {
        return MessagingCapabilities.of(properties.provider());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = PREFIX, name = "provider", havingValue = "notify")
    static class Notify {

        @Bean
        NotifyGateway notifyGateway(MessagingProperties properties) {
            return new NotifyGateway(properties);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = PREFIX, name = "provider", havingValue = "twilio")
    static class Twilio {

        @Bean
        TwilioGateway twilioGateway(MessagingProperties properties) {
            return new TwilioGateway(properties);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(SmtpConfigured.class)
    static class Smtp {

        @Bean
        SmtpEmailGateway smtpEmailGateway(JavaMailSender mailSender, MessagingProperties properties) {
            return new SmtpEmailGateway(mailSender, properties);
        }
    }

    /**
     * {@code spring.mail.host} is set and not blank (an unset environment variable behind
     * {@code ${...:}} leaves it empty, which {@code @ConditionalOnProperty} would count as set),
     * and Notify, which sends its own email, is not the provider.
     */
    static class SmtpConfigured extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            if (!StringUtils.hasText(context.getEnvironment().getProperty("spring.mail.host"))) {
                return ConditionOutcome.noMatch("spring.mail.host is not set");
            }
            if ("notify".equalsIgnoreCase(context.getEnvironment().getProperty(PREFIX + ".provider", "").strip())) {
                return ConditionOutcome.noMatch("GOV.UK Notify sends email");
            }
            return ConditionOutcome.match("spring.mail.host is set and the provider is not notify");
        }
    }
}
