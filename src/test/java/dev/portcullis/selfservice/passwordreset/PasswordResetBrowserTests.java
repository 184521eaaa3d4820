package dev.portcullis.selfservice.passwordreset;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import dev.portcullis.messaging.outbox.Outbox;
import dev.portcullis.messaging.outbox.OutboxMessage;
import dev.portcullis.testsupport.Browser;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue's "done when" in headless Chromium: a nurse who forgot their password asks for a
 * link from the sign-in page, opens it from the email (read from the outbox, where the default
 * install's email goes once the notification queue has sent it), proves themselves with the
 * authenticator app, chooses a new password and signs in with it; the old one no longer works.
 * Every page passes axe (WCAG 2.2 A/AA). The application's clock is moved on by a 30-second
 * step whenever the app must show a fresh code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PasswordResetBrowserTests {

    private static final String OLD_PASSWORD = "kettle-lamp-crimea";
    private static final String NEW_PASSWORD = "harbour violet lantern 42";
    private static final Pattern LINK = Pattern.compile("/signin/reset/link/[A-Za-z0-9_-]+");

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

    @Autowired
    private Outbox outbox;

    @Test
    void forgottenPasswordResetWithTheAuthenticatorAppThenSignInWithTheNewOne() throws InterruptedException {
        clock.set(TotpCodes.nextStepStart(clock.instant()).plusSeconds(10));
        long organisationId = organisations.findOrCreate("RX1", "Riverside Hospital").id();
        String email = "forgetful.nurse-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accounts.create(new NewAccount(email, "Forgetful Nurse", organisationId, Role.USER, OLD_PASSWORD.toCharArray()),
                "test", null);

        try (Browser browser = new Browser(port)) {
            String key = enrolAuthenticatorApp(browser, email);
            browser.signOut();

            browser.open("/signin");
            browser.click("#forgotten-password");
            assertThat(browser.path()).isEqualTo("/signin/reset");
            browser.type("#email", email);
            browser.click("#send-reset-link");
            assertThat(browser.path()).isEqualTo("/signin/reset/sent");
            assertThat(browser.text("#reset-sent")).startsWith("If an account uses that email address, we have sent it a link");

            browser.open(linkFromOutbox(email));
            assertThat(browser.text("h1")).isNotBlank();
            browser.click("#continue-reset");
            assertThat(browser.path()).isEqualTo("/signin/reset/verify");
            browser.click("#reset-choices a[id^='use-totp']");
            assertThat(browser.path()).startsWith("/signin/factor/totp");

            clock.advance(Duration.ofSeconds(TotpCodes.STEP_SECONDS));
            browser.type("#code", TotpCodes.current(key, clock));
            browser.click("#verify-totp");
            assertThat(browser.path()).isEqualTo("/signin/reset/password");

            browser.type("#password", NEW_PASSWORD);
            browser.type("#confirmPassword", NEW_PASSWORD);
            browser.click("#set-password");
            assertThat(browser.path()).isEqualTo("/signin?reset");
            assertThat(browser.text("#password-reset-message"))
                    .isEqualTo("Your password has been changed. Sign in with your new password.");

            browser.signIn(email, OLD_PASSWORD);
            assertThat(browser.path()).isEqualTo("/signin?error");
            assertThat(browser.text("#signin-problem")).isEqualTo("The email address or password is not correct");

            browser.signIn(email, NEW_PASSWORD);
            assertThat(browser.path()).isEqualTo("/signin/factor/totp");
            clock.advance(Duration.ofSeconds(TotpCodes.STEP_SECONDS));
            browser.type("#code", TotpCodes.current(key, clock));
            browser.click("#verify-totp");
            assertThat(browser.path()).isIn("/", "/?continue");
            assertThat(browser.text("#signed-in-as")).isEqualTo("Forgetful Nurse");
            assertThat(browser.checkedPages()).anyMatch(page -> page.startsWith("/signin/reset/password#"))
                    .anyMatch(page -> page.startsWith("/signin/reset/verify#"));
        }
    }

    /** Sets up the authenticator app from Self-Service, as in TotpBrowserTests; returns its key. */
    private String enrolAuthenticatorApp(Browser browser, String email) {
        browser.signIn(email, OLD_PASSWORD);
        browser.click("#nav-profile");
        browser.click("#menu-self-service");
        browser.click("#self-enroll");
        browser.click("#enroll-totp");
        String key = browser.text("#totp-secret");
        browser.type("#code", TotpCodes.current(key, clock));
        browser.click("#confirm-totp");
        for (int i = 0; i < 3 && !browser.path().startsWith("/account/self-service"); i++) {
            if (browser.findAll("#continue").isEmpty()) {
                break;
            }
            browser.click("#continue");
        }
        assertThat(browser.text("#mfa-status")).isEqualTo("MFA Status: Enabled");
        return key;
    }

    /** The reset link in the newest email to that address, once the notification queue has sent it. */
    private String linkFromOutbox(String email) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            for (OutboxMessage message : outbox.newestFirst(50)) {
                if ("email".equals(message.channel()) && email.equals(message.to())) {
                    Matcher link = LINK.matcher(message.body());
                    if (link.find()) {
                        return link.group();
                    }
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no reset link emailed to " + email + " in the outbox");
    }
}
