package dev.portcullis.mfa.sms;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The text message factor.
 *
 * @param enabled whether people can add and use it (default true; it also needs an SMS gateway)
 */
@ConfigurationProperties("portcullis.mfa.sms")
public record SmsProperties(Boolean enabled) {

    public SmsProperties {
        enabled = enabled == null || enabled;
    }
}
