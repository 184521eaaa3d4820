package dev.portcullis.mfa.totp;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.Browser;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One journey in headless Chromium: a nurse sets up an authenticator app from Self-Service,
 * signs out, and signs in again with a code from it. Every page passes axe (WCAG 2.2 A/AA).
 * The app's codes come from the key the page shows; the application's clock is moved by hand
 * instead of waiting for the next 30-second code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TotpBrowserTests {

    private static final String PASSWORD = "a-long-password";

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private MutableClock clock;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Test
    void nurseSetsUpAnAuthenticatorAppAndSignsInWithIt() {
        clock.set(TotpCodes.nextStepStart(clock.instant()).plusSeconds(10));
        long organisationId = organisations.findOrCreate("RX1", "Riverside Hospital").id();
        String email = "ward.nurse-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accounts.create(new NewAccount(email, "Ward Nurse", organisationId, Role.USER, PASSWORD.toCharArray()), "test", null);

        try (Browser browser = new Browser(port)) {
            browser.signIn(email, PASSWORD);
            assertThat(browser.path()).isEqualTo("/");

            browser.click("#nav-profile");
            browser.click("#menu-self-service");
            assertThat(browser.text("#mfa-status")).isEqualTo("MFA Status: Not Enabled");

            browser.click("#self-enroll");
            assertThat(browser.path()).isEqualTo("/account/security/enroll");
            browser.click("#enroll-totp");
            assertThat(browser.path()).isEqualTo("/account/security/factors/totp/enroll");
            assertThat(browser.find("#totp-qr svg").isDisplayed()).isTrue();
            String key = browser.text("#totp-secret");

            // A slip first: the page explains, and shows the same key again.
            browser.type("#code", "12345");
            browser.click("#confirm-totp");
            assertThat(browser.text("#code-problem")).isEqualTo("The code must be 6 digits");
            assertThat(browser.text("#totp-secret")).isEqualTo(key);
            assertNoAxeViolations(browser, "enrolment page with an error");

            browser.type("#code", TotpCodes.current(key, clock));
            browser.click("#confirm-totp");
            // Another method (recovery codes) may show something to write down first.
            for (int i = 0; i < 3 && !browser.path().startsWith("/account/self-service"); i++) {
                if (browser.findAll("#continue").isEmpty()) {
                    break;
                }
                browser.click("#continue");
            }
            assertThat(browser.path()).startsWith("/account/self-service");
            assertThat(browser.text("#mfa-status")).isEqualTo("MFA Status: Enabled");
            assertThat(browser.text("#methods")).contains("Authenticator app");
            assertThat(browser.driver().getPageSource()).doesNotContain(key);

            browser.signOut();
            assertThat(browser.path()).startsWith("/signin");

            browser.signIn(email, PASSWORD);
            assertThat(browser.path()).isEqualTo("/signin/factor/totp");
            assertThat(browser.text("h1")).isEqualTo("Enter the 6-digit code from your authenticator app");
            assertThat(browser.find("#use-another-method").getAttribute("href")).endsWith("/signin/factor/choose");

            // The code used to confirm the app cannot be used again: the app shows the next one.
            browser.type("#code", TotpCodes.current(key, clock));
            browser.click("#verify-totp");
            assertThat(browser.path()).isEqualTo("/signin/factor/totp");
            assertThat(browser.text("#code-problem")).startsWith("The code is not correct");
            assertNoAxeViolations(browser, "sign-in code page with an error");

            clock.advance(Duration.ofSeconds(TotpCodes.STEP_SECONDS));
            browser.type("#code", TotpCodes.current(key, clock).substring(0, 3) + " " + TotpCodes.current(key, clock).substring(3));
            browser.click("#verify-totp");

            assertThat(browser.path()).isEqualTo("/");
            assertThat(browser.text("#welcome-name")).isEqualTo("Ward Nurse");
            assertThat(browser.checkedPages()).anyMatch(page -> page.startsWith("/account/security/factors/totp/enroll#"))
                    .anyMatch(page -> page.startsWith("/signin/factor/totp#"));
        }
    }

    /** Browser checks each path once; pages that show an error at the same path are checked here too. */
    private static void assertNoAxeViolations(Browser browser, String what) {
        var results = new com.deque.html.axecore.selenium.AxeBuilder()
                .withTags(java.util.List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"))
                .analyze(browser.driver());
        assertThat(results.getViolations()).as("WCAG 2.2 A/AA violations on the %s: %s", what,
                results.getViolations().stream().map(v -> v.getId() + " " + v.getNodes().stream()
                        .map(n -> String.valueOf(n.getTarget())).toList()).toList()).isEmpty();
    }
}
