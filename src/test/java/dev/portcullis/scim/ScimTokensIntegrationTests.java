package dev.portcullis.scim;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.TotpCodes;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Administration &gt; SCIM provisioning tokens over HTTP: a token is shown once and kept as a hash,
 * revoking stops it at once, local administrators stay inside their organisation (ADM-01), and
 * issuing or revoking needs a recent second factor (ADM-02) and a CSRF token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScimTokensIntegrationTests {

    private static final String PASSWORD = "tide-lantern-marble-otter";
    private static final String ENROLL = "/account/security/factors/totp/enroll";
    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7 ]+)<");
    private static final Pattern TOKEN = Pattern.compile("id=\"scim-token\"[^>]*>([^<]+)<");

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private MutableClock clock;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private ScimTokens tokens;

    @Autowired
    private AuditLog audit;

    @Autowired
    private JdbcClient jdbc;

    private Organisation riverside;
    private Organisation bayside;

    @BeforeEach
    void setUp() {
        clock.reset();
        clock.set(TotpCodes.nextStepStart(clock.instant()).plusSeconds(15));
        riverside = organisations.findOrCreate("RA1", "Riverside Hospital");
        bayside = organisations.findOrCreate("RB2", "Bayside Practice");
    }

    @Test
    void globalAdministratorIssuesATokenThatIsShownOnceKeptAsAHashAndRevokedAtOnce() {
        HttpUser admin = administrator(Role.GLOBAL_ADMIN, riverside);
        assertThat(admin.get("/admin").body()).contains("/admin/scim-tokens");
        assertThat(admin.get("/admin/scim-tokens/new").status()).isEqualTo(200);

        HttpUser.Response issued = admin.post("/admin/scim-tokens", Map.of("label", "ESR feed", "scope", "global"));

        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        assertThat(issued.body()).contains("Copy the token now");
        String token = find(TOKEN, issued.body());
        assertThat(token).startsWith("scim_");
        ScimClientSupport client = new ScimClientSupport(port, token);
        assertThat(client.get("/Users").status()).isEqualTo(200);

        String stored = jdbc.sql("SELECT token_hash FROM scim_token WHERE label = 'ESR feed'").query(String.class).single();
        assertThat(stored).isEqualTo(ScimTokens.hash(token)).doesNotContain(token);
        HttpUser.Response list = admin.get("/admin/scim-tokens");
        assertThat(list.body()).contains("ESR feed").contains("Every organisation").doesNotContain(token);
        assertThat(audit.recentOfType("scim.token.issued", 5)).anyMatch(e -> e.detail().contains("scope=global"))
                .noneMatch(e -> e.detail().contains(token));

        long id = tokens.list(null).stream().filter(t -> t.label().equals("ESR feed")).findFirst().orElseThrow().id();
        assertThat(admin.get("/admin/scim-tokens/" + id + "/revoke").body()).contains("Revoke <span>ESR feed</span>?");
        HttpUser.Response revoked = admin.post("/admin/scim-tokens/" + id + "/revoke", Map.of());

        assertThat(revoked.status()).isEqualTo(302);
        assertThat(revoked.header("Location").orElseThrow()).endsWith("/admin/scim-tokens");
        assertThat(client.get("/Users").status()).isEqualTo(401);
        assertThat(admin.get("/admin/scim-tokens").body()).contains("Revoked");
        assertThat(audit.recentOfType("scim.token.revoked", 5)).anyMatch(e -> e.detail().equals("token=" + id));
    }

    @Test
    void adm01_localAdministratorIssuesForTheirOwnOrganisationOnly() {
        Account otherAdmin = accounts.create(new NewAccount(unique("bayside-admin"), "Bay Admin", bayside.id(), Role.LOCAL_ADMIN, null), "test", null);
        ScimTokens.Issued baysideToken = tokens.issue("Bayside feed", bayside.id(), otherAdmin.id());
        Account global = accounts.create(new NewAccount(unique("global"), "Gale Admin", riverside.id(), Role.GLOBAL_ADMIN, null), "test", null);
        ScimTokens.Issued globalToken = tokens.issue("National feed", null, global.id());
        HttpUser admin = administrator(Role.LOCAL_ADMIN, riverside);
        long before = count();

        HttpUser.Response form = admin.get("/admin/scim-tokens/new");
        assertThat(form.body()).contains("Riverside Hospital (RA1)").doesNotContain("Bayside").doesNotContain("Every organisation");
        assertThat(admin.post("/admin/scim-tokens", Map.of("label", "Sneaky", "scope", "global")).status()).isEqualTo(403);
        assertThat(admin.post("/admin/scim-tokens", Map.of("label", "Sneaky", "scope", Long.toString(bayside.id()))).status()).isEqualTo(403);
        assertThat(count()).isEqualTo(before);
        assertThat(audit.recentOfType("admin.refused.scope", 10)).anyMatch(e -> e.detail().contains("scim token"));

        HttpUser.Response list = admin.get("/admin/scim-tokens");
        assertThat(list.body()).doesNotContain("Bayside feed").doesNotContain("National feed");
        assertThat(admin.get("/admin/scim-tokens/" + baysideToken.id() + "/revoke").status()).isEqualTo(403);
        assertThat(admin.post("/admin/scim-tokens/" + baysideToken.id() + "/revoke", Map.of()).status()).isEqualTo(403);
        assertThat(admin.post("/admin/scim-tokens/" + globalToken.id() + "/revoke", Map.of()).status()).isEqualTo(403);
        assertThat(new ScimClientSupport(port, baysideToken.token()).get("/Users").status()).as("still live").isEqualTo(200);

        admin.get("/admin/scim-tokens/new");
        HttpUser.Response own = admin.post("/admin/scim-tokens", Map.of("label", "Riverside ESR", "scope", Long.toString(riverside.id())));
        assertThat(own.status()).isEqualTo(200);
        ScimClientSupport client = new ScimClientSupport(port, find(TOKEN, own.body()));
        assertThat(client.get("/Groups").body()).contains("Riverside Hospital").doesNotContain("Bayside");
    }

    @Test
    void inp01_badInputChangesNothingAndSaysWhy() {
        HttpUser admin = administrator(Role.GLOBAL_ADMIN, riverside);
        admin.get("/admin/scim-tokens/new");
        long before = count();

        HttpUser.Response page = admin.post("/admin/scim-tokens", Map.of("label", " ", "scope", ""));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("There is a problem").contains("Enter a name for the token")
                .contains("Choose which organisation the token is for");
        assertThat(admin.post("/admin/scim-tokens", Map.of("label", "x".repeat(5000), "scope", "global")).body())
                .contains("100 characters or fewer");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void adm02_mfa05_mfa04_issuingNeedsARecentSecondFactorAndACsrfToken() {
        HttpUser admin = administrator(Role.GLOBAL_ADMIN, riverside);
        admin.get("/admin/scim-tokens/new");
        long before = count();

        assertThat(admin.postRaw("/admin/scim-tokens", Map.of("label", "Forged", "scope", "global")).status()).isEqualTo(403);
        clock.advance(Duration.ofMinutes(6));
        assertThat(admin.get("/admin/scim-tokens/new").header("Location").orElseThrow()).contains("/signin/factor");
        admin.get("/admin/scim-tokens");
        HttpUser.Response late = admin.post("/admin/scim-tokens", Map.of("label", "Late", "scope", "global"));
        assertThat(late.header("Location").orElseThrow()).contains("/signin/factor");
        assertThat(count()).isEqualTo(before);
        assertThat(admin.get("/admin/scim-tokens").status()).as("looking needs no step-up").isEqualTo(200);
    }

    @Test
    void peopleWhoAreNotAdministratorsCannotReachThePage() {
        String email = unique("user");
        accounts.create(new NewAccount(email, "Pat User", riverside.id(), Role.USER, PASSWORD.toCharArray()), "test", null);
        HttpUser user = new HttpUser(port);
        user.signIn(email, PASSWORD);
        assertThat(user.get("/admin/scim-tokens").status()).isEqualTo(403);
        assertThat(new HttpUser(port).get("/admin/scim-tokens").status()).isEqualTo(302);
    }

    /** An administrator with an authenticator app, signed in with it just now. */
    private HttpUser administrator(Role role, Organisation organisation) {
        String email = unique(role.dbValue());
        accounts.create(new NewAccount(email, "Ada Admin", organisation.id(), role, PASSWORD.toCharArray()), "test", null);
        HttpUser enrolling = new HttpUser(port);
        enrolling.signIn(email, PASSWORD);
        String key = find(SECRET, enrolling.get(ENROLL).body()).replace(" ", "");
        HttpUser.Response enrolled = enrolling.post(ENROLL, Map.of("code", TotpCodes.current(key, clock)));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(302);

        HttpUser admin = new HttpUser(port);
        admin.signIn(email, PASSWORD);
        admin.get("/signin/factor/totp");
        HttpUser.Response proven = admin.post("/signin/factor/totp",
                Map.of("code", TotpCodes.forStep(key, TotpCodes.step(clock.instant()) + 1)));
        assertThat(proven.status()).as(proven.body()).isEqualTo(302);
        assertThat(proven.header("Location").orElseThrow()).doesNotContain("/signin");
        return admin;
    }

    private long count() {
        return jdbc.sql("SELECT COUNT(*) FROM scim_token").query(Long.class).single();
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        assertThat(m.find()).as("%s in %s", pattern, body).isTrue();
        return m.group(1).strip();
    }

    private static String unique(String name) {
        return name.replace('_', '-') + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "@riverside.example";
    }
}
