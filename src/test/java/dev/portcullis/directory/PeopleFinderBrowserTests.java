package dev.portcullis.directory;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.testsupport.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One journey in headless Chromium: sign in, fill in My Profile, then find a colleague in People
 * Finder by part of their name and organisation, and page through a longer list. Every page is
 * checked by axe-core against WCAG 2.2 A and AA.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PeopleFinderBrowserTests {

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Test
    void signInEditMyProfileAndFindAColleague() {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        long riverside = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        long pharmacy = organisations.findOrCreate("FA123", "High Street Community Pharmacy").id();
        String email = "florence." + unique + "@riverside.example";
        accounts.create(new NewAccount(email, "Florence Nightingale", riverside, Role.USER, "lamp-ward-crimea".toCharArray()),
                "test", null);
        accounts.create(new NewAccount("priya." + unique + "@highstreet.example", "Priya Pharmacist", pharmacy, Role.USER, null),
                "test", null);
        for (int i = 1; i <= 23; i++) {
            accounts.create(new NewAccount("porter" + i + "." + unique + "@riverside.example", "Pat Porter " + i, riverside,
                    Role.USER, null), "test", null);
        }

        try (Browser browser = new Browser(port)) {
            browser.signIn(email, "lamp-ward-crimea");
            assertThat(browser.path()).isEqualTo("/");

            browser.click("#nav-profile");
            browser.click("#menu-my-profile");
            assertThat(browser.text("#directory-notice"))
                    .isEqualTo("This information is displayed in the directory to other users of the email system.");

            browser.type("#workPhone", "not a number");
            browser.click("#save-profile");
            assertThat(browser.text(".nhsuk-error-summary")).contains("Enter a work phone number in the correct format");

            browser.type("#jobTitle", "Lady of the Lamp");
            browser.type("#department", "Night wards");
            browser.type("#workPhone", "0113 496 0000");
            browser.type("#pronouns", "she/her");
            browser.click("#save-profile");
            assertThat(browser.text("#success-message")).contains("Your profile has been updated.");

            browser.open("/people");
            browser.type("#q", "pharm pri");
            browser.click("#search");
            assertThat(browser.findAll(".app-person-name")).extracting(e -> e.getText()).containsExactly("Priya Pharmacist");
            assertThat(browser.text("#people")).contains("High Street Community Pharmacy").contains("priya." + unique);

            browser.type("#q", "lamp nightingale");
            browser.click("#search");
            assertThat(browser.text("#people")).contains("Florence Nightingale").contains("Lady of the Lamp")
                    .contains("Night wards").contains("0113 496 0000").contains("(she/her)");

            browser.type("#q", "porter " + unique);
            browser.click("#search");
            assertThat(browser.findAll(".app-person-name")).hasSize(20);
            browser.click("#next-page");
            assertThat(browser.findAll(".app-person-name")).hasSize(3);
            assertThat(browser.text("#results-heading")).isEqualTo("Results: page 2");
            browser.click("#previous-page");
            assertThat(browser.findAll(".app-person-name")).hasSize(20);

            browser.type("#q", "one two three four five six");
            browser.click("#search");
            assertThat(browser.text("#search-problem")).isEqualTo("Enter 5 words or fewer");
        }
    }
}
