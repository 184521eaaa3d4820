package dev.portcullis.signin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a person reads when sign-in does not work, and the counter key behind the pause. */
class SignInMessagesTests {

    @Test
    void ofWhenIncorrectThenGenericMessageOnEmailField() {
        SignInMessages message = SignInMessages.of(new SignInProblem(SignInProblem.Kind.INCORRECT, 0, "a@b.example"));

        assertThat(message).isEqualTo(new SignInMessages("email", "The email address or password is not correct"));
    }

    @Test
    void ofWhenPausedThenSaysHowLongInWholeMinutes() {
        assertThat(SignInMessages.of(new SignInProblem(SignInProblem.Kind.PAUSED, 1, "")).message())
                .isEqualTo("Sign-in to this account is paused after too many incorrect attempts. Try again in 1 minute.");
        assertThat(SignInMessages.of(new SignInProblem(SignInProblem.Kind.PAUSED, 16, "")).message())
                .endsWith("Try again in 16 minutes.");
        assertThat(SignInMessages.of(new SignInProblem(SignInProblem.Kind.SOURCE_PAUSED, 2, "")).message())
                .isEqualTo("Sign-in from your network is paused after too many incorrect attempts. Try again in 2 minutes.");
    }

    @Test
    void ofWhenFieldMissingThenPointsAtThatField() {
        assertThat(SignInMessages.of(new SignInProblem(SignInProblem.Kind.MISSING_EMAIL, 0, ""))).isEqualTo(
                new SignInMessages("email", "Enter your email address"));
        assertThat(SignInMessages.of(new SignInProblem(SignInProblem.Kind.MISSING_PASSWORD, 0, ""))).isEqualTo(
                new SignInMessages("password", "Enter your password"));
    }

    @Test
    void enum01_ofWhenAnyKindThenNeverSaysWhetherAccountExists() {
        for (SignInProblem.Kind kind : SignInProblem.Kind.values()) {
            String message = SignInMessages.of(new SignInProblem(kind, 3, "")).message().toLowerCase();
            assertThat(message).as(kind.name()).doesNotContain("not found").doesNotContain("no account")
                    .doesNotContain("does not exist").doesNotContain("unknown");
        }
    }

    @Test
    void inp02_accountKeyWhenSameAddressInOtherCaseOrFullwidthThenSameKey() {
        String key = PasswordStepAuthenticationProvider.accountKey("nurse@riverside.example");

        assertThat(PasswordStepAuthenticationProvider.accountKey("NURSE@Riverside.Example")).isEqualTo(key);
        assertThat(PasswordStepAuthenticationProvider.accountKey("\uFF4E\uFF55\uFF52\uFF53\uFF45@riverside.example")).isEqualTo(key);
        assertThat(key).hasSize(64).matches("[0-9a-f]+").doesNotContain("nurse");
    }

    @Test
    void accountKeyWhenOtherAddressOrNotAnAddressThenOtherKey() {
        String key = PasswordStepAuthenticationProvider.accountKey("nurse@riverside.example");

        assertThat(PasswordStepAuthenticationProvider.accountKey("nurse2@riverside.example")).isNotEqualTo(key);
        assertThat(PasswordStepAuthenticationProvider.accountKey("not an address")).hasSize(64)
                .isEqualTo(PasswordStepAuthenticationProvider.accountKey("NOT AN ADDRESS"));
    }
}
