package dev.portcullis.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.Role;
import dev.portcullis.mfa.policy.MfaPolicyService;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADM-02: every administrator action needs the administrator's own second factor proven in the
 * last five minutes. Within the window the action goes through; after it, the action is not done
 * and the administrator is asked for the factor again, then brought back; an administrator with
 * no method at all is sent to set one up first. Looking needs no step-up.
 */
class AdminStepUpIntegrationTests extends AdminConsoleTestBase {

    @Autowired
    private MfaPolicyService policies;

    @Autowired
    private dev.portcullis.mfa.policy.RememberDevicePolicy remember;

    private static final Duration PAST_THE_WINDOW = Duration.ofMinutes(5).plusSeconds(30);

    @Test
    void adm02_accountActionsNeedASecondFactorFromTheLastFiveMinutes() {
        long org = organisation("Step Trust");
        Account admin = person(org, Role.LOCAL_ADMIN, "Stella Admin");
        String key = enrolApp(admin);
        Account target = person(org, Role.USER, "Tom Target");
        HttpUser console = signedInWithApp(admin, key);
        String action = "/admin/accounts/" + target.id() + "/actions/disable";

        clock.advance(Duration.ofMinutes(4));
        assertThat(console.get(action).status()).as("within five minutes").isEqualTo(200);

        clock.advance(Duration.ofMinutes(2));
        assertThat(console.get("/admin/accounts/" + target.id()).status()).as("looking needs no step-up").isEqualTo(200);
        HttpUser.Response asked = console.get(action);
        assertThat(asked.location()).isEqualTo("/signin/factor?stepup");
        HttpUser.Response refused = console.post(action, Map.of());
        assertThat(refused.location()).isEqualTo("/signin/factor?stepup");
        assertThat(reload(target).status()).as("nothing done without the step-up").isEqualTo(AccountStatus.ACTIVE);

        HttpUser.Response back = stepUp(console, key);
        assertThat(back.location()).isEqualTo(action);
        assertThat(auditTypesFor(admin)).contains("signin.stepup.succeeded");
        assertThat(console.get(action).status()).isEqualTo(200);
        assertThat(console.post(action, Map.of()).location()).isEqualTo("/admin/accounts/" + target.id());
        assertThat(reload(target).status()).isEqualTo(AccountStatus.DISABLED);

        // And after that proof's window, the next action asks again.
        clock.advance(PAST_THE_WINDOW);
        console.get("/admin/accounts/" + target.id());
        assertThat(console.post("/admin/accounts/" + target.id() + "/actions/enable", Map.of()).location())
                .isEqualTo("/signin/factor?stepup");
        assertThat(reload(target).status()).isEqualTo(AccountStatus.DISABLED);
    }

    @Test
    void adm02_policyCreationImportAndClaimsNeedItToo() {
        long org = organisation("Gate Trust");
        Account admin = person(org, Role.LOCAL_ADMIN, "Gil Admin");
        String key = enrolApp(admin);
        HttpUser console = signedInWithApp(admin, key);
        clock.advance(PAST_THE_WINDOW);

        assertThat(console.get("/admin/policy").status()).as("looking needs no step-up").isEqualTo(200);
        assertThat(console.post("/admin/policy", mandatoryPolicy()).location()).isEqualTo("/signin/factor?stepup");
        assertThat(policies.organisation(org)).as("policy unchanged").isEmpty();

        String email = "gated." + unique() + "@example.nhs.uk";
        assertThat(console.get("/admin/accounts/new").location()).isEqualTo("/signin/factor?stepup");
        console.get("/admin");
        assertThat(console.post("/admin/accounts/new", Map.of("email", email, "displayName", "Gay Ted", "role", "user"))
                .location()).isEqualTo("/signin/factor?stepup");
        assertThat(accounts.findByEmail(email)).isEmpty();

        assertThat(console.get("/admin/accounts/import").location()).isEqualTo("/signin/factor?stepup");
        console.get("/admin");
        HttpUser.Response upload = console.postFile("/admin/accounts/import", "file", "a.csv", csv(email, org));
        assertThat(upload.location()).isEqualTo("/signin/factor?stepup");
        assertThat(accounts.findByEmail(email)).isEmpty();

        // Proven again: back where it was asked for, and each of them works.
        assertThat(stepUp(console, key).location()).isEqualTo("/admin/accounts/import");
        console.get("/admin/policy");
        assertThat(console.post("/admin/policy", mandatoryPolicy()).location()).isEqualTo("/admin/policy");
        assertThat(policies.organisation(org)).isPresent();
        // "Remember this device" on the same page: off until chosen, 1 to 30 days, bad input changes nothing.
        assertThat(remember.organisationDays(org)).isZero();
        Map<String, String> tooLong = mandatoryPolicy();
        tooLong.put("rememberDays", "45");
        console.get("/admin/policy");
        HttpUser.Response refused = console.post("/admin/policy", tooLong);
        assertThat(refused.body()).contains("Enter a number of days from 0 to 30");
        assertThat(remember.organisationDays(org)).isZero();
        Map<String, String> twoWeeks = mandatoryPolicy();
        twoWeeks.put("rememberDays", "14");
        assertThat(console.post("/admin/policy", twoWeeks).location()).isEqualTo("/admin/policy");
        assertThat(remember.organisationDays(org)).isEqualTo(14);
        console.get("/admin/accounts/import");
        assertThat(console.postFile("/admin/accounts/import", "file", "a.csv", csv(email, org)).body())
                .contains("1 account created");
        assertThat(accounts.findByEmail(email)).isPresent();
    }

    @Test
    void adm02_anAdministratorWithoutAMethodIsSentToSetOneUp() {
        long org = organisation("Bare Trust");
        Account admin = person(org, Role.LOCAL_ADMIN, "Bart Admin");
        Account target = person(org, Role.USER, "Tess Target");
        HttpUser console = signedIn(admin);

        assertThat(console.get("/admin/accounts/" + target.id()).status()).isEqualTo(200);
        assertThat(console.get("/admin/accounts/" + target.id() + "/actions/disable").location())
                .isEqualTo("/account/security/enroll?required");
        console.get("/admin");
        assertThat(console.post("/admin/accounts/" + target.id() + "/actions/disable", Map.of()).location())
                .isEqualTo("/account/security/enroll?required");
        console.get("/admin");
        assertThat(console.post("/admin/policy", mandatoryPolicy()).location()).isEqualTo("/account/security/enroll?required");
        assertThat(reload(target).status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(policies.organisation(org)).isEmpty();

        // A global administrator without a method changes no application with a password alone either.
        Account global = person(org, Role.GLOBAL_ADMIN, "Gus Bare");
        HttpUser globalConsole = signedIn(global);
        assertThat(globalConsole.get("/admin/applications").status()).as("looking").isEqualTo(200);
        assertThat(globalConsole.get("/admin/applications/new").location()).isEqualTo("/account/security/enroll?required");
        assertThat(globalConsole.post("/admin/applications", Map.of("name", "Bare", "redirectUris", "https://bare.example/cb",
                "type", "confidential", "minimumAcr", "mfa")).location()).isEqualTo("/account/security/enroll?required");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_registered_client WHERE client_name = 'Bare'").query(Long.class).single())
                .isZero();
    }

    private static Map<String, String> mandatoryPolicy() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("mode", "mandatory");
        form.put("day", "1");
        form.put("month", "6");
        form.put("year", "2031");
        form.put("maxPostponements", "2");
        form.put("factors", "totp");
        return form;
    }

    private byte[] csv(String email, long org) {
        return ("email,display_name,organisation_code,role\r\n" + email + ",Gay Ted," + organisationCode(org) + ",user\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
