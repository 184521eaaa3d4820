package dev.portcullis.selfservice;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One journey in headless Chromium through Profile: Change Password (a refused password, then a
 * good one, then signing in with it) and Security Questions (a mistake, then set up). axe-core
 * checks every page against WCAG 2.2 A and AA, error states included.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SelfServiceBrowserTests {

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Test
    void changePasswordThenSetUpSecurityQuestions() {
        String email = "mary." + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "@riverside.example";
        long riverside = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        accounts.create(new NewAccount(email, "Mary Seacole", riverside, Role.USER, "balm-kettle-crimea".toCharArray()),
                "test", null);

        try (Browser browser = new Browser(port)) {
            browser.signIn(email, "balm-kettle-crimea");
            browser.click("#nav-profile");
            browser.click("#menu-password");

            browser.type("#currentPassword", "balm-kettle-crimea");
            browser.type("#newPassword", "Password1!");
            browser.type("#confirmPassword", "Password1!");
            browser.click("#change-password");
            assertThat(browser.text(".nhsuk-error-summary")).contains("This is too similar to a very common password");

            browser.type("#currentPassword", "balm-kettle-crimea");
            browser.type("#newPassword", "lantern harbour violet");
            browser.type("#confirmPassword", "lantern harbour violet");
            browser.click("#change-password");
            assertThat(browser.text("#password-changed")).isEqualTo("Your password has been changed");

            browser.signOut();
            browser.signIn(email, "lantern harbour violet");
            assertThat(browser.path()).isEqualTo("/");

            browser.open("/account/security-questions");
            browser.click("#set-up-questions");
            new Select(browser.find("#question1")).selectByValue("first-pet");
            browser.type("#answer1", "Biscuit");
            new Select(browser.find("#question2")).selectByValue("first-pet");
            browser.type("#answer2", "Hillside Primary");
            new Select(browser.find("#question3")).selectByValue("childhood-book");
            browser.type("#answer3", "Hi");
            browser.click("#save-questions");
            assertThat(browser.text(".nhsuk-error-summary")).contains("Select a different question for question 2")
                    .contains("Answer 3 must be 3 characters or more");

            new Select(browser.find("#question2")).selectByValue("first-school");
            browser.type("#answer3", "The Hobbit");
            browser.click("#save-questions");
            assertThat(browser.text("#success-message")).contains("Your security questions have been set up.");
            assertThat(browser.text("#chosen-questions")).contains("What was the name of your first pet?")
                    .doesNotContain("Biscuit");
        }
    }
}
