package dev.portcullis.messaging.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.portcullis.messaging.EmailGateway;
import dev.portcullis.messaging.SmsGateway;
import dev.portcullis.messaging.VoiceGateway;

/** Text messages and calls "sent" by storing them in the outbox. */
class OutboxGateways implements SmsGateway, VoiceGateway {

    private final Outbox outbox;

    OutboxGateways(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void sendSms(String e164, String text) {
        outbox.store("sms", e164, null, text, null);
    }

    @Override
    public void call(String e164, String spokenText) {
        outbox.store("voice", e164, null, spokenText, null);
    }

    /** Email kept in the outbox when no SMTP server is configured. */
    static class Email implements EmailGateway {

        private static final Logger log = LoggerFactory.getLogger(Email.class);

        private final Outbox outbox;
        private boolean warned;

        Email(Outbox outbox) {
            this.outbox = outbox;
        }

        @Override
        public void sendEmail(String to, String subject, String textBody, String htmlBody) {
            if (!warned) {
                warned = true;
                log.warn("No SMTP server is configured (spring.mail.host): emails are kept in the outbox, not sent.");
            }
            outbox.store("email", to, subject, textBody, htmlBody);
        }
    }
}
