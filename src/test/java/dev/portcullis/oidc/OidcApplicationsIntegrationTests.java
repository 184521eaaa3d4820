package dev.portcullis.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.oauth2.sdk.TokenResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import dev.portcullis.account.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's applications page over HTTP: only global administrators reach it, a secret is
 * shown once and kept only as a hash, bad input changes nothing and says why, forms need CSRF
 * tokens, changes need a recent second factor, and everything is audited.
 */
class OidcApplicationsIntegrationTests extends OidcIntegrationTestBase {

    private static final Pattern CLIENT_ID = Pattern.compile("id=\"client-id\"[^>]*>([^<]+)<");
    private static final Pattern SECRET = Pattern.compile("id=\"client-secret\"[^>]*>([^<]+)<");

    @Autowired
    private RegisteredClientRepository clients;

    @Test
    void adm01_onlyGlobalAdministratorsReachTheConsole() {
        for (Role role : new Role[] {Role.USER, Role.LOCAL_ADMIN}) {
            PortalVisitor visitor = signedIn(OidcTestBed.newAccount(accounts, organisations, role));
            assertThat(visitor.get("/admin/applications").status()).as(role.name()).isEqualTo(403);
            assertThat(visitor.post("/admin/applications", form("Sneaky", "https://sneaky.example/cb")).status()).isEqualTo(403);
        }
        PortalVisitor admin = signedInAdmin(OidcTestBed.newAccount(accounts, organisations, Role.GLOBAL_ADMIN));
        PortalVisitor.Page list = admin.get("/admin/applications");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("Webmail").contains("Set in configuration").contains(BASE + "/.well-known/openid-configuration");
    }

    @Test
    void registeringAnApplicationShowsItsSecretOnceKeepsOnlyAHashAndTheApplicationCanSignPeopleIn() throws Exception {
        String adminEmail = OidcTestBed.newAccount(accounts, organisations, Role.GLOBAL_ADMIN);
        PortalVisitor admin = signedInAdmin(adminEmail);
        admin.get("/admin/applications/new");

        PortalVisitor.Page registered = admin.post("/admin/applications", form("Rota planner", OidcTestBed.callback(RP_PORT)));
        assertThat(registered.status()).as(registered.body()).isEqualTo(302);
        PortalVisitor.Page shown = admin.get(registered.location());
        String clientId = find(CLIENT_ID, shown.body());
        String secret = find(SECRET, shown.body());
        assertThat(shown.body()).contains("Copy the client secret now").contains("Rota planner is registered");
        assertThat(admin.get(registered.location()).body()).as("shown once").doesNotContain(secret).contains(clientId);

        RegisteredClient stored = clients.findByClientId(clientId);
        assertThat(stored.getClientSecret()).startsWith("{bcrypt}").doesNotContain(secret);
        assertThat(stored.getClientSettings().isRequireProofKey()).isTrue();
        assertThat(stored.getTokenSettings().isReuseRefreshTokens()).isFalse();
        assertThat(ApplicationSettings.minimumAcr(stored)).contains(Acr.MFA);
        assertThat(auditDetails("oidc.application.registered")).anyMatch(d -> d.contains("client=" + clientId))
                .noneMatch(d -> d.contains(secret));

        // The application works at once: a person with an authenticator app signs in to it.
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        String key = OidcTestBed.enrolAuthenticatorApp(BASE, email, clock);
        RelyingParty rota = new RelyingParty(BASE, clientId, secret, URI.create(OidcTestBed.callback(RP_PORT)));
        RelyingParty.Attempt attempt = rota.start("openid profile", Map.of());
        PortalVisitor person = new PortalVisitor(BASE);
        person.get(attempt.uri().toString());
        person.signIn(email, OidcTestBed.PASSWORD);
        person.get("/signin/factor/totp");
        PortalVisitor.Page proven = person.follow(person.post("/signin/factor/totp", Map.of("code",
                dev.portcullis.testsupport.TotpCodes.forStep(key, dev.portcullis.testsupport.TotpCodes.step(clock.instant()) + 1))));
        String code = OidcTestBed.query(proven.location(), "code");
        TokenResponse tokens = RelyingParty.parse(rota.redeem(code, attempt.verifier()));
        assertThat(tokens.indicatesSuccess()).isTrue();

        // A new secret replaces the old one at once.
        admin.get(registered.location());
        PortalVisitor.Page renewed = admin.get(admin.post(registered.location() + "/secret", Map.of()).location());
        String newSecret = find(SECRET, renewed.body());
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(new RelyingParty(BASE, clientId, secret, URI.create(OidcTestBed.callback(RP_PORT)))
                .redeem("x", new com.nimbusds.oauth2.sdk.pkce.CodeVerifier()).getStatusCode()).isEqualTo(401);
    }

    @Test
    void inp01_badInputChangesNothingAndSaysWhy() {
        PortalVisitor admin = signedInAdmin(OidcTestBed.newAccount(accounts, organisations, Role.GLOBAL_ADMIN));
        admin.get("/admin/applications/new");
        long before = count();

        PortalVisitor.Page page = admin.post("/admin/applications", form("", "http://mail.example.nhs.uk/cb#frag"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("There is a problem").contains("Enter a name for the application")
                .contains("Line 1 is not a sign-in return address").contains("href=\"#redirectUris\"");
        assertThat(count()).isEqualTo(before);

        Map<String, String> huge = form("x".repeat(5000), "https://ok.example/cb");
        assertThat(admin.post("/admin/applications", huge).body()).contains("The name must be 100 characters or fewer");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void mfa04_formsWithoutACsrfTokenAreRefused() {
        PortalVisitor admin = signedInAdmin(OidcTestBed.newAccount(accounts, organisations, Role.GLOBAL_ADMIN));
        long before = count();

        PortalVisitor.Page page = admin.postWithoutCsrf("/admin/applications", form("Forged", "https://forged.example/cb"));

        assertThat(page.status()).isEqualTo(403);
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void adm02_mfa05_changesNeedARecentSecondFactor() {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.GLOBAL_ADMIN);
        String key = OidcTestBed.enrolAuthenticatorApp(BASE, email, clock);
        PortalVisitor admin = new PortalVisitor(BASE);
        admin.signIn(email, OidcTestBed.PASSWORD);
        admin.get("/signin/factor/totp");
        admin.post("/signin/factor/totp", Map.of("code",
                dev.portcullis.testsupport.TotpCodes.forStep(key, dev.portcullis.testsupport.TotpCodes.step(clock.instant()) + 1)));
        assertThat(admin.get("/admin/applications/new").status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(6));

        assertThat(admin.get("/admin/applications/new").location()).contains("/signin/factor");
        assertThat(admin.get("/admin/applications").status()).as("looking needs no step-up").isEqualTo(200);
    }

    @Test
    void ses03_deletingAnApplicationEndsItsSignIns() throws Exception {
        PortalVisitor admin = signedInAdmin(OidcTestBed.newAccount(accounts, organisations, Role.GLOBAL_ADMIN));
        admin.get("/admin/applications/new");
        PortalVisitor.Page registered = admin.post("/admin/applications", form("Short-lived", OidcTestBed.callback(RP_PORT), "none"));
        PortalVisitor.Page shown = admin.get(registered.location());
        String clientId = find(CLIENT_ID, shown.body());
        String secret = find(SECRET, shown.body());
        RelyingParty app = new RelyingParty(BASE, clientId, secret, URI.create(OidcTestBed.callback(RP_PORT)));
        PortalVisitor person = signedIn(OidcTestBed.newAccount(accounts, organisations, Role.USER));
        RelyingParty.Attempt attempt = app.start("openid profile", Map.of());
        String code = OidcTestBed.query(person.get(attempt.uri().toString()).location(), "code");
        var tokens = RelyingParty.parse(app.redeem(code, attempt.verifier())).toSuccessResponse().getTokens();

        assertThat(admin.get(registered.location() + "/delete").body()).contains("Short-lived</span>?").contains("id=\"confirm-delete\"");
        PortalVisitor.Page deleted = admin.post(registered.location() + "/delete", Map.of());

        assertThat(deleted.location()).endsWith("/admin/applications");
        assertThat(clients.findByClientId(clientId)).isNull();
        assertThat(person.get(app.start("openid", Map.of()).uri().toString()).status()).isEqualTo(400);
        assertThat(webmailIntrospects(tokens.getAccessToken().getValue())).isFalse();
        assertThat(auditDetails("oidc.application.deleted")).anyMatch(d -> d.contains("client=" + clientId));
    }

    private boolean webmailIntrospects(String token) {
        return OidcTestBed.webmail(PORT, RP_PORT).active(token);
    }

    private long count() {
        return jdbc.sql("SELECT COUNT(*) FROM oauth2_registered_client").query(Long.class).single();
    }

    /** An administrator signed in with an authenticator app (ADM-02: no change with a password alone). */
    private PortalVisitor signedInAdmin(String email) {
        String key = OidcTestBed.enrolAuthenticatorApp(BASE, email, clock);
        PortalVisitor visitor = new PortalVisitor(BASE);
        assertThat(visitor.signIn(email, OidcTestBed.PASSWORD).location()).endsWith("/signin/factor");
        visitor.get("/signin/factor/totp");
        PortalVisitor.Page proven = visitor.post("/signin/factor/totp", Map.of("code",
                dev.portcullis.testsupport.TotpCodes.forStep(key, dev.portcullis.testsupport.TotpCodes.step(clock.instant()) + 1)));
        assertThat(proven.status()).as(proven.body()).isEqualTo(302);
        return visitor;
    }

    private PortalVisitor signedIn(String email) {
        PortalVisitor visitor = new PortalVisitor(BASE);
        assertThat(visitor.signIn(email, OidcTestBed.PASSWORD).location()).endsWith("/");
        return visitor;
    }

    private static Map<String, String> form(String name, String redirectUris) {
        return form(name, redirectUris, "mfa");
    }

    private static Map<String, String> form(String name, String redirectUris, String minimumAcr) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("redirectUris", redirectUris);
        fields.put("postLogoutRedirectUris", "");
        fields.put("type", "confidential");
        fields.put("scopes", "profile");
        fields.put("minimumAcr", minimumAcr);
        fields.put("signingAlgorithm", "ES256");
        return fields;
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        assertThat(m.find()).as("%s in %s", pattern, body).isTrue();
        return m.group(1).strip();
    }
}
