package dev.portcullis.mfa.totp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.audit.RecordedAuditEvent;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in with an authenticator app over real HTTP, each visitor with its own cookies: the
 * password alone opens nothing (MFA-01), the ±1 step window (TOTP-01), single use across
 * sessions (TOTP-02), the per-account limit across sessions (TOTP-03), enrolment that activates
 * only after a correct code and never shows the seed again (TOTP-04), CSRF (MFA-04) and step-up
 * before adding an app again (MFA-05). The application's clock is moved by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class TotpSignInIntegrationTests {

    private static final String PASSWORD = "a-long-password";
    private static final String ENROLL = "/account/security/factors/totp/enroll";
    private static final String CHALLENGE = "/signin/factor/totp";
    private static final String PAUSED_ONE_MINUTE = "Too many incorrect codes. Try again in 1 minute.";

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
    private OrganisationService organisations;

    @Autowired
    private AuditLog audit;

    @BeforeEach
    void middleOfAStep() {
        clock.reset();
        // 15 s into a fresh step, so a test's few requests never straddle a step boundary by accident.
        clock.set(TotpCodes.nextStepStart(clock.instant()).plusSeconds(15));
    }

    record Enrolled(long accountId, String email, String key, long enrolmentStep) {
    }

    @Test
    void mfa01_passwordStepAloneReachesNoPortalUrl() {
        Enrolled account = enrolledAccount();
        HttpVisitor visitor = new HttpVisitor(port);

        HttpVisitor.Page afterPassword = visitor.signIn(account.email(), PASSWORD);

        assertThat(afterPassword.status()).isEqualTo(302);
        assertThat(afterPassword.redirect()).isEqualTo("/signin/factor");
        for (String path : List.of("/", "/account", "/account/profile", "/account/self-service", "/account/security/enroll",
                ENROLL, "/account/security/disable", "/account/security/factors/totp/" + account.accountId() + "/remove")) {
            HttpVisitor.Page page = visitor.get(path);
            assertThat(page.status()).as(path).isEqualTo(302);
            assertThat(page.redirect()).as(path).isEqualTo("/signin/factor");
        }
        visitor.get(CHALLENGE);
        HttpVisitor.Page post = visitor.post(ENROLL, Map.of("code", TotpCodes.current(account.key(), clock)));
        assertThat(post.redirect()).as("POST to enrolment").isEqualTo("/signin/factor");
        assertThat(visitor.get("/signin/factor").redirect()).isEqualTo(CHALLENGE);

        HttpVisitor.Page challenge = visitor.get(CHALLENGE);
        assertThat(challenge.status()).isEqualTo(200);
        assertThat(challenge.body()).contains("Enter the 6-digit code from your authenticator app")
                .contains("href=\"/signin/factor/choose\"").contains("Use another method")
                .doesNotContain(account.key());
    }

    @Test
    void totp01_codeFromThePreviousStepAcceptedAndTwoStepsBackRefused() {
        Enrolled account = enrolledAccount();
        clock.advance(Duration.ofMinutes(5));
        HttpVisitor visitor = signedInWithPasswordOnly(account);
        long now = TotpCodes.step(clock.instant());

        HttpVisitor.Page twoBack = visitor.post(CHALLENGE, Map.of("code", TotpCodes.forStep(account.key(), now - 2)));
        HttpVisitor.Page twoAhead = visitor.post(CHALLENGE, Map.of("code", TotpCodes.forStep(account.key(), now + 2)));

        assertThat(twoBack.status()).isEqualTo(200);
        assertThat(twoBack.body()).contains(CodeInput.INCORRECT);
        assertThat(twoAhead.body()).contains(CodeInput.INCORRECT);
        assertThat(visitor.get("/").redirect()).isEqualTo("/signin/factor");

        HttpVisitor.Page oneBack = visitor.post(CHALLENGE, Map.of("code", TotpCodes.forStep(account.key(), now - 1)));

        assertThat(oneBack.status()).isEqualTo(302);
        assertThat(oneBack.redirect()).as("the page first asked for").isEqualTo("/?continue");
        assertThat(visitor.get("/").status()).isEqualTo(200);
        assertThat(reasons(account)).containsExactly("during=signin reason=wrong code", "during=signin reason=wrong code");
        assertThat(auditTypes(account)).contains("signin.factor.succeeded");
    }

    @Test
    void totp01_codeFromTheNextStepAccepted() {
        Enrolled account = enrolledAccount();
        clock.advance(Duration.ofMinutes(5));
        HttpVisitor visitor = signedInWithPasswordOnly(account);

        HttpVisitor.Page page = visitor.post(CHALLENGE,
                Map.of("code", TotpCodes.forStep(account.key(), TotpCodes.step(clock.instant()) + 1)));

        assertThat(page.redirect()).isEqualTo("/");
    }

    @Test
    void totp02_usedCodeRefusedOnSecondUseInAFreshSession() {
        Enrolled account = enrolledAccount();
        clock.advance(Duration.ofMinutes(5));
        String code = TotpCodes.current(account.key(), clock);
        HttpVisitor first = signedInWithPasswordOnly(account);
        assertThat(first.post(CHALLENGE, Map.of("code", code)).redirect()).isEqualTo("/");

        HttpVisitor second = signedInWithPasswordOnly(account);
        HttpVisitor.Page again = second.post(CHALLENGE, Map.of("code", code));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains(CodeInput.INCORRECT).contains("each code works only once");
        assertThat(second.get("/").redirect()).isEqualTo("/signin/factor");

        HttpVisitor third = signedInWithPasswordOnly(account);
        HttpVisitor.Page older = third.post(CHALLENGE,
                Map.of("code", TotpCodes.forStep(account.key(), TotpCodes.step(clock.instant()) - 1)));
        assertThat(older.body()).as("an older step after a newer one").contains(CodeInput.INCORRECT);

        assertThat(reasons(account)).containsExactly("during=signin reason=code already used",
                "during=signin reason=code already used");
        assertThat(auditDetails(account)).noneMatch(detail -> detail.contains(code));
    }

    @Test
    void totp02_enrolmentCodeCannotBeUsedAgainToSignIn() {
        Enrolled account = enrolledAccount();
        HttpVisitor visitor = signedInWithPasswordOnly(account);

        HttpVisitor.Page page = visitor.post(CHALLENGE, Map.of("code", TotpCodes.forStep(account.key(), account.enrolmentStep())));

        assertThat(page.body()).contains(CodeInput.INCORRECT);
    }

    @Test
    void totp03_wrongCodesAcrossFreshSessionsPauseTheAccountEvenForTheRightCode() {
        Enrolled account = enrolledAccount();
        clock.advance(Duration.ofMinutes(5));
        List<String> wrong = wrongCodes(account, 5);

        HttpVisitor.Page last = null;
        for (String code : wrong) {
            HttpVisitor visitor = signedInWithPasswordOnly(account);
            last = visitor.post(CHALLENGE, Map.of("code", code));
            assertThat(last.status()).isEqualTo(200);
        }
        assertThat(last.body()).contains(PAUSED_ONE_MINUTE);

        HttpVisitor owner = new HttpVisitor(port);
        assertThat(owner.signIn(account.email(), PASSWORD).redirect()).as("the password step still works").isEqualTo("/signin/factor");
        assertThat(owner.get(CHALLENGE).body()).contains(PAUSED_ONE_MINUTE);
        String right = TotpCodes.current(account.key(), clock);
        HttpVisitor.Page refused = owner.post(CHALLENGE, Map.of("code", right));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains(PAUSED_ONE_MINUTE);
        assertThat(owner.get("/").redirect()).isEqualTo("/signin/factor");

        clock.advance(Duration.ofSeconds(61));
        HttpVisitor.Page accepted = owner.post(CHALLENGE, Map.of("code", TotpCodes.current(account.key(), clock)));
        assertThat(accepted.redirect()).as("after the pause, to the page first asked for").isEqualTo("/?continue");

        assertThat(reasons(account)).containsExactly(
                "during=signin reason=wrong code", "during=signin reason=wrong code", "during=signin reason=wrong code",
                "during=signin reason=wrong code", "during=signin reason=wrong code", "during=signin reason=paused");
        List<String> details = auditDetails(account);
        for (String code : wrong) {
            assertThat(details).noneMatch(detail -> detail.contains(code));
        }
        assertThat(details).noneMatch(detail -> detail.contains(right));
    }

    @Test
    void totp03_malformedEntriesAreNotCountedAsGuesses() {
        Enrolled account = enrolledAccount();
        clock.advance(Duration.ofMinutes(5));
        HttpVisitor visitor = signedInWithPasswordOnly(account);

        for (int i = 0; i < 8; i++) {
            HttpVisitor.Page page = visitor.post(CHALLENGE, Map.of("code", "12a456"));
            assertThat(page.body()).contains("The code must only include numbers 0 to 9");
        }
        assertThat(visitor.post(CHALLENGE, Map.of("code", "")).body()).contains("Enter the 6-digit code from your app");
        assertThat(visitor.post(CHALLENGE, Map.of("code", "1".repeat(5000))).body()).contains("The code must be 6 digits");

        String code = TotpCodes.current(account.key(), clock);
        HttpVisitor.Page page = visitor.post(CHALLENGE, Map.of("code", code.substring(0, 3) + " " + code.substring(3)));
        assertThat(page.redirect()).isEqualTo("/");
        assertThat(reasons(account)).isEmpty();
    }

    @Test
    void totp04_seedShownOnlyDuringEnrolmentAndActiveOnlyAfterACorrectCode(CapturedOutput output) {
        String email = newAccount();
        HttpVisitor visitor = new HttpVisitor(port);
        assertThat(visitor.signIn(email, PASSWORD).redirect()).isEqualTo("/");

        HttpVisitor.Page enrol = visitor.get(ENROLL);
        assertThat(enrol.status()).isEqualTo(200);
        String key = enrol.secret();
        assertThat(key.replace(" ", "")).as("160 bits").hasSize(32);
        assertThat(enrol.body()).contains("<svg").contains("role=\"img\"").contains("Microsoft Authenticator");
        assertThat(visitor.get(ENROLL).secret()).as("a refresh shows the same pending app").isEqualTo(key);

        HttpVisitor.Page wrong = visitor.post(ENROLL, Map.of("code", wrongCodes(key, 1).get(0)));
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains(CodeInput.INCORRECT);
        assertThat(wrong.secret()).isEqualTo(key);
        assertThat(visitor.post(ENROLL, Map.of("code", "12")).body()).contains("The code must be 6 digits");
        assertThat(visitor.get("/account/self-service").body()).contains("MFA Status: Not Enabled");
        assertThat(new HttpVisitor(port).signIn(email, PASSWORD).redirect()).as("not active yet").isEqualTo("/");

        HttpVisitor.Page done = visitor.post(ENROLL, Map.of("code", TotpCodes.current(key, clock)));
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.redirect()).startsWith("/account/");

        HttpVisitor.Page selfService = visitor.get("/account/self-service");
        assertThat(selfService.body()).contains("MFA Status: Enabled").contains("Authenticator app")
                .doesNotContain(key).doesNotContain(key.replace(" ", ""));
        HttpVisitor.Page again = visitor.get(ENROLL);
        assertThat(again.secret()).as("a new enrolment gets a new seed").isNotEqualTo(key);
        assertThat(again.body()).contains("This replaces your current app");
        assertThat(new HttpVisitor(port).signIn(email, PASSWORD).redirect()).isEqualTo("/signin/factor");

        long accountId = accounts.findByEmail(email).orElseThrow().id();
        assertThat(audit.recentFor(accountId, 50)).extracting(RecordedAuditEvent::type)
                .contains("mfa.factor.enrolled", "mfa.totp.enrolment.started", "mfa.totp.refused");
        assertThat(output.getAll()).doesNotContain(key.replace(" ", "")).doesNotContain(key);
    }

    @Test
    void totp04_enrolmentGuessesCountTowardsTheSameLimit() {
        String email = newAccount();
        HttpVisitor visitor = new HttpVisitor(port);
        visitor.signIn(email, PASSWORD);
        String key = visitor.get(ENROLL).secret();

        HttpVisitor.Page last = null;
        for (String code : wrongCodes(key, 5)) {
            last = visitor.post(ENROLL, Map.of("code", code));
        }
        assertThat(last.body()).contains(PAUSED_ONE_MINUTE);
        HttpVisitor.Page refused = visitor.post(ENROLL, Map.of("code", TotpCodes.current(key, clock)));
        assertThat(refused.body()).contains(PAUSED_ONE_MINUTE);
        assertThat(visitor.get("/account/self-service").body()).contains("MFA Status: Not Enabled");
    }

    @Test
    void enrolWhenPendingAppExpiredThenANewKeyIsShown() {
        String email = newAccount();
        HttpVisitor visitor = new HttpVisitor(port);
        visitor.signIn(email, PASSWORD);
        String key = visitor.get(ENROLL).secret();

        clock.advance(Duration.ofMinutes(16));
        HttpVisitor.Page late = visitor.post(ENROLL, Map.of("code", TotpCodes.current(key, clock)));

        assertThat(late.redirect()).isEqualTo(ENROLL + "?expired");
        HttpVisitor.Page fresh = visitor.get(late.redirect());
        assertThat(fresh.body()).contains("The last QR code has expired");
        assertThat(fresh.secret()).isNotEqualTo(key);
        assertThat(visitor.get("/account/self-service").body()).contains("MFA Status: Not Enabled");
    }

    @Test
    void mfa04_enrolAndVerifyWithoutCsrfTokenRefused() {
        String email = newAccount();
        HttpVisitor visitor = new HttpVisitor(port);
        visitor.signIn(email, PASSWORD);
        String key = visitor.get(ENROLL).secret();

        HttpVisitor.Page forged = visitor.postWithoutCsrf(ENROLL, Map.of("code", TotpCodes.current(key, clock)));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(visitor.get("/account/self-service").body()).contains("MFA Status: Not Enabled");
    }

    @Test
    void mfa05_addingTheAppAgainNeedsARecentSecondFactorAndReplacesTheOldOneOnlyOnceConfirmed() {
        Enrolled account = enrolledAccount();
        HttpVisitor visitor = new HttpVisitor(port);
        visitor.signIn(account.email(), PASSWORD);
        clock.advance(Duration.ofMinutes(2));
        visitor.get(CHALLENGE);
        assertThat(visitor.post(CHALLENGE, Map.of("code", TotpCodes.current(account.key(), clock))).redirect()).isEqualTo("/");

        clock.advance(Duration.ofMinutes(6));
        HttpVisitor.Page stale = visitor.get(ENROLL);
        assertThat(stale.redirect()).isEqualTo("/signin/factor?stepup");
        assertThat(visitor.get(stale.redirect()).redirect()).isEqualTo(CHALLENGE);
        visitor.get(CHALLENGE);
        HttpVisitor.Page stepUp = visitor.post(CHALLENGE, Map.of("code", TotpCodes.current(account.key(), clock)));
        assertThat(stepUp.redirect()).isEqualTo(ENROLL);

        String newKey = visitor.get(ENROLL).secret();
        assertThat(newKey).isNotEqualTo(account.key());
        clock.advance(Duration.ofSeconds(30));
        HttpVisitor fresh = signedInWithPasswordOnly(account);
        assertThat(fresh.post(CHALLENGE, Map.of("code", TotpCodes.current(account.key(), clock))).redirect())
                .as("the old app works until the new one is confirmed").isEqualTo("/");

        clock.advance(Duration.ofSeconds(30));
        assertThat(visitor.post(ENROLL, Map.of("code", TotpCodes.current(newKey, clock))).status()).isEqualTo(302);

        clock.advance(Duration.ofSeconds(30));
        HttpVisitor oldApp = signedInWithPasswordOnly(account);
        assertThat(oldApp.post(CHALLENGE, Map.of("code", TotpCodes.current(account.key(), clock))).body())
                .contains(CodeInput.INCORRECT);
        assertThat(oldApp.post(CHALLENGE, Map.of("code", TotpCodes.current(newKey, clock))).redirect()).isEqualTo("/");
        assertThat(visitor.get("/account/self-service").body()).containsOnlyOnce("data-type=\"totp\"");
    }

    @Test
    void challengeWhenAccountHasNoAppThenChooseAnotherMethod() {
        String email = newAccount();
        HttpVisitor visitor = new HttpVisitor(port);
        visitor.signIn(email, PASSWORD);

        assertThat(visitor.get(CHALLENGE).redirect()).isEqualTo("/signin/factor/choose");
    }

    private HttpVisitor signedInWithPasswordOnly(Enrolled account) {
        HttpVisitor visitor = new HttpVisitor(port);
        assertThat(visitor.signIn(account.email(), PASSWORD).redirect()).isEqualTo("/signin/factor");
        assertThat(visitor.get("/signin/factor").redirect()).isEqualTo(CHALLENGE);
        assertThat(visitor.get(CHALLENGE).status()).isEqualTo(200);
        return visitor;
    }

    private String newAccount() {
        long organisationId = organisations.findOrCreate("TOTP2", "Totp Sign-in Trust").id();
        String email = "nurse-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accounts.create(new NewAccount(email, "Test Nurse", organisationId, Role.USER, PASSWORD.toCharArray()), "test", null);
        return email;
    }

    /** A new account with a confirmed authenticator app, set up through the pages. */
    private Enrolled enrolledAccount() {
        String email = newAccount();
        HttpVisitor visitor = new HttpVisitor(port);
        assertThat(visitor.signIn(email, PASSWORD).redirect()).isEqualTo("/");
        String key = visitor.get(ENROLL).secret();
        HttpVisitor.Page done = visitor.post(ENROLL, Map.of("code", TotpCodes.current(key, clock)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        long accountId = accounts.findByEmail(email).orElseThrow().id();
        return new Enrolled(accountId, email, key, TotpCodes.step(clock.instant()));
    }

    private List<String> wrongCodes(Enrolled account, int count) {
        return wrongCodes(account.key(), count);
    }

    /** Codes that match no step in the window around now. */
    private List<String> wrongCodes(String key, int count) {
        long now = TotpCodes.step(clock.instant());
        Set<String> valid = Set.of(TotpCodes.forStep(key, now - 1), TotpCodes.forStep(key, now), TotpCodes.forStep(key, now + 1));
        return java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> String.format("%06d", (i * 104_729 + 12_345) % 1_000_000))
                .filter(code -> !valid.contains(code))
                .limit(count)
                .toList();
    }

    private List<String> reasons(Enrolled account) {
        List<String> newestFirst = audit.recentFor(account.accountId(), 200).stream()
                .filter(e -> e.type().equals("mfa.totp.refused"))
                .map(RecordedAuditEvent::detail)
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    private List<String> auditTypes(Enrolled account) {
        return audit.recentFor(account.accountId(), 200).stream().map(RecordedAuditEvent::type).toList();
    }

    private List<String> auditDetails(Enrolled account) {
        return audit.recentFor(account.accountId(), 200).stream()
                .map(e -> e.detail() == null ? "" : e.detail())
                .toList();
    }
}
