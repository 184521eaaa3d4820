package dev.portcullis.signin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password sign-in over real HTTP, as a browser without JavaScript does it: the form, the
 * generic messages, the pause after repeated failures, CSRF, the session cookie, the security
 * headers, sign-out and the audit trail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SignInIntegrationTests {

    private static final String INCORRECT = "The email address or password is not correct";

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
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private MutableClock clock;

    @Autowired
    private JdbcClient jdbc;

    private String email;

    private String password;

    private Account account;

    @BeforeEach
    void account() {
        this.clock.reset();
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.email = "nurse." + unique + "@riverside.example";
        this.password = "tide-lantern-" + unique;
        long organisationId = this.organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        this.account = this.accounts.create(new NewAccount(this.email, "Florence Tester", organisationId, Role.USER,
                this.password.toCharArray()), "test", null);
    }

    @Test
    void signInWhenPasswordRightThenHomeShowsName() {
        HttpUser user = new HttpUser(this.port);

        Response posted = user.signIn(this.email, this.password);

        assertThat(posted.status()).isEqualTo(302);
        assertThat(posted.location()).isEqualTo("/");
        Response home = user.follow(posted);
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("Florence Tester").contains("id=\"signed-in-as\"").contains("Sign out");
    }

    @Test
    void signInWhenEmailInOtherCaseThenSignedIn() {
        HttpUser user = new HttpUser(this.port);

        Response posted = user.signIn(this.email.toUpperCase(), this.password);

        assertThat(posted.location()).isEqualTo("/");
    }

    @Test
    void signInWhenPortalOpenedFirstThenSentToSignInAndBackHome() {
        HttpUser user = new HttpUser(this.port);

        Response portal = user.get("/account/profile");

        assertThat(portal.status()).isEqualTo(302);
        assertThat(portal.location()).isEqualTo("/signin");
        assertThat(user.follow(portal).body()).contains("<h1 class=\"nhsuk-heading-l\">Sign in</h1>");
    }

    @Test
    void enum01_signInWhenPasswordWrongThenGenericMessage() {
        HttpUser user = new HttpUser(this.port);

        Response posted = user.signIn(this.email, "not-the-password");

        assertThat(posted.status()).isEqualTo(302);
        assertThat(posted.location()).isEqualTo("/signin?error");
        Response page = user.follow(posted);
        assertThat(page.signInProblem()).contains(INCORRECT);
        assertThat(page.body()).contains("There is a problem").contains("value=\"" + this.email + "\"");
        assertThat(user.get("/").location()).as("still not signed in").isEqualTo("/signin");
    }

    @Test
    void signInWhenFieldsEmptyThenAskedForThem() {
        HttpUser user = new HttpUser(this.port);

        assertThat(user.follow(user.signIn("", "anything")).signInProblem()).contains("Enter your email address");
        assertThat(user.follow(user.signIn(this.email, "")).signInProblem()).contains("Enter your password");
    }

    @Test
    void enum01_unknownAndKnownAccountsGetSameResponse() {
        HttpUser known = new HttpUser(this.port);
        HttpUser unknown = new HttpUser(this.port);

        Response knownPost = known.signIn(this.email, "wrong-password-1");
        Response unknownPost = unknown.signIn("nobody." + UUID.randomUUID() + "@riverside.example", "wrong-password-1");

        assertThat(unknownPost.status()).isEqualTo(knownPost.status());
        assertThat(unknownPost.location()).isEqualTo(knownPost.location());
        Response knownPage = known.follow(knownPost);
        Response unknownPage = unknown.follow(unknownPost);
        assertThat(unknownPage.status()).isEqualTo(knownPage.status());
        assertThat(unknownPage.signInProblem()).isEqualTo(knownPage.signInProblem()).contains(INCORRECT);
    }

    @Test
    void enum01_unknownAccountIsPausedLikeAKnownOne() {
        String nobody = "nobody." + UUID.randomUUID() + "@riverside.example";
        HttpUser known = new HttpUser(this.port);
        HttpUser unknown = new HttpUser(this.port);
        for (int i = 0; i < 5; i++) {
            known.signIn(this.email, "wrong-password-" + i);
            unknown.signIn(nobody, "wrong-password-" + i);
        }

        String knownMessage = known.follow(known.signIn(this.email, "wrong-password-6")).signInProblem().orElseThrow();
        String unknownMessage = unknown.follow(unknown.signIn(nobody, "wrong-password-6")).signInProblem().orElseThrow();

        assertThat(unknownMessage).isEqualTo(knownMessage).contains("paused");
    }

    @Test
    void rl03_signInWhenFiveWrongPasswordsThenSixthWithRightPasswordPaused() {
        HttpUser user = new HttpUser(this.port);
        for (int i = 1; i <= 4; i++) {
            assertThat(user.follow(user.signIn(this.email, "wrong-password-" + i)).signInProblem())
                    .as("attempt %d", i).contains(INCORRECT);
        }
        assertThat(user.follow(user.signIn(this.email, "wrong-password-5")).signInProblem()).get().asString()
                .isEqualTo("Sign-in to this account is paused after too many incorrect attempts. Try again in 1 minute.");

        Response sixth = user.signIn(this.email, this.password);

        assertThat(sixth.location()).isEqualTo("/signin?error");
        assertThat(user.follow(sixth).signInProblem()).get().asString()
                .contains("this account is paused").contains("Try again in 1 minute").doesNotContain("network");
        assertThat(user.get("/").location()).isEqualTo("/signin");
        assertThat(sourceCounters()).as("the source address is counted but not paused").isNotEmpty()
                .allSatisfy(row -> {
                    assertThat(row.failures()).isBetween(5, 99);
                    assertThat(row.pausedUntil()).isZero();
                });
        assertThat(audit("signin.password.refused", this.account.id())).anyMatch(d -> d.equals("reason=account paused"));
    }

    @Test
    void rl02_signInWhenPauseOverThenRightPasswordLetsPersonIn() {
        HttpUser user = new HttpUser(this.port);
        for (int i = 1; i <= 5; i++) {
            user.signIn(this.email, "wrong-password-" + i);
        }
        assertThat(user.follow(user.signIn(this.email, this.password)).signInProblem()).get().asString().contains("paused");

        this.clock.advance(Duration.ofMinutes(1).plusSeconds(1));

        Response posted = user.signIn(this.email, this.password);
        assertThat(posted.location()).isEqualTo("/");
        assertThat(user.follow(posted).body()).contains("Florence Tester");
    }

    @Test
    void signInWhenSucceededThenFailureCountStartsAgain() {
        HttpUser user = new HttpUser(this.port);
        for (int i = 1; i <= 4; i++) {
            user.signIn(this.email, "wrong-password-" + i);
        }
        assertThat(user.signIn(this.email, this.password).location()).isEqualTo("/");

        HttpUser again = new HttpUser(this.port);
        assertThat(again.follow(again.signIn(this.email, "wrong-password-5")).signInProblem()).contains(INCORRECT);
    }

    @Test
    void mfa04_csrfWhenSignInPostedWithoutTokenThenForbiddenAndNotSignedIn() {
        HttpUser user = new HttpUser(this.port);
        user.get("/signin");

        Response posted = user.postRaw("/signin", Map.of("email", this.email, "password", this.password));

        assertThat(posted.status()).isEqualTo(403);
        assertThat(user.get("/").location()).isEqualTo("/signin");
        assertThat(audit("signin.password.succeeded", this.account.id())).isEmpty();
    }

    @Test
    void mfa04_csrfWhenSignInPostedWithAnotherSessionsTokenThenForbidden() {
        HttpUser attacker = new HttpUser(this.port);
        attacker.get("/signin");
        HttpUser victim = new HttpUser(this.port);
        victim.get("/signin");

        Response posted = victim.postRaw("/signin", Map.of("email", this.email, "password", this.password,
                "_csrf", attacker.csrfToken()));

        assertThat(posted.status()).isEqualTo(403);
        assertThat(victim.get("/").location()).isEqualTo("/signin");
    }

    @Test
    void mfa04_csrfWhenSignOutPostedWithoutTokenThenStillSignedIn() {
        HttpUser user = new HttpUser(this.port);
        user.signIn(this.email, this.password);

        assertThat(user.postRaw("/signout", Map.of()).status()).isEqualTo(403);

        assertThat(user.get("/").status()).isEqualTo(200);
    }

    @Test
    void ses01_sessionIdChangesAtSignIn() {
        HttpUser user = new HttpUser(this.port);
        user.get("/signin");
        String before = user.sessionCookie();
        assertThat(before).as("the sign-in form's CSRF token lives in a session").isNotNull();

        Response posted = user.post("/signin", Map.of("email", this.email, "password", this.password));

        String after = user.sessionCookie();
        assertThat(posted.setCookie(HttpUser.SESSION_COOKIE)).isPresent();
        assertThat(after).isNotNull().isNotEqualTo(before);
        HttpUser fixated = new HttpUser(this.port).withCookie(HttpUser.SESSION_COOKIE, before);
        assertThat(fixated.get("/").location()).as("the pre-sign-in session id gives nothing").isEqualTo("/signin");
        assertThat(user.get("/").status()).isEqualTo(200);
    }

    @Test
    void ses01_sessionCookieIsHttpOnlyAndSameSiteLax() {
        HttpUser user = new HttpUser(this.port);

        String cookie = user.get("/signin").setCookie(HttpUser.SESSION_COOKIE).orElseThrow();

        assertThat(cookie).containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Lax")
                .containsIgnoringCase("; Path=/").doesNotContainIgnoringCase("Secure");
    }

    @Test
    void ses01_sessionCookieIsSecureBehindHttps() {
        HttpUser user = new HttpUser(this.port).withHeader("X-Forwarded-Proto", "https");

        String cookie = user.get("/signin").setCookie(HttpUser.SESSION_COOKIE).orElseThrow();

        assertThat(cookie).containsIgnoringCase("; Secure").containsIgnoringCase("; HttpOnly");
    }

    @Test
    void headersWhenPageServedThenStrictContentSecurityPolicyAndFramingDenied() {
        Response page = new HttpUser(this.port).get("/signin");

        String csp = page.header("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                .contains("object-src 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.header("X-Frame-Options")).contains("DENY");
        assertThat(page.header("Referrer-Policy")).contains("same-origin");
        assertThat(page.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.header("Cache-Control").orElseThrow()).contains("no-store");
        assertThat(page.header("Strict-Transport-Security")).as("never over plain HTTP").isEmpty();
    }

    @Test
    void headersWhenPageHasNoInlineScriptThenCspHolds() {
        Response page = new HttpUser(this.port).get("/signin");

        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>").doesNotContain(" onclick=")
                .doesNotContain(" style=\"");
    }

    @Test
    void headersWhenRequestArrivesOverHttpsThenHsts() {
        Response page = new HttpUser(this.port).withHeader("X-Forwarded-Proto", "https").get("/signin");

        assertThat(page.header("Strict-Transport-Security")).contains("max-age=31536000 ; includeSubDomains");
    }

    @Test
    void headersWhenSignedInPageThenSameHeaders() {
        HttpUser user = new HttpUser(this.port);
        user.signIn(this.email, this.password);

        Response home = user.get("/");

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.header("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
        assertThat(home.header("X-Frame-Options")).contains("DENY");
        assertThat(home.header("Cache-Control").orElseThrow()).contains("no-store");
    }

    @Test
    void ses03_signOutEndsTheSessionOnTheServer() {
        HttpUser user = new HttpUser(this.port);
        user.signIn(this.email, this.password);
        user.get("/");
        String signedInCookie = user.sessionCookie();

        Response signedOut = user.signOut();

        assertThat(signedOut.status()).isEqualTo(302);
        assertThat(signedOut.location()).isEqualTo("/signin?signedout");
        assertThat(user.follow(signedOut).body()).contains("You have signed out.");
        assertThat(user.get("/").location()).isEqualTo("/signin");
        HttpUser replay = new HttpUser(this.port).withCookie(HttpUser.SESSION_COOKIE, signedInCookie);
        assertThat(replay.get("/").location()).as("the old cookie no longer works").isEqualTo("/signin");
        assertThat(replay.get("/account/profile").location()).isEqualTo("/signin");
        assertThat(this.jdbc.sql("SELECT COUNT(*) FROM spring_session WHERE principal_name = :name")
                .param("name", Long.toString(this.account.id())).query(Long.class).single()).isZero();
    }

    @Test
    void ses02_absoluteTimeoutEndsAnActiveSessionAfterTwelveHours() {
        HttpUser user = new HttpUser(this.port);
        user.signIn(this.email, this.password);
        for (int hour = 1; hour <= 12; hour++) {
            this.clock.advance(Duration.ofHours(1));
            if (hour < 12) {
                assertThat(user.get("/").status()).as("still signed in after %d hours of activity", hour).isEqualTo(200);
            }
        }
        this.clock.advance(Duration.ofMinutes(1));

        Response afterTwelveHours = user.get("/");

        assertThat(afterTwelveHours.status()).isEqualTo(302);
        assertThat(afterTwelveHours.location()).isEqualTo("/signin");
    }

    @Test
    void ses02_idleTimeoutIsThirtyMinutes() {
        HttpUser user = new HttpUser(this.port);
        user.signIn(this.email, this.password);

        Integer maxInactive = this.jdbc.sql("SELECT max_inactive_interval FROM spring_session WHERE principal_name = :name")
                .param("name", Long.toString(this.account.id())).query(Integer.class).single();

        assertThat(maxInactive).isEqualTo((int) Duration.ofMinutes(30).toSeconds());
    }

    @Test
    void auditWhenSignInSucceedsOrFailsThenReasonRecordedAndPasswordNowhere(CapturedOutput output) {
        HttpUser user = new HttpUser(this.port);
        String wrongPassword = "wrong-" + this.password;
        String unknownEmail = "nobody." + UUID.randomUUID() + "@riverside.example";

        user.signIn(this.email, wrongPassword);
        user.signIn(unknownEmail, wrongPassword);
        user.signIn(this.email, this.password);

        assertThat(audit("signin.password.refused", this.account.id())).containsExactly("reason=wrong password");
        assertThat(audit("signin.password.succeeded", this.account.id())).hasSize(1);
        assertThat(this.jdbc.sql("SELECT detail FROM audit_event WHERE type = 'signin.password.refused' AND detail LIKE :d")
                .param("d", "%" + unknownEmail + "%").query(String.class).list())
                .containsExactly("reason=unknown account email=" + unknownEmail);
        assertThat(this.jdbc.sql("SELECT source_ip FROM audit_event WHERE subject_account_id = :id AND type LIKE 'signin.%'")
                .param("id", this.account.id()).query(String.class).list()).isNotEmpty().allMatch(ip -> ip != null && !ip.isBlank());
        List<String> everyDetail = this.jdbc.sql("SELECT COALESCE(detail, '') FROM audit_event").query(String.class).list();
        assertThat(everyDetail).noneMatch(d -> d.contains(this.password) || d.contains(wrongPassword));
        assertThat(output.getAll()).doesNotContain(this.password).doesNotContain(wrongPassword);
    }

    private List<String> audit(String type, long accountId) {
        return this.jdbc.sql("SELECT COALESCE(detail, '') FROM audit_event WHERE type = :type AND subject_account_id = :id ORDER BY id")
                .param("type", type).param("id", accountId).query(String.class).list();
    }

    private List<Counter> sourceCounters() {
        return this.jdbc.sql("SELECT failures, paused_until FROM attempt_counter WHERE scope = 'source'")
                .query((rs, n) -> new Counter(rs.getInt(1), rs.getLong(2))).list();
    }

    private record Counter(int failures, long pausedUntil) {
    }
}
