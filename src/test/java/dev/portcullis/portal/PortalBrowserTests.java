package dev.portcullis.portal;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
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
 * A member of staff in a real browser: opens the portal, signs in, finds their name and the
 * portal's navigation, opens Profile and My Profile, signs out and cannot get back in without
 * signing in. Every page on the way is checked by axe-core (WCAG 2.2 A and AA).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PortalBrowserTests {

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    private Browser browser;

    private String email;

    private String password;

    @BeforeEach
    void accountAndBrowser() {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.email = "florence." + unique + "@riverside.example";
        this.password = "lamp-ward-night-" + unique;
        long organisationId = this.organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        this.accounts.create(new NewAccount(this.email, "Florence Nightingale", organisationId, Role.USER,
                this.password.toCharArray()), "test", null);
        this.browser = new Browser(this.port);
    }

    @AfterEach
    void closeBrowser() {
        this.browser.close();
    }

    @Test
    void portalWhenSignedInThenNameNavigationAndProfileMenuThenSignOutKeepsPortalClosed() {
        this.browser.open("/");
        assertThat(this.browser.path()).isEqualTo("/signin");
        assertThat(this.browser.text("h1")).isEqualTo("Sign in");

        this.browser.signIn(this.email, this.password);

        // Back to the page first asked for (Spring Security marks the replay with "?continue").
        assertThat(this.browser.path()).isIn("/", "/?continue");
        assertThat(this.browser.text("#signed-in-as")).isEqualTo("Florence Nightingale");
        assertThat(this.browser.text("h1")).isEqualTo("Welcome, Florence Nightingale");
        assertThat(navigation(this.browser)).containsExactly("Home", "People Finder", "Profile", "Help");

        this.browser.click("#nav-profile");

        assertThat(this.browser.path()).isEqualTo("/account");
        assertThat(texts(this.browser.findAll("#profile-menu li")))
                .containsExactly("My Profile", "Change Password", "Security Questions", "Self-Service", "Recent activity");

        this.browser.click("#menu-my-profile");

        assertThat(this.browser.path()).isEqualTo("/account/profile");
        assertThat(this.browser.text("h1")).isEqualTo("My Profile");
        assertThat(this.browser.text("main"))
                .contains("This information is displayed in the directory to other users of the email system")
                .contains(this.email)
                .contains("Riverside Hospitals NHS Foundation Trust (RX1)");

        this.browser.signOut();

        assertThat(this.browser.path()).isEqualTo("/signin?signedout");
        assertThat(this.browser.text("#signed-out-message")).isEqualTo("You have signed out.");
        assertThat(this.browser.findAll("#signed-in-as")).isEmpty();

        this.browser.open("/account/profile");

        assertThat(this.browser.path()).isEqualTo("/signin");
        assertThat(this.browser.findAll("#signed-in-as")).isEmpty();
        assertThat(this.browser.checkedPages()).as("sign in, home, Profile, My Profile").hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void signInWhenPasswordWrongThenErrorSummaryPointsAtTheField() {
        // Reach the form without checking it, so that axe-core checks the page with the error
        // summary (Browser checks each path once).
        this.browser.driver().get(this.browser.baseUrl() + "/signin");
        this.browser.type("#email", this.email).type("#password", "not-my-password").click("#sign-in");

        assertThat(this.browser.path()).isEqualTo("/signin?error");
        WebElement summary = this.browser.find(".nhsuk-error-summary");
        assertThat(summary.isDisplayed()).isTrue();
        assertThat(summary.getAttribute("role")).isEqualTo("alert");
        assertThat(this.browser.text(".nhsuk-error-summary__title")).isEqualTo("There is a problem");
        WebElement problem = this.browser.find("#signin-problem");
        assertThat(problem.getText()).isEqualTo("The email address or password is not correct");
        assertThat(problem.getAttribute("href")).endsWith("#email");
        assertThat(this.browser.text("#email-error")).contains("The email address or password is not correct");
        assertThat(this.browser.find("#email").getAttribute("aria-describedby")).isEqualTo("email-error");
        assertThat(this.browser.find("#email").getAttribute("value")).isEqualTo(this.email);
        assertThat(this.browser.find("#password").getAttribute("value")).as("a password is never sent back").isEmpty();

        this.browser.type("#password", this.password).click("#sign-in");

        assertThat(this.browser.path()).isEqualTo("/");
        assertThat(this.browser.text("#signed-in-as")).isEqualTo("Florence Nightingale");
    }

    @Test
    void signInWhenNothingTypedThenAskedForEmailAddress() {
        this.browser.driver().get(this.browser.baseUrl() + "/signin");
        this.browser.click("#sign-in");

        assertThat(this.browser.text("#signin-problem")).isEqualTo("Enter your email address");
        assertThat(this.browser.find(".nhsuk-form-group--error").findElement(org.openqa.selenium.By.id("email"))).isNotNull();
    }

    @Test
    void unknownPageWhenSignedInThenNhsNotFoundPage() {
        this.browser.signIn(this.email, this.password);

        this.browser.open("/no-such-page");

        assertThat(this.browser.text("h1")).isEqualTo("Page not found");
        assertThat(this.browser.text("#signed-in-as")).isEqualTo("Florence Nightingale");
        assertThat(this.browser.driver().getPageSource()).doesNotContain("Exception").doesNotContain("Whitelabel");
    }

    /** The visible items of the header's navigation, in order. */
    static List<String> navigation(Browser browser) {
        return texts(browser.findAll("nav[aria-label='Menu'] .nhsuk-header__navigation-item > a"));
    }

    static List<String> texts(List<WebElement> elements) {
        return elements.stream().filter(WebElement::isDisplayed).map(WebElement::getText).map(String::strip).toList();
    }
}
