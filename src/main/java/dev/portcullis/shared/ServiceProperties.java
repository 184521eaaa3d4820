package dev.portcullis.shared;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings that span modules.
 *
 * @param baseUrl public base URL: the WebAuthn origin, the OIDC issuer and the host of every
 *                link we send (never taken from the request)
 * @param dataDir where the embedded database and generated keys live
 * @param serviceName the name in the header, page titles and messages
 * @param emailUrl the mail service's web client behind the navigation's Email item (hidden when blank)
 * @param demo seed demonstration organisations and accounts at start-up
 */
@ConfigurationProperties("portcullis")
public record ServiceProperties(URI baseUrl, Path dataDir, String serviceName, String emailUrl, boolean demo) {

    public ServiceProperties {
        if (baseUrl == null) {
            baseUrl = URI.create("http://localhost:8080");
        }
        String text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("portcullis.base-url (PORTCULLIS_BASE_URL) must be an http or https URL, got: " + text);
        }
        if (dataDir == null) {
            dataDir = Path.of("data");
        }
        if (serviceName == null || serviceName.isBlank()) {
            serviceName = "Portcullis";
        }
        if (emailUrl != null && emailUrl.isBlank()) {
            emailUrl = null;
        }
    }

    /** An absolute link on the public base URL, for emails and log messages. */
    public String link(String path) {
        return baseUrl + (path.startsWith("/") ? path : "/" + path);
    }
}
