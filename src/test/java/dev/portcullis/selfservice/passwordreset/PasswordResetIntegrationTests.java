package dev.portcullis.selfservice.passwordreset;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.AccountAdministration;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Forgotten your password?" over real HTTP, each visitor with its own cookies: the same answer
 * for every address (ENUM-01), a single-use expiring link (REC-01), the second factor before a
 * new password and no sign-in after it (REC-02), the configured host in the link (REC-03), every
 * session ended (SES-03). The application's clock is moved by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // The queue is read, not sent: the sender would empty a body once the email had gone.
        properties = {"portcullis.base-url=https://portal.example.nhs.uk", "portcullis.notification.sending=false"})
class PasswordResetIntegrationTests {

    private static final String PASSWORD = "a-long-password";
    private static final String NEW_PASSWORD = "violet-harbour-lantern-42";
    private static final String ENROLL = "/account/security/factors/totp/enroll";
    private static final String CHALLENGE = "/signin/factor/totp";
    private static final Pattern LINK = Pattern.compile("(\\S*)/signin/reset/link/([A-Za-z0-9_-]+)");

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private MutableClock clock;

    @Autowired
    private AccountService accounts;

    @Autowired
    private AccountAdministration administration;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private PasswordResets resets;

    @Autowired
    private JdbcClient jdbc;

    @BeforeEach
    void middleOfAStep() {
        clock.reset();
        clock.set(TotpCodes.nextStepStart(clock.instant()).plusSeconds(15));
    }

    record Enrolled(long accountId, String email, String key) {
    }

    @Test
    void enum01_knownAndUnknownAddressesGetTheSameAnswer() {
        Enrolled account = enrolledAccount();
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";

        ResetVisitor.Page known = request(new ResetVisitor(port), account.email());
        ResetVisitor.Page missing = request(new ResetVisitor(port), unknown);

        assertThat(known.status()).isEqualTo(302);
        assertThat(missing.status()).isEqualTo(302);
        assertThat(known.redirect()).isEqualTo("/signin/reset/sent");
        assertThat(missing.redirect()).isEqualTo("/signin/reset/sent");
        ResetVisitor visitor = new ResetVisitor(port);
        String knownPage = withoutCsrf(visitor.get(known.redirect()).body());
        String missingPage = withoutCsrf(new ResetVisitor(port).get(missing.redirect()).body());
        assertThat(knownPage).isEqualTo(missingPage).contains("Check your email");
        assertThat(queued(account.accountId(), "reset-link")).hasSize(1);
    }

    @Test
    void rec01_linkWorksOnlyOnce() {
        Enrolled account = enrolledAccount();
        ResetVisitor first = new ResetVisitor(port);
        request(first, account.email());
        String path = linkPath(account);

        assertThat(first.get(path).body()).contains("Continue");
        ResetVisitor.Page used = first.post(path, Map.of());
        assertThat(used.redirect()).isEqualTo("/signin/reset/verify");

        ResetVisitor second = new ResetVisitor(port);
        second.get("/signin/reset");
        ResetVisitor.Page again = second.post(path, Map.of());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("This link cannot be used");
        assertThat(new ResetVisitor(port).get(path).body()).contains("This link cannot be used");
    }

    @Test
    void rec01_linkRefusedAfterExpiry() {
        Enrolled account = enrolledAccount();
        ResetVisitor visitor = new ResetVisitor(port);
        request(visitor, account.email());
        String path = linkPath(account);

        clock.advance(Duration.ofMinutes(31));

        assertThat(visitor.get(path).body()).contains("This link cannot be used");
        ResetVisitor.Page post = visitor.post(path, Map.of());
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.body()).contains("This link cannot be used");
        assertThat(visitor.get("/").status()).isEqualTo(302);
    }

    @Test
    void rec02_secondFactorBeforeNewPasswordAndNoSignInAfterIt_ses03_otherSessionsEnded() {
        Enrolled account = enrolledAccount();
        clock.advance(Duration.ofMinutes(2));
        ResetVisitor other = fullySignedIn(account, PASSWORD);
        assertThat(other.get("/account/profile").status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(2));
        ResetVisitor visitor = new ResetVisitor(port);
        request(visitor, account.email());
        String path = linkPath(account);
        visitor.get(path);
        assertThat(visitor.post(path, Map.of()).redirect()).isEqualTo("/signin/reset/verify");

        for (String blocked : List.of("/", "/account/profile", "/signin/reset/password")) {
            ResetVisitor.Page page = visitor.get(blocked);
            assertThat(page.status()).as(blocked).isEqualTo(302);
            assertThat(page.redirect()).as(blocked).isNotEqualTo(blocked);
        }
        ResetVisitor.Page verify = visitor.get("/signin/reset/verify");
        assertThat(verify.status()).isEqualTo(200);
        assertThat(verify.body()).contains(CHALLENGE);
        ResetVisitor.Page blockedPost = visitor.post("/signin/reset/password",
                Map.of("password", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(blockedPost.status()).isEqualTo(302);
        assertThat(blockedPost.redirect()).isNotEqualTo("/signin?reset");

        visitor.get(CHALLENGE);
        ResetVisitor.Page proven = visitor.post(CHALLENGE, Map.of("code", TotpCodes.current(account.key(), clock)));
        assertThat(proven.redirect()).isEqualTo("/signin/reset/password");
        assertThat(visitor.get("/signin/reset/password").status()).isEqualTo(200);
        assertThat(visitor.get("/account/profile").status()).as("a reset session is not a sign-in").isEqualTo(302);

        visitor.get("/signin/reset/password");
        ResetVisitor.Page done = visitor.post("/signin/reset/password",
                Map.of("password", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(done.redirect()).isEqualTo("/signin?reset");

        ResetVisitor.Page after = visitor.get("/account/profile");
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.redirect()).startsWith("/signin");
        ResetVisitor.Page otherAfter = other.get("/account/profile");
        assertThat(otherAfter.status()).as("ses03: the other session has ended").isEqualTo(302);
        assertThat(otherAfter.redirect()).startsWith("/signin");

        ResetVisitor oldPassword = new ResetVisitor(port);
        assertThat(oldPassword.signIn(account.email(), PASSWORD).redirect()).isNotEqualTo("/signin/factor");
        clock.advance(Duration.ofMinutes(2));
        ResetVisitor newPassword = fullySignedIn(account, NEW_PASSWORD);
        assertThat(newPassword.get("/account/profile").status()).isEqualTo(200);
    }

    @Test
    void rec03_linkUsesTheConfiguredBaseUrlWhateverTheHostHeader() {
        Enrolled account = enrolledAccount();
        ResetVisitor visitor = new ResetVisitor(port);
        visitor.get("/signin/reset");

        ResetVisitor.Page page = visitor.postWithHost("/signin/reset", Map.of("email", account.email()), "evil.example.com");

        assertThat(page.status()).isEqualTo(302);
        List<String> bodies = queued(account.accountId(), "reset-link");
        assertThat(bodies).hasSize(1);
        Matcher m = LINK.matcher(bodies.get(0));
        assertThat(m.find()).isTrue();
        assertThat(m.group(0)).startsWith("https://portal.example.nhs.uk/signin/reset/link/");
        assertThat(bodies.get(0)).doesNotContain("evil.example.com");
    }

    @Test
    void pwd01_weakNewPasswordRefusedAndNothingChanged() {
        Enrolled account = enrolledAccount();
        clock.advance(Duration.ofMinutes(2));
        ResetVisitor visitor = verifiedResetSession(account);
        String hashBefore = passwordHash(account.accountId());

        ResetVisitor.Page weak = visitor.post("/signin/reset/password",
                Map.of("password", "password1", "confirmPassword", "password1"));

        assertThat(weak.status()).isEqualTo(200);
        assertThat(weak.body()).contains("nhsuk-error-summary").contains("Choose a new password");
        assertThat(passwordHash(account.accountId())).isEqualTo(hashBefore);
        clock.advance(Duration.ofMinutes(2));
        assertThat(fullySignedIn(account, PASSWORD).get("/account/profile").status()).isEqualTo(200);
    }

    @Test
    void lockedAccountBecomesActiveAfterReset() {
        Enrolled account = enrolledAccount();
        administration.setStatus(account.accountId(), AccountStatus.LOCKED, account.accountId(), "test");
        clock.advance(Duration.ofMinutes(2));
        ResetVisitor visitor = verifiedResetSession(account);

        ResetVisitor.Page done = visitor.post("/signin/reset/password",
                Map.of("password", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));

        assertThat(done.redirect()).isEqualTo("/signin?reset");
        assertThat(accounts.findById(account.accountId()).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
    }

    @Test
    void rec02_accountWithoutMfaAskingItselfGetsNoLink() {
        String email = newAccount();
        long accountId = accounts.findByEmail(email).orElseThrow().id();

        assertThat(request(new ResetVisitor(port), email).redirect()).isEqualTo("/signin/reset/sent");

        assertThat(queued(accountId, "reset-link")).isEmpty();
        List<String> unavailable = queued(accountId, "reset-unavailable");
        assertThat(unavailable).hasSize(1);
        assertThat(unavailable.get(0)).doesNotContain("/signin/reset/link/");
    }

    @Test
    void adm02_administratorsLinkForAccountWithoutMfaGoesStraightToChoosingAPassword() {
        String email = newAccount();
        long accountId = accounts.findByEmail(email).orElseThrow().id();
        resets.sendByAdministrator(accountId, accountId);
        String path = linkPath(accountId);
        ResetVisitor visitor = new ResetVisitor(port);
        visitor.get(path);

        ResetVisitor.Page used = visitor.post(path, Map.of());

        assertThat(used.redirect()).isEqualTo("/signin/reset/password");
        assertThat(visitor.get("/signin/reset/password").status()).isEqualTo(200);
        ResetVisitor.Page done = visitor.post("/signin/reset/password",
                Map.of("password", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(done.redirect()).isEqualTo("/signin?reset");
        assertThat(new ResetVisitor(port).signIn(email, NEW_PASSWORD).status()).isEqualTo(302);
    }

    // --- helpers ---

    private ResetVisitor.Page request(ResetVisitor visitor, String email) {
        visitor.get("/signin/reset");
        return visitor.post("/signin/reset", Map.of("email", email));
    }

    /** A reset session in which the TOTP code has been proven, on the new-password page. */
    private ResetVisitor verifiedResetSession(Enrolled account) {
        ResetVisitor visitor = new ResetVisitor(port);
        request(visitor, account.email());
        String path = linkPath(account);
        visitor.get(path);
        assertThat(visitor.post(path, Map.of()).redirect()).isEqualTo("/signin/reset/verify");
        visitor.get(CHALLENGE);
        assertThat(visitor.post(CHALLENGE, Map.of("code", TotpCodes.current(account.key(), clock))).redirect())
                .isEqualTo("/signin/reset/password");
        assertThat(visitor.get("/signin/reset/password").status()).isEqualTo(200);
        return visitor;
    }

    private ResetVisitor fullySignedIn(Enrolled account, String password) {
        ResetVisitor visitor = new ResetVisitor(port);
        assertThat(visitor.signIn(account.email(), password).redirect()).isEqualTo("/signin/factor");
        assertThat(visitor.get("/signin/factor").redirect()).isEqualTo(CHALLENGE);
        visitor.get(CHALLENGE);
        ResetVisitor.Page page = visitor.post(CHALLENGE, Map.of("code", TotpCodes.current(account.key(), clock)));
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        return visitor;
    }

    private String linkPath(Enrolled account) {
        return linkPath(account.accountId());
    }

    private String linkPath(long accountId) {
        List<String> bodies = queued(accountId, "reset-link");
        assertThat(bodies).isNotEmpty();
        Matcher m = LINK.matcher(bodies.get(0));
        assertThat(m.find()).as(bodies.get(0)).isTrue();
        return "/signin/reset/link/" + m.group(2);
    }

    /** Text bodies of the account's queued emails with that template, newest first. */
    private List<String> queued(long accountId, String template) {
        return jdbc.sql("SELECT text_body FROM notification_queue WHERE account_id = :id AND template = :t ORDER BY id DESC")
                .param("id", accountId).param("t", template).query(String.class).list();
    }

    private String passwordHash(long accountId) {
        return jdbc.sql("SELECT hash FROM account_password WHERE account_id = :id").param("id", accountId)
                .query(String.class).single();
    }

    private static String withoutCsrf(String body) {
        return body.replaceAll("value=\"[^\"]*\"", "value=\"\"").replaceAll("content=\"[^\"]*\"", "content=\"\"")
                .replaceAll("nonce=\"[^\"]*\"", "nonce=\"\"");
    }

    private String newAccount() {
        long organisationId = organisations.findOrCreate("RST1", "Reset Trust").id();
        String email = "nurse-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accounts.create(new NewAccount(email, "Test Nurse", organisationId, Role.USER, PASSWORD.toCharArray()), "test", null);
        return email;
    }

    private Enrolled enrolledAccount() {
        String email = newAccount();
        ResetVisitor visitor = new ResetVisitor(port);
        assertThat(visitor.signIn(email, PASSWORD).redirect()).isEqualTo("/");
        String key = visitor.get(ENROLL).secret();
        ResetVisitor.Page done = visitor.post(ENROLL, Map.of("code", TotpCodes.current(key, clock)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        long accountId = accounts.findByEmail(email).orElseThrow().id();
        return new Enrolled(accountId, email, key);
    }
}
