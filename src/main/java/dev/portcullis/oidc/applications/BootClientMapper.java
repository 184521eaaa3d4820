package dev.portcullis.oidc.applications;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Spring Boot's client properties as {@link RegisteredClient}s, the way Boot's own (package-private)
 * {@code OAuth2AuthorizationServerPropertiesMapper} maps them for its in-memory repository: the
 * registration name is the client's id, and the client secret is stored as written (with its
 * encoder prefix, e.g. {@code {bcrypt}...} or {@code {noop}...}).
 */
final class BootClientMapper {

    private BootClientMapper() {
    }

    static List<RegisteredClient> map(OAuth2AuthorizationServerProperties properties) {
        List<RegisteredClient> clients = new ArrayList<>();
        for (Map.Entry<String, OAuth2AuthorizationServerProperties.Client> entry : properties.getClient().entrySet()) {
            clients.add(map(entry.getKey(), entry.getValue()));
        }
        return clients;
    }

    private static RegisteredClient map(String registrationId, OAuth2AuthorizationServerProperties.Client client) {
        OAuth2AuthorizationServerProperties.Registration registration = client.getRegistration();
        RegisteredClient.Builder builder = RegisteredClient.withId(registrationId)
                .clientId(registration.getClientId())
                .clientName(registration.getClientName() != null ? registration.getClientName() : registrationId);
        if (registration.getClientSecret() != null) {
            builder.clientSecret(registration.getClientSecret());
        }
        registration.getClientAuthenticationMethods().forEach(m -> builder.clientAuthenticationMethod(new ClientAuthenticationMethod(m)));
        registration.getAuthorizationGrantTypes().forEach(g -> builder.authorizationGrantType(new AuthorizationGrantType(g)));
        registration.getRedirectUris().forEach(builder::redirectUri);
        registration.getPostLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
        registration.getScopes().forEach(builder::scope);

        ClientSettings.Builder clientSettings = ClientSettings.builder()
                .requireProofKey(client.isRequireProofKey())
                .requireAuthorizationConsent(client.isRequireAuthorizationConsent());
        if (client.getJwkSetUri() != null) {
            clientSettings.jwkSetUrl(client.getJwkSetUri());
        }
        if (client.getTokenEndpointAuthenticationSigningAlgorithm() != null) {
            clientSettings.tokenEndpointAuthenticationSigningAlgorithm(jwsAlgorithm(client.getTokenEndpointAuthenticationSigningAlgorithm()));
        }
        builder.clientSettings(clientSettings.build());

        OAuth2AuthorizationServerProperties.Token token = client.getToken();
        builder.tokenSettings(TokenSettings.builder()
                .authorizationCodeTimeToLive(token.getAuthorizationCodeTimeToLive())
                .accessTokenTimeToLive(token.getAccessTokenTimeToLive())
                .accessTokenFormat(new OAuth2TokenFormat(token.getAccessTokenFormat()))
                .deviceCodeTimeToLive(token.getDeviceCodeTimeToLive())
                .reuseRefreshTokens(token.isReuseRefreshTokens())
                .refreshTokenTimeToLive(token.getRefreshTokenTimeToLive())
                .idTokenSignatureAlgorithm(SignatureAlgorithm.from(token.getIdTokenSignatureAlgorithm().toUpperCase(Locale.ROOT)))
                .build());
        return builder.build();
    }

    private static JwsAlgorithm jwsAlgorithm(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        JwsAlgorithm algorithm = SignatureAlgorithm.from(upper);
        return algorithm != null ? algorithm : MacAlgorithm.from(upper);
    }
}
