package dev.portcullis.notification;

import java.util.UUID;

import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.messaging.outbox.Outbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account-change email delivered end to end over SMTP: a password change queues the email in
 * its transaction, the scheduled sender takes it from the queue and hands it to Spring Boot mail
 * (spring.mail.host and port pointing at GreenMail), and one multipart/alternative message
 * arrives with the plain-text part first and the HTML part last, each escaped for its own kind
 * (INP-04). Nothing lands in the outbox once SMTP is configured.
 */
@SpringBootTest(properties = {"spring.mail.host=127.0.0.1",
        "portcullis.messaging.email-from=Portcullis <no-reply@portcullis.test>",
        "portcullis.base-url=https://portal.example.nhs.uk"})
class SmtpNotificationIntegrationTests {

    // Started before the application context, which reads its port while it starts.
    private static final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @DynamicPropertySource
    static void mailPort(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private Outbox outbox;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void passwordChangedEmailDeliveredBySmtpWithPlainTextAndHtmlParts() throws Exception {
        long organisationId = organisations.findOrCreate("RX1", "Riverside Hospital").id();
        String email = "robin.ohara-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        Account account = accounts.create(new NewAccount(email, "Robin O'Hara", organisationId, Role.USER,
                "harbour-violet-thistle".toCharArray()), "test", null);

        accounts.changePassword(account.id(), "lantern-kettle-crimea".toCharArray(), "change", account.id());

        assertThat(smtp.waitForIncomingEmail(20_000, 1)).as("the queued email reached the SMTP server").isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage message = received[0];
        assertThat(message.getAllRecipients()).containsExactly(new InternetAddress(email));
        assertThat(message.getFrom()).containsExactly(new InternetAddress("Portcullis <no-reply@portcullis.test>"));
        assertThat(message.getSubject()).isEqualTo("Portcullis: your password was changed");
        assertThat(message.getContentType()).startsWith("multipart/alternative");

        Multipart parts = (Multipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        String text = (String) parts.getBodyPart(0).getContent();
        assertThat(text).contains("Hello Robin O'Hara,")
                .contains("The password for your Portcullis account was changed.")
                .contains("If this wasn't you, contact your local administrator straight away.")
                .contains("Sign in: https://portal.example.nhs.uk/signin")
                .doesNotContain("<p>").doesNotContain("&#39;");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(html).contains("<p>Hello <span>Robin O&#39;Hara</span>,</p>")
                .contains("href=\"https://portal.example.nhs.uk/signin\"")
                .doesNotContain("Robin O'Hara");

        // The sender marks the email sent just after the SMTP server has taken it: wait for that.
        long recorded = 0;
        for (long deadline = System.nanoTime() + 10_000_000_000L; recorded == 0 && System.nanoTime() < deadline; ) {
            recorded = jdbc.sql("""
                    SELECT COUNT(*) FROM notification_queue
                    WHERE account_id = :id AND template = 'password-changed' AND sent_at IS NOT NULL AND attempts = 1
                    """).param("id", account.id()).query(Long.class).single();
            if (recorded == 0) {
                Thread.sleep(50);
            }
        }
        assertThat(recorded).as("recorded as sent once").isEqualTo(1);
        assertThat(outbox.newestFirst(100)).noneMatch(m -> email.equals(m.to()));
    }
}
