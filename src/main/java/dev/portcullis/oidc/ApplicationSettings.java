package dev.portcullis.oidc;

import java.util.Optional;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * Portcullis's own settings of a relying application, kept in Spring's client settings next to
 * its standard ones (so one row says everything about an application).
 */
public final class ApplicationSettings {

    /** The weakest {@link Acr} the application accepts: {@code mfa}, {@code phr}, or absent (any). */
    public static final String MINIMUM_ACR = "settings.client.portcullis.minimum-acr";

    /** Where the application was registered: {@code console} or {@code configuration}. */
    public static final String SOURCE = "settings.client.portcullis.source";

    public static final String SOURCE_CONSOLE = "console";
    public static final String SOURCE_CONFIGURATION = "configuration";

    private ApplicationSettings() {
    }

    public static Optional<Acr> minimumAcr(RegisteredClient client) {
        return minimumAcr(client.getClientSettings());
    }

    public static Optional<Acr> minimumAcr(ClientSettings settings) {
        Object value = settings.getSetting(MINIMUM_ACR);
        return value instanceof String s ? Acr.parse(s) : Optional.empty();
    }

    public static String source(RegisteredClient client) {
        Object value = client.getClientSettings().getSetting(SOURCE);
        return value instanceof String s ? s : SOURCE_CONSOLE;
    }
}
