package dev.portcullis.directory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What each profile field accepts, and the messages when it does not. */
class ProfileRulesTests {

    @Test
    void checkWhenBlankOptionalFieldThenCleared() {
        assertThat(ProfileRules.check(ProfileField.JOB_TITLE, "   ")).isEqualTo(ProfileRules.Checked.ok(null));
        assertThat(ProfileRules.check(ProfileField.PRONOUNS, null)).isEqualTo(ProfileRules.Checked.ok(null));
    }

    @Test
    void checkWhenNameBlankThenAskedForIt() {
        assertThat(ProfileRules.check(ProfileField.DISPLAY_NAME, " ").problem()).isEqualTo("Enter your name");
    }

    @Test
    void checkWhenTooLongThenSaysTheLimit() {
        assertThat(ProfileRules.check(ProfileField.JOB_TITLE, "x".repeat(101)).problem())
                .isEqualTo("Job title must be 100 characters or fewer");
        assertThat(ProfileRules.check(ProfileField.JOB_TITLE, "x".repeat(100)).value()).hasSize(100);
        assertThat(ProfileRules.check(ProfileField.DEPARTMENT, "x".repeat(100_000)).problem())
                .isEqualTo("Department must be 100 characters or fewer");
    }

    @Test
    void inp04_checkWhenLineBreaksOrHiddenCharactersThenRefused() {
        assertThat(ProfileRules.check(ProfileField.JOB_TITLE, "Nurse\nAdmin").problem())
                .isEqualTo("Job title must be one line of text without special characters");
        assertThat(ProfileRules.check(ProfileField.LOCATION, "Ward\u202E7").problem()).isNotNull();
    }

    @Test
    void inp04_checkWhenMarkupThenKeptAsTextForEncodingWhereShown() {
        assertThat(ProfileRules.check(ProfileField.JOB_TITLE, "<script>alert(1)</script>").value())
                .isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void checkWhenUkPhoneThenStoredInNationalFormat() {
        assertThat(ProfileRules.check(ProfileField.WORK_PHONE, "01134960000").value()).isEqualTo("0113 496 0000");
        assertThat(ProfileRules.check(ProfileField.WORK_PHONE, "+44 113 496 0000").value()).isEqualTo("0113 496 0000");
        assertThat(ProfileRules.check(ProfileField.WORK_PHONE, "0113 496 0000 ext 1234").value()).isEqualTo("0113 496 0000 ext 1234");
    }

    @Test
    void checkWhenForeignPhoneThenInternationalFormat() {
        assertThat(ProfileRules.check(ProfileField.WORK_PHONE, "+353 1 234 5678").value()).startsWith("+353 1");
    }

    @Test
    void checkWhenNotAPhoneNumberThenExampleGiven() {
        String message = "Enter a work phone number in the correct format, like 0113 496 0000 or +44 113 496 0000";
        assertThat(ProfileRules.check(ProfileField.WORK_PHONE, "call me").problem()).isEqualTo(message);
        assertThat(ProfileRules.check(ProfileField.WORK_PHONE, "0113").problem()).isEqualTo(message);
        assertThat(ProfileRules.check(ProfileField.WORK_PHONE, "=cmd|' /C calc'!A0").problem()).isEqualTo(message);
    }
}
