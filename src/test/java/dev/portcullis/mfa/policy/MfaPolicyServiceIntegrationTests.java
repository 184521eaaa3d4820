package dev.portcullis.mfa.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.policy.MfaPolicyService.PolicyOutsideGlobalException;
import dev.portcullis.testsupport.MutableClock;

@SpringBootTest
class MfaPolicyServiceIntegrationTests {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @Autowired MfaPolicyService policies;
    @Autowired AccountService accounts;
    @Autowired OrganisationService organisations;
    @Autowired MutableClock clock;

    private Account account(long organisationId, Role role) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return accounts.create(new NewAccount("p" + id + "@example.nhs.uk", "Person " + id, organisationId, role,
                "a-long-password".toCharArray()), "test", null);
    }

    private LocalDate today() {
        return LocalDate.now(Clock.fixed(clock.instant(), ZoneOffset.UTC).withZone(MfaPolicyService.ZONE));
    }

    @Test
    void mfa03_policyRulesFromNudgeToEnrol() {
        clock.reset();
        long org = organisations.findOrCreate("POL" + UUID.randomUUID().toString().substring(0, 4), "Policy Trust").id();
        Account admin = account(org, Role.GLOBAL_ADMIN);
        Account person = account(org, Role.USER);

        // Optional global policy: nothing asked, self-service disable allowed.
        policies.setGlobalPolicy(new MfaPolicy(false, null, 2, Set.of()), admin.id());
        assertThat(policies.requirement(person.id(), org, Role.USER).kind()).isEqualTo(SignInRequirement.Kind.NONE);
        assertThat(policies.selfServiceDisableAllowed(org, Role.USER)).isTrue();

        // Mandatory in 10 days, 2 postponements.
        LocalDate date = today().plusDays(10);
        policies.setGlobalPolicy(new MfaPolicy(true, date, 2, Set.of()), admin.id());
        assertThat(policies.selfServiceDisableAllowed(org, Role.USER)).isFalse();
        SignInRequirement first = policies.requirement(person.id(), org, Role.USER);
        assertThat(first.kind()).isEqualTo(SignInRequirement.Kind.NUDGE);
        assertThat(first.postponementsLeft()).isEqualTo(2);
        assertThat(policies.postpone(person.id(), org, Role.USER)).isTrue();
        assertThat(policies.requirement(person.id(), org, Role.USER).postponementsLeft()).isEqualTo(1);
        assertThat(policies.postpone(person.id(), org, Role.USER)).isTrue();
        assertThat(policies.requirement(person.id(), org, Role.USER).kind()).isEqualTo(SignInRequirement.Kind.ENROL);
        assertThat(policies.postpone(person.id(), org, Role.USER)).isFalse();

        // Someone else, once the date has come: enrol straight away.
        Account other = account(org, Role.USER);
        assertThat(policies.requirement(other.id(), org, Role.USER).kind()).isEqualTo(SignInRequirement.Kind.NUDGE);
        clock.advance(java.time.Duration.ofDays(11));
        assertThat(policies.requirement(other.id(), org, Role.USER).kind()).isEqualTo(SignInRequirement.Kind.ENROL);
        clock.reset();

        // Administrators: never text message or voice call.
        EffectivePolicy forAdmin = policies.effective(org, Role.LOCAL_ADMIN);
        assertThat(forAdmin.allowedFactors()).doesNotContain("sms", "voice").contains("totp");
        assertThat(policies.effective(org, Role.USER).allowedFactors()).contains("totp");

        // A local policy less strict than the global one is refused.
        assertThatThrownBy(() -> policies.setOrganisationPolicy(org, new MfaPolicy(true, date.plusDays(1), 2, Set.of()), admin.id()))
                .isInstanceOf(PolicyOutsideGlobalException.class);
        assertThatThrownBy(() -> policies.setOrganisationPolicy(org, new MfaPolicy(false, null, 2, Set.of()), admin.id()))
                .isInstanceOf(PolicyOutsideGlobalException.class);
        assertThatThrownBy(() -> policies.setOrganisationPolicy(org, new MfaPolicy(true, date, 5, Set.of()), admin.id()))
                .isInstanceOf(PolicyOutsideGlobalException.class);
        policies.setOrganisationPolicy(org, new MfaPolicy(true, date.minusDays(1), 1, Set.of()), admin.id());
        assertThat(policies.effective(org, Role.USER).mandatoryFrom()).isEqualTo(date.minusDays(1));
    }
}
