package dev.portcullis.oidc.applications;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.portcullis.oidc.ApplicationSettings;

/**
 * Honours Spring Boot's own {@code spring.security.oauth2.authorizationserver.client.<name>.registration.*}
 * properties: before the server takes requests, each configured client is written to the
 * database (created, or updated in place by its registration name or client id), so that the
 * console shows what configuration says. {@link ApplicationRules} apply to them too; what the
 * console alone decides (the minimum sign-in strength) is kept; plain-text secrets are hashed.
 */
@Component
class ConfiguredApplications implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredApplications.class);

    private final ObjectProvider<OAuth2AuthorizationServerProperties> properties;
    private final RegisteredClientRepository clients;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final PasswordEncoder secrets = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    ConfiguredApplications(ObjectProvider<OAuth2AuthorizationServerProperties> properties, RegisteredClientRepository clients,
                           TransactionTemplate transactions, ApplicationEventPublisher events) {
        this.properties = properties;
        this.clients = clients;
        this.transactions = transactions;
        this.events = events;
    }

    @Override
    public void afterSingletonsInstantiated() {
        OAuth2AuthorizationServerProperties configured = properties.getIfAvailable();
        if (configured == null || configured.getClient().isEmpty()) {
            return;
        }
        for (RegisteredClient declared : BootClientMapper.map(configured)) {
            try {
                transactions.executeWithoutResult(status -> write(declared));
            } catch (DataIntegrityViolationException anotherNodeWroteItFirst) {
                // Several nodes starting together: one of them wrote this client; the same configuration wins.
                log.info("Configured OIDC client {} was written by another node", declared.getClientId());
            }
        }
    }

    /**
     * A secret written in plain text in configuration ({@code {noop}...}, or without an encoder
     * prefix) is stored hashed, like the console's; an encoded one ({@code {bcrypt}...}) as it is.
     * An unchanged plain secret keeps its stored hash.
     */
    private String storedSecret(String configured, RegisteredClient existing) {
        if (configured == null || configured.isEmpty()) {
            return null;
        }
        boolean plain = configured.startsWith("{noop}") || !configured.startsWith("{");
        if (!plain) {
            return configured;
        }
        String raw = configured.startsWith("{noop}") ? configured.substring("{noop}".length()) : configured;
        if (existing != null && existing.getClientSecret() != null && existing.getClientSecret().startsWith("{bcrypt}")
                && secrets.matches(raw, existing.getClientSecret())) {
            return existing.getClientSecret();
        }
        return secrets.encode(raw);
    }

    private void write(RegisteredClient declared) {
        RegisteredClient existing = clients.findById(declared.getId());
        if (existing == null) {
            existing = clients.findByClientId(declared.getClientId());
        }
        ClientSettings.Builder settings = ClientSettings.withSettings(declared.getClientSettings().getSettings())
                .setting(ApplicationSettings.SOURCE, ApplicationSettings.SOURCE_CONFIGURATION);
        if (existing != null && existing.getClientSettings().getSetting(ApplicationSettings.MINIMUM_ACR) != null) {
            settings.setting(ApplicationSettings.MINIMUM_ACR, existing.getClientSettings().getSetting(ApplicationSettings.MINIMUM_ACR));
        }
        RegisteredClient.Builder builder = RegisteredClient.from(declared).clientSettings(settings.build())
                .clientSecret(storedSecret(declared.getClientSecret(), existing));
        if (existing != null) {
            builder.id(existing.getId());
            if (existing.getClientIdIssuedAt() != null) {
                builder.clientIdIssuedAt(existing.getClientIdIssuedAt());
            }
        }
        RegisteredClient merged = builder.build();
        String adjusted = ApplicationRules.differences(merged);
        if (!adjusted.isEmpty()) {
            log.warn("Configured OIDC client {}: Portcullis enforces {}", declared.getClientId(), adjusted);
        }
        clients.save(ApplicationRules.enforce(merged));
        events.publishEvent(new ApplicationEvents.ApplicationConfigured(declared.getClientId(), existing == null, adjusted));
    }
}
