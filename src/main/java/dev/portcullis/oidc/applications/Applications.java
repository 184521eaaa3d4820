package dev.portcullis.oidc.applications;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.oidc.Acr;
import dev.portcullis.oidc.ApplicationSettings;
import dev.portcullis.oidc.OidcProperties;

/**
 * Relying applications as the console manages them: register, change, renew a secret, delete.
 * Secrets are generated here (256 random bits), shown once by the caller, and stored only as a
 * hash made by the delegating password encoder. Every change is audited.
 */
@Service
class Applications {

    private final RegisteredClientRepository clients;
    private final JdbcClient jdbc;
    private final OidcProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecureRandom random;
    private final PasswordEncoder secrets = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    Applications(RegisteredClientRepository clients, JdbcClient jdbc, OidcProperties properties,
                 ApplicationEventPublisher events, Clock clock, SecureRandom random) {
        this.clients = clients;
        this.jdbc = jdbc;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
        this.random = random;
    }

    /** A newly registered application, with its secret in plain text this once (null for public ones). */
    record Registered(RegisteredClient client, String secret) {

        @Override
        public String toString() {
            return "Registered[" + client.getClientId() + ", secret=(redacted)]";
        }
    }

    List<RegisteredClient> all() {
        List<RegisteredClient> all = new ArrayList<>();
        for (String id : jdbc.sql("SELECT id FROM oauth2_registered_client ORDER BY LOWER(client_name), id").query(String.class).list()) {
            RegisteredClient client = clients.findById(id);
            if (client != null) {
                all.add(client);
            }
        }
        return all;
    }

    Optional<RegisteredClient> find(String id) {
        return id == null || id.length() > 100 ? Optional.empty() : Optional.ofNullable(clients.findById(id));
    }

    @Transactional
    Registered register(ApplicationForm.Valid form, long actorAccountId) {
        String secret = form.confidential() ? newSecret() : null;
        RegisteredClient.Builder builder = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(newClientId())
                .clientIdIssuedAt(clock.instant())
                .clientSecret(secret == null ? null : secrets.encode(secret));
        if (form.confidential()) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        } else {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        }
        RegisteredClient client = ApplicationRules.enforce(apply(builder, form, ApplicationSettings.SOURCE_CONSOLE).build());
        clients.save(client);
        events.publishEvent(new ApplicationEvents.ApplicationRegistered(actorAccountId, client.getClientId(), client.getClientName(),
                form.confidential() ? "confidential" : "public"));
        return new Registered(client, secret);
    }

    @Transactional
    Optional<RegisteredClient> update(String id, ApplicationForm.Valid form, long actorAccountId) {
        return find(id).map(existing -> {
            RegisteredClient.Builder builder = RegisteredClient.from(existing)
                    .redirectUris(Set::clear)
                    .postLogoutRedirectUris(Set::clear)
                    .scopes(Set::clear)
                    .authorizationGrantTypes(Set::clear);
            RegisteredClient client = ApplicationRules.enforce(apply(builder, form, ApplicationSettings.source(existing)).build());
            clients.save(client);
            events.publishEvent(new ApplicationEvents.ApplicationChanged(actorAccountId, client.getClientId(), client.getClientName()));
            return client;
        });
    }

    /** A new secret for a confidential application; the old one stops working at once. */
    @Transactional
    Optional<String> renewSecret(String id, long actorAccountId) {
        return find(id).filter(Applications::confidential).map(existing -> {
            String secret = newSecret();
            clients.save(RegisteredClient.from(existing).clientSecret(secrets.encode(secret)).build());
            events.publishEvent(new ApplicationEvents.ApplicationSecretRenewed(actorAccountId, existing.getClientId()));
            return secret;
        });
    }

    /** Deletes the application with every authorization, consent and token family it had. */
    @Transactional
    boolean delete(String id, long actorAccountId) {
        Optional<RegisteredClient> existing = find(id);
        if (existing.isEmpty()) {
            return false;
        }
        jdbc.sql("DELETE FROM oauth2_authorization WHERE registered_client_id = :id").param("id", id).update();
        jdbc.sql("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = :id").param("id", id).update();
        jdbc.sql("DELETE FROM oidc_token_family WHERE registered_client_id = :id").param("id", id).update();
        jdbc.sql("DELETE FROM oauth2_registered_client WHERE id = :id").param("id", id).update();
        events.publishEvent(new ApplicationEvents.ApplicationDeleted(actorAccountId, existing.get().getClientId(),
                existing.get().getClientName()));
        return true;
    }

    static boolean confidential(RegisteredClient client) {
        return !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE);
    }

    private RegisteredClient.Builder apply(RegisteredClient.Builder builder, ApplicationForm.Valid form, String source) {
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add(OidcScopes.OPENID);
        scopes.addAll(form.scopes());
        builder.clientName(form.name())
                .redirectUris(uris -> uris.addAll(form.redirectUris()))
                .postLogoutRedirectUris(uris -> uris.addAll(form.postLogoutRedirectUris()))
                .scopes(s -> s.addAll(scopes))
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE);
        if (scopes.contains("offline_access")) {
            builder.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN);
        }
        builder.clientSettings(ClientSettings.builder()
                .requireProofKey(true)
                .requireAuthorizationConsent(false)
                .setting(ApplicationSettings.MINIMUM_ACR, form.minimumAcr().map(Acr::shortName).orElse("none"))
                .setting(ApplicationSettings.SOURCE, source)
                .build());
        builder.tokenSettings(TokenSettings.builder()
                .authorizationCodeTimeToLive(OidcProperties.MAX_CODE_LIFETIME)
                .accessTokenTimeToLive(properties.accessTokenLifetime())
                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                .refreshTokenTimeToLive(properties.refreshTokenLifetime())
                .reuseRefreshTokens(false)
                .idTokenSignatureAlgorithm(SignatureAlgorithm.from(form.signingAlgorithm()))
                .build());
        return builder;
    }

    private String newClientId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "app-" + HexFormat.of().formatHex(bytes);
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
