package dev.portcullis.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which authentication classes a request accepts, and which one a token asserts (OIDC-07). */
class AuthorizationRequestPolicyTests {

    private static AuthenticationStrengths.Strength achieved(Acr acr) {
        return new AuthenticationStrengths.Strength(List.of("pwd"), Optional.ofNullable(acr), Instant.EPOCH, true);
    }

    @Test
    void requestedValuesKeepTheClientsOrderAndIgnoreUnknownOnes() {
        assertThat(AuthorizationRequestPolicy.acceptable("urn:portcullis:acr:phr urn:other mfa", null))
                .containsExactly(Acr.PHR, Acr.MFA);
    }

    @Test
    void mfa03_valuesBelowTheApplicationsMinimumAreNotAcceptable() {
        assertThat(AuthorizationRequestPolicy.acceptable("urn:portcullis:acr:mfa", Acr.PHR)).containsExactly(Acr.PHR);
        assertThat(AuthorizationRequestPolicy.acceptable("", Acr.MFA)).containsExactly(Acr.MFA);
        assertThat(AuthorizationRequestPolicy.acceptable("", null)).isEmpty();
    }

    @Test
    void mfa03_assertsTheFirstAcceptableClassSatisfiedOtherwiseTheStrongestAchieved() {
        assertThat(AuthorizationRequestPolicy.asserted(achieved(Acr.PHR), "urn:portcullis:acr:mfa", null)).contains(Acr.MFA);
        assertThat(AuthorizationRequestPolicy.asserted(achieved(Acr.PHR), "", null)).contains(Acr.PHR);
        assertThat(AuthorizationRequestPolicy.asserted(achieved(Acr.MFA), "urn:portcullis:acr:phr", null)).contains(Acr.MFA);
        assertThat(AuthorizationRequestPolicy.asserted(achieved(null), "", null)).isEmpty();
    }

    @Test
    void mfa03_aStrongerClassSatisfiesAWeakerOne() {
        assertThat(achieved(Acr.PHR).satisfies(Acr.MFA)).isTrue();
        assertThat(achieved(Acr.MFA).satisfies(Acr.PHR)).isFalse();
        assertThat(achieved(null).satisfies(Acr.MFA)).isFalse();
        assertThat(achieved(null).satisfies(null)).isTrue();
    }
}
