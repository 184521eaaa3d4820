package dev.portcullis.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.messaging.outbox.Outbox;
import dev.portcullis.messaging.outbox.OutboxMessage;
import dev.portcullis.testsupport.Browser;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "This wasn't me" in a real browser: a sign-in from a new device shows as unusual on Recent
 * activity and emails the holder; the email's link locks the account, ends every session and
 * tells the local administrator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portcullis.test.keep-datasource=true")
class SignInMonitoringBrowserTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FullPoolDatabase.register(registry);
    }

    private static final Pattern NOT_ME_PATH = Pattern.compile("https?://[^/\\s]+(/signin/not-me/[A-Za-z0-9_-]{43})");

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private Outbox outbox;

    private Browser browser;

    private String holder;

    private String administrator;

    private final String password = "harbour-lantern-" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeEach
    void accountsAndBrowser() {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        long organisationId = organisations.findOrCreate("RM9", "Moorside Hospital NHS Trust").id();
        holder = "ada." + unique + "@moorside.example";
        administrator = "mo." + unique + "@moorside.example";
        accounts.create(new NewAccount(holder, "Ada Holder", organisationId, Role.USER, password.toCharArray()), "test", null);
        accounts.create(new NewAccount(administrator, "Mo Administrator", organisationId, Role.LOCAL_ADMIN,
                password.toCharArray()), "test", null);
        browser = new Browser(port);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void mon01_ses03_newDeviceEmailNotMeLinkLocksAccountEndsSessionsAndTellsAdministrator() throws InterruptedException {
        // The holder's usual device.
        HttpUser usual = new HttpUser(port);
        assertThat(usual.signIn(holder, password).location()).isEqualTo("/");

        // Someone else, on a browser never seen for this account.
        browser.signIn(holder, password);
        assertThat(browser.path()).isEqualTo("/");
        browser.open("/account/activity");
        browser.checkPage();
        assertThat(browser.text("#activity .app-flag")).startsWith("Unusual: New device");
        assertThat(browser.text("#activity tbody tr:first-child td:nth-child(2)")).isEqualTo("Chrome on Linux");

        OutboxMessage email = awaitEmail(holder, "a sign-in from a new device or place");
        assertThat(email.body()).contains("Chrome on Linux").contains("This wasn't me").doesNotContain("<script");
        Matcher link = NOT_ME_PATH.matcher(email.body());
        assertThat(link.find()).as(email.body()).isTrue();

        browser.open(link.group(1));
        browser.checkPage();
        assertThat(browser.text("h1")).isEqualTo("Was this sign-in you?");
        assertThat(accounts.findByEmail(holder).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
        browser.click("#confirm-not-me");

        assertThat(browser.path()).isEqualTo("/signin/not-me/done");
        browser.checkPage();
        assertThat(browser.text("h1")).isEqualTo("Your account is locked");
        assertThat(accounts.findByEmail(holder).orElseThrow().status()).isEqualTo(AccountStatus.LOCKED);
        assertThat(usual.get("/").location()).as("the usual device's session ended").isEqualTo("/signin");
        browser.open("/");
        assertThat(browser.path()).as("the browser's session ended").isEqualTo("/signin");

        OutboxMessage told = awaitEmail(administrator, "reported a sign-in that was not theirs");
        assertThat(told.body()).contains(holder).contains("Chrome on Linux");

        browser.open(link.group(1));
        assertThat(browser.text("h1")).isEqualTo("This link has expired or has already been used");
        browser.signIn(holder, password);
        assertThat(browser.text("#signin-problem")).contains("This account is locked");
    }

    private OutboxMessage awaitEmail(String to, String subjectPart) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(until)) {
            Optional<OutboxMessage> found = outbox.newestFirst(50).stream()
                    .filter(m -> "email".equals(m.channel()) && to.equals(m.to()) && m.subject().contains(subjectPart))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no email to " + to + " about " + subjectPart + " in the outbox");
    }
}
