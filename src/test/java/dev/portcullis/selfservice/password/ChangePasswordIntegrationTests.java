package dev.portcullis.selfservice.password;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.selfservice.TestKeyFactor;
import dev.portcullis.signin.PasswordStepAuthenticationProvider;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Change Password over real HTTP: the current password checked through sign-in's counter,
 * the new one through the policy, other sessions ended (SES-03), the person emailed, and a
 * recent second factor required when the account has MFA (MFA-05).
 */
// The queue is read, not sent: the sender would empty a body once the email had gone.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "portcullis.notification.sending=false")
@ExtendWith(OutputCaptureExtension.class)
class ChangePasswordIntegrationTests {

    private static final String NEW_PASSWORD = "marble otter lighthouse";

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }

        @Bean
        TestKeyFactor testKeyFactor() {
            return new TestKeyFactor();
        }

        @Bean
        TestKeyController testKeyController(SignInCompletion completion) {
            return new TestKeyController(completion);
        }
    }

    /** Proving the test key: visiting its challenge page is enough. */
    @Controller
    static class TestKeyController {

        private final SignInCompletion completion;

        TestKeyController(SignInCompletion completion) {
            this.completion = completion;
        }

        @GetMapping(TestKeyFactor.CHALLENGE_PATH)
        String prove(HttpServletRequest request, HttpServletResponse response) {
            return "redirect:" + completion.factorProven(request, response, TestKeyFactor.TYPE);
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private TestKeyFactor testKey;

    @Autowired
    private MutableClock clock;

    @Autowired
    private JdbcClient jdbc;

    private String email;

    private String password;

    private Account account;

    @BeforeEach
    void account() {
        clock.reset();
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        email = "pat." + unique + "@riverside.example";
        password = "tide-lantern-" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        long organisationId = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        account = accounts.create(new NewAccount(email, "Pat Changer", organisationId, Role.USER, password.toCharArray()),
                "test", null);
    }

    private HttpUser signedIn() {
        HttpUser user = new HttpUser(port);
        Response signedIn = user.signIn(email, password);
        assertThat(signedIn.location()).isEqualTo("/");
        return user;
    }

    private Response change(HttpUser user, String current, String next, String confirm) {
        Response form = user.get("/account/password");
        assertThat(form.status()).isEqualTo(200);
        return user.post("/account/password", Map.of("currentPassword", current, "newPassword", next, "confirmPassword", confirm));
    }

    private String storedHash() {
        return jdbc.sql("SELECT hash FROM account_password WHERE account_id = :id").param("id", account.id())
                .query(String.class).single();
    }

    private int passwordFailures() {
        return jdbc.sql("SELECT failures FROM attempt_counter WHERE scope = 'password' AND subject = :s")
                .param("s", PasswordStepAuthenticationProvider.accountKey(email)).query(Integer.class).optional().orElse(0);
    }

    private long audits(String type) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = :type AND subject_account_id = :id")
                .param("type", type).param("id", account.id()).query(Long.class).single();
    }

    @Test
    void ses03_changeWhenRightThenChangedOtherSessionsEndedAndThisOneKept() {
        HttpUser here = signedIn();
        HttpUser elsewhere = signedIn();
        assertThat(elsewhere.get("/account").status()).isEqualTo(200);

        Response posted = change(here, password, NEW_PASSWORD, NEW_PASSWORD);

        assertThat(posted.status()).isEqualTo(302);
        assertThat(posted.location()).isEqualTo("/account/password/changed");
        Response done = here.follow(posted);
        assertThat(done.body()).contains("Your password has been changed").contains("You have been signed out on your other devices");
        assertThat(here.get("/account").status()).isEqualTo(200);
        Response other = elsewhere.get("/account");
        assertThat(other.status()).isEqualTo(302);
        assertThat(other.location()).isEqualTo("/signin");
        assertThat(new HttpUser(port).signIn(email, password).location()).startsWith("/signin");
        assertThat(new HttpUser(port).signIn(email, NEW_PASSWORD).location()).isEqualTo("/");
        assertThat(audits("account.password.changed")).isEqualTo(1);
    }

    @Test
    void mon01_changeWhenChangedThenEmailQueuedWithoutThePassword() {
        HttpUser user = signedIn();

        change(user, password, NEW_PASSWORD, NEW_PASSWORD);

        var email = jdbc.sql("SELECT recipient, subject, text_body, html_body FROM notification_queue WHERE account_id = :id AND template = 'password-changed'")
                .param("id", account.id()).query().singleRow();
        assertThat(email.get("recipient")).isEqualTo(this.email);
        assertThat((String) email.get("subject")).contains("your password was changed");
        assertThat((String) email.get("text_body")).contains("Hello Pat Changer").contains("was changed")
                .contains("If this wasn't you, contact your local administrator").doesNotContain(NEW_PASSWORD);
        assertThat((String) email.get("html_body")).doesNotContain(NEW_PASSWORD);
    }

    @Test
    void changeWhenCurrentPasswordWrongThenRefusedCountedAndAudited(CapturedOutput output) {
        HttpUser user = signedIn();
        String before = storedHash();

        Response refused = change(user, "not-my-password", NEW_PASSWORD, NEW_PASSWORD);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Your current password is not correct").contains("href=\"#currentPassword\"");
        assertThat(storedHash()).isEqualTo(before);
        assertThat(passwordFailures()).isEqualTo(1);
        assertThat(audits("account.password.change.refused")).isEqualTo(1);
        assertThat(output.getAll()).doesNotContain("not-my-password").doesNotContain(NEW_PASSWORD);
    }

    @Test
    void rl03_changeWhenWrongTooOftenThenPausedHereAndAtSignIn() {
        HttpUser user = signedIn();
        for (int i = 0; i < 4; i++) {
            assertThat(change(user, "wrong-" + i, NEW_PASSWORD, NEW_PASSWORD).body()).contains("Your current password is not correct");
        }

        Response fifth = change(user, "wrong-5", NEW_PASSWORD, NEW_PASSWORD);
        assertThat(fifth.body()).contains("You have entered a wrong password too many times. Try again in 1 minute");

        // Paused: the right password is not even checked.
        Response right = change(user, password, NEW_PASSWORD, NEW_PASSWORD);
        assertThat(right.status()).isEqualTo(400);
        assertThat(right.body()).contains("Try again in 1 minute");
        // One counter with sign-in's password step.
        HttpUser signingIn = new HttpUser(port);
        assertThat(signingIn.follow(signingIn.signIn(email, password)).signInProblem()).get().asString().contains("paused");

        clock.advance(Duration.ofMinutes(2));
        assertThat(change(user, password, NEW_PASSWORD, NEW_PASSWORD).location()).isEqualTo("/account/password/changed");
    }

    @Test
    void pwd01_changeWhenNewPasswordGuessableThenReasonShownAndNothingChanged() {
        HttpUser user = signedIn();
        String before = storedHash();

        Response common = change(user, password, "Password1!", "Password1!");
        assertThat(common.status()).isEqualTo(400);
        assertThat(common.body()).contains("This is too similar to a very common password").contains("href=\"#newPassword\"");

        Response personal = change(user, password, "PatChanger2024", "PatChanger2024");
        assertThat(personal.body()).contains("Do not include your name or email address in your password");

        Response tooShort = change(user, password, "Zq9#kLm", "Zq9#kLm");
        assertThat(tooShort.body()).contains("Password must be 8 characters or more");

        assertThat(storedHash()).isEqualTo(before);
        assertThat(passwordFailures()).isZero();
    }

    @Test
    void changeWhenConfirmationDiffersOrSameAsCurrentThenRefused() {
        HttpUser user = signedIn();

        assertThat(change(user, password, NEW_PASSWORD, NEW_PASSWORD + "!").body()).contains("The passwords do not match");
        assertThat(change(user, password, password, password).body())
                .contains("Your new password must be different from your current password");
        assertThat(change(user, "", "", "").body()).contains("Enter your current password");
        assertThat(change(user, password, "", "").body()).contains("Enter a new password").contains("Enter your new password again");
    }

    @Test
    void pwd02_changeWhenCurrentPasswordHugeThenRefusedWithoutHashing() {
        HttpUser user = signedIn();
        String before = storedHash();
        String huge = "x".repeat(60_000);

        Response refused = change(user, huge, NEW_PASSWORD, NEW_PASSWORD);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Your current password is not correct").doesNotContain(huge);
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE type = 'account.password.change.refused' AND subject_account_id = :id")
                .param("id", account.id()).query(String.class).single()).isEqualTo("reason=oversized current password");
        assertThat(storedHash()).isEqualTo(before);
    }

    @Test
    void pwd02_changeWhenMegabyteFormThenRefusedWithoutServerError() {
        HttpUser user = signedIn();
        String before = storedHash();
        String megabyte = "y".repeat(1024 * 1024);

        Response refused = change(user, password, megabyte, megabyte);

        assertThat(refused.status()).isBetween(400, 499);
        assertThat(storedHash()).isEqualTo(before);
        assertThat(user.get("/account").status()).isEqualTo(200);
    }

    @Test
    void mfa04_changeWhenNoCsrfTokenThenRefused() {
        HttpUser user = signedIn();
        String before = storedHash();

        Response refused = user.postRaw("/account/password",
                Map.of("currentPassword", password, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(storedHash()).isEqualTo(before);
    }

    @Test
    void mfa05_changeWhenMfaOnAndFactorNotRecentThenStepUpFirst() {
        testKey.enrol(account.id());
        HttpUser user = new HttpUser(port);
        Response afterPassword = user.signIn(email, password);
        assertThat(afterPassword.location()).isEqualTo("/signin/factor");
        Response challenge = user.follow(afterPassword);
        assertThat(challenge.location()).isEqualTo(TestKeyFactor.CHALLENGE_PATH);
        assertThat(user.follow(challenge).location()).isEqualTo("/");
        assertThat(user.get("/account/password").status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(6));
        String before = storedHash();
        Response form = user.get("/account/password");
        assertThat(form.status()).isEqualTo(302);
        assertThat(form.location()).isEqualTo("/signin/factor?stepup");
        Response posted = user.post("/account/password",
                Map.of("currentPassword", password, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(posted.location()).isEqualTo("/signin/factor?stepup");
        assertThat(storedHash()).isEqualTo(before);

        Response stepUp = user.follow(posted);
        Response back = user.follow(stepUp);
        assertThat(back.location()).isEqualTo("/account/password");
        assertThat(change(user, password, NEW_PASSWORD, NEW_PASSWORD).location()).isEqualTo("/account/password/changed");
    }
}
