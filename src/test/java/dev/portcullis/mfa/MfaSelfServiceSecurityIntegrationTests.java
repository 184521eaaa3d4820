package dev.portcullis.mfa;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.portcullis.account.Account;
import dev.portcullis.account.Role;
import dev.portcullis.admin.AdminConsoleTestBase;
import dev.portcullis.mfa.policy.MfaPolicy;
import dev.portcullis.mfa.policy.MfaPolicyService;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MFA self-service pages under attack: someone holding only the password cannot set up a
 * method of their own (MFA-02), a forged form cannot remove a method or turn MFA off (MFA-04),
 * and a session whose second factor is older than five minutes proves it again first (MFA-05).
 */
class MfaSelfServiceSecurityIntegrationTests extends AdminConsoleTestBase {

    private static final List<String> ENROLMENT_PAGES = List.of("/account/security/enroll",
            "/account/security/enroll?required", "/account/security/factors/totp/enroll",
            "/account/security/factors/sms/enroll", "/account/security/factors/voice/enroll",
            "/account/security/factors/webauthn/enroll", "/account/security/factors/recovery/enroll");

    @Autowired
    private MfaPolicyService policies;

    @Test
    void mfa02_passwordAloneNeverReachesEnrolmentWhenTheAccountHasAnApp() {
        long org = organisation("Mandatory Trust");
        Account person = person(org, Role.USER, "Pat Person");
        enrolApp(person);
        mandatorySinceYesterday(org, Set.of(), person);

        assertPasswordAloneOnlyReachesTheFactorStep(person);
        assertThat(totpRows(person)).as("no second app, not even a pending one").isEqualTo(1L);
    }

    @Test
    void mfa02_passwordAloneNeverReachesEnrolmentWhenTheOnlyMethodIsATextMessageThePolicyNoLongerAllows() {
        long org = organisation("Mandatory Trust");
        Account person = person(org, Role.USER, "Tex Message");
        jdbc.sql("INSERT INTO mfa_sms (account_id, phone_e164, created_at) VALUES (:id, '+447700900123', :now)")
                .param("id", person.id()).param("now", Timestamp.from(clock.instant())).update();
        mandatorySinceYesterday(org, Set.of("totp", "webauthn"), person);
        assertThat(mfa.enabled(person.id())).isTrue();

        assertPasswordAloneOnlyReachesTheFactorStep(person);
        assertThat(totpRows(person)).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_webauthn_credential WHERE account_id = :id").param("id", person.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void mfa04_removeAndDisableWithoutTheCsrfTokenAreRefusedAndNothingIsRemoved() {
        long org = organisation("Optional Trust");
        Account person = person(org, Role.USER, "Pat Person");
        String key = enrolApp(person);
        HttpUser user = signedInWithApp(person, key);
        String remove = removePath(person);

        assertThat(user.postRaw(remove, Map.of()).status()).isEqualTo(403);
        assertThat(user.postRaw(remove, Map.of("_csrf", "forged-token")).status()).isEqualTo(403);
        assertThat(user.postRaw("/account/security/disable", Map.of("acceptTerms", "yes")).status()).isEqualTo(403);
        assertThat(user.postRaw("/account/security/disable", Map.of("acceptTerms", "yes", "_csrf", "forged-token")).status())
                .isEqualTo(403);

        assertThat(mfa.enabled(person.id())).isTrue();
        assertThat(totpRows(person)).isEqualTo(1L);
        assertThat(audit.recentFor(person.id(), 50)).filteredOn(e -> e.type().equals("access.refused"))
                .extracting(e -> e.detail())
                .contains("method=POST path=" + remove + " reason=csrf", "method=POST path=/account/security/disable reason=csrf");

        // The same form with the page's own token does what it says: the token is the only difference.
        user.get(remove);
        HttpUser.Response removed = user.post(remove, Map.of());
        assertThat(removed.location()).isEqualTo("/account/self-service");
        assertThat(mfa.enabled(person.id())).isFalse();
    }

    @Test
    void mfa05_removeAndDisableWithASecondFactorOlderThanFiveMinutesAskForItAgainFirst() {
        long org = organisation("Optional Trust");
        Account person = person(org, Role.USER, "Pat Person");
        String key = enrolApp(person);
        HttpUser user = signedInWithApp(person, key);
        String remove = removePath(person);
        user.get("/account/self-service");

        clock.advance(Duration.ofMinutes(5).plusSeconds(5));

        assertThat(user.get(remove).location()).isEqualTo("/signin/factor?stepup");
        user.get("/account/self-service");
        assertThat(user.post(remove, Map.of()).location()).isEqualTo("/signin/factor?stepup");
        user.get("/account/self-service");
        assertThat(user.post("/account/security/disable", Map.of("acceptTerms", "yes")).location())
                .isEqualTo("/signin/factor?stepup");
        assertThat(user.get("/account/security/disable").location()).isEqualTo("/signin/factor?stepup");
        assertThat(mfa.enabled(person.id())).isTrue();
        assertThat(totpRows(person)).isEqualTo(1L);
        assertThat(auditTypesFor(person)).doesNotContain("mfa.factor.removed", "mfa.disabled");

        // Proving the app again brings the person back to what they asked for, and then it works.
        HttpUser.Response proven = stepUp(user, key);
        assertThat(proven.location()).isEqualTo("/account/security/disable");
        assertThat(user.get("/account/security/disable").status()).isEqualTo(200);
        HttpUser.Response disabled = user.post("/account/security/disable", Map.of("acceptTerms", "yes"));
        assertThat(disabled.location()).isEqualTo("/account/self-service");
        assertThat(mfa.enabled(person.id())).isFalse();
    }

    private void assertPasswordAloneOnlyReachesTheFactorStep(Account person) {
        long mfaEventsBefore = auditTypesFor(person).stream().filter(t -> t.startsWith("mfa.")).count();
        HttpUser half = new HttpUser(port);
        assertThat(half.signIn(person.email(), PASSWORD).location()).isEqualTo("/signin/factor");
        half.follow(half.get("/signin/factor"));
        for (String page : ENROLMENT_PAGES) {
            HttpUser.Response response = half.get(page);
            assertThat(response.status()).as(page).isEqualTo(302);
            assertThat(response.location()).as(page).isEqualTo("/signin/factor");
            String form = page.contains("?") ? page.substring(0, page.indexOf('?')) : page;
            HttpUser.Response posted = half.post(form, Map.of("code", "123456", "phone", "07700900456", "label", "Mine"));
            assertThat(posted.status()).as("POST " + form).isEqualTo(302);
            assertThat(posted.location()).as("POST " + form).isEqualTo("/signin/factor");
        }
        assertThat(half.get("/account/self-service").location()).isEqualTo("/signin/factor");
        assertThat(auditTypesFor(person).stream().filter(t -> t.startsWith("mfa.")).count())
                .as("nothing was enrolled, sent or changed").isEqualTo(mfaEventsBefore);
    }

    /** The organisation's policy: mandatory since yesterday, with these methods (empty: all). */
    private void mandatorySinceYesterday(long org, Set<String> allowed, Account actor) {
        LocalDate yesterday = LocalDate.now(clock.withZone(MfaPolicyService.ZONE)).minusDays(1);
        policies.setOrganisationPolicy(org, new MfaPolicy(true, yesterday, 0, allowed), actor.id());
    }

    private String removePath(Account person) {
        EnrolledFactor app = mfa.usable(person.id()).stream().filter(m -> m.type().equals("totp")).findFirst().orElseThrow();
        return "/account/security/factors/totp/" + app.instanceId() + "/remove";
    }

    private long totpRows(Account person) {
        return jdbc.sql("SELECT COUNT(*) FROM mfa_totp WHERE account_id = :id").param("id", person.id())
                .query(Long.class).single();
    }
}
