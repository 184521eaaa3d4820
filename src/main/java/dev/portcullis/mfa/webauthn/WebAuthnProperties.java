package dev.portcullis.mfa.webauthn;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The FIDO2 token method (security keys and passkeys). The relying party id and origin are not
 * settings of their own: they come from the public base URL ({@code PORTCULLIS_BASE_URL}).
 *
 * @param enabled whether people may register and use security keys here (default true)
 */
@ConfigurationProperties("portcullis.mfa.webauthn")
public record WebAuthnProperties(@DefaultValue("true") boolean enabled) {
}
