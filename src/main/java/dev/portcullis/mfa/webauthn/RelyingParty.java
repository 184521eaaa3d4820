package dev.portcullis.mfa.webauthn;

import java.net.URI;
import java.util.Locale;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.webauthn4j.data.client.Origin;

import dev.portcullis.shared.ServiceProperties;

/**
 * Who we are to a security key (WebAuthn §5.1.2, §5.4.2): the RP id is the host of the public
 * base URL and the one origin we accept is that URL's scheme, host and port. Both come from
 * configuration, never from the request, so a look-alike site relaying a ceremony fails the
 * origin and RP id hash checks (WA-01, WA-02).
 *
 * <p>When the configured base URL names port 0 (a server told to pick any free port, as tests
 * do), the port the server actually opened is used once it is known.
 */
@Component
class RelyingParty {

    private final String name;
    private volatile URI baseUrl;

    RelyingParty(ServiceProperties service) {
        this.name = service.serviceName();
        this.baseUrl = service.baseUrl();
    }

    /** The RP id: the base URL's host, e.g. {@code portal.example.nhs.uk} or {@code localhost}. */
    String id() {
        return baseUrl.getHost().toLowerCase(Locale.ROOT);
    }

    /** The name a browser may show while asking for the key. */
    String name() {
        return name;
    }

    /** The origin a browser reports in clientDataJSON: scheme://host[:port], no default port, no path. */
    String origin() {
        String scheme = baseUrl.getScheme().toLowerCase(Locale.ROOT);
        int port = baseUrl.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + id() + (defaultPort ? "" : ":" + port);
    }

    Origin webAuthnOrigin() {
        return new Origin(origin());
    }

    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        if (baseUrl.getPort() == 0 && event.getApplicationContext().getServerNamespace() == null) {
            URI configured = baseUrl;
            baseUrl = URI.create(configured.getScheme() + "://" + configured.getHost() + ":"
                    + event.getWebServer().getPort());
        }
    }
}
