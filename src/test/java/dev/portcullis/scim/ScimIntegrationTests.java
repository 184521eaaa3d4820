package dev.portcullis.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountAdministration;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.audit.RecordedAuditEvent;
import dev.portcullis.directory.DirectoryService;
import dev.portcullis.directory.Organisation;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.shared.ServiceProperties;

import static dev.portcullis.scim.ScimClientSupport.filter;
import static dev.portcullis.scim.ScimClientSupport.patch;
import static dev.portcullis.scim.ScimClientSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCIM over real HTTP with the RFC 7644 examples: create, get, filter, page, replace, patch,
 * delete, the error format, bearer tokens, and organisation scope (ADM-01 for provisioning).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScimIntegrationTests {

    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private DirectoryService directory;

    @Autowired
    private ScimTokens tokens;

    @Autowired
    private AuditLog audit;

    @Autowired
    private ServiceProperties service;

    @Autowired
    private AccountAdministration administration;

    private Organisation riverside;
    private Organisation bayside;
    private Account globalAdmin;
    private ScimClientSupport global;
    private String globalToken;
    private ScimClientSupport riversideClient;
    private long riversideTokenId;

    @BeforeEach
    void setUp() {
        riverside = organisations.findOrCreate("RA1", "Riverside Hospital");
        bayside = organisations.findOrCreate("RB2", "Bayside Practice");
        globalAdmin = accounts.create(new NewAccount(unique("global"), "Gale Admin", riverside.id(), Role.GLOBAL_ADMIN, null), "test", null);
        Account localAdmin = accounts.create(new NewAccount(unique("local"), "Lou Admin", riverside.id(), Role.LOCAL_ADMIN, null), "test", null);
        globalToken = tokens.issue("HR feed", null, globalAdmin.id()).token();
        global = new ScimClientSupport(port, globalToken);
        ScimTokens.Issued issued = tokens.issue("Riverside ESR", riverside.id(), localAdmin.id());
        riversideTokenId = issued.id();
        riversideClient = new ScimClientSupport(port, issued.token());
    }

    @Test
    void createUserAnswers201WithLocationMetaAndTheAccountExists() {
        String email = unique("bjensen");
        ScimClientSupport.Reply created = riversideClient.post("/Users", user(email, "701984", "RA1"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith("application/scim+json");
        JsonNode user = created.json();
        String id = user.get("id").stringValue();
        assertThat(created.header("Location")).as("on the configured base URL, never the request's host")
                .isEqualTo(service.link("/scim/v2/Users/" + id));
        assertThat(user.get("meta").get("location").stringValue()).isEqualTo(created.header("Location"));
        assertThat(user.get("meta").get("resourceType").stringValue()).isEqualTo("User");
        assertThat(user.get("meta").get("created").stringValue()).isNotBlank();
        assertThat(user.get("meta").get("lastModified").stringValue()).isNotBlank();
        assertThat(user.get("userName").stringValue()).isEqualTo(email);
        assertThat(user.get("externalId").stringValue()).isEqualTo("701984");
        assertThat(user.get("displayName").stringValue()).isEqualTo("Barbara Jensen");
        assertThat(user.get("name").get("familyName").stringValue()).isEqualTo("Jensen");
        assertThat(user.get("active").booleanValue()).isTrue();
        assertThat(user.get("title").stringValue()).isEqualTo("Ward sister");
        JsonNode enterprise = user.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(enterprise.get("organization").stringValue()).isEqualTo("RA1");
        assertThat(enterprise.get("department").stringValue()).isEqualTo("Cardiology");
        assertThat(user.get("groups").get(0).get("value").stringValue()).isEqualTo(Long.toString(riverside.id()));

        Account account = accounts.findByEmail(email).orElseThrow();
        assertThat(account.id()).isEqualTo(Long.parseLong(id));
        assertThat(account.organisationId()).isEqualTo(riverside.id());
        assertThat(account.role()).isEqualTo(Role.USER);
        assertThat(directory.profile(account.id()).orElseThrow().jobTitle()).isEqualTo("Ward sister");
        assertThat(types(account.id())).contains("account.created");
        assertThat(audit.recentFor(account.id(), 20)).anyMatch(e -> e.type().equals("account.created")
                && e.detail().contains("token=" + riversideTokenId));

        ScimClientSupport.Reply fetched = riversideClient.get("/Users/" + id);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().get("userName").stringValue()).isEqualTo(email);
    }

    @Test
    void duplicateUserNameIs409Uniqueness() {
        String email = unique("dup");
        assertThat(riversideClient.post("/Users", user(email, "1", "RA1")).status()).isEqualTo(201);

        ScimClientSupport.Reply again = riversideClient.post("/Users", user(email.toUpperCase(java.util.Locale.ROOT), "2", "RA1"));

        assertError(again, 409, "uniqueness");
    }

    @Test
    void unknownUserIs404InTheErrorFormat() {
        ScimClientSupport.Reply missing = global.get("/Users/999999999");
        assertError(missing, 404, null);
        assertError(global.get("/Users/not-a-number"), 404, null);
        assertError(global.get("/Nowhere"), 404, null);
    }

    @Test
    void filtersOnUserNameEmailsAndExternalId() {
        String email = unique("filter");
        String id = riversideClient.post("/Users", user(email, "ext-" + email, "RA1")).json().get("id").stringValue();
        riversideClient.post("/Users", user(unique("other"), "ext-other", "RA1"));

        for (String f : List.of("userName eq \"" + email.toUpperCase(java.util.Locale.ROOT) + "\"",
                "emails eq \"" + email + "\"", "emails.value eq \"" + email + "\"", "emails[value eq \"" + email + "\"]",
                "externalId eq \"ext-" + email + "\"", "userName eq \"" + email + "\" and active eq true",
                "userName eq \"nobody@example.org\" or externalId eq \"ext-" + email + "\"")) {
            ScimClientSupport.Reply found = riversideClient.get("/Users?" + filter(f));
            assertThat(found.status()).as(f + " " + found.body()).isEqualTo(200);
            JsonNode list = found.json();
            assertThat(list.get("schemas").get(0).stringValue()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
            assertThat(list.get("totalResults").asLong()).as(f).isEqualTo(1);
            assertThat(list.get("Resources").get(0).get("id").stringValue()).isEqualTo(id);
        }
        assertThat(riversideClient.get("/Users?" + filter("externalId eq \"EXT-" + email + "\"")).json().get("totalResults").asLong())
                .as("externalId is case-exact").isZero();
        assertThat(riversideClient.get("/Users?" + filter("userName eq \"nobody@example.org\"")).json().get("totalResults").asLong()).isZero();
    }

    @Test
    void pagesWithStartIndexAndCount() {
        Organisation paging = organisations.findOrCreate("PG" + Integer.toHexString(UUID.randomUUID().hashCode()).toUpperCase().substring(0, 4), "Paging Trust");
        ScimClientSupport client = new ScimClientSupport(port, tokens.issue("paging", paging.id(), globalAdmin.id()).token());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.post("/Users", user(unique("page" + i), "p" + i, paging.code())).json().get("id").stringValue());
        }

        JsonNode page = client.get("/Users?startIndex=2&count=2").json();

        assertThat(page.get("totalResults").asLong()).isEqualTo(5);
        assertThat(page.get("startIndex").asInt()).isEqualTo(2);
        assertThat(page.get("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(page.get("Resources").get(0).get("id").stringValue()).isEqualTo(ids.get(1));
        assertThat(page.get("Resources").get(1).get("id").stringValue()).isEqualTo(ids.get(2));
        JsonNode countOnly = client.get("/Users?count=0").json();
        assertThat(countOnly.get("totalResults").asLong()).isEqualTo(5);
        assertThat(countOnly.get("Resources")).isEmpty();
        assertThat(client.get("/Users?startIndex=-4&count=500").json().get("Resources")).hasSize(5);
        assertError(client.get("/Users?count=lots"), 400, "invalidValue");
    }

    @Test
    void patchActiveFalseDisablesTheAccountAndIsAudited() {
        String id = riversideClient.post("/Users", user(unique("leaver"), "9", "RA1")).json().get("id").stringValue();

        ScimClientSupport.Reply patched = riversideClient.patch("/Users/" + id,
                patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"));

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("active").booleanValue()).isFalse();
        assertThat(accounts.findById(Long.parseLong(id)).orElseThrow().status()).isEqualTo(AccountStatus.DISABLED);
        assertThat(audit.recentFor(Long.parseLong(id), 20)).anyMatch(e -> e.type().equals("account.status.changed")
                && e.detail().contains("status=disabled") && e.detail().contains("token=" + riversideTokenId));

        // The form some directories send: no path, a value object, a string for the boolean.
        ScimClientSupport.Reply enabled = riversideClient.patch("/Users/" + id,
                patch("{\"op\":\"Replace\",\"value\":{\"active\":\"True\",\"title\":\"Matron\"}}"));
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        assertThat(accounts.findById(Long.parseLong(id)).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(enabled.json().get("title").stringValue()).isEqualTo("Matron");
    }

    @Test
    void patchChangesNameAndEnterpriseAttributesAllOrNothing() {
        String id = riversideClient.post("/Users", user(unique("patch"), "10", "RA1")).json().get("id").stringValue();

        ScimClientSupport.Reply patched = riversideClient.patch("/Users/" + id, patch("""
                {"op":"replace","path":"displayName","value":"Babs Jensen"},
                {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Renal"},
                {"op":"remove","path":"title"},
                {"op":"add","path":"externalId","value":"X-10"}"""));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        JsonNode user = patched.json();
        assertThat(user.get("displayName").stringValue()).isEqualTo("Babs Jensen");
        assertThat(user.get("title")).isNull();
        assertThat(user.get("externalId").stringValue()).isEqualTo("X-10");
        assertThat(user.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").get("department").stringValue()).isEqualTo("Renal");

        // A bad operation after a good one: nothing changes.
        ScimClientSupport.Reply refused = riversideClient.patch("/Users/" + id, patch("""
                {"op":"replace","path":"displayName","value":"Changed"},
                {"op":"replace","path":"userName","value":"someone.else@example.org"}"""));
        assertError(refused, 400, "mutability");
        assertThat(accounts.findById(Long.parseLong(id)).orElseThrow().displayName()).isEqualTo("Babs Jensen");

        assertError(riversideClient.patch("/Users/" + id, patch("{\"op\":\"replace\",\"path\":\"nickName\",\"value\":\"B\"}")), 400, "invalidPath");
        assertError(riversideClient.patch("/Users/" + id, patch("{\"op\":\"remove\"}")), 400, "noTarget");
        assertError(riversideClient.patch("/Users/" + id, patch("{\"op\":\"move\",\"path\":\"title\"}")), 400, "invalidValue");
    }

    @Test
    void putReplacesTheUserButNotItsUserName() {
        String email = unique("put");
        String id = riversideClient.post("/Users", user(email, "11", "RA1")).json().get("id").stringValue();

        ScimClientSupport.Reply replaced = riversideClient.put("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","displayName":"B. Jensen","active":true}
                """.formatted(email));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("displayName").stringValue()).isEqualTo("B. Jensen");
        assertThat(replaced.json().get("title")).as("left out, so cleared").isNull();
        assertThat(replaced.json().get("externalId")).isNull();

        assertError(riversideClient.put("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"renamed@example.org"}
                """), 400, "mutability");
        assertThat(accounts.findById(Long.parseLong(id)).orElseThrow().email()).isEqualTo(email);
    }

    @Test
    void deleteDisablesTheAccountAndHidesItFromScim() {
        String email = unique("gone");
        String id = riversideClient.post("/Users", user(email, "12", "RA1")).json().get("id").stringValue();

        ScimClientSupport.Reply deleted = riversideClient.delete("/Users/" + id);

        assertThat(deleted.status()).isEqualTo(204);
        Account account = accounts.findById(Long.parseLong(id)).orElseThrow();
        assertThat(account.status()).as("kept, disabled").isEqualTo(AccountStatus.DISABLED);
        assertError(riversideClient.get("/Users/" + id), 404, null);
        assertError(riversideClient.delete("/Users/" + id), 404, null);
        assertThat(riversideClient.get("/Users?" + filter("userName eq \"" + email + "\"")).json().get("totalResults").asLong()).isZero();
        assertThat(types(account.id())).contains("scim.user.deleted", "account.status.changed");

        // An administrator enabling the account again brings it back into SCIM.
        administration.setStatus(account.id(), AccountStatus.ACTIVE, globalAdmin.id(), "administrator");
        ScimClientSupport.Reply back = riversideClient.get("/Users/" + id);
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.json().get("active").booleanValue()).isTrue();
    }

    @Test
    void badFiltersAre400InvalidFilter() {
        assertError(global.get("/Users?" + filter("userName xx \"a\"")), 400, "invalidFilter");
        assertError(global.get("/Users?" + filter("userName eq ")), 400, "invalidFilter");
        assertError(global.get("/Users?" + filter("nickName eq \"a\"")), 400, "invalidFilter");
        assertError(global.get("/Users?" + filter("(".repeat(100) + "userName eq \"a\"" + ")".repeat(100))), 400, "invalidFilter");
        assertError(global.get("/Users?" + filter("userName eq \"" + "a".repeat(3000) + "\"")), 400, "invalidFilter");
        assertError(global.get("/Groups?" + filter("members eq \"1\"")), 400, "invalidFilter");
    }

    @Test
    void inp01_malformedAndOversizedBodiesAre400InTheErrorFormat() {
        assertError(global.post("/Users", "{\"schemas\":["), 400, "invalidSyntax");
        assertError(global.post("/Users", "[1,2,3]"), 400, "invalidSyntax");
        assertError(global.post("/Users", "{\"userName\":\"a@example.org\",\"userName\":\"b@example.org\"}"), 400, "invalidSyntax");
        assertError(global.post("/Users", "{\"x\":\"" + "a".repeat(100_000) + "\"}"), 400, "invalidSyntax");
        assertError(global.post("/Users", "[".repeat(5000)), 400, "invalidSyntax");
        assertError(global.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":42}"), 400, "invalidValue");
        assertError(global.post("/Users", "{\"userName\":\"x@example.org\"}"), 400, "invalidValue");
        assertError(global.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","password":"hunter2hunter2",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"organization":"RA1"}}""".formatted(unique("pw"))), 400, "invalidValue");
        assertError(global.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"not an email",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"organization":"RA1"}}"""), 400, "invalidValue");
        assertError(global.post("/Users", user(unique("noorg"), "1", "ZZ99")), 400, "invalidValue");
    }

    @Test
    void tokensMissingInvalidOrRevokedAre401WithABearerChallenge() {
        ScimClientSupport.Reply missing = new ScimClientSupport(port, null).get("/Users");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(missing.json().get("schemas").get(0).stringValue()).isEqualTo(ERROR);

        ScimClientSupport.Reply invalid = new ScimClientSupport(port, "scim_" + "A".repeat(43)).get("/Users");
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
        assertThat(invalid.json().get("status").stringValue()).isEqualTo("401");

        ScimTokens.Issued issued = tokens.issue("short-lived", riverside.id(), globalAdmin.id());
        ScimClientSupport client = new ScimClientSupport(port, issued.token());
        assertThat(client.get("/Users").status()).isEqualTo(200);
        tokens.revoke(tokens.find(issued.id()).orElseThrow(), globalAdmin.id());
        ScimClientSupport.Reply revoked = client.get("/Users");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(audit.recentOfType("scim.token.refused", 5)).isNotEmpty();

        // Stateless: no session cookie, and a portal session cookie does not stand in for a token.
        assertThat(client.get("/Users").raw().headers().allValues("Set-Cookie")).isEmpty();
        assertThat(global.get("/Users").raw().headers().allValues("Set-Cookie")).isEmpty();
        assertThat(tokens.list(null)).anyMatch(t -> t.id() == issued.id() && t.lastUsedAt() != null && t.revoked());
    }

    @Test
    void discoveryEndpointsDescribeWhatIsSupported() throws Exception {
        JsonNode config = global.get("/ServiceProviderConfig").json();
        assertThat(config.get("patch").get("supported").booleanValue()).isTrue();
        assertThat(config.get("filter").get("supported").booleanValue()).isTrue();
        assertThat(config.get("bulk").get("supported").booleanValue()).isFalse();
        assertThat(config.get("authenticationSchemes").get(0).get("type").stringValue()).isEqualTo("oauthbearertoken");
        assertThat(global.get("/ResourceTypes").json().get("totalResults").asInt()).isEqualTo(2);
        assertThat(global.get("/ResourceTypes/User").json().get("endpoint").stringValue()).isEqualTo("/Users");
        assertThat(global.get("/Schemas").json().get("totalResults").asInt()).isEqualTo(3);
        assertThat(global.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").status()).isEqualTo(200);

        // Clients that ask for plain JSON get the same answer.
        java.net.http.HttpResponse<String> plain = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/scim/v2/ServiceProviderConfig"))
                        .header("Accept", "application/json").header("Authorization", "Bearer " + globalToken).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/scim+json");
    }

    @Test
    void groupsAreOrganisationsWithTheirMembers() {
        String id = riversideClient.post("/Users", user(unique("member"), "13", "RA1")).json().get("id").stringValue();

        JsonNode group = riversideClient.get("/Groups/" + riverside.id()).json();

        assertThat(group.get("displayName").stringValue()).isEqualTo("Riverside Hospital");
        assertThat(group.get("externalId").stringValue()).isEqualTo("RA1");
        List<String> members = new ArrayList<>();
        group.get("members").forEach(m -> members.add(m.get("value").stringValue()));
        assertThat(members).contains(id).doesNotContain(Long.toString(globalAdmin.id()));
        assertThat(global.get("/Groups?" + filter("displayName eq \"Bayside Practice\"")).json().get("totalResults").asLong()).isEqualTo(1);
        assertThat(global.get("/Groups?excludedAttributes=members").json().get("Resources").get(0).has("members")).isFalse();
        assertError(riversideClient.post("/Groups", "{}"), 501, null);
    }

    @Test
    void adm01_organisationTokenCannotReachAnotherOrganisationById() {
        String email = unique("bayside");
        String id = global.post("/Users", user(email, "b1", "RB2")).json().get("id").stringValue();
        long accountId = Long.parseLong(id);

        assertError(riversideClient.get("/Users/" + id), 404, null);
        assertError(riversideClient.put("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","displayName":"Hijacked"}
                """.formatted(email)), 404, null);
        assertError(riversideClient.patch("/Users/" + id, patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}")), 404, null);
        assertError(riversideClient.delete("/Users/" + id), 404, null);
        assertError(riversideClient.get("/Groups/" + bayside.id()), 404, null);

        Account untouched = accounts.findById(accountId).orElseThrow();
        assertThat(untouched.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(untouched.displayName()).isEqualTo("Barbara Jensen");
        assertThat(global.get("/Users/" + id).status()).isEqualTo(200);
    }

    @Test
    void adm01_organisationTokenCannotSeeAnotherOrganisationThroughFilters() {
        String email = unique("hidden");
        global.post("/Users", user(email, "hidden-ext", "RB2"));

        for (String f : List.of("userName eq \"" + email + "\"", "externalId eq \"hidden-ext\"", "organization eq \"RB2\"",
                "userName eq \"" + email + "\" or active eq true")) {
            JsonNode list = riversideClient.get("/Users?" + filter(f)).json();
            list.get("Resources").forEach(r -> assertThat(r.get("userName").stringValue()).as(f).isNotEqualTo(email));
        }
        JsonNode all = riversideClient.get("/Users?count=200").json();
        all.get("Resources").forEach(r -> assertThat(r.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
                .get("organization").stringValue()).isEqualTo("RA1"));
        all.get("Resources").forEach(r -> assertThat(r.get("id").stringValue()).as("no global administrators")
                .isNotEqualTo(Long.toString(globalAdmin.id())));
        JsonNode groups = riversideClient.get("/Groups").json();
        assertThat(groups.get("totalResults").asLong()).isEqualTo(1);
        assertThat(groups.get("Resources").get(0).get("id").stringValue()).isEqualTo(Long.toString(riverside.id()));
        assertError(riversideClient.get("/Users/" + globalAdmin.id()), 404, null);
    }

    @Test
    void adm01_organisationTokenCannotCreateOrMoveIntoAnotherOrganisation() {
        String email = unique("intruder");
        assertError(riversideClient.post("/Users", user(email, "x", "RB2")), 403, null);
        assertThat(accounts.findByEmail(email)).isEmpty();

        String id = riversideClient.post("/Users", user(email, "x", "RA1")).json().get("id").stringValue();
        assertError(riversideClient.patch("/Users/" + id, patch(
                "{\"op\":\"replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization\",\"value\":\"RB2\"}")),
                403, null);
        assertThat(accounts.findById(Long.parseLong(id)).orElseThrow().organisationId()).isEqualTo(riverside.id());

        // A global token may move an account between organisations; it is audited.
        ScimClientSupport.Reply moved = global.patch("/Users/" + id, patch(
                "{\"op\":\"replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization\",\"value\":\"RB2\"}"));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(accounts.findById(Long.parseLong(id)).orElseThrow().organisationId()).isEqualTo(bayside.id());
        assertThat(types(Long.parseLong(id))).contains("account.moved");
        assertError(riversideClient.get("/Users/" + id), 404, null);
    }

    private List<String> types(long accountId) {
        return audit.recentFor(accountId, 50).stream().map(RecordedAuditEvent::type).toList();
    }

    private static void assertError(ScimClientSupport.Reply reply, int status, String scimType) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/scim+json");
        JsonNode error = reply.json();
        assertThat(error.get("schemas").get(0).stringValue()).isEqualTo(ERROR);
        assertThat(error.get("status").stringValue()).isEqualTo(Integer.toString(status));
        assertThat(error.get("detail").stringValue()).isNotBlank();
        if (scimType != null) {
            assertThat(error.get("scimType").stringValue()).as(reply.body()).isEqualTo(scimType);
        }
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static String unique(String name) {
        return name + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "@riverside.example";
    }
}
