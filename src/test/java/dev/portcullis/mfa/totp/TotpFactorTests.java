package dev.portcullis.mfa.totp;

import org.junit.jupiter.api.Test;

import dev.portcullis.mfa.FactorType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the authenticator app describes itself, and its switch and issuer settings. */
class TotpFactorTests {

    private final TotpFactor factor = new TotpFactor(null, new TotpProperties(true, null));

    @Test
    void typeDescribesTheAuthenticatorApp() {
        FactorType type = factor.type();

        assertThat(type.id()).isEqualTo("totp");
        assertThat(type.amr()).as("RFC 8176").isEqualTo("otp");
        assertThat(type.name()).isEqualTo("Authenticator app");
        assertThat(type.description()).contains("Microsoft Authenticator").contains("6-digit code");
        assertThat(type.recommended()).isTrue();
        assertThat(type.phishingResistant()).isFalse();
        assertThat(type.allowsSeveral()).isFalse();
        assertThat(type.renamable()).isFalse();
        assertThat(type.order()).isEqualTo(10);
        assertThat(type.authority()).isEqualTo("FACTOR_TOTP");
    }

    @Test
    void pathsAreUnderEnrolmentAndTheFactorStep() {
        assertThat(factor.enrollPath()).isEqualTo("/account/security/factors/totp/enroll");
        assertThat(factor.challengePath("42")).isEqualTo("/signin/factor/totp");
        assertThat(factor.challengePath(null)).isEqualTo("/signin/factor/totp");
        assertThat(factor.selfEnrollable()).isTrue();
    }

    @Test
    void availableFollowsTheProperty() {
        assertThat(factor.available()).isTrue();
        assertThat(new TotpFactor(null, new TotpProperties(false, null)).available()).isFalse();
    }

    @Test
    void removeWhenInstanceIdIsNotARowIdThenFalseWithoutTouchingStorage() {
        assertThat(factor.remove(1, null)).isFalse();
        assertThat(factor.remove(1, "")).isFalse();
        assertThat(factor.remove(1, "1 OR 1=1")).isFalse();
        assertThat(factor.remove(1, "9".repeat(40))).isFalse();
    }

    @Test
    void renameIsNotOffered() {
        assertThat(factor.rename(1, "1", "My phone")).isFalse();
    }

    @Test
    void issuerDefaultsToTheServiceName() {
        assertThat(new TotpProperties(true, null).issuerOr("Portcullis")).isEqualTo("Portcullis");
        assertThat(new TotpProperties(true, "  ").issuerOr("Portcullis")).isEqualTo("Portcullis");
        assertThat(new TotpProperties(true, "NHSmail").issuerOr("Portcullis")).isEqualTo("NHSmail");
        assertThat(new TotpProperties(true, null).issuerOr("A: B")).as("a colon would split the label").isEqualTo("A  B");
    }

    @Test
    void issuerWithAColonIsRefusedAtStart() {
        assertThatThrownBy(() -> new TotpProperties(true, "NHS:mail")).isInstanceOf(IllegalArgumentException.class);
    }
}
