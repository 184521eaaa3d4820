package dev.portcullis.mfa.sms;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import dev.portcullis.messaging.MessagingCapabilities;
import dev.portcullis.messaging.SmsGateway;
import dev.portcullis.mfa.FactorType;
import dev.portcullis.mfa.onetimecode.OneTimeCodeProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** How the text message factor describes itself, and when it offers itself. */
class SmsFactorTests {

    private static final SmsGateway NOWHERE = (to, text) -> { };

    private static SmsFactor factor(boolean enabled, boolean providerTexts, SmsGateway gateway) {
        StaticListableBeanFactory beans = gateway == null ? new StaticListableBeanFactory()
                : new StaticListableBeanFactory(Map.of("sms", gateway));
        ObjectProvider<SmsGateway> provider = beans.getBeanProvider(SmsGateway.class);
        return new SmsFactor(null, new SmsProperties(enabled), new MessagingCapabilities(providerTexts, false, true),
                provider, null, null, OneTimeCodeProperties.defaults());
    }

    @Test
    void describesItselfInTheFactsheetsWords() {
        FactorType type = factor(true, true, NOWHERE).type();

        assertThat(type.id()).isEqualTo("sms");
        assertThat(type.amr()).as("RFC 8176").isEqualTo("sms");
        assertThat(type.name()).isEqualTo("Text message");
        assertThat(type.description()).isEqualTo("We send a 6-digit code to your mobile phone by text message.");
        assertThat(type.phishingResistant()).isFalse();
        assertThat(type.allowsSeveral()).isFalse();
        assertThat(type.order()).isEqualTo(20);
        assertThat(type.authority()).isEqualTo("FACTOR_SMS");
    }

    @Test
    void pathsAreUnderEnrolmentAndTheFactorStep() {
        SmsFactor factor = factor(true, true, NOWHERE);

        assertThat(factor.enrollPath()).isEqualTo("/account/security/factors/sms/enroll");
        assertThat(factor.challengePath("7")).isEqualTo("/signin/factor/sms");
    }

    @Test
    void availableOnlyWhenSwitchedOnAndAGatewayCanText() {
        assertThat(factor(true, true, NOWHERE).available()).isTrue();
        assertThat(factor(false, true, NOWHERE).available()).as("portcullis.mfa.sms.enabled=false").isFalse();
        assertThat(factor(true, false, NOWHERE).available()).isFalse();
        assertThat(factor(true, true, null).available()).as("no gateway bean").isFalse();
        assertThat(new SmsProperties(null).enabled()).as("on by default").isTrue();
    }

    @Test
    void removeWhenTheIdIsNotANumberThenNothingHappens() {
        assertThat(factor(true, true, NOWHERE).remove(1, "not-a-number")).isFalse();
    }
}
