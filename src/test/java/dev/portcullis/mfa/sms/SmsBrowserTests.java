package dev.portcullis.mfa.sms;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One journey in headless Chromium, every page checked by axe-core: a new user sets up text
 * message MFA from Self-Service with the code read from the outbox, sees MFA Status: Enabled,
 * signs out, and signs in again with a texted code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SmsBrowserTests {

    private static final String NUMBER = "+447700900123";

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
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private Outbox outbox;

    @Test
    void newUserSetsUpTextMessageAndSignsInWithIt() {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String email = "pharmacist." + unique + "@riverside.example";
        String password = "willow-compass-" + unique;
        long organisation = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        accounts.create(new NewAccount(email, "Ada Pharmacist", organisation, Role.USER, password.toCharArray()), "test", null);

        try (Browser browser = new Browser(port)) {
            browser.signIn(email, password);
            browser.open("/account/self-service");
            assertThat(browser.text("#mfa-status")).isEqualTo("MFA Status: Not Enabled");

            browser.click("#self-enroll");
            browser.click("#enroll-sms");
            assertThat(browser.text("h1")).isEqualTo("Enter your mobile phone number");
            browser.type("#phone", "07700 900");
            browser.click("#send-code");
            assertThat(browser.text("#phone-problem")).startsWith("Enter a mobile phone number");

            browser.type("#phone", "07700 900123");
            browser.click("#send-code");
            assertThat(browser.path()).isEqualTo("/account/security/factors/sms/enroll/confirm");
            assertThat(browser.text("#code-sent")).startsWith("We have sent a code to +44").contains("123");
            browser.type("#code", "000000".equals(latestCode()) ? "000001" : "000000");
            browser.click("#confirm-code");
            assertThat(browser.text("#code-problem")).isEqualTo("The security code is not correct. Check it and try again.");

            browser.type("#code", latestCode());
            browser.click("#confirm-code");
            browser.open("/account/self-service");
            assertThat(browser.text("#mfa-status")).isEqualTo("MFA Status: Enabled");
            assertThat(browser.text("#methods")).contains("Text message").contains("123");

            browser.signOut();
            browser.signIn(email, password);
            assertThat(browser.path()).isEqualTo("/signin/factor/sms");
            assertThat(browser.text("#code-sent")).startsWith("We have sent a code to +44").contains("123");
            browser.type("#code", latestCode());
            browser.click("#verify-code");

            assertThat(browser.path()).isEqualTo("/");
            assertThat(browser.text("#welcome-name")).isEqualTo("Ada Pharmacist");
        }
    }

    private String latestCode() {
        for (OutboxMessage message : outbox.newestFirst(20)) {
            if ("sms".equals(message.channel()) && NUMBER.equals(message.to())) {
                Matcher code = Pattern.compile("security code is (\\d{6})").matcher(message.body());
                assertThat(code.find()).as(message.body()).isTrue();
                return code.group(1);
            }
        }
        throw new AssertionError("no text message to " + NUMBER + " in the outbox");
    }
}
