package dev.portcullis.selfservice.questions;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.selfservice.TestKeyFactor;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** Profile &gt; Security Questions over HTTP: set up, refused input, answers never shown, step-up with MFA. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityQuestionsIntegrationTests {

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
    private SecurityQuestions questions;

    @Autowired
    private TestKeyFactor testKey;

    @Autowired
    private MutableClock clock;

    private Account account;

    private String email;

    private static final String PASSWORD = "copper-quarry-saffron";

    @BeforeEach
    void account() {
        clock.reset();
        long organisationId = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        email = "q." + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "@riverside.example";
        account = accounts.create(new NewAccount(email, "Quinn Asker", organisationId, Role.USER, PASSWORD.toCharArray()),
                "test", null);
    }

    private static Map<String, String> answers(String q1, String a1, String q2, String a2, String q3, String a3) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("question1", q1);
        form.put("answer1", a1);
        form.put("question2", q2);
        form.put("answer2", a2);
        form.put("question3", q3);
        form.put("answer3", a3);
        return form;
    }

    @Test
    void setUpThenQuestionsListedAndAnswersNeverShown() {
        HttpUser user = new HttpUser(port);
        user.signIn(email, PASSWORD);
        assertThat(user.get("/account/security-questions").body()).contains("You have not set up security questions.");
        Response form = user.get("/account/security-questions/change");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("What was the name of your first pet?").contains("Set up security questions");

        Response saved = user.post("/account/security-questions/change",
                answers("first-pet", "Biscuit", "first-school", "Hillside Primary", "childhood-book", "The Hobbit"));

        assertThat(saved.location()).isEqualTo("/account/security-questions");
        Response overview = user.follow(saved);
        assertThat(overview.body()).contains("Your security questions have been set up.")
                .contains("What was the name of your first pet?").contains("What was your favourite book as a child?")
                .doesNotContain("Biscuit").doesNotContain("Hobbit");
        assertThat(user.get("/account/security-questions/change").body()).doesNotContain("Biscuit").doesNotContain("Hobbit");
        assertThat(questions.verify(account.id(), Map.of("first-pet", "biscuit", "first-school", "hillside primary",
                "childhood-book", "the hobbit"))).isTrue();
    }

    @Test
    void inp01_setUpWhenInvalidThenProblemsInPageOrderAndNothingSaved() {
        HttpUser user = new HttpUser(port);
        user.signIn(email, PASSWORD);
        user.get("/account/security-questions/change");

        Response refused = user.post("/account/security-questions/change",
                answers("first-pet", "Biscuit", "first-pet", "ab", "", ""));

        assertThat(refused.status()).isEqualTo(400);
        String body = refused.body();
        assertThat(body).contains("Select a different question for question 2").contains("Answer 2 must be 3 characters or more")
                .contains("Select question 3").contains("Enter an answer to question 3");
        assertThat(body.indexOf("href=\"#question2\"")).isLessThan(body.indexOf("href=\"#answer2\""));
        assertThat(body.indexOf("href=\"#answer2\"")).isLessThan(body.indexOf("href=\"#question3\""));
        assertThat(questions.has(account.id())).isFalse();
    }

    @Test
    void mfa04_setUpWhenNoCsrfTokenThenRefused() {
        HttpUser user = new HttpUser(port);
        user.signIn(email, PASSWORD);

        Response refused = user.postRaw("/account/security-questions/change",
                answers("first-pet", "Biscuit", "first-school", "Hillside Primary", "childhood-book", "The Hobbit"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(questions.has(account.id())).isFalse();
    }

    @Test
    void mfa05_replaceWhenMfaOnAndFactorNotRecentThenStepUpFirst() {
        testKey.enrol(account.id());
        HttpUser user = new HttpUser(port);
        user.follow(user.follow(user.signIn(email, PASSWORD)));
        assertThat(user.get("/account/security-questions/change").status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(6));
        Response form = user.get("/account/security-questions/change");
        assertThat(form.location()).isEqualTo("/signin/factor?stepup");
        Response posted = user.post("/account/security-questions/change",
                answers("first-pet", "Biscuit", "first-school", "Hillside Primary", "childhood-book", "The Hobbit"));
        assertThat(posted.location()).isEqualTo("/signin/factor?stepup");
        assertThat(questions.has(account.id())).isFalse();

        Response back = user.follow(user.follow(posted));
        assertThat(back.location()).isEqualTo("/account/security-questions/change");
        assertThat(user.get("/account/security-questions/change").status()).isEqualTo(200);
    }
}
