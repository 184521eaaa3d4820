package dev.portcullis.mfa.voice;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import dev.portcullis.messaging.MessagingCapabilities;
import dev.portcullis.messaging.VoiceGateway;
import dev.portcullis.mfa.FactorType;
import dev.portcullis.mfa.onetimecode.OneTimeCodeProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** How the phone call factor describes itself, and that it switches itself off without a provider that calls. */
class VoiceFactorTests {

    private static final VoiceGateway NOWHERE = (to, text) -> { };

    private static VoiceFactor factor(boolean enabled, boolean providerCalls, VoiceGateway gateway) {
        StaticListableBeanFactory beans = gateway == null ? new StaticListableBeanFactory()
                : new StaticListableBeanFactory(Map.of("voice", gateway));
        ObjectProvider<VoiceGateway> provider = beans.getBeanProvider(VoiceGateway.class);
        return new VoiceFactor(null, new VoiceProperties(enabled), new MessagingCapabilities(true, providerCalls, true),
                provider, null, null, OneTimeCodeProperties.defaults());
    }

    @Test
    void describesItselfInTheFactsheetsWords() {
        FactorType type = factor(true, true, NOWHERE).type();

        assertThat(type.id()).isEqualTo("voice");
        assertThat(type.amr()).as("RFC 8176").isEqualTo("tel");
        assertThat(type.name()).isEqualTo("Phone call");
        assertThat(type.description()).isEqualTo("We call your phone and read out a 6-digit code.");
        assertThat(type.phishingResistant()).isFalse();
        assertThat(type.allowsSeveral()).isFalse();
        assertThat(type.order()).isEqualTo(30);
    }

    @Test
    void pathsAreUnderEnrolmentAndTheFactorStep() {
        VoiceFactor factor = factor(true, true, NOWHERE);

        assertThat(factor.enrollPath()).isEqualTo("/account/security/factors/voice/enroll");
        assertThat(factor.challengePath(null)).isEqualTo("/signin/factor/voice");
    }

    @Test
    void availableOnlyWhenTheProviderCanCall() {
        assertThat(factor(true, true, NOWHERE).available()).isTrue();
        assertThat(factor(true, false, NOWHERE).available()).as("GOV.UK Notify cannot call").isFalse();
        assertThat(factor(false, true, NOWHERE).available()).as("portcullis.mfa.voice.enabled=false").isFalse();
        assertThat(factor(true, true, null).available()).as("no voice gateway bean").isFalse();
    }

    @Test
    void landlinesAreAcceptedForCalls() {
        assertThat(factor(true, true, NOWHERE).channel().numberCheck().apply("020 7946 0123").e164()).isEqualTo("+442079460123");
    }
}
