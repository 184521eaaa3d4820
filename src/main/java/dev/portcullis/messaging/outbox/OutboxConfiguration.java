package dev.portcullis.messaging.outbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The outbox as the message gateway: the default provider, and the email fallback without SMTP. Its pages: {@link OutboxController}. */
@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "portcullis.messaging", name = "provider", havingValue = "outbox", matchIfMissing = true)
    OutboxGateways outboxGateways(Outbox outbox) {
        return new OutboxGateways(outbox);
    }

    @Bean
    @ConditionalOnExpression("!'${portcullis.messaging.provider:outbox}'.equalsIgnoreCase('notify') and '${spring.mail.host:}'.isBlank()")
    OutboxGateways.Email outboxEmailGateway(Outbox outbox) {
        return new OutboxGateways.Email(outbox);
    }
}
