package dev.portcullis.mfa.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
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
 * One journey in headless Chromium: a nurse sets up an authenticator app, is offered recovery
 * codes straight after and saves them, gets an email about the new method, then signs in with a
 * recovery code through "Use another method", is told to set up a new method, and finds the same
 * code refused next time. Every page passes axe (WCAG 2.2 A/AA).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecoveryCodeBrowserTests {

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

    @Autowired
    private Outbox outbox;

    @Test
    void nurseSavesRecoveryCodesAfterHerFirstMethodAndSignsInWithOne() throws InterruptedException {
        clock.set(TotpCodes.nextStepStart(clock.instant()).plusSeconds(10));
        long organisationId = organisations.findOrCreate("RB1", "Riverbank Health Centre").id();
        String email = "night.nurse-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accounts.create(new NewAccount(email, "Night Nurse", organisationId, Role.USER, PASSWORD.toCharArray()), "test", null);

        try (Browser browser = new Browser(port)) {
            browser.signIn(email, PASSWORD);
            browser.open("/account/self-service");
            browser.click("#self-enroll");
            browser.click("#enroll-totp");
            String key = browser.text("#totp-secret");
            browser.type("#code", TotpCodes.current(key, clock));
            browser.click("#confirm-totp");

            // Straight after the first method: the offer of recovery codes.
            assertThat(browser.path()).isEqualTo("/account/security/factors/recovery/new");
            assertThat(browser.text("h1")).isEqualTo("Recovery codes");
            browser.click("#create-codes");

            assertThat(browser.text("h1")).isEqualTo("Your recovery codes");
            assertThat(browser.text("#save-codes"))
                    .isEqualTo("Write these down or print them and keep them somewhere safe. Each code works once.");
            List<String> codes = browser.findAll("#recovery-codes code").stream().map(WebElement::getText).toList();
            assertThat(codes).hasSize(10).allMatch(c -> c.matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){3}"));

            browser.click("#continue");
            assertThat(browser.path()).isEqualTo("/account/self-service?changed");
            assertThat(browser.text("#mfa-status")).isEqualTo("MFA Status: Enabled");
            assertThat(browser.text("#methods")).contains("Authenticator app").contains("Recovery codes")
                    .contains("10 of 10 left");
            assertThat(browser.driver().getPageSource()).doesNotContain(codes.get(0));

            OutboxMessage added = awaitEmail(email, "Portcullis: a new sign-in method was added to your account");
            assertThat(added.body()).contains("Hello Night Nurse,").contains("Method: Authenticator app")
                    .contains("If this wasn't you, contact your local administrator straight away.");
            awaitEmail(email, "Portcullis: new recovery codes were created for your account");

            browser.signOut();
            browser.signIn(email, PASSWORD);
            assertThat(browser.path()).isEqualTo("/signin/factor/totp");
            browser.click("#use-another-method");
            assertThat(browser.path()).isEqualTo("/signin/factor/choose");
            browser.click("a[id^='use-recovery']");
            assertThat(browser.path()).isEqualTo("/signin/factor/recovery");

            // A slip first: a wrong code is explained and the page stays.
            browser.type("#code", "0000-0000-0000-0000");
            browser.click("#verify");
            assertThat(browser.text("#code-problem")).startsWith("That code is not right or has already been used");

            browser.type("#code", codes.get(0).toLowerCase());
            browser.click("#verify");
            assertThat(browser.path()).isEqualTo("/account/security/factors/recovery/used");
            assertThat(browser.text("#used-message"))
                    .isEqualTo("You used a recovery code. If you have lost your phone or key, set up a new method now.");
            assertThat(browser.text("#codes-left")).isEqualTo("You have 9 recovery codes left.");
            assertThat(browser.find("#self-service").getAttribute("href")).endsWith("/account/self-service");
            assertThat(browser.find("#self-enroll").getAttribute("href")).endsWith("/account/security/enroll");
            browser.click("#continue");
            assertThat(browser.path()).isEqualTo("/");
            assertThat(browser.text("#welcome-name")).isEqualTo("Night Nurse");

            OutboxMessage used = awaitEmail(email, "Portcullis: a recovery code was used on your account");
            assertThat(used.body()).contains("Recovery codes left: 9").doesNotContain(codes.get(0));

            // The same code again: refused.
            browser.signOut();
            browser.signIn(email, PASSWORD);
            browser.open("/signin/factor/recovery");
            browser.type("#code", codes.get(0));
            browser.click("#verify");
            assertThat(browser.path()).isEqualTo("/signin/factor/recovery");
            assertThat(browser.text("#code-problem")).startsWith("That code is not right or has already been used");

            assertThat(browser.checkedPages())
                    .anyMatch(page -> page.startsWith("/account/security/factors/recovery/new#"))
                    .anyMatch(page -> page.startsWith("/signin/factor/recovery#"))
                    .anyMatch(page -> page.startsWith("/account/security/factors/recovery/used#"));
        }
    }

    /** The scheduled sender runs every two seconds: waits for the email to reach the outbox. */
    private OutboxMessage awaitEmail(String to, String subject) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            for (OutboxMessage message : outbox.newestFirst(200)) {
                if ("email".equals(message.channel()) && to.equals(message.to()) && subject.equals(message.subject())) {
                    return message;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no email '" + subject + "' to " + to + " in the outbox");
    }
}
