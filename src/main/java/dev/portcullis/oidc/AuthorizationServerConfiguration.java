package dev.portcullis.oidc;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.transaction.support.TransactionTemplate;

import dev.portcullis.mfa.MfaService;
import dev.portcullis.oidc.keys.SigningKeys;
import dev.portcullis.oidc.keys.TokenLifetimes;
import dev.portcullis.shared.ServiceProperties;

/**
 * Portcullis as an OpenID Connect provider: Spring Security's authorization server on its own
 * filter chain, ahead of the portal's, matching only the protocol endpoints (discovery, JWKS,
 * authorize, token, userinfo, introspection, revocation, logout). Clients, authorizations and
 * consents live in the database; tokens are signed with the keys of {@link SigningKeys}.
 *
 * <p>The authorization endpoint serves only sessions that finished sign-in ({@code SIGNED_IN}):
 * anonymous people are sent to sign in, people part-way through to their second factor (MFA-01),
 * and both come back to the same request. {@link AuthorizationRequestPolicy} then applies
 * {@code prompt}, {@code max_age} and {@code acr_values}.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    /** Same rules as the portal's pages: nothing inline, nothing from elsewhere, never framed. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerSecurity(HttpSecurity http, RegisteredClientRepository clients,
            FamilyTrackingAuthorizationService authorizations, OAuth2AuthorizationConsentService consents,
            AuthorizationServerSettings settings, OAuth2TokenGenerator<?> tokens, TokenFamilies families,
            AuthenticationStrengths strengths, MfaService mfa, OidcClaims claims, JwtDecoder jwtDecoder,
            AccessDeniedHandler secondFactorAccessDeniedHandler, ApplicationEventPublisher events, Clock clock,
            SecureRandom random) throws Exception {
        AuthorizationResponses responses = new AuthorizationResponses(mfa, events, clock);
        AuthorizationRequestPolicy policy = new AuthorizationRequestPolicy(strengths, mfa, events, clock);
        AuthorizationCodes codes = new AuthorizationCodes(clock, random);
        RequestMatcher authorizeEndpoint = PathPatternRequestMatcher.withDefaults().matcher(settings.getAuthorizationEndpoint());
        RememberedClientSecrets clientSecrets = new RememberedClientSecrets(random);

        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.registeredClientRepository(clients)
                .authorizationService(authorizations)
                .authorizationConsentService(consents)
                .authorizationServerSettings(settings)
                .tokenGenerator(tokens)
                .clientAuthentication(clientAuthentication -> clientAuthentication
                    .authenticationProviders(providers -> providers.forEach(provider -> {
                        if (provider instanceof ClientSecretAuthenticationProvider secrets) {
                            secrets.setPasswordEncoder(clientSecrets);
                        }
                    })))
                .authorizationEndpoint(endpoint -> endpoint
                    .authenticationProviders(providers -> providers.forEach(provider -> {
                        if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider request) {
                            request.setAuthenticationValidator(new OAuth2AuthorizationCodeRequestAuthenticationValidator().andThen(policy));
                            request.setAuthorizationCodeGenerator(codes);
                        } else if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider consent) {
                            consent.setAuthorizationCodeGenerator(codes);
                        }
                    }))
                    .authorizationResponseHandler(responses.success())
                    .errorResponseHandler(responses.failure())
                    .consentPage(ConsentController.PATH))
                .tokenEndpoint(endpoint -> endpoint
                    .authenticationProviders(providers -> providers.replaceAll(provider ->
                        provider instanceof OAuth2AuthorizationCodeAuthenticationProvider
                            ? SingleUseGrants.codes(provider, authorizations, families)
                            : provider instanceof OAuth2RefreshTokenAuthenticationProvider
                                ? SingleUseGrants.refreshTokens(provider, authorizations, families)
                                : provider)))
                .oidc(oidc -> oidc
                    .providerConfigurationEndpoint(discovery -> discovery.providerConfigurationCustomizer(claims::describe))
                    .userInfoEndpoint(userInfo -> userInfo.userInfoMapper(claims::userInfo))
                    .logoutEndpoint(logout -> logout.logoutResponseHandler(new SignOutResponses(events))));
        });
        http
            .authorizeHttpRequests(requests -> requests
                .requestMatchers(authorizeEndpoint).hasAuthority(AuthenticationStrengths.SIGNED_IN)
                .anyRequest().authenticated())
            .oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt.decoder(jwtDecoder)))
            .exceptionHandling(exceptions -> exceptions
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/signin"), authorizeEndpoint)
                .defaultAccessDeniedHandlerFor(secondFactorAccessDeniedHandler, authorizeEndpoint))
            .headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
        return http.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(ServiceProperties service) {
        return AuthorizationServerSettings.builder().issuer(service.baseUrl().toString()).build();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc) {
        return new JdbcRegisteredClientRepository(jdbc) {
            @Override
            public RegisteredClient findByClientId(String clientId) {
                // INP-01: an id no application can have (longer than the column, or with a control
                // character, which PostgreSQL refuses outright) is not looked up: unknown client.
                if (clientId == null || clientId.length() > 100 || clientId.chars().anyMatch(Character::isISOControl)) {
                    return null;
                }
                return super.findByClientId(clientId);
            }
        };
    }

    @Bean
    FamilyTrackingAuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients,
            TokenFamilies families, TransactionTemplate transactions, ApplicationEventPublisher events) {
        JdbcOAuth2AuthorizationService stored = new JdbcOAuth2AuthorizationService(jdbc, clients);
        var json = AuthorizationJson.mapper();
        stored.setAuthorizationRowMapper(new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationRowMapper(clients, json));
        stored.setAuthorizationParametersMapper(new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationParametersMapper(json));
        return new FamilyTrackingAuthorizationService(stored, families, transactions, events);
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }

    /** Published keys, for the JWKS endpoint and for verifying our own access tokens at userinfo. */
    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return keys.publishedKeys();
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, AuthorizationServerSettings settings, Clock clock) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                keys.publishedKeys()));
        processor.setJWTClaimsSetVerifier((claimsSet, context) -> {
            // NimbusJwtDecoder checks the claims, with the application's clock
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(30));
        timestamps.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(settings.getIssuer())));
        return decoder;
    }

    @Bean
    OAuth2TokenGenerator<?> tokenGenerator(SigningKeys keys, OidcClaims claims, Clock clock) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(keys.signingKeys());
        JwtGenerator jwts = new JwtGenerator(encoder);
        jwts.setJwtCustomizer(claims);
        jwts.setClock(clock);
        OAuth2AccessTokenGenerator referenceTokens = new OAuth2AccessTokenGenerator();
        referenceTokens.setClock(clock);
        OAuth2RefreshTokenGenerator refreshTokens = new OAuth2RefreshTokenGenerator();
        refreshTokens.setClock(clock);
        return new DelegatingOAuth2TokenGenerator(jwts, referenceTokens, refreshTokens);
    }

    /** OpenID Connect sessions ({@code sid}) are the portal's Spring Session sessions, shared by every node. */
    @Bean
    SessionRegistry oidcSessionRegistry(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions) {
        FindByIndexNameSessionRepository<? extends Session> repository = sessions.getIfAvailable();
        // Without a web server (storage tests, batch runs) there is no session store and no OIDC traffic.
        return repository == null ? new org.springframework.security.core.session.SessionRegistryImpl()
                : new SpringSessionBackedSessionRegistry<>(repository);
    }

    /**
     * How long a key must stay published after it stops signing: the longest lifetime of an
     * access or ID token of any registered application.
     */
    @Bean
    TokenLifetimes tokenLifetimes(JdbcClient jdbc, RegisteredClientRepository clients, OidcProperties properties) {
        return () -> {
            Duration longest = OidcProperties.ID_TOKEN_LIFETIME.compareTo(properties.accessTokenLifetime()) > 0
                    ? OidcProperties.ID_TOKEN_LIFETIME : properties.accessTokenLifetime();
            List<String> ids = jdbc.sql("SELECT id FROM oauth2_registered_client").query(String.class).list();
            for (String id : ids) {
                RegisteredClient client = clients.findById(id);
                if (client != null && client.getTokenSettings().getAccessTokenTimeToLive().compareTo(longest) > 0) {
                    longest = client.getTokenSettings().getAccessTokenTimeToLive();
                }
            }
            return longest;
        };
    }
}
