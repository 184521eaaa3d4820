package dev.portcullis.mfa.recovery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Recovery codes, {@code portcullis.mfa.recovery.*}.
 *
 * @param enabled offer recovery codes after the first method and at sign-in
 */
@ConfigurationProperties("portcullis.mfa.recovery")
record RecoveryCodeProperties(@DefaultValue("true") boolean enabled) {
}
