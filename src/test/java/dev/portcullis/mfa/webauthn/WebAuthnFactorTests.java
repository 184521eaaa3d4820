package dev.portcullis.mfa.webauthn;

import org.junit.jupiter.api.Test;

import dev.portcullis.mfa.FactorType;

import static org.assertj.core.api.Assertions.assertThat;

/** How the FIDO2 token method describes itself to the registry, sign-in and Self-Service. */
class WebAuthnFactorTests {

    private final WebAuthnFactor factor = new WebAuthnFactor(null, new WebAuthnProperties(true));

    @Test
    void describesItselfAsAPhishingResistantHardwareKey() {
        FactorType type = factor.type();

        assertThat(type.id()).isEqualTo("webauthn");
        assertThat(type.amr()).isEqualTo("hwk");
        assertThat(type.name()).isEqualTo("FIDO2 token (security key)");
        assertThat(type.description())
                .isEqualTo("Use a security key or passkey: plug it in or tap it when asked. The most secure choice.");
        assertThat(type.phishingResistant()).isTrue();
        assertThat(type.allowsSeveral()).isTrue();
        assertThat(type.recommended()).isFalse();
        assertThat(type.renamable()).isTrue();
        assertThat(type.order()).isEqualTo(40);
        assertThat(type.authority()).isEqualTo("FACTOR_WEBAUTHN");
    }

    @Test
    void pagesLiveWhereTheSecurityRulesExpectThem() {
        assertThat(factor.enrollPath()).isEqualTo("/account/security/factors/webauthn/enroll");
        assertThat(factor.challengePath("12")).isEqualTo("/signin/factor/webauthn");
        assertThat(factor.challengePath(null)).isEqualTo("/signin/factor/webauthn");
        assertThat(factor.selfEnrollable()).isTrue();
    }

    @Test
    void switchedByItsProperty() {
        assertThat(factor.available()).isTrue();
        assertThat(new WebAuthnFactor(null, new WebAuthnProperties(false)).available()).isFalse();
    }

    @Test
    void instanceIdsThatAreNotRowIdsChangeNothing() {
        // the store is never reached: these would fail with a null store if it were
        assertThat(factor.remove(1, null)).isFalse();
        assertThat(factor.remove(1, "abc")).isFalse();
        assertThat(factor.remove(1, "1; DROP TABLE")).isFalse();
        assertThat(factor.rename(1, "9".repeat(19), "Name")).isFalse();
        assertThat(factor.rename(1, "-1", "Name")).isFalse();
    }
}
