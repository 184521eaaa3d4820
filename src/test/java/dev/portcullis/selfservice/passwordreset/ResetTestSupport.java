package dev.portcullis.selfservice.passwordreset;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.selfservice.questions.SecurityQuestions;
import dev.portcullis.selfservice.questions.SecurityQuestions.Choice;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the reset tests written for issue 9's gap list share: people with an authenticator app
 * (and security questions) set up through the real pages, the link read from the queued email,
 * and the audit lines. Subclasses carry their own {@code @SpringBootTest} properties.
 */
abstract class ResetTestSupport {

    static final String PASSWORD = "a-long-password";
    static final String NEW_PASSWORD = "violet-harbour-lantern-42";
    static final String ENROLL = "/account/security/factors/totp/enroll";
    static final String CHALLENGE = "/signin/factor/totp";
    static final List<Choice> ANSWERS = List.of(
            new Choice("first-school", "St Mary's Primary"),
            new Choice("first-pet", "Biscuit the hamster"),
            new Choice("childhood-street", "Acacia Avenue"));
    private static final Pattern LINK = Pattern.compile("(\\S*)/signin/reset/link/([A-Za-z0-9_-]+)");

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    record Enrolled(long accountId, String email, String key) {
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    AccountService accounts;

    @Autowired
    OrganisationService organisations;

    @Autowired
    SecurityQuestions questions;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void middleOfAStep() {
        clock.reset();
        clock.set(TotpCodes.nextStepStart(clock.instant()).plusSeconds(15));
    }

    ResetVisitor.Page request(ResetVisitor visitor, String email) {
        visitor.get("/signin/reset");
        return visitor.post("/signin/reset", Map.of("email", email));
    }

    /** A visitor that has used the emailed link: on the way to proving a method. */
    ResetVisitor linkUsed(Enrolled account) {
        ResetVisitor visitor = new ResetVisitor(port);
        request(visitor, account.email());
        String path = linkPath(account.accountId());
        visitor.get(path);
        assertThat(visitor.post(path, Map.of()).redirect()).isEqualTo("/signin/reset/verify");
        return visitor;
    }

    /** The answers as the questions form sends them. */
    static Map<String, String> answerForm(List<Choice> answers) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        answers.forEach(choice -> form.put("answer-" + choice.questionKey(), choice.answer()));
        return form;
    }

    String linkPath(long accountId) {
        List<String> bodies = queued(accountId, "reset-link");
        assertThat(bodies).isNotEmpty();
        Matcher m = LINK.matcher(bodies.get(0));
        assertThat(m.find()).as(bodies.get(0)).isTrue();
        return "/signin/reset/link/" + m.group(2);
    }

    /** Text bodies of the account's queued emails with that template, newest first. */
    List<String> queued(long accountId, String template) {
        return jdbc.sql("SELECT text_body FROM notification_queue WHERE account_id = :id AND template = :t ORDER BY id DESC")
                .param("id", accountId).param("t", template).query(String.class).list();
    }

    /** Audit details of one type, newest first. */
    List<String> audit(String type) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE type = :type ORDER BY id DESC")
                .param("type", type).query(String.class).list();
    }

    List<String> audit(String type, long accountId) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE type = :type AND subject_account_id = :id ORDER BY id DESC")
                .param("type", type).param("id", accountId).query(String.class).list();
    }

    String passwordHash(long accountId) {
        return jdbc.sql("SELECT hash FROM account_password WHERE account_id = :id").param("id", accountId)
                .query(String.class).single();
    }

    String newAccount() {
        long organisationId = organisations.findOrCreate("RST2", "Reset Trust").id();
        String email = "nurse-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accounts.create(new NewAccount(email, "Test Nurse", organisationId, Role.USER, PASSWORD.toCharArray()), "test", null);
        return email;
    }

    /** An account with an authenticator app and, when asked, security questions. */
    Enrolled enrolledAccount(boolean withQuestions) {
        String email = newAccount();
        ResetVisitor visitor = new ResetVisitor(port);
        assertThat(visitor.signIn(email, PASSWORD).redirect()).isEqualTo("/");
        String key = visitor.get(ENROLL).secret();
        ResetVisitor.Page done = visitor.post(ENROLL, Map.of("code", TotpCodes.current(key, clock)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        long accountId = accounts.findByEmail(email).orElseThrow().id();
        if (withQuestions) {
            questions.replace(accountId, ANSWERS);
            assertThat(questions.has(accountId)).isTrue();
        }
        return new Enrolled(accountId, email, key);
    }
}
