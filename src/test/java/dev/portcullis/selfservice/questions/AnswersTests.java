package dev.portcullis.selfservice.questions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The form security answers are hashed in, and what is refused. */
class AnswersTests {

    @Test
    void normaliseWhenCaseAndSpacingDifferThenSame() {
        assertThat(Answers.normalise("  St   Mary's\tSchool ")).isEqualTo("st mary's school");
        assertThat(Answers.normalise("ST MARY'S SCHOOL")).isEqualTo("st mary's school");
    }

    @Test
    void normaliseWhenCompatibilityFormsThenSame() {
        assertThat(Answers.normalise("Ｓｔ Ｍａｒｙ")).isEqualTo(Answers.normalise("st mary"));
        assertThat(Answers.normalise("Straße")).isEqualTo(Answers.normalise("STRASSE"));
    }

    @Test
    void problemWhenTooShortAfterNormalisingThenRefused() {
        assertThat(Answers.problem("  a b ", 2)).isNull();
        assertThat(Answers.problem(" ab  ", 2)).isEqualTo("Answer 2 must be 3 characters or more");
        assertThat(Answers.problem("   ", 1)).isEqualTo("Enter an answer to question 1");
        assertThat(Answers.problem(null, 3)).isEqualTo("Enter an answer to question 3");
    }

    @Test
    void problemWhenTooLongThenRefused() {
        assertThat(Answers.problem("x".repeat(100), 1)).isNull();
        assertThat(Answers.problem("x".repeat(101), 1)).isEqualTo("Answer 1 must be 100 characters or fewer");
        assertThat(Answers.problem("x".repeat(1_000_000), 1)).isEqualTo("Answer 1 must be 100 characters or fewer");
    }
}
