package dev.portcullis.mfa.voice;

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
 * One journey in headless Chromium, every page checked by axe-core: a new user sets up phone
 * call MFA from Self-Service with the code read out in the call (taken from the outbox), sees
 * MFA Status: Enabled, signs out, and signs in again with a code from a call.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VoiceBrowserTests {

    private static final String NUMBER = "+447700900123";

    // the digits as the call reads them: "1." on its own line, six of them
    private static final Pattern SPOKEN_CODE = Pattern.compile("code is:\\s*((?:\\d\\.\\s*){6})");

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
    void newUserSetsUpPhoneCallAndSignsInWithIt() {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String email = "receptionist." + unique + "@riverside.example";
        String password = "meadow-lantern-" + unique;
        long organisation = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        accounts.create(new NewAccount(email, "Grace Receptionist", organisation, Role.USER, password.toCharArray()), "test", null);

        try (Browser browser = new Browser(port)) {
            browser.signIn(email, password);
            browser.open("/account/self-service");
            assertThat(browser.text("#mfa-status")).isEqualTo("MFA Status: Not Enabled");

            browser.click("#self-enroll");
            browser.click("#enroll-voice");
            assertThat(browser.text("h1")).isEqualTo("Enter the phone number we should call");
            browser.type("#phone", "07700 900123");
            browser.click("#send-code");
            assertThat(browser.path()).isEqualTo("/account/security/factors/voice/enroll/confirm");
            assertThat(browser.text("#code-sent")).startsWith("We are calling +44").contains("123");

            browser.type("#code", latestCode());
            browser.click("#confirm-code");
            browser.open("/account/self-service");
            assertThat(browser.text("#mfa-status")).isEqualTo("MFA Status: Enabled");
            assertThat(browser.text("#methods")).contains("Phone call");

            browser.signOut();
            browser.signIn(email, password);
            assertThat(browser.path()).isEqualTo("/signin/factor/voice");
            assertThat(browser.text("#code-sent")).startsWith("We are calling +44");
            browser.type("#code", latestCode());
            browser.click("#verify-code");

            assertThat(browser.path()).isEqualTo("/");
            assertThat(browser.text("#welcome-name")).isEqualTo("Grace Receptionist");
        }
    }

    private String latestCode() {
        for (OutboxMessage message : outbox.newestFirst(20)) {
            if ("voice".equals(message.channel()) && NUMBER.equals(message.to())) {
                Matcher spoken = SPOKEN_CODE.matcher(message.body());
                assertThat(spoken.find()).as(message.body()).isTrue();
                assertThat(message.body()).as("read twice").contains("Again:");
                return spoken.group(1).replaceAll("[^0-9]", "");
            }
        }
        throw new AssertionError("no call to " + NUMBER + " in the outbox");
    }
}
