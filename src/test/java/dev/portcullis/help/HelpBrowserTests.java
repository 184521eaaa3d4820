package dev.portcullis.help;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

import dev.portcullis.account.Account;
import dev.portcullis.account.Role;
import dev.portcullis.admin.AdminConsoleTestBase;
import dev.portcullis.testsupport.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Help and feeding back in headless Chromium (axe checks every page, error state included):
 * someone signed out reads every Help page; a nurse signs in, goes to Help from the menu, makes
 * a mistake on the feedback form, then sends feedback with markup in it; a global administrator
 * finds it on the feedback list, shown as the text that was typed.
 */
class HelpBrowserTests extends AdminConsoleTestBase {

    private static final String[] PAGES = {"#help-authenticator-app", "#help-text-message", "#help-phone-call",
            "#help-security-key", "#help-recovery-codes", "#help-cannot-sign-in"};

    @Test
    void readTheHelpPagesThenSendFeedbackThatTheGlobalAdministratorReads() {
        long org = organisation("Help Trust");
        Account nurse = person(org, Role.USER, "Hana Helpful");
        Account global = person(organisation("Global Trust"), Role.GLOBAL_ADMIN, "Gus Global");
        String globalKey = enrolApp(global);
        String message = "<b>The text code</b> took " + unique() + " minutes to arrive";

        try (Browser browser = new Browser(port)) {
            // Signed out: every Help page is there, reached from the footer.
            browser.open("/signin");
            browser.click("footer a[href='/help']");
            assertThat(browser.text("h1")).isEqualTo("Help");
            for (String link : PAGES) {
                browser.click(link);
                assertThat(browser.findAll("h1")).hasSize(1);
                browser.click(".nhsuk-back-link");
                assertThat(browser.path()).isEqualTo("/help");
            }

            // Signed in: Help from the menu, then the feedback form.
            browser.signIn(nurse.email(), PASSWORD);
            browser.click("header a[href='/help']");
            browser.click("#help-feedback");
            assertThat(browser.path()).isEqualTo("/help/feedback");
            browser.click("#send-feedback");
            assertThat(browser.text(".nhsuk-error-summary")).contains("Select what your feedback is about")
                    .contains("Enter your feedback");

            new Select(browser.find("#topic")).selectByVisibleText("Text messages or phone calls");
            browser.type("#message", message);
            browser.click("#send-feedback");
            assertThat(browser.path()).isEqualTo("/help/feedback/sent");
            assertThat(browser.text("#feedback-sent")).isEqualTo("Feedback sent");
            browser.signOut();

            // The global administrator reads it as plain text.
            browser.signIn(global.email(), PASSWORD);
            assertThat(browser.path()).isEqualTo("/signin/factor/totp");
            browser.type("#code", code(globalKey));
            browser.click("#verify-totp");
            browser.open("/admin");
            browser.click("#admin-feedback");
            String table = browser.text("#feedback");
            assertThat(table).contains(message).contains("Text messages or phone calls").contains(nurse.email());
            assertThat(browser.findAll("#feedback b")).isEmpty();
        }
    }
}
