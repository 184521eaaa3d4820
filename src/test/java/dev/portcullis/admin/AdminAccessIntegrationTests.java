package dev.portcullis.admin;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.TreeSet;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.Role;
import dev.portcullis.mfa.policy.MfaPolicyService;
import dev.portcullis.selfservice.leaver.Leavers;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADM-01 over HTTP, route by route: a local administrator of organisation A gets a 403 (or
 * 404) for everything of organisation B, sees none of B's data on the pages that list their
 * own, and changes nothing in B; each refusal is audited. A plain user gets a 403 on every
 * /admin route; a global administrator can do all of it. The list of routes is checked against
 * the application's own request mappings, so a new admin route fails here until it is added.
 */
class AdminAccessIntegrationTests extends AdminConsoleTestBase {

    /** Every /admin route, as "METHOD pattern". */
    static final Set<String> ROUTES = Set.of(
            "GET /admin",
            "GET /admin/accounts",
            "GET /admin/accounts/{id}",
            "GET /admin/accounts/{id}/actions/{action}",
            "POST /admin/accounts/{id}/actions/{action}",
            "GET /admin/accounts/new",
            "POST /admin/accounts/new",
            "GET /admin/accounts/import",
            "GET /admin/accounts/import/template.csv",
            "POST /admin/accounts/import",
            "GET /admin/policy",
            "POST /admin/policy",
            "GET /admin/rollout",
            "GET /admin/rollout/without-mfa.csv",
            "GET /admin/audit",
            "GET /admin/audit.csv",
            "GET /admin/leavers",
            "POST /admin/leavers/{id}/claim",
            "GET /admin/sign-ins",
            "GET /admin/sign-ins.csv",
            "GET /admin/scim-tokens",
            "GET /admin/scim-tokens/new",
            "POST /admin/scim-tokens",
            "GET /admin/scim-tokens/{id}/revoke",
            "POST /admin/scim-tokens/{id}/revoke",
            "GET /admin/applications",
            "POST /admin/applications",
            "GET /admin/applications/new",
            "GET /admin/applications/{id}",
            "POST /admin/applications/{id}",
            "POST /admin/applications/{id}/secret",
            "GET /admin/applications/{id}/delete",
            "POST /admin/applications/{id}/delete",
            "GET /admin/feedback",
            "GET /admin/feedback.csv");

    static final List<String> ACTIONS = List.of("reset-mfa", "send-reset-link", "unlock", "disable", "enable",
            "role-user", "role-local-admin", "role-global-admin");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Autowired
    private MfaPolicyService policies;

    @Autowired
    private Leavers leavers;

    /** Two organisations and the people in them. */
    private record World(long a, long b, long c, String bName, Account localA, String localAKey, Account userA,
                         Account globalAdmin, String globalKey, Account bWithMfa, Account bWithoutMfa, long bLeaving,
                         long bScimToken) {
    }

    private World world() {
        long a = organisation("Alder Trust");
        String bName = "Birch Trust " + unique();
        long b = organisation(bName);
        long c = organisation("Cedar Trust");
        Account localA = person(a, Role.LOCAL_ADMIN, "Ada Local");
        String localAKey = enrolApp(localA);
        Account userA = person(a, Role.USER, "Una User");
        Account globalAdmin = person(c, Role.GLOBAL_ADMIN, "Gail Global");
        String globalKey = enrolApp(globalAdmin);
        Account bWithMfa = person(b, Role.USER, "Bea Birch");
        enrolApp(bWithMfa);
        Account bWithoutMfa = person(b, Role.USER, "Bob Birch");
        Account bLeaver = person(b, Role.USER, "Bill Leaver");
        leavers.nominate(bLeaver.id(), LocalDate.now(clock.withZone(MfaPolicyService.ZONE)).plusDays(20), c);
        long nomination = leavers.open(bLeaver.id()).orElseThrow().id();
        // B's HR feed: a SCIM token scoped to B, issued by the global administrator.
        jdbc.sql("""
                INSERT INTO scim_token (token_hash, label, organisation_id, issued_by, issued_at)
                VALUES (:hash, 'Birch HR', :org, :by, CURRENT_TIMESTAMP)
                """).param("hash", UUID.randomUUID().toString().replace("-", "") + "0".repeat(32))
                .param("org", b).param("by", globalAdmin.id()).update();
        long bScimToken = jdbc.sql("SELECT id FROM scim_token WHERE organisation_id = :org").param("org", b)
                .query(Long.class).single();
        return new World(a, b, c, bName, localA, localAKey, userA, globalAdmin, globalKey, bWithMfa, bWithoutMfa, nomination,
                bScimToken);
    }

    @Test
    void adm01_everyAdminRouteIsListedHere() {
        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> patterns = info.getPatternValues();
            var methods = info.getMethodsCondition().getMethods();
            for (String pattern : patterns) {
                if (pattern.equals("/admin") || pattern.startsWith("/admin/")) {
                    if (methods.isEmpty()) {
                        mapped.add("ANY " + pattern);
                    }
                    methods.forEach(m -> mapped.add(m.name() + " " + pattern));
                }
            }
        }
        assertThat(mapped).as("a new admin route must be added to ROUTES and tried in these tests")
                .containsExactlyInAnyOrderElementsOf(ROUTES);
    }

    /**
     * One request per route aimed at organisation B as far as the route lets it be: B's ids,
     * B's organisation parameter, or (for pages that list only one's own) the page itself.
     */
    private Map<String, Function<HttpUser, HttpUser.Response>> requestsAimedAtB(World w) {
        Map<String, Function<HttpUser, HttpUser.Response>> requests = new LinkedHashMap<>();
        long bUser = w.bWithMfa().id();
        requests.put("GET /admin", u -> u.get("/admin"));
        requests.put("GET /admin/accounts", u -> u.get("/admin/accounts?organisation=" + w.b()));
        requests.put("GET /admin/accounts/{id}", u -> u.get("/admin/accounts/" + bUser));
        requests.put("GET /admin/accounts/{id}/actions/{action}", u -> u.get("/admin/accounts/" + bUser + "/actions/reset-mfa"));
        requests.put("POST /admin/accounts/{id}/actions/{action}", u -> u.post("/admin/accounts/" + bUser + "/actions/reset-mfa", Map.of()));
        requests.put("GET /admin/accounts/new", u -> u.get("/admin/accounts/new"));
        requests.put("POST /admin/accounts/new", u -> u.post("/admin/accounts/new", Map.of("email", "intruder." + unique()
                + "@example.nhs.uk", "displayName", "In Truder", "organisation", Long.toString(w.b()), "role", "user")));
        requests.put("GET /admin/accounts/import", u -> u.get("/admin/accounts/import"));
        requests.put("GET /admin/accounts/import/template.csv", u -> u.get("/admin/accounts/import/template.csv"));
        requests.put("POST /admin/accounts/import", u -> u.postFile("/admin/accounts/import", "file", "b.csv",
                ("email,display_name,organisation_code,role\r\nimported." + unique() + "@example.nhs.uk,Im Ported,"
                        + organisationCode(w.b()) + ",user\r\n").getBytes(StandardCharsets.UTF_8)));
        requests.put("GET /admin/policy", u -> u.get("/admin/policy?organisation=" + w.b()));
        requests.put("POST /admin/policy", u -> u.post("/admin/policy?organisation=" + w.b(), policyForm()));
        requests.put("GET /admin/rollout", u -> u.get("/admin/rollout?organisation=" + w.b()));
        requests.put("GET /admin/rollout/without-mfa.csv", u -> u.get("/admin/rollout/without-mfa.csv?organisation=" + w.b()));
        requests.put("GET /admin/audit", u -> u.get("/admin/audit"));
        requests.put("GET /admin/audit.csv", u -> u.get("/admin/audit.csv"));
        requests.put("GET /admin/leavers", u -> u.get("/admin/leavers"));
        requests.put("POST /admin/leavers/{id}/claim", u -> u.post("/admin/leavers/" + w.bLeaving() + "/claim", Map.of()));
        requests.put("GET /admin/sign-ins", u -> u.get("/admin/sign-ins?all=true&account=birch"));
        requests.put("GET /admin/sign-ins.csv", u -> u.get("/admin/sign-ins.csv?all=true"));
        requests.put("GET /admin/scim-tokens", u -> u.get("/admin/scim-tokens"));
        requests.put("GET /admin/scim-tokens/new", u -> u.get("/admin/scim-tokens/new"));
        requests.put("POST /admin/scim-tokens", u -> u.post("/admin/scim-tokens", Map.of("label", "Sneaky HR feed",
                "scope", Long.toString(w.b()))));
        requests.put("GET /admin/scim-tokens/{id}/revoke", u -> u.get("/admin/scim-tokens/" + w.bScimToken() + "/revoke"));
        requests.put("POST /admin/scim-tokens/{id}/revoke", u -> u.post("/admin/scim-tokens/" + w.bScimToken() + "/revoke", Map.of()));
        requests.put("GET /admin/applications", u -> u.get("/admin/applications"));
        requests.put("POST /admin/applications", u -> u.post("/admin/applications", Map.of("name", "Sneaky",
                "redirectUris", "https://sneaky.example/cb", "type", "confidential", "minimumAcr", "mfa")));
        requests.put("GET /admin/applications/new", u -> u.get("/admin/applications/new"));
        requests.put("GET /admin/applications/{id}", u -> u.get("/admin/applications/webmail"));
        requests.put("POST /admin/applications/{id}", u -> u.post("/admin/applications/webmail", Map.of("name", "Renamed")));
        requests.put("POST /admin/applications/{id}/secret", u -> u.post("/admin/applications/webmail/secret", Map.of()));
        requests.put("GET /admin/applications/{id}/delete", u -> u.get("/admin/applications/webmail/delete"));
        requests.put("POST /admin/applications/{id}/delete", u -> u.post("/admin/applications/webmail/delete", Map.of()));
        // Feedback is for the global administrators only: a local administrator gets a 403.
        requests.put("GET /admin/feedback", u -> u.get("/admin/feedback"));
        requests.put("GET /admin/feedback.csv", u -> u.get("/admin/feedback.csv"));
        assertThat(requests.keySet()).as("every route is tried").containsExactlyInAnyOrderElementsOf(ROUTES);
        return requests;
    }

    private static Map<String, String> policyForm() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("mode", "mandatory");
        form.put("day", "1");
        form.put("month", "1");
        form.put("year", "2030");
        form.put("maxPostponements", "0");
        form.put("factors", "totp");
        return form;
    }

    /** Routes that show only the administrator's own organisation: a 200 without any of B's data. */
    private static final Set<String> OWN_ONLY = Set.of("GET /admin", "GET /admin/accounts/new", "GET /admin/accounts/import",
            "GET /admin/accounts/import/template.csv", "POST /admin/accounts/import", "GET /admin/audit",
            "GET /admin/audit.csv", "GET /admin/leavers", "GET /admin/scim-tokens", "GET /admin/scim-tokens/new",
            "GET /admin/sign-ins", "GET /admin/sign-ins.csv");

    @Test
    void adm01_localAdministratorGetsNothingOfAnotherOrganisationAndChangesNothing() {
        World w = world();
        HttpUser localA = signedInWithApp(w.localA(), w.localAKey());
        long bAccountsBefore = accountsIn(w.b());
        long bAuditBefore = auditAbout(w.b());

        List<String> forbidden = new ArrayList<>();
        requestsAimedAtB(w).forEach((route, request) -> {
            localA.get("/admin");
            HttpUser.Response response = request.apply(localA);
            String body = response.body() == null ? "" : response.body();
            for (String secret : List.of(w.bWithMfa().email(), w.bWithoutMfa().email(), "Bill Leaver", w.bName())) {
                assertThat(body).as(route + " shows B's " + secret).doesNotContain(secret);
            }
            if (OWN_ONLY.contains(route)) {
                assertThat(response.status()).as(route).isEqualTo(200);
            } else {
                assertThat(response.status()).as(route + " " + body).isIn(403, 404);
                forbidden.add(route);
            }
        });
        assertThat(forbidden).hasSize(ROUTES.size() - OWN_ONLY.size());

        // Every action on a B account, shown or done, is refused the same way.
        for (String action : ACTIONS) {
            String path = "/admin/accounts/" + w.bWithMfa().id() + "/actions/" + action;
            assertThat(localA.get(path).status()).as("GET " + action).isEqualTo(403);
            localA.get("/admin");
            assertThat(localA.post(path, Map.of()).status()).as("POST " + action).isEqualTo(403);
        }
        // The unknown and the foreign look the same.
        assertThat(localA.get("/admin/accounts/99999999").status()).isEqualTo(403);
        assertThat(localA.get("/admin/policy?organisation=global").status()).isEqualTo(403);
        assertThat(localA.get("/admin/policy?organisation=" + w.c()).status()).isEqualTo(403);

        // Searching finds nobody of B, and the CSV import named B's code but created nothing.
        assertThat(localA.get("/admin/audit?account=" + w.bWithMfa().email()).body()).doesNotContain("id=\"audit\"");
        assertThat(localA.get("/admin/accounts?q=birch").body()).doesNotContain("Bea Birch").doesNotContain("Bob Birch");
        localA.get("/admin/accounts/import");
        HttpUser.Response report = localA.postFile("/admin/accounts/import", "file", "b.csv",
                ("email,display_name,organisation_code,role\r\nsneaky." + unique() + "@example.nhs.uk,Snea Ky,"
                        + organisationCode(w.b()) + ",user\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(report.body()).contains("No accounts were created").contains("You can only create accounts in your own organisation");

        // Nothing in B changed: its people, its policy, its claims, its accounts.
        Account b = reload(w.bWithMfa());
        assertThat(b.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(b.role()).isEqualTo(Role.USER);
        assertThat(mfa.enabled(b.id())).isTrue();
        assertThat(policies.organisation(w.b())).isEmpty();
        assertThat(leavers.find(w.bLeaving()).orElseThrow().claimed()).isFalse();
        assertThat(accountsIn(w.b())).isEqualTo(bAccountsBefore);
        assertThat(auditAbout(w.b())).as("only refusals were written about B").isEqualTo(bAuditBefore);

        // Each refusal is in the audit log with what was tried.
        assertThat(auditCount("admin.refused.scope", w.localA().id())).isGreaterThanOrEqualTo(2L * ACTIONS.size());
        assertThat(audit.recentOfType("admin.refused.scope", 500).stream()
                .filter(e -> e.actorAccountId() != null && e.actorAccountId() == w.localA().id())
                .map(e -> e.detail()).toList())
                .anyMatch(d -> d.contains("reset-mfa")).anyMatch(d -> d.contains("policy organisation=" + w.b()))
                .anyMatch(d -> d.contains("rollout organisation=" + w.b()));
    }

    @Test
    void adm01_plainUserGets403OnEveryAdminRoute() {
        World w = world();
        HttpUser user = signedIn(w.userA());
        requestsAimedAtB(w).forEach((route, request) -> {
            user.get("/");
            HttpUser.Response response = request.apply(user);
            assertThat(response.status()).as(route).isEqualTo(403);
        });
        // Own organisation too.
        user.get("/");
        assertThat(user.get("/admin/accounts?organisation=" + w.a()).status()).isEqualTo(403);
        assertThat(user.get("/admin/accounts/" + w.userA().id()).status()).isEqualTo(403);
        assertThat(user.post("/admin/accounts/" + w.userA().id() + "/actions/unlock", Map.of()).status()).isEqualTo(403);
        assertThat(reload(w.bWithMfa()).status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(mfa.enabled(w.bWithMfa().id())).isTrue();
        assertThat(policies.organisation(w.b())).isEmpty();
    }

    @Test
    void adm01_globalAdministratorCanActInAnyOrganisation() {
        World w = world();
        HttpUser global = signedInWithApp(w.globalAdmin(), w.globalKey());
        long bUser = w.bWithMfa().id();

        assertThat(global.get("/admin/accounts?organisation=" + w.b()).body()).contains("Bea Birch").contains("Bob Birch");
        assertThat(global.get("/admin/accounts/" + bUser).body()).contains(w.bWithMfa().email());
        assertThat(global.get("/admin/rollout?organisation=" + w.b()).body()).contains("Bob Birch");
        assertThat(global.get("/admin/rollout/without-mfa.csv?organisation=" + w.b()).body()).contains(w.bWithoutMfa().email());
        assertThat(global.get("/admin/audit?account=" + w.bWithMfa().email()).body()).contains(w.bWithMfa().email());
        assertThat(global.get("/admin/audit.csv").body()).contains(w.bWithMfa().email());
        assertThat(global.get("/admin/leavers").body()).contains("Bill Leaver");
        assertThat(global.get("/admin/scim-tokens").body()).contains("Birch HR");
        assertThat(global.get("/admin/sign-ins.csv?all=true").body()).contains(w.bWithMfa().email());
        assertThat(global.get("/admin/feedback").status()).isEqualTo(200);
        assertThat(global.get("/admin/feedback.csv").status()).isEqualTo(200);

        assertThat(global.get("/admin/accounts/" + bUser + "/actions/reset-mfa").status()).isEqualTo(200);
        HttpUser.Response reset = global.post("/admin/accounts/" + bUser + "/actions/reset-mfa", Map.of());
        assertThat(reset.location()).isEqualTo("/admin/accounts/" + bUser);
        assertThat(mfa.enabled(bUser)).isFalse();
        for (String action : List.of("disable", "enable", "unlock", "send-reset-link", "role-local-admin")) {
            global.get("/admin/accounts/" + bUser + "/actions/" + action);
            assertThat(global.post("/admin/accounts/" + bUser + "/actions/" + action, Map.of()).location())
                    .as(action).isEqualTo("/admin/accounts/" + bUser);
        }
        Account changed = reload(w.bWithMfa());
        assertThat(changed.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(changed.role()).isEqualTo(Role.LOCAL_ADMIN);
        assertThat(auditTypesFor(changed)).contains("mfa.disabled");

        assertThat(global.get("/admin/policy?organisation=" + w.b()).body()).contains(w.bName());
        assertThat(global.get("/admin/rollout?organisation=" + w.b()).status()).isEqualTo(200);
        assertThat(global.post("/admin/policy?organisation=" + w.b(), policyForm()).status()).isEqualTo(302);
        assertThat(policies.organisation(w.b())).hasValueSatisfying(p -> assertThat(p.mandatory()).isTrue());

        String created = "new.birch." + unique() + "@example.nhs.uk";
        global.get("/admin/accounts/new");
        assertThat(global.post("/admin/accounts/new", Map.of("email", created, "displayName", "Nia Birch",
                "organisation", Long.toString(w.b()), "role", "user")).status()).isEqualTo(302);
        assertThat(accounts.findByEmail(created).orElseThrow().organisationId()).isEqualTo(w.b());

        String imported = "imported.birch." + unique() + "@example.nhs.uk";
        global.get("/admin/accounts/import");
        assertThat(global.postFile("/admin/accounts/import", "file", "b.csv", ("email,display_name,organisation_code,role\r\n"
                + imported + ",Ima Birch," + organisationCode(w.b()) + ",user\r\n").getBytes(StandardCharsets.UTF_8)).body())
                .contains("1 account created");
        assertThat(accounts.findByEmail(imported).orElseThrow().organisationId()).isEqualTo(w.b());

        global.get("/admin/leavers");
        assertThat(global.post("/admin/leavers/" + w.bLeaving() + "/claim", Map.of()).status()).isEqualTo(302);
        assertThat(leavers.find(w.bLeaving()).orElseThrow().claimed()).isTrue();
    }

    private long accountsIn(long organisationId) {
        return jdbc.sql("SELECT COUNT(*) FROM account WHERE organisation_id = :org").param("org", organisationId)
                .query(Long.class).single();
    }

    /** Audit lines about B's people or B itself, other than the refusals themselves. */
    private long auditAbout(long organisationId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM audit_event e LEFT JOIN account s ON s.id = e.subject_account_id
                WHERE (e.organisation_id = :org OR s.organisation_id = :org) AND e.type <> 'admin.refused.scope'""")
                .param("org", organisationId).query(Long.class).single();
    }
}
