package dev.portcullis.mfa.webauthn;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.deque.html.axecore.selenium.AxeBuilder;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security keys in headless Chromium with Selenium's virtual authenticator (CTAP2 over USB, with
 * resident keys and user verification): a nurse names and registers a key from Self-Service, adds
 * a second key, renames one, signs out, signs in with a key, and removes the other. Every page
 * passes axe (WCAG 2.2 A/AA), also while it shows a problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebAuthnBrowserTests {

    private static final String PASSWORD = "a-long-password";
    private static final String ENROLL = "/account/security/factors/webauthn/enroll";

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Test
    void nurseRegistersTwoKeysSignsInWithOneAndRemovesTheOther() {
        String email = newAccount();
        try (Browser browser = new Browser(port)) {
            HasVirtualAuthenticator authenticators = (HasVirtualAuthenticator) browser.driver();
            VirtualAuthenticator blueKey = authenticators.addVirtualAuthenticator(securityKey());

            signIn(browser, email);
            assertThat(browser.path()).isEqualTo("/");
            browser.open("/account/self-service");
            assertThat(browser.text("#mfa-status")).isEqualTo("MFA Status: Not Enabled");

            go(browser, "#self-enroll");
            go(browser, "#enroll-webauthn");
            assertThat(browser.path()).isEqualTo(ENROLL);
            assertThat(browser.text("h1")).isEqualTo("Set up a security key");
            browser.type("#label", "Blue key on my lanyard");
            go(browser, "#webauthn-register");
            toSelfService(browser);

            assertThat(browser.text("#mfa-status")).isEqualTo("MFA Status: Enabled");
            assertThat(browser.text("#methods")).contains("FIDO2 token (security key)", "Blue key on my lanyard");

            // A second key: the first has just been proven, so no step-up is needed. The virtual
            // authenticator holding the first key would refuse (it is excluded), so swap it out.
            authenticators.removeVirtualAuthenticator(blueKey);
            authenticators.addVirtualAuthenticator(securityKey());
            go(browser, "#self-enroll");
            go(browser, "#enroll-webauthn");
            assertThat(browser.path()).isEqualTo(ENROLL);
            browser.type("#label", "Spare key");
            go(browser, "#webauthn-register");
            toSelfService(browser);
            assertThat(browser.text("#methods")).contains("Blue key on my lanyard", "Spare key");

            browser.open(linkPath(browser, rowOf(browser, "Spare key"), "Rename"));
            browser.type("#label", "Green key in my drawer");
            go(browser, "#page form button[type=submit]");
            assertThat(browser.path()).startsWith("/account/self-service");
            assertThat(browser.text("#methods")).contains("Green key in my drawer").doesNotContain("Spare key");

            go(browser, "#sign-out");
            signIn(browser, email);
            assertThat(browser.path()).isEqualTo("/signin/factor/webauthn");
            assertThat(browser.text("h1")).isEqualTo("Use your security key");
            assertThat(browser.find("#use-another").getAttribute("href")).endsWith("/signin/factor/choose");
            go(browser, "#webauthn-use");
            assertThat(browser.path()).isEqualTo("/");

            browser.open("/account/self-service");
            assertThat(rowOf(browser, "Green key in my drawer").getText()).doesNotContain("Not used yet");
            assertThat(rowOf(browser, "Blue key on my lanyard").getText()).contains("Not used yet");
            browser.open(linkPath(browser, rowOf(browser, "Blue key on my lanyard"), "Remove"));
            go(browser, "#confirm-remove");
            assertThat(browser.path()).startsWith("/account/self-service");
            assertThat(browser.text("#mfa-status")).isEqualTo("MFA Status: Enabled");
            assertThat(browser.text("#methods")).contains("Green key in my drawer").doesNotContain("Blue key on my lanyard");
            assertThat(browser.checkedPages()).anyMatch(page -> page.startsWith(ENROLL + "#"))
                    .anyMatch(page -> page.startsWith("/signin/factor/webauthn#"));
        }
    }

    @Test
    void problemsAreShownInTheErrorSummary() {
        String email = newAccount();
        try (Browser browser = new Browser(port)) {
            HasVirtualAuthenticator authenticators = (HasVirtualAuthenticator) browser.driver();
            authenticators.addVirtualAuthenticator(securityKey());
            signIn(browser, email);
            browser.open(ENROLL);

            // No name: the key is not asked, and the field says what to do.
            browser.find("#webauthn-register").click();
            waitForProblem(browser);
            assertThat(browser.text("#webauthn-problem-message")).isEqualTo("Enter a name");
            assertThat(browser.find("#webauthn-problem-message").getAttribute("href")).endsWith("#label");
            assertThat(browser.text("#label-error").replaceAll("\\s+", " ")).isEqualTo("Error: Enter a name");
            assertNoAxeViolations(browser, "enrolment page with a name problem");

            // The person says no to the key, or it times out: the browser rejects with NotAllowedError.
            script(browser).executeScript("navigator.credentials.create = () => "
                    + "Promise.reject(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'));");
            browser.type("#label", "Blue key");
            browser.find("#webauthn-register").click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> browser.find("#webauthn-problem").isDisplayed()
                    && !browser.text("#webauthn-problem-message").equals("Enter a name"));
            assertThat(browser.text("#webauthn-problem-message"))
                    .isEqualTo("The security key was not registered. Try again, or choose another method.");
            assertThat(browser.find("#label-error").isDisplayed()).isFalse();
            assertNoAxeViolations(browser, "enrolment page after a cancelled key");

            // Trying again with the key goes on.
            browser.driver().navigate().refresh();
            browser.type("#label", "Blue key");
            go(browser, "#webauthn-register");
            assertThat(browser.path()).isNotEqualTo(ENROLL);
        }
    }

    /**
     * Clicks something that loads a new page, waits for that page and checks it with axe. Waits
     * on the document's time origin, which changes with every navigation, rather than on the old
     * element going stale (Chromium sometimes answers for a detached node with another error).
     */
    private static void go(Browser browser, String css) {
        Object before = script(browser).executeScript("return performance.timeOrigin");
        browser.find(css).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> {
            try {
                Object now = script(browser).executeScript(
                        "return document.readyState === 'complete' ? performance.timeOrigin : null");
                return now != null && !now.equals(before);
            } catch (org.openqa.selenium.WebDriverException navigating) {
                return false;
            }
        });
        browser.checkPage();
    }

    private static org.openqa.selenium.JavascriptExecutor script(Browser browser) {
        return (org.openqa.selenium.JavascriptExecutor) browser.driver();
    }

    private static void signIn(Browser browser, String email) {
        browser.open("/signin");
        browser.type("#email", email);
        browser.type("#password", PASSWORD);
        go(browser, "#sign-in");
    }

    private String newAccount() {
        long organisationId = organisations.findOrCreate("RX2", "Riverside Hospital").id();
        String email = "ward.nurse-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accounts.create(new NewAccount(email, "Ward Nurse", organisationId, Role.USER, PASSWORD.toCharArray()), "test", null);
        return email;
    }

    private static VirtualAuthenticatorOptions securityKey() {
        return new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true);
    }

    /** After enrolment another method (recovery codes) may show something first; Self-Service is where we check. */
    private static void toSelfService(Browser browser) {
        assertThat(browser.path()).isNotEqualTo(ENROLL);
        if (!browser.path().startsWith("/account/self-service")) {
            browser.open("/account/self-service");
        }
    }

    private static WebElement rowOf(Browser browser, String label) {
        return browser.driver().findElement(By.xpath("//table[@id='methods']//tr[.//td[contains(normalize-space(.), '"
                + label + "')]]"));
    }

    private static String linkPath(Browser browser, WebElement row, String action) {
        List<WebElement> links = row.findElements(By.cssSelector("a"));
        String href = links.stream().filter(a -> a.getText().startsWith(action)).findFirst().orElseThrow()
                .getAttribute("href");
        return href.substring(browser.baseUrl().length());
    }

    private static void waitForProblem(Browser browser) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> browser.find("#webauthn-problem").isDisplayed());
    }

    /** Browser checks each path once; a page showing a problem at the same path is checked here. */
    private static void assertNoAxeViolations(Browser browser, String what) {
        var results = new AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"))
                .analyze(browser.driver());
        assertThat(results.getViolations()).as("WCAG 2.2 A/AA violations on the %s: %s", what,
                results.getViolations().stream().map(v -> v.getId() + " " + v.getNodes().stream()
                        .map(n -> String.valueOf(n.getTarget())).toList()).toList()).isEmpty();
    }
}
