package dev.portcullis.oidc;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the OIDC tests share: a fixed port per test class (the issuer is the public base URL, so
 * it must be known before the application starts), two relying applications declared the way an
 * operator would, with Spring Boot's own client properties, and people to sign in.
 */
final class OidcTestBed {

    static final String PASSWORD = "a-long-password";
    static final String WEBMAIL_SECRET = "webmail-secret-for-tests-only";

    private OidcTestBed() {
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The portal on {@code port}; "webmail" (confidential, refresh tokens), "spa" (public) and
     * "survey" (public, asks for consent), all returning to {@code http://localhost:<rpPort>/callback}.
     */
    static void properties(DynamicPropertyRegistry registry, int port, int rpPort) {
        registry.add("server.port", () -> port);
        registry.add("portcullis.base-url", () -> "http://localhost:" + port);
        registry.add("portcullis.oidc.key-cache", () -> "0s");
        registry.add("portcullis.oidc.key-publish-ahead", () -> "0s");
        String client = "spring.security.oauth2.authorizationserver.client.";
        registry.add(client + "webmail.registration.client-id", () -> "webmail");
        registry.add(client + "webmail.registration.client-name", () -> "Webmail");
        registry.add(client + "webmail.registration.client-secret", () -> "{noop}" + WEBMAIL_SECRET);
        registry.add(client + "webmail.registration.client-authentication-methods", () -> "client_secret_basic");
        registry.add(client + "webmail.registration.authorization-grant-types", () -> "authorization_code,refresh_token");
        registry.add(client + "webmail.registration.redirect-uris", () -> callback(rpPort));
        registry.add(client + "webmail.registration.post-logout-redirect-uris", () -> "http://localhost:" + rpPort + "/signed-out");
        registry.add(client + "webmail.registration.scopes", () -> "openid,profile,email,offline_access");
        registry.add(client + "spa.registration.client-id", () -> "spa");
        registry.add(client + "spa.registration.client-name", () -> "Rota planner");
        registry.add(client + "spa.registration.client-authentication-methods", () -> "none");
        registry.add(client + "spa.registration.authorization-grant-types", () -> "authorization_code");
        registry.add(client + "spa.registration.redirect-uris", () -> callback(rpPort));
        registry.add(client + "spa.registration.scopes", () -> "openid,profile");
        registry.add(client + "survey.registration.client-id", () -> "survey");
        registry.add(client + "survey.registration.client-name", () -> "Staff survey");
        registry.add(client + "survey.registration.client-authentication-methods", () -> "none");
        registry.add(client + "survey.registration.authorization-grant-types", () -> "authorization_code");
        registry.add(client + "survey.registration.redirect-uris", () -> callback(rpPort));
        registry.add(client + "survey.registration.scopes", () -> "openid,profile,email");
        registry.add(client + "survey.require-authorization-consent", () -> "true");
    }

    static String callback(int rpPort) {
        return "http://localhost:" + rpPort + "/callback";
    }

    static RelyingParty webmail(int port, int rpPort) {
        return new RelyingParty("http://localhost:" + port, "webmail", WEBMAIL_SECRET, URI.create(callback(rpPort)));
    }

    static RelyingParty spa(int port, int rpPort) {
        return new RelyingParty("http://localhost:" + port, "spa", null, URI.create(callback(rpPort)));
    }

    static String newAccount(AccountService accounts, OrganisationService organisations, Role role) {
        long organisationId = organisations.findOrCreate("RX1", "Riverside Hospital").id();
        String email = "nurse-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accounts.create(new NewAccount(email, "Ward Nurse", organisationId, role, PASSWORD.toCharArray()), "test", null);
        return email;
    }

    /** An account with a confirmed authenticator app, set up through the pages; returns its displayed key. */
    static String enrolAuthenticatorApp(String base, String email, MutableClock clock) {
        PortalVisitor visitor = new PortalVisitor(base);
        assertThat(visitor.signIn(email, PASSWORD).location()).endsWith("/");
        String key = visitor.get("/account/security/factors/totp/enroll").secret();
        PortalVisitor.Page done = visitor.post("/account/security/factors/totp/enroll", Map.of("code", TotpCodes.current(key, clock)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        return key;
    }

    /** The code parameter of a redirect to the application, or null. */
    static String query(String location, String name) {
        if (location == null) {
            return null;
        }
        URI uri = URI.create(location);
        if (uri.getRawQuery() == null) {
            return null;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
