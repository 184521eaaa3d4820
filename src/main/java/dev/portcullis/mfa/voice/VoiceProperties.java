package dev.portcullis.mfa.voice;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The phone call factor.
 *
 * @param enabled whether people can add and use it (default true; it also needs a provider that can call)
 */
@ConfigurationProperties("portcullis.mfa.voice")
public record VoiceProperties(Boolean enabled) {

    public VoiceProperties {
        enabled = enabled == null || enabled;
    }
}
