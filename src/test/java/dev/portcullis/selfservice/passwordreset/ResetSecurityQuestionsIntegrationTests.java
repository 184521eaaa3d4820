package dev.portcullis.selfservice.passwordreset;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import dev.portcullis.selfservice.questions.SecurityQuestions.Choice;
import dev.portcullis.testsupport.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security questions turned on for reset, as the second of two proofs (SECURITY.md REC-04):
 * right answers alone never reach the new-password page, however they are sent; only after a
 * registered method has been proven do they count, and wrong answers are refused and audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"portcullis.base-url=https://portal.example.nhs.uk", "portcullis.notification.sending=false",
                "portcullis.reset.security-questions-allowed=true", "portcullis.reset.required-proofs=2"})
@Import(ResetTestSupport.Clocks.class)
class ResetSecurityQuestionsIntegrationTests extends ResetTestSupport {

    @Test
    void rec04_answersAloneNeverReachTheNewPasswordPage() {
        Enrolled account = enrolledAccount(true);
        String before = passwordHash(account.accountId());
        ResetVisitor visitor = linkUsed(account);

        ResetVisitor.Page verify = visitor.get("/signin/reset/verify");
        assertThat(verify.body()).as("not offered before a method is proven").doesNotContain("/signin/reset/questions");
        assertThat(visitor.get("/signin/reset/questions").redirect()).isEqualTo("/signin/reset/verify");
        ResetVisitor.Page answered = visitor.post("/signin/reset/questions", answerForm(ANSWERS));
        assertThat(answered.redirect()).isEqualTo("/signin/reset/verify");
        for (int i = 0; i < 3; i++) {
            assertThat(visitor.post("/signin/reset/questions", answerForm(ANSWERS)).redirect()).isEqualTo("/signin/reset/verify");
        }
        ResetVisitor.Page password = visitor.get("/signin/reset/password");
        assertThat(password.status()).isEqualTo(302);
        assertThat(password.redirect()).isNotEqualTo("/signin/reset/password");
        visitor.post("/signin/reset/password", Map.of("password", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(passwordHash(account.accountId())).as("nothing changed").isEqualTo(before);
        assertThat(audit("selfservice.questions.checked", account.accountId())).as("never even checked").isEmpty();
    }

    @Test
    void rec04_answersCountOnlyAsTheSecondProofAndWrongOnesAreAuditedAndRefused() {
        Enrolled account = enrolledAccount(true);
        ResetVisitor visitor = linkUsed(account);
        clock.advance(Duration.ofMinutes(1)); // the enrolment used the current step: each step works once (TOTP-02)

        visitor.get(CHALLENGE);
        ResetVisitor.Page proven = visitor.post(CHALLENGE, Map.of("code", TotpCodes.current(account.key(), clock)));
        assertThat(proven.redirect()).as("one proof of two").isEqualTo("/signin/reset/verify");
        assertThat(visitor.get("/signin/reset/password").redirect()).isNotEqualTo("/signin/reset/password");
        assertThat(visitor.get("/signin/reset/verify").body()).contains("/signin/reset/questions");

        visitor.get("/signin/reset/questions");
        List<Choice> wrong = List.of(new Choice("first-school", "Hogwarts"), ANSWERS.get(1), ANSWERS.get(2));
        ResetVisitor.Page refused = visitor.post("/signin/reset/questions", answerForm(wrong));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("One or more answers are not correct").doesNotContain("Hogwarts");
        assertThat(audit("selfservice.questions.checked", account.accountId())).containsExactly("result=rejected");
        assertThat(visitor.get("/signin/reset/password").redirect()).isNotEqualTo("/signin/reset/password");

        ResetVisitor.Page right = visitor.post("/signin/reset/questions", answerForm(ANSWERS));
        assertThat(right.redirect()).isEqualTo("/signin/reset/password");
        ResetVisitor.Page done = visitor.post("/signin/reset/password",
                Map.of("password", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(done.redirect()).isEqualTo("/signin?reset");
    }
}
