package dev.portcullis.selfservice.questions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.risk.AttemptRegulator;
import dev.portcullis.risk.ThrottleScope;
import dev.portcullis.selfservice.questions.SecurityQuestions.Choice;
import dev.portcullis.selfservice.questions.SecurityQuestions.InvalidAnswersException;
import dev.portcullis.selfservice.questions.SecurityQuestions.Result;
import dev.portcullis.signin.PasswordStepAuthenticationProvider;
import dev.portcullis.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Security questions in the database, on H2 and PostgreSQL: hashes only, normalised, all three, limited tries. */
@SpringBootTest
class JdbcSecurityQuestionsTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    private static final List<Choice> ANSWERS = List.of(
            new Choice("first-school", "St Mary's Primary"),
            new Choice("first-pet", "Biscuit the hamster"),
            new Choice("childhood-street", "Acacia Avenue"));

    private static final Map<String, String> RIGHT = Map.of(
            "first-school", "St Mary's Primary",
            "first-pet", "Biscuit the hamster",
            "childhood-street", "Acacia Avenue");

    @Autowired
    private SecurityQuestions questions;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private AttemptRegulator regulator;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private MutableClock clock;

    private long accountId;

    private String email;

    @BeforeEach
    void account() {
        clock.reset();
        long organisationId = organisations.findOrCreate("QTEST", "Question Test Trust").id();
        email = "q" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "@example.nhs.uk";
        accountId = accounts.create(new NewAccount(email, "Quentin Question", organisationId, Role.USER,
                "a-long-password".toCharArray()), "test", null).id();
    }

    @Test
    void rec04_answersStoredOnlyAsArgon2idHashesWithTheirQuestionKeys() {
        questions.replace(accountId, ANSWERS);

        var rows = jdbc.sql("SELECT slot, question_key, answer_hash FROM security_question_answer WHERE account_id = :id ORDER BY slot")
                .param("id", accountId).query().listOfRows();
        assertThat(rows).hasSize(3);
        assertThat(rows).extracting(r -> r.get("question_key")).containsExactly("first-school", "first-pet", "childhood-street");
        for (var row : rows) {
            String hash = (String) row.get("answer_hash");
            assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            for (String answer : List.of("St Mary", "st mary", "Biscuit", "biscuit", "Acacia", "acacia")) {
                assertThat(hash).doesNotContain(answer);
            }
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE '%Biscuit%' OR detail LIKE '%biscuit%'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void hasAndQuestionsForReflectWhatWasSet() {
        assertThat(questions.has(accountId)).isFalse();
        assertThat(questions.questionsFor(accountId)).isEmpty();

        questions.replace(accountId, ANSWERS);

        assertThat(questions.has(accountId)).isTrue();
        assertThat(questions.questionsFor(accountId)).containsExactly("first-school", "first-pet", "childhood-street");
        assertThat(SecurityQuestions.text("first-pet")).contains("What was the name of your first pet?");
        assertThat(auditTypes()).contains("selfservice.questions.set");
    }

    @Test
    void verifyWhenAnswersDifferOnlyInCaseAndSpacingThenVerified() {
        questions.replace(accountId, ANSWERS);

        assertThat(questions.verify(accountId, Map.of(
                "first-school", "  ST MARY'S   primary ",
                "first-pet", "biscuit THE hamster",
                "childhood-street", "acacia\u00A0avenue"))).isTrue();
    }

    @Test
    void rec04_verifyNeedsAllThree() {
        questions.replace(accountId, ANSWERS);

        assertThat(questions.verify(accountId, Map.of("first-school", "St Mary's Primary", "first-pet", "Biscuit the hamster",
                "childhood-street", "Coronation Street"))).isFalse();
        assertThat(questions.verify(accountId, Map.of("first-school", "St Mary's Primary", "first-pet", "Biscuit the hamster")))
                .isFalse();
        assertThat(questions.verify(accountId, null)).isFalse();
        // Answers given for the wrong questions do not count.
        assertThat(questions.verify(accountId, Map.of("first-school", "Biscuit the hamster", "first-pet", "St Mary's Primary",
                "childhood-street", "Acacia Avenue"))).isFalse();
        assertThat(questions.check(accountId, RIGHT).result()).isEqualTo(Result.VERIFIED);
    }

    @Test
    void rec04_triesLimitedEvenForTheRightAnswers() {
        questions.replace(accountId, ANSWERS);
        Map<String, String> wrong = Map.of("first-school", "Hogwarts", "first-pet", "Rex", "childhood-street", "Elm Street");

        for (int i = 0; i < 4; i++) {
            assertThat(questions.check(accountId, wrong).result()).isEqualTo(Result.REJECTED);
        }
        SecurityQuestions.Verification fifth = questions.check(accountId, wrong);
        assertThat(fifth.result()).isEqualTo(Result.PAUSED);
        assertThat(fifth.minutesLeft()).isEqualTo(1);

        // Paused: even the right answers are not checked.
        assertThat(questions.check(accountId, RIGHT).result()).isEqualTo(Result.PAUSED);
        assertThat(questions.verify(accountId, RIGHT)).isFalse();
        // A correct password does not reset the questions' counter.
        regulator.recordSuccess(ThrottleScope.PASSWORD, PasswordStepAuthenticationProvider.accountKey(email));
        assertThat(questions.check(accountId, RIGHT).result()).isEqualTo(Result.PAUSED);

        clock.advance(Duration.ofMinutes(2));
        assertThat(questions.check(accountId, RIGHT).result()).isEqualTo(Result.VERIFIED);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'selfservice.questions.checked' AND subject_account_id = :id AND detail = 'result=paused'")
                .param("id", accountId).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void rec04_triesCountedPerAccount() {
        questions.replace(accountId, ANSWERS);
        Map<String, String> wrong = Map.of("first-school", "Hogwarts", "first-pet", "Rex", "childhood-street", "Elm Street");
        for (int i = 0; i < 5; i++) {
            questions.check(accountId, wrong);
        }

        assertThat(jdbc.sql("SELECT failures FROM attempt_counter WHERE scope = 'factor.questions' AND subject = :s")
                .param("s", Long.toString(accountId)).query(Integer.class).single()).isEqualTo(5);
    }

    @Test
    void checkWhenNoQuestionsSetThenNotSet() {
        assertThat(questions.check(accountId, RIGHT).result()).isEqualTo(Result.NOT_SET);
        assertThat(questions.verify(accountId, RIGHT)).isFalse();
    }

    @Test
    void rec04_replaceWhenReplacingThenOldAnswersNoLongerWork() {
        questions.replace(accountId, ANSWERS);

        questions.replace(accountId, List.of(new Choice("first-job", "Paper round"),
                new Choice("first-concert", "Oasis at Knebworth"), new Choice("childhood-book", "The Hobbit")));

        assertThat(questions.verify(accountId, RIGHT)).isFalse();
        assertThat(questions.verify(accountId, Map.of("first-job", "paper round", "first-concert", "oasis at knebworth",
                "childhood-book", "the hobbit"))).isTrue();
        assertThat(auditTypes()).contains("selfservice.questions.replaced");
    }

    @Test
    void replaceWhenQuestionRepeatedOrUnknownOrAnswerShortThenNothingChanged() {
        questions.replace(accountId, ANSWERS);

        assertThatExceptionOfType(InvalidAnswersException.class)
                .isThrownBy(() -> questions.replace(accountId, List.of(new Choice("first-job", "Paper round"),
                        new Choice("first-job", "Milk round"), new Choice("made-up", "  ab "))))
                .satisfies(e -> assertThat(e.problems()).containsEntry("question2", "Select a different question for question 2")
                        .containsEntry("question3", "Select question 3")
                        .containsEntry("answer3", "Answer 3 must be 3 characters or more")
                        .doesNotContainKeys("question1", "answer1", "answer2"));
        assertThatExceptionOfType(InvalidAnswersException.class)
                .isThrownBy(() -> questions.replace(accountId, List.of(new Choice("first-job", "Paper round"))))
                .satisfies(e -> assertThat(e.problems()).containsKeys("question2", "answer2", "question3", "answer3"));

        assertThat(questions.verify(accountId, RIGHT)).isTrue();
    }

    @Test
    void removeThenNotSet() {
        questions.replace(accountId, ANSWERS);

        questions.remove(accountId, accountId);

        assertThat(questions.has(accountId)).isFalse();
        assertThat(auditTypes()).contains("selfservice.questions.removed");
    }

    @Test
    void choiceToStringNeverShowsTheAnswer() {
        assertThat(new Choice("first-pet", "Biscuit").toString()).doesNotContain("Biscuit");
    }

    private List<String> auditTypes() {
        return jdbc.sql("SELECT type FROM audit_event WHERE subject_account_id = :id").param("id", accountId)
                .query(String.class).list();
    }
}
