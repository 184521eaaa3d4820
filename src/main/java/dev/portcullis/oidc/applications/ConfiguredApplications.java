package dev.portcullis.oidc.applications;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;
import org.springframework.context.ApplicationEventPublisher;
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
 * console alone decides (the minimum sign-in strength) is kept.
 */
@Component
class ConfiguredApplications implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredApplications.class);

    private final ObjectProvider<OAuth2AuthorizationServerProperties> properties;
    private final RegisteredClientRepository clients;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

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
        List<RegisteredClient> declared = BootClientMapper.map(configured);
        transactions.executeWithoutResult(status -> declared.forEach(this::write));
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
        RegisteredClient.Builder builder = RegisteredClient.from(declared).clientSettings(settings.build());
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
