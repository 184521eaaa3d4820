package dev.portcullis.oidc.applications;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.portcullis.oidc.Acr;

import static org.assertj.core.api.Assertions.assertThat;

/** What the console accepts as an application (OIDC-01: addresses are exact and safe to return to). */
class ApplicationFormTests {

    private static ApplicationForm form(String redirectUris) {
        return new ApplicationForm("Webmail", redirectUris, "", "confidential", List.of("profile", "email"), "mfa", "RS256");
    }

    @Test
    void httpsAddressesAndLocalDevelopmentAddressesAreAccepted() {
        ApplicationForm.Checked checked = form("https://mail.example.nhs.uk/oidc/callback\r\n\r\nhttp://localhost:3000/cb\nhttp://127.0.0.1/cb").validate(false);

        assertThat(checked.problems()).isEmpty();
        assertThat(checked.valid().redirectUris()).containsExactly("https://mail.example.nhs.uk/oidc/callback",
                "http://localhost:3000/cb", "http://127.0.0.1/cb");
        assertThat(checked.valid().confidential()).isTrue();
        assertThat(checked.valid().minimumAcr()).contains(Acr.MFA);
        assertThat(checked.valid().scopes()).containsExactly("profile", "email");
    }

    @Test
    void oidc01_unsafeAddressesAreRefusedWithTheLineNumber() {
        for (String bad : List.of("http://mail.example.nhs.uk/cb", "https://mail.example.nhs.uk/cb#x", "https://*.example.nhs.uk/cb",
                "https://user@mail.example.nhs.uk/cb", "/relative/cb", "javascript:alert(1)", "https://", "mailto:a@b.c",
                "https://mail.example.nhs.uk/c b", "https://" + "a".repeat(500) + ".uk/")) {
            ApplicationForm.Checked checked = form("https://ok.example.nhs.uk/cb\n" + bad).validate(false);
            assertThat(checked.valid()).as(bad).isNull();
            assertThat(checked.problems().get("redirectUris")).as(bad).startsWith("Line 2 is not a sign-in return address");
        }
    }

    @Test
    void everyFieldIsCheckedAndExplained() {
        ApplicationForm.Checked checked = new ApplicationForm(" ", "", "http://example.org/out", "maybe", List.of("admin"), "low", "HS256")
                .validate(false);

        assertThat(checked.problems()).containsOnlyKeys("name", "redirectUris", "postLogoutRedirectUris", "type", "scopes",
                "minimumAcr", "signingAlgorithm");
        assertThat(checked.problems().get("name")).isEqualTo("Enter a name for the application");
        assertThat(checked.problems().get("redirectUris")).isEqualTo("Enter at least one sign-in return address");
    }

    @Test
    void atMostTenAddresses() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            many.append("https://mail.example.nhs.uk/cb").append(i).append('\n');
        }
        assertThat(form(many.toString()).validate(false).problems().get("redirectUris"))
                .isEqualTo("Enter no more than 10 sign-in return addresses");
    }

    @Test
    void passwordOnlyIsAChoiceNotADefault() {
        assertThat(ApplicationForm.blank().minimumAcr()).isEqualTo("mfa");
        ApplicationForm none = new ApplicationForm("App", "https://a.example/cb", null, "public", null, "none", "ES256");
        assertThat(none.validate(false).valid().minimumAcr()).isEmpty();
        assertThat(none.validate(false).valid().scopes()).isEmpty();
    }
}
