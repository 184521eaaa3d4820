package dev.portcullis.oidc;

import java.util.Locale;
import java.util.Optional;

/**
 * The authentication context classes Portcullis asserts in {@code acr} (OpenID Connect Core
 * §2) and accepts in {@code acr_values} and as an application's minimum. Ordered: a stronger
 * class satisfies every weaker one.
 */
public enum Acr {

    /** The password and any second factor. */
    MFA("urn:portcullis:acr:mfa", "mfa", "MFA: password and a second factor"),

    /** The password and a phishing-resistant factor: a FIDO2 security key or passkey. */
    PHR("urn:portcullis:acr:phr", "phr", "Phishing-resistant MFA: password and a FIDO2 security key");

    /** The request parameter (OpenID Connect Core §3.1.2.1). */
    public static final String ACR_VALUES = "acr_values";

    private final String uri;
    private final String shortName;
    private final String description;

    Acr(String uri, String shortName, String description) {
        this.uri = uri;
        this.shortName = shortName;
        this.description = description;
    }

    /** The value in tokens and {@code acr_values}. */
    public String uri() {
        return uri;
    }

    /** The value in the console and in client settings: {@code mfa} or {@code phr}. */
    public String shortName() {
        return shortName;
    }

    public String description() {
        return description;
    }

    public boolean satisfies(Acr required) {
        return required == null || compareTo(required) >= 0;
    }

    /** By URI ({@code urn:portcullis:acr:phr}) or short name ({@code phr}); unknown values are empty. */
    public static Optional<Acr> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (Acr acr : values()) {
            if (acr.uri.equals(v) || acr.shortName.equals(v)) {
                return Optional.of(acr);
            }
        }
        return Optional.empty();
    }
}
