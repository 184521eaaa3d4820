package dev.portcullis.messaging.smtp;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.portcullis.messaging.EmailGateway;
import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.messaging.MessagingProperties;

/**
 * Email by SMTP through Spring's {@link JavaMailSender}: one multipart/alternative message with
 * the plain-text part first and the HTML part last, the one mail clients prefer (RFC 2046 §5.1.4).
 */
public final class SmtpEmailGateway implements EmailGateway {

    private static final Logger log = LoggerFactory.getLogger(SmtpEmailGateway.class);

    // "452 4.3.1 Insufficient system storage", "550 5.1.1 User unknown"
    private static final Pattern SMTP_REPLY = Pattern.compile("([45][0-9]{2})[ -]");

    private final JavaMailSender mailSender;

    private final InternetAddress from;

    public SmtpEmailGateway(JavaMailSender mailSender, MessagingProperties properties) {
        this.mailSender = mailSender;
        try {
            this.from = new InternetAddress(properties.emailFrom(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("portcullis.messaging.email-from is not an email address: "
                    + properties.emailFrom());
        }
        if (mailSender instanceof JavaMailSenderImpl sender) {
            defaultTimeouts(sender.getJavaMailProperties(), properties.timeout());
        }
    }

    /**
     * JavaMail waits forever for a silent SMTP server unless told otherwise. Timeouts set through
     * {@code spring.mail.properties.*} win; these only fill the gaps. They apply to the session the
     * sender creates on its first send.
     */
    static void defaultTimeouts(Properties mail, Duration timeout) {
        String millis = String.valueOf(timeout.toMillis());
        for (String protocol : List.of("smtp", "smtps")) {
            mail.putIfAbsent("mail." + protocol + ".connectiontimeout", millis);
            mail.putIfAbsent("mail." + protocol + ".timeout", millis);
            mail.putIfAbsent("mail." + protocol + ".writetimeout", millis);
        }
    }

    @Override
    public void sendEmail(String to, String subject, String textBody, String htmlBody) {
        MimeMessage message = mailSender.createMimeMessage();
        try {
            message.setFrom(from);
            message.setRecipient(MimeMessage.RecipientType.TO, recipient(to));
            // a line break in a subject would start a new header
            message.setSubject(subject == null ? "" : subject.replaceAll("[\\r\\n]+", " "), "UTF-8");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(textBody == null ? "" : textBody, "UTF-8", "plain");
            if (htmlBody == null) {
                message.setContent(new MimeMultipart("alternative", plain));
            } else {
                MimeBodyPart html = new MimeBodyPart();
                html.setText(htmlBody, "UTF-8", "html");
                message.setContent(new MimeMultipart("alternative", plain, html));
            }
        } catch (MessagingException e) {
            throw MessageDeliveryException.permanent("Could not build the email (" + e.getClass().getSimpleName() + ")", null);
        }
        try {
            mailSender.send(message);
        } catch (MailException e) {
            throw translate(e);
        }
        log.info("The SMTP server accepted an email");
    }

    private static InternetAddress recipient(String to) {
        try {
            if (to == null || to.indexOf('\r') >= 0 || to.indexOf('\n') >= 0) {
                throw new AddressException("line break");
            }
            InternetAddress address = new InternetAddress(to, true);
            if (address.isGroup()) {
                throw new AddressException("group");
            }
            return address;
        } catch (AddressException e) {
            throw MessageDeliveryException.permanent("Not one valid email address; the email was not sent", null);
        }
    }

    static MessageDeliveryException translate(MailException failure) {
        if (failure instanceof MailAuthenticationException) {
            return MessageDeliveryException.permanent("The SMTP server refused our credentials; the email was not sent", null);
        }
        if (failure instanceof MailSendException send) {
            for (Throwable cause : causes(send)) {
                if (cause instanceof IOException io) {
                    // connection refused, timed out or dropped
                    return MessageDeliveryException.retryable("Could not reach the SMTP server ("
                            + io.getClass().getSimpleName() + "); the email may not have been sent", io);
                }
                Matcher reply = cause instanceof MessagingException ? SMTP_REPLY.matcher(String.valueOf(cause.getMessage())) : null;
                if (reply != null && reply.lookingAt()) {
                    // the mail provider puts the server's reply in the message; 4xx replies are
                    // transient by definition (RFC 5321 §4.2.1), 5xx permanent
                    int code = Integer.parseInt(reply.group(1));
                    String message = "The SMTP server answered " + code + "; the email was not sent";
                    return code < 500
                            ? MessageDeliveryException.retryable(message, null)
                            : MessageDeliveryException.permanent(message, null);
                }
            }
        }
        return MessageDeliveryException.permanent(
                "The email could not be sent (" + failure.getClass().getSimpleName() + ")", null);
    }

    // every exception under a MailSendException: its causes, its per-message exceptions and
    // MessagingException's own chain of next exceptions
    private static List<Throwable> causes(MailSendException failure) {
        List<Throwable> found = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(failure);
        while (!todo.isEmpty()) {
            Throwable next = todo.poll();
            if (next == null || !seen.add(next)) {
                continue;
            }
            found.add(next);
            if (next instanceof MailSendException send) {
                todo.addAll(send.getFailedMessages().values());
            }
            if (next instanceof MessagingException messaging && messaging.getNextException() != null) {
                todo.add(messaging.getNextException());
            }
            if (next.getCause() != null) {
                todo.add(next.getCause());
            }
        }
        return found;
    }
}
