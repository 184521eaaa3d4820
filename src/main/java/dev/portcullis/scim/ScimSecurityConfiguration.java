package dev.portcullis.scim;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;

/**
 * The provisioning API's own filter chain, ahead of the portal's (which stays as it is): only
 * {@code /scim/v2/**}, bearer tokens only, stateless (no session is read or created, so no
 * cookie and no CSRF token play any part). A missing or unknown token is a 401 with
 * {@code WWW-Authenticate: Bearer} (RFC 6750 §3) and a SCIM error body; a refused token is audited.
 */
@Configuration(proxyBeanMethods = false)
class ScimSecurityConfiguration {

    static final String AUTHORITY = "SCIM_CLIENT";
    private static final String REALM = "Bearer realm=\"scim\"";

    @Bean
    @Order(2)
    SecurityFilterChain scimSecurity(HttpSecurity http, ScimTokens tokens, ScimJson json, ApplicationEventPublisher events)
            throws Exception {
        http
            .securityMatcher(ScimResources.BASE_PATH + "/**")
            .authorizeHttpRequests(requests -> requests.anyRequest().hasAuthority(AUTHORITY))
            .addFilterBefore(new BearerTokenFilter(tokens, json, events), AuthorizationFilter.class)
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .securityContext(context -> context.securityContextRepository(new NullSecurityContextRepository()))
            .requestCache(cache -> cache.disable())
            .csrf(csrf -> csrf.disable())
            .formLogin(form -> form.disable())
            .httpBasic(basic -> basic.disable())
            .logout(logout -> logout.disable())
            .exceptionHandling(exceptions -> exceptions
                .authenticationEntryPoint((request, response, e) ->
                        unauthorised(response, json, REALM, "Send a provisioning token as Authorization: Bearer"))
                .accessDeniedHandler((request, response, e) -> write(response, json, 403, "Not allowed")))
            .headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
        return http.build();
    }

    static void unauthorised(HttpServletResponse response, ScimJson json, String challenge, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", challenge);
        write(response, json, 401, detail);
    }

    private static void write(HttpServletResponse response, ScimJson json, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(ScimJson.MEDIA_TYPE + ";charset=UTF-8");
        response.getOutputStream().write(json.write(json.error(status, null, detail)));
    }

    /** Reads {@code Authorization: Bearer}; not a bean, so that it runs in this chain only. */
    static final class BearerTokenFilter extends OncePerRequestFilter {

        private final ScimTokens tokens;
        private final ScimJson json;
        private final ApplicationEventPublisher events;

        BearerTokenFilter(ScimTokens tokens, ScimJson json, ApplicationEventPublisher events) {
            this.tokens = tokens;
            this.json = json;
            this.events = events;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                chain.doFilter(request, response);
                return;
            }
            Optional<ScimClient> client = tokens.authenticate(header.substring(7).strip());
            if (client.isEmpty()) {
                events.publishEvent(new TokenRefused(request.getRemoteAddr()));
                unauthorised(response, json, REALM + ", error=\"invalid_token\"", "The token is not valid or has been revoked");
                return;
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new PreAuthenticatedAuthenticationToken(client.get(), null,
                    List.of(new SimpleGrantedAuthority(AUTHORITY))));
            SecurityContextHolder.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }

    record TokenRefused(String sourceIp) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("scim.token.refused", null, null, null, sourceIp, "reason=unknown or revoked token");
        }
    }
}
