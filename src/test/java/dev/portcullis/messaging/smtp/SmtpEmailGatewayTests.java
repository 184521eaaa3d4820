package dev.portcullis.messaging.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.messaging.MessagingProperties;

class SmtpEmailGatewayTests {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static MessagingProperties properties(Duration timeout) {
        return new MessagingProperties(null, null, null, timeout, "Portcullis <no-reply@portcullis.test>");
    }

    private static JavaMailSenderImpl sender(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        return sender;
    }

    @Test
    void sendEmailWhenAcceptedThenOneMultipartAlternativeMessageWithTextThenHtml() throws Exception {
        SmtpEmailGateway gateway = new SmtpEmailGateway(sender(smtp.getSmtp().getPort()), properties(null));

        gateway.sendEmail("person@example.org", "Your security code – Portcullis", "Your code is 493817.",
                "<p>Your code is <strong>493817</strong>.</p>");

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage message = received[0];
        assertThat(message.getSubject()).isEqualTo("Your security code – Portcullis");
        assertThat(message.getFrom()).containsExactly(new InternetAddress("Portcullis <no-reply@portcullis.test>"));
        assertThat(message.getAllRecipients()).containsExactly(new InternetAddress("person@example.org"));
        assertThat(message.getContentType()).startsWith("multipart/alternative");

        Multipart parts = (Multipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(((String) parts.getBodyPart(0).getContent()).strip()).isEqualTo("Your code is 493817.");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(((String) parts.getBodyPart(1).getContent()).strip())
                .isEqualTo("<p>Your code is <strong>493817</strong>.</p>");
    }

    @Test
    void inp04_sendEmailWhenSubjectHoldsLineBreakThenNoHeaderInjected() throws Exception {
        SmtpEmailGateway gateway = new SmtpEmailGateway(sender(smtp.getSmtp().getPort()), properties(null));

        gateway.sendEmail("person@example.org", "Hello\r\nBcc: attacker@example.org", "text", "<p>html</p>");

        MimeMessage message = smtp.getReceivedMessages()[0];
        assertThat(message.getHeader("Bcc")).isNull();
        assertThat(message.getSubject()).isEqualTo("Hello Bcc: attacker@example.org");
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void sendEmailWhenRecipientNotOneValidAddressThenPermanentAndNothingSent() {
        SmtpEmailGateway gateway = new SmtpEmailGateway(sender(smtp.getSmtp().getPort()), properties(null));

        for (String to : new String[] { "not an address", "a@example.org, b@example.org", "a@example.org\r\nBcc: b@example.org", "" }) {
            assertThatExceptionOfType(MessageDeliveryException.class)
                    .isThrownBy(() -> gateway.sendEmail(to, "subject", "text", "<p>html</p>"))
                    .satisfies(e -> assertThat(e.retryable()).isFalse());
        }
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void oob07_sendEmailWhenSmtpServerUnreachableThenRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SmtpEmailGateway gateway = new SmtpEmailGateway(sender(closedPort), properties(Duration.ofSeconds(2)));

        assertThatExceptionOfType(MessageDeliveryException.class)
                .isThrownBy(() -> gateway.sendEmail("person@example.org", "subject", "Your code is 493817.", "<p>html</p>"))
                .satisfies(e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).doesNotContain("493817");
                });
    }

    @Test
    void oob07_sendEmailWhenSmtpServerNeverGreetsThenRetryableWithinTimeout() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(10_000);
                } catch (Exception e) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            SmtpEmailGateway gateway = new SmtpEmailGateway(sender(silent.getLocalPort()), properties(timeout));

            Instant start = Instant.now();
            assertThatExceptionOfType(MessageDeliveryException.class)
                    .isThrownBy(() -> gateway.sendEmail("person@example.org", "subject", "text", "<p>html</p>"))
                    .satisfies(e -> assertThat(e.retryable()).isTrue());
            assertThat(Duration.between(start, Instant.now())).isLessThan(timeout.plusSeconds(2));
            acceptor.interrupt();
        }
    }

    @ParameterizedTest
    @CsvSource({ "550 5.1.1 User unknown, false", "452 4.2.2 Mailbox full, true" })
    void sendEmailWhenServerRefusesRecipientThenRetryableOnlyForTransientReplies(String reply, boolean retryable)
            throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread fake = new Thread(() -> fakeSmtp(server, reply));
            fake.setDaemon(true);
            fake.start();
            SmtpEmailGateway gateway = new SmtpEmailGateway(sender(server.getLocalPort()), properties(Duration.ofSeconds(5)));

            assertThatExceptionOfType(MessageDeliveryException.class)
                    .isThrownBy(() -> gateway.sendEmail("person@example.org", "subject", "text", "<p>html</p>"))
                    .satisfies(e -> assertThat(e.retryable()).isEqualTo(retryable))
                    .withMessageContaining("answered " + reply.substring(0, 3));
        }
    }

    // just enough SMTP to reach RCPT TO, which gets the given reply
    private static void fakeSmtp(ServerSocket server, String rcptReply) {
        try (Socket socket = server.accept();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = socket.getOutputStream();
            out.write("220 fake.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.length() < 4 ? line : line.substring(0, 4).toUpperCase();
                String answer = switch (command) {
                    case "RCPT" -> rcptReply;
                    case "QUIT" -> "221 bye";
                    default -> "250 OK";
                };
                out.write((answer + "\r\n").getBytes(StandardCharsets.US_ASCII));
                if (command.equals("QUIT")) {
                    return;
                }
            }
        } catch (Exception e) {
            // the client hung up
        }
    }

    @Test
    void defaultTimeoutsWhenNoneConfiguredThenSetAndWhenConfiguredThenKept() {
        Properties mail = new Properties();
        mail.setProperty("mail.smtp.timeout", "2500");

        SmtpEmailGateway.defaultTimeouts(mail, Duration.ofSeconds(7));

        assertThat(mail).containsEntry("mail.smtp.timeout", "2500")
                .containsEntry("mail.smtp.connectiontimeout", "7000")
                .containsEntry("mail.smtp.writetimeout", "7000")
                .containsEntry("mail.smtps.timeout", "7000");
    }

    @Test
    void constructWhenFromAddressInvalidThenStartUpFailsNamingTheProperty() {
        MessagingProperties properties = new MessagingProperties(null, null, null, null, "Portcullis <not valid>");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SmtpEmailGateway(sender(25), properties))
                .withMessageContaining("portcullis.messaging.email-from");
    }
}
