package dev.portcullis.messaging;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Which provider sends text messages, calls and emails, and how to reach it.
 *
 * @param provider  {@code outbox} (the default: messages are stored for the developer or test to
 *                  read), {@code notify} (GOV.UK Notify: text messages and email) or {@code twilio}
 *                  (text messages and calls; email then goes by SMTP or to the outbox)
 * @param govNotify GOV.UK Notify settings under {@code portcullis.messaging.notify}, used when the
 *                  provider is {@code notify} (a record component cannot be called {@code notify}:
 *                  it would clash with {@code Object.notify()})
 * @param twilio    Twilio settings, used when the provider is {@code twilio}
 * @param timeout   the longest a send may take before it is given up as retryable; it bounds how
 *                  long a request thread waits for a slow provider
 * @param emailFrom the From header of emails sent by SMTP
 */
@ConfigurationProperties("portcullis.messaging")
public record MessagingProperties(Provider provider, @Name("notify") Notify govNotify, Twilio twilio, Duration timeout,
        String emailFrom) {

    private static final String PREFIX = "portcullis.messaging.";

    public MessagingProperties {
        provider = provider == null ? Provider.OUTBOX : provider;
        govNotify = govNotify == null ? new Notify(null, null, null, null) : govNotify;
        twilio = twilio == null ? new Twilio(null, null, null, null) : twilio;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        emailFrom = emailFrom == null || emailFrom.isBlank() ? "Portcullis <no-reply@localhost>" : emailFrom.strip();
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException(PREFIX + "timeout must be more than 0 and at most 2 minutes, got " + timeout);
        }
        if (provider == Provider.NOTIFY) {
            govNotify.requireComplete();
        }
        if (provider == Provider.TWILIO) {
            twilio.requireComplete();
        }
    }

    public enum Provider {
        OUTBOX, NOTIFY, TWILIO
    }

    /**
     * @param apiKey          the key from Notify's "API integration" page: {@code name-<service id>-<secret>}
     * @param baseUrl         Notify's API; set only to point at a stub
     * @param smsTemplateId   a text message template whose whole body is {@code ((message))}
     * @param emailTemplateId an email template with subject {@code ((subject))} and body {@code ((body))}
     */
    public record Notify(String apiKey, String baseUrl, String smsTemplateId, String emailTemplateId) {

        // name, then two UUIDs: the service id (the JWT issuer) and the signing secret
        private static final Pattern API_KEY = Pattern.compile(
                ".+-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}"
                        + "-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

        private static final Pattern UUID = Pattern.compile(
                "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

        public Notify {
            apiKey = blankToNull(apiKey);
            baseUrl = httpUrl(blankToNull(baseUrl) == null ? "https://api.notifications.service.gov.uk" : baseUrl,
                    "notify.base-url");
            smsTemplateId = blankToNull(smsTemplateId);
            emailTemplateId = blankToNull(emailTemplateId);
        }

        void requireComplete() {
            require(apiKey, "notify.api-key", "notify");
            if (!API_KEY.matcher(apiKey).matches()) {
                // never echo the key: it is a secret
                throw new IllegalArgumentException(PREFIX + "notify.api-key is not a GOV.UK Notify API key "
                        + "(expected name-<service id>-<secret>, as shown once when the key is created)");
            }
            require(smsTemplateId, "notify.sms-template-id", "notify");
            // Notify also sends our email when it is the provider (no SMTP gateway is created then)
            require(emailTemplateId, "notify.email-template-id", "notify");
            requireUuid(smsTemplateId, "notify.sms-template-id");
            requireUuid(emailTemplateId, "notify.email-template-id");
        }

        private static void requireUuid(String value, String property) {
            if (!UUID.matcher(value).matches()) {
                throw new IllegalArgumentException(PREFIX + property + " must be a Notify template ID (a UUID), got: " + value);
            }
        }

        @Override
        public String toString() {
            return "Notify[apiKey=" + (apiKey == null ? "null" : "(redacted)") + ", baseUrl=" + baseUrl
                    + ", smsTemplateId=" + smsTemplateId + ", emailTemplateId=" + emailTemplateId + "]";
        }
    }

    /**
     * @param accountSid the account SID ({@code AC...}), also the user name of Basic authentication
     * @param authToken  the account's auth token
     * @param fromNumber the number (or, for text messages only, sender ID) messages and calls come from
     * @param baseUrl    set only to point at a stub: replaces the scheme, host and port of every request
     */
    public record Twilio(String accountSid, String authToken, String fromNumber, String baseUrl) {

        public Twilio {
            accountSid = blankToNull(accountSid);
            authToken = blankToNull(authToken);
            fromNumber = blankToNull(fromNumber);
            baseUrl = blankToNull(baseUrl) == null ? null : httpUrl(baseUrl, "twilio.base-url");
        }

        void requireComplete() {
            require(accountSid, "twilio.account-sid", "twilio");
            require(authToken, "twilio.auth-token", "twilio");
            require(fromNumber, "twilio.from-number", "twilio");
        }

        @Override
        public String toString() {
            return "Twilio[accountSid=" + accountSid + ", authToken=" + (authToken == null ? "null" : "(redacted)")
                    + ", fromNumber=" + fromNumber + ", baseUrl=" + baseUrl + "]";
        }
    }

    private static void require(String value, String property, String provider) {
        if (value == null) {
            throw new IllegalArgumentException(PREFIX + property + " is required when " + PREFIX + "provider is " + provider);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String httpUrl(String value, String property) {
        String url = value.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + property + " is not a URL: " + value);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(PREFIX + property + " must be an http or https URL, got: " + value);
        }
        return url;
    }
}
