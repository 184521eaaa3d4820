package dev.portcullis.mfa.totp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The authenticator app method.
 *
 * @param enabled whether people may set up and use an authenticator app here (default true)
 * @param issuer  the name the app shows beside the code; defaults to the service name
 *                ({@code portcullis.service-name}, "Portcullis")
 */
@ConfigurationProperties("portcullis.mfa.totp")
public record TotpProperties(@DefaultValue("true") boolean enabled, String issuer) {

    public TotpProperties {
        if (issuer != null && issuer.isBlank()) {
            issuer = null;
        }
        if (issuer != null && (issuer.indexOf(':') >= 0 || issuer.length() > 60)) {
            throw new IllegalArgumentException("portcullis.mfa.totp.issuer must be at most 60 characters, without a colon");
        }
    }

    /** The issuer shown in the app: the configured one, else the service name. */
    String issuerOr(String serviceName) {
        return issuer != null ? issuer : serviceName.replace(':', ' ');
    }
}
