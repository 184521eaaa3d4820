package dev.portcullis.mfa.recovery;

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

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.audit.RecordedAuditEvent;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery codes over HTTP with the whole application: only the password step reaches the code
 * page, a code completes sign-in once, creating codes needs a recent second factor and a CSRF
 * token, the codes are shown only in the response that made them, and bad input gets a clear
 * message. The account's real method is a fake held in memory, so these tests stand alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portcullis.notification.sending=false")
class RecoveryCodeIntegrationTests {

    private static final String PASSWORD = "a-long-password";
    private static final Pattern CODE = Pattern.compile("class=\"recovery-code\">([0-9A-Z-]{19})<");

    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }

        @Bean
        FakeAppFactor fakeAppFactor() {
            return new FakeAppFactor();
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private MutableClock clock;

    @Autowired
    private FakeAppFactor app;

    @Autowired
    private MfaService mfa;

    @Autowired
    private RecoveryCodeService service;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private AuditLog audit;

    private long accountId;
    private String email;
    private List<String> codes;

    @BeforeEach
    void accountWithAnAppAndCodes() {
        clock.reset();
        long organisationId = organisations.findOrCreate("RI1", "Recovery Infirmary").id();
        email = "recover-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accountId = accounts.create(new NewAccount(email, "Rory Recover", organisationId, Role.USER,
                PASSWORD.toCharArray()), "test", null).id();
        app.enrolled.add(accountId);
        mfa.enrolled(accountId, "fakeapp", "1");
        codes = service.create(accountId, service.generation(accountId)).orElseThrow();
    }

    private Visitor signedInWithCode(String code) {
        Visitor visitor = new Visitor(port);
        visitor.signIn(email, PASSWORD);
        visitor.get("/signin/factor/recovery");
        Visitor.Page done = visitor.post("/signin/factor/recovery", Map.of("code", code));
        assertThat(done.redirect()).isEqualTo("/account/security/factors/recovery/used");
        return visitor;
    }

    @Test
    void mfa01_withoutThePasswordStepNothingIsReachable() {
        Visitor anonymous = new Visitor(port);
        assertThat(anonymous.get("/signin/factor/recovery").redirect()).isEqualTo("/signin");
        assertThat(anonymous.get("/account/security/factors/recovery/new").redirect()).isEqualTo("/signin");
        assertThat(anonymous.get("/account/security/factors/recovery/used").redirect()).isEqualTo("/signin");
    }

    @Test
    void mfa01_afterThePasswordOnlyTheCodePageIsReachable() {
        Visitor visitor = new Visitor(port);
        visitor.signIn(email, PASSWORD);

        assertThat(visitor.get("/account/security/factors/recovery/new").redirect()).isEqualTo("/signin/factor");
        assertThat(visitor.get("/account/security/factors/recovery/used").redirect()).isEqualTo("/signin/factor");
        visitor.get("/signin/factor/choose");
        assertThat(visitor.post("/account/security/factors/recovery/new", Map.of("basedOn", "1")).redirect())
                .isEqualTo("/signin/factor");
        assertThat(service.unused(accountId)).isEqualTo(10);

        Visitor.Page choose = visitor.get("/signin/factor/choose");
        assertThat(choose.body()).contains("href=\"/signin/factor/recovery\"").contains("Recovery codes").contains("10 of 10 left");
        Visitor.Page challenge = visitor.get("/signin/factor/recovery");
        assertThat(challenge.status()).isEqualTo(200);
        assertThat(challenge.body()).contains("Enter a recovery code");
    }

    @Test
    void mfa07_aCodeCompletesSignInOnceAndTellsThePersonToSetUpANewMethod() {
        Visitor visitor = signedInWithCode(codes.get(2).toLowerCase().replace("-", " "));

        Visitor.Page used = visitor.get("/account/security/factors/recovery/used");
        assertThat(used.status()).isEqualTo(200);
        assertThat(used.body()).contains("You used a recovery code. If you have lost your phone or key, set up a new method now.")
                .contains("You have 9 recovery codes left.")
                .contains("href=\"/account/security/enroll\"").contains("href=\"/account/self-service\"")
                .contains("id=\"continue\"");
        assertThat(visitor.get("/").status()).isEqualTo(200);
        assertThat(audit.recentFor(accountId, 20)).extracting(RecordedAuditEvent::type, RecordedAuditEvent::detail)
                .contains(org.assertj.core.groups.Tuple.tuple("signin.factor.succeeded", "factor=recovery"));

        Visitor again = new Visitor(port);
        again.signIn(email, PASSWORD);
        again.get("/signin/factor/recovery");
        Visitor.Page refused = again.post("/signin/factor/recovery", Map.of("code", codes.get(2)));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("That code is not right or has already been used");
        assertThat(again.get("/").redirect()).isEqualTo("/signin/factor");
    }

    @Test
    void mfa04_formsWithoutACsrfTokenAreRefused() {
        Visitor visitor = new Visitor(port);
        visitor.signIn(email, PASSWORD);
        visitor.get("/signin/factor/recovery");
        // Part-way through sign-in, a refused request goes back to the factor step; nothing is checked.
        Visitor.Page forged = visitor.postWithoutCsrf("/signin/factor/recovery", Map.of("code", codes.get(0)));
        assertThat(forged.redirect()).isEqualTo("/signin/factor");
        assertThat(service.unused(accountId)).isEqualTo(10);
        assertThat(visitor.get("/").redirect()).isEqualTo("/signin/factor");

        Visitor signedIn = signedInWithCode(codes.get(1));
        long generation = service.generation(accountId);
        assertThat(signedIn.postWithoutCsrf("/account/security/factors/recovery/new",
                Map.of("basedOn", Long.toString(generation))).status()).isEqualTo(403);
        assertThat(service.generation(accountId)).isEqualTo(generation);
    }

    @Test
    void mfa07_newCodesAreShownOnceAndSendingTheFormAgainShowsTheExplanation() {
        Visitor visitor = signedInWithCode(codes.get(0));

        Visitor.Page explain = visitor.get("/account/security/factors/recovery/new");
        assertThat(explain.status()).isEqualTo(200);
        assertThat(explain.body()).contains("Create recovery codes").contains("You have 9 recovery codes left");
        String basedOn = explain.field("basedOn");

        Visitor.Page created = visitor.post("/account/security/factors/recovery/new", Map.of("basedOn", basedOn));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body()).contains("Write these down or print them and keep them somewhere safe. Each code works once.")
                .contains("href=\"/account/self-service?changed\"");
        Matcher m = CODE.matcher(created.body());
        List<String> shown = m.results().map(r -> r.group(1)).toList();
        assertThat(shown).hasSize(10).doesNotContainAnyElementsOf(codes);

        // A reload sends the same form again: nothing is made, the codes are not shown again.
        Visitor.Page reloaded = visitor.post("/account/security/factors/recovery/new", Map.of("basedOn", basedOn));
        assertThat(reloaded.status()).isEqualTo(200);
        assertThat(reloaded.body()).contains("Your recovery codes have already been created");
        assertThat(CODE.matcher(reloaded.body()).find()).isFalse();
        assertThat(visitor.get("/account/security/factors/recovery/new").body()).doesNotContain(shown.get(0));

        assertThat(service.verify(accountId, codes.get(5), null)).isInstanceOf(RecoveryCodeService.Result.Rejected.class);
        assertThat(service.verify(accountId, shown.get(5), null)).isInstanceOf(RecoveryCodeService.Result.Verified.class);
    }

    @Test
    void mfa05_creatingCodesNeedsASecondFactorInTheLastFiveMinutes() {
        Visitor visitor = signedInWithCode(codes.get(0));
        long generation = service.generation(accountId);
        clock.advance(Duration.ofMinutes(6));

        assertThat(visitor.get("/account/security/factors/recovery/new").redirect()).isEqualTo("/signin/factor?stepup");
        assertThat(visitor.get("/").status()).isEqualTo(200);
        Visitor.Page post = visitor.post("/account/security/factors/recovery/new", Map.of("basedOn", Long.toString(generation)));
        assertThat(post.redirect()).isEqualTo("/signin/factor?stepup");
        assertThat(service.generation(accountId)).isEqualTo(generation);

        // Stepping up with another code comes back to the page.
        visitor.get("/signin/factor/recovery");
        Visitor.Page stepped = visitor.post("/signin/factor/recovery", Map.of("code", codes.get(1)));
        assertThat(stepped.redirect()).isEqualTo("/account/security/factors/recovery/used");
        assertThat(visitor.get("/account/security/factors/recovery/used").body())
                .contains("href=\"/account/security/factors/recovery/new\" id=\"continue\"");
        assertThat(visitor.get("/account/security/factors/recovery/new").status()).isEqualTo(200);
    }

    @Test
    void inp01_badInputGetsAClearMessageAndChangesNothing() {
        Visitor visitor = new Visitor(port);
        visitor.signIn(email, PASSWORD);
        visitor.get("/signin/factor/recovery");

        assertThat(visitor.post("/signin/factor/recovery", Map.of("code", "  ")).body()).contains("Enter a recovery code");
        assertThat(visitor.post("/signin/factor/recovery", Map.of("code", "A".repeat(41))).body())
                .contains("Recovery code must be 40 characters or fewer");
        Visitor.Page huge = visitor.post("/signin/factor/recovery", Map.of("code", "A".repeat(50_000)));
        assertThat(huge.status()).isEqualTo(200);
        assertThat(huge.body()).contains("Recovery code must be 40 characters or fewer").doesNotContain("AAAAAAAAAA");
        assertThat(visitor.post("/signin/factor/recovery", Map.of("code", "<script>")).body())
                .contains("Enter the code as it is written on your list").doesNotContain("<script>");
        assertThat(visitor.post("/signin/factor/recovery", Map.of()).body()).contains("Enter a recovery code");
        assertThat(visitor.post("/account/security/factors/recovery/new", Map.of("basedOn", "x")).redirect())
                .isEqualTo("/signin/factor");
        assertThat(service.unused(accountId)).isEqualTo(10);
    }

    @Test
    void mfa07_tooManyWrongCodesPauseTheAccountsCodes() {
        Visitor visitor = new Visitor(port);
        visitor.signIn(email, PASSWORD);
        visitor.get("/signin/factor/recovery");
        for (int i = 0; i < 5; i++) {
            assertThat(visitor.post("/signin/factor/recovery", Map.of("code", "0000-0000-0000-000" + i)).body())
                    .contains("That code is not right");
        }
        Visitor.Page paused = visitor.post("/signin/factor/recovery", Map.of("code", codes.get(0)));
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body()).contains("You have entered too many wrong codes. Try again in 1 minute.");
        assertThat(service.unused(accountId)).isEqualTo(10);

        // A fresh session (or a correct password) does not reset the count.
        Visitor fresh = new Visitor(port);
        fresh.signIn(email, PASSWORD);
        fresh.get("/signin/factor/recovery");
        assertThat(fresh.post("/signin/factor/recovery", Map.of("code", codes.get(0))).body())
                .contains("Try again in 1 minute.");

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(fresh.post("/signin/factor/recovery", Map.of("code", codes.get(0))).redirect())
                .isEqualTo("/account/security/factors/recovery/used");
    }
}
