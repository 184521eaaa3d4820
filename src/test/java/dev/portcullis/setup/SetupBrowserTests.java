package dev.portcullis.setup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.Role;
import dev.portcullis.testsupport.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator on a fresh install opens the one-time set-up link, makes a mistake, creates the
 * first administrator and signs in; the link then no longer works. axe-core checks every page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS) // a database without accounts, not a cached one
class SetupBrowserTests {

    @LocalServerPort
    private int port;

    @Autowired
    private SetupTokens tokens;

    @Autowired
    private AccountService accounts;

    private Browser browser;

    @BeforeEach
    void openBrowser() {
        this.browser = new Browser(this.port);
    }

    @AfterEach
    void closeBrowser() {
        this.browser.close();
    }

    @Test
    void setupLinkWhenFollowedThenFirstAdministratorCreatedAndLinkUsedUp() {
        String link = "/setup/" + this.tokens.issue();
        // Reach the form unchecked so that axe-core checks it with its error summary showing.
        this.browser.driver().get(this.browser.baseUrl() + link);
        assertThat(this.browser.text("h1")).isEqualTo("Create the first administrator");

        this.browser.type("#displayName", "Ada Admin").type("#email", "ada@portcullis.example")
                .type("#password", "tulip-window-seventeen").type("#confirmPassword", "ada-password-2062")
                .click("button[type=submit]");

        assertThat(this.browser.text(".nhsuk-error-summary")).contains("There is a problem").contains("The passwords do not match");
        assertThat(this.browser.find(".nhsuk-error-summary a").getAttribute("href")).endsWith("#confirmPassword");
        assertThat(this.browser.find("#displayName").getAttribute("value")).isEqualTo("Ada Admin");
        assertThat(this.browser.find("#password").getAttribute("value")).isEmpty();
        assertThat(this.accounts.count()).isZero();

        this.browser.type("#password", "tulip-window-seventeen").type("#confirmPassword", "tulip-window-seventeen")
                .click("button[type=submit]");

        assertThat(this.browser.path()).isEqualTo("/signin?created");
        assertThat(this.accounts.findByEmail("ada@portcullis.example").orElseThrow().role()).isEqualTo(Role.GLOBAL_ADMIN);

        this.browser.type("#email", "ada@portcullis.example").type("#password", "tulip-window-seventeen").click("#sign-in");

        assertThat(this.browser.text("#signed-in-as")).isEqualTo("Ada Admin");

        this.browser.open(link);

        assertThat(this.browser.text("h1")).isEqualTo("This set-up link cannot be used");
    }
}
