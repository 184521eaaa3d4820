package dev.portcullis.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The portal's one filter chain: who may reach which path, the sign-in and sign-out endpoints,
 * CSRF on every form, and the security headers every response carries.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    /** No inline script or style anywhere, nothing framed, nothing loaded from other origins. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /**
     * No Micrometer observation around each security filter, authentication and authorization:
     * with the actuator's registry present, Spring Security wraps every filter of every request in
     * one, which cost about 15 % of the server's request time in the benchmark's profiles, for
     * tracing detail nothing here collects. Request metrics (http.server.requests) and the sign-in
     * counters are not observations of the filter chain and stay.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain portalSecurity(HttpSecurity http, AuthenticationFailureHandler signInFailureHandler,
                                       AuthenticationSuccessHandler passwordStepSuccessHandler,
                                       AccessDeniedHandler secondFactorAccessDeniedHandler) throws Exception {
        http
            .authorizeHttpRequests(requests -> requests
                .requestMatchers("/signin", "/setup/**", "/nhsuk/**", "/css/**", "/js/**", "/favicon.ico",
                        "/error", "/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                // The outbox exists only when it is the message gateway (a development install).
                .requestMatchers("/dev/outbox", "/dev/outbox.json").permitAll()
                // Forgotten password: asking and the link are open; the rest follows the reset's progress.
                .requestMatchers("/signin/reset/password").hasAuthority("RESET_VERIFIED")
                .requestMatchers("/signin/reset/verify", "/signin/reset/questions").hasAuthority("RESET_IN_PROGRESS")
                .requestMatchers("/signin/reset", "/signin/reset/sent", "/signin/reset/link/*").permitAll()
                // Help is for everyone, above all for those who cannot sign in; feeding back needs an account.
                .requestMatchers("/help/feedback", "/help/feedback/**").hasAuthority("SIGNED_IN")
                .requestMatchers("/help", "/help/**").permitAll()
                // "This wasn't me" from a new-device email: the token is the authority.
                .requestMatchers("/signin/not-me/*").permitAll()
                // Part-way through sign-in (or a reset): only the factor step (MFA-01).
                .requestMatchers("/signin/factor", "/signin/factor/**")
                    .hasAnyAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY, "RESET_IN_PROGRESS")
                // Mandatory MFA and no method yet: only enrolment is reachable.
                .requestMatchers("/account/security/enroll", "/account/security/factors/**")
                    .hasAnyAuthority("SIGNED_IN", "ENROLMENT_REQUIRED")
                // Role authorities are only granted together with SIGNED_IN.
                .requestMatchers("/admin/applications", "/admin/applications/**").hasAuthority("ROLE_GLOBAL_ADMIN")
                .requestMatchers("/admin", "/admin/**").hasAnyAuthority("ROLE_LOCAL_ADMIN", "ROLE_GLOBAL_ADMIN")
                .anyRequest().hasAuthority("SIGNED_IN"))
            .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(secondFactorAccessDeniedHandler))
            .formLogin(form -> form
                .loginPage("/signin")
                .loginProcessingUrl("/signin")
                .usernameParameter("email")
                .passwordParameter("password")
                .failureHandler(signInFailureHandler)
                .successHandler(passwordStepSuccessHandler))
            .logout(logout -> logout
                .logoutUrl("/signout")
                .logoutSuccessUrl("/signin?signedout")
                .invalidateHttpSession(true)
                .clearAuthentication(true))
            .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
            .headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .permissionsPolicyHeader(permissions -> permissions.policy(
                        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), publickey-credentials-get=(self), publickey-credentials-create=(self)"))
                .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
        return http.build();
    }
}
