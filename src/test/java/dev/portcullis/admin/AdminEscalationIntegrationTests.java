package dev.portcullis.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.Role;
import dev.portcullis.audit.RecordedAuditEvent;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADM-01 inside one's own organisation: a local administrator cannot raise anyone's role nor
 * touch a global administrator, and a URL rule's 403 is audited like the console's own refusals.
 * ADM-02 for one account made in the console, MFA-01 for an administrator who has given only the
 * password, SES-03 for the administrator's actions that must end the person's sessions.
 */
class AdminEscalationIntegrationTests extends AdminConsoleTestBase {

    private static final List<String> ROLE_ACTIONS = List.of("role-user", "role-local-admin", "role-global-admin");

    @Test
    void adm01_localAdministratorCannotChangeRolesInTheirOwnOrganisation() {
        long a = organisation("Alder Trust");
        Account local = person(a, Role.LOCAL_ADMIN, "Ada Local");
        String key = enrolApp(local);
        Account user = person(a, Role.USER, "Una User");
        Account colleague = person(a, Role.LOCAL_ADMIN, "Col League");
        HttpUser console = signedInWithApp(local, key);
        long refusedBefore = auditCount("admin.refused.scope", local.id());

        List<String> tried = new ArrayList<>();
        for (Account target : List.of(user, colleague, local)) {
            for (String action : ROLE_ACTIONS) {
                String path = "/admin/accounts/" + target.id() + "/actions/" + action;
                assertThat(console.get(path).status()).as("GET " + path).isEqualTo(403);
                console.get("/admin");
                assertThat(console.post(path, Map.of()).status()).as("POST " + path).isEqualTo(403);
                tried.add(action + " account=" + target.id());
            }
        }
        // The account page offers no role change to a local administrator.
        assertThat(console.get("/admin/accounts/" + user.id()).body()).doesNotContain("/actions/role-");

        assertThat(reload(user).role()).isEqualTo(Role.USER);
        assertThat(reload(colleague).role()).isEqualTo(Role.LOCAL_ADMIN);
        assertThat(reload(local).role()).isEqualTo(Role.LOCAL_ADMIN);
        assertThat(auditTypesFor(user)).doesNotContain("account.role.changed");
        assertThat(auditCount("admin.refused.scope", local.id()) - refusedBefore).isEqualTo(2L * tried.size());
        List<String> details = refusalsBy(local.id());
        for (String attempt : tried) {
            assertThat(details).as(attempt).contains("action=" + attempt);
        }
    }

    @Test
    void adm01_localAdministratorCannotActOnAGlobalAdministratorOfTheirOwnOrganisation() {
        long a = organisation("Alder Trust");
        Account local = person(a, Role.LOCAL_ADMIN, "Ada Local");
        String key = enrolApp(local);
        Account global = person(a, Role.GLOBAL_ADMIN, "Gail Global");
        enrolApp(global);
        HttpUser console = signedInWithApp(local, key);
        long refusedBefore = auditCount("admin.refused.scope", local.id());

        assertThat(console.get("/admin/accounts/" + global.id()).status()).isEqualTo(403);
        for (String action : AdminAccessIntegrationTests.ACTIONS) {
            String path = "/admin/accounts/" + global.id() + "/actions/" + action;
            assertThat(console.get(path).status()).as("GET " + action).isEqualTo(403);
            console.get("/admin");
            assertThat(console.post(path, Map.of()).status()).as("POST " + action).isEqualTo(403);
        }

        Account after = reload(global);
        assertThat(after.role()).isEqualTo(Role.GLOBAL_ADMIN);
        assertThat(after.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(mfa.enabled(global.id())).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notification_queue WHERE account_id = :id AND template = 'reset-link'")
                .param("id", global.id()).query(Long.class).single()).as("no reset link sent").isZero();
        assertThat(auditCount("admin.refused.scope", local.id()) - refusedBefore)
                .isEqualTo(1L + 2L * AdminAccessIntegrationTests.ACTIONS.size());
        assertThat(refusalsBy(local.id())).contains("action=reset-mfa", "action=role-user", "action=disable");
    }

    @Test
    void adm01_refusalsByTheUrlRulesAreAuditedWithPathAndReason() {
        long a = organisation("Alder Trust");
        Account local = person(a, Role.LOCAL_ADMIN, "Ada Local");
        String key = enrolApp(local);
        Account user = person(a, Role.USER, "Una User");

        HttpUser plain = signedIn(user);
        assertThat(plain.get("/admin?token=do-not-log-me").status()).isEqualTo(403);
        plain.get("/");
        assertThat(plain.post("/admin/accounts/" + user.id() + "/actions/role-global-admin", Map.of()).status()).isEqualTo(403);

        HttpUser console = signedInWithApp(local, key);
        assertThat(console.get("/admin/applications").status()).isEqualTo(403);
        console.get("/admin");
        assertThat(console.post("/admin/applications", Map.of("name", "Sneaky")).status()).isEqualTo(403);

        assertThat(accessRefusals(user.id())).contains(
                "method=GET path=/admin reason=not permitted",
                "method=POST path=/admin/accounts/" + user.id() + "/actions/role-global-admin reason=not permitted");
        assertThat(accessRefusals(local.id())).contains(
                "method=GET path=/admin/applications reason=not permitted",
                "method=POST path=/admin/applications reason=not permitted");
        assertThat(audit.recentOfType("access.refused", 200)).filteredOn(e -> e.actorAccountId() != null && e.actorAccountId() == user.id())
                .allSatisfy(e -> {
                    assertThat(e.detail()).as("no query string, so no secret").doesNotContain("do-not-log-me");
                    assertThat(e.organisationId()).isEqualTo(a);
                    assertThat(e.sourceIp()).isNotBlank();
                });
        assertThat(reload(user).role()).isEqualTo(Role.USER);
    }

    @Test
    void adm02_creatingOneAccountInTheConsoleEmailsASetPasswordLinkAndNeverAPassword() {
        long a = organisation("Alder Trust");
        Account local = person(a, Role.LOCAL_ADMIN, "Ada Local");
        String key = enrolApp(local);
        HttpUser console = signedInWithApp(local, key);

        HttpUser.Response form = console.get("/admin/accounts/new");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).as("no password field to fill in").doesNotContain("type=\"password\"")
                .doesNotContainIgnoringCase("name=\"password\"");

        String email = "new.starter." + unique() + "@example.nhs.uk";
        HttpUser.Response created = console.post("/admin/accounts/new", Map.of("email", email, "displayName", "New Starter",
                "organisation", Long.toString(a), "role", "user"));
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        Account account = accounts.findByEmail(email).orElseThrow();
        assertThat(created.location()).isEqualTo("/admin/accounts/" + account.id());
        HttpUser.Response page = console.follow(created);
        assertThat(page.body()).contains("We have emailed " + email + " a link to set their password");

        assertThat(jdbc.sql("SELECT COUNT(*) FROM account_password WHERE account_id = :id").param("id", account.id())
                .query(Long.class).single()).as("no password was set for them").isZero();
        List<QueuedEmail> queued = jdbc.sql("""
                SELECT template, recipient, text_body FROM notification_queue WHERE account_id = :id
                """).param("id", account.id())
                .query((rs, n) -> new QueuedEmail(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        assertThat(queued).filteredOn(e -> e.template().equals("reset-link")).singleElement()
                .satisfies(e -> assertThat(e.recipient()).isEqualTo(email));
        // The queue forgets a body once it is sent: read what the person received (the outbox gateway).
        List<String> received = delivered(email);
        assertThat(received).isNotEmpty().allSatisfy(body -> assertThat(body).doesNotContain(PASSWORD));
        assertThat(received).anySatisfy(body -> assertThat(body).contains("/signin/reset/link/"));
        assertThat(audit.recentFor(account.id(), 20)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("reset.link.sent");
            assertThat(e.actorAccountId()).isEqualTo(local.id());
        });
        // Nothing the administrator saw could be a password for the account.
        assertThat(page.body()).doesNotContain("password is").doesNotContain("temporary password");
    }

    @Test
    void mfa01_administratorWithOnlyThePasswordIsSentToTheFactorStepFromEveryAdminRoute() {
        long a = organisation("Alder Trust");
        Account global = person(a, Role.GLOBAL_ADMIN, "Gail Global");
        enrolApp(global);
        Account target = person(a, Role.USER, "Una User");

        HttpUser half = new HttpUser(port);
        assertThat(half.signIn(global.email(), PASSWORD).location()).isEqualTo("/signin/factor");
        half.follow(half.get("/signin/factor"));
        assertThat(half.csrfToken()).isNotNull();

        for (String route : AdminAccessIntegrationTests.ROUTES) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1)
                    .replace("{id}", Long.toString(target.id())).replace("{action}", "disable");
            HttpUser.Response response = "GET".equals(method) ? half.get(path)
                    : half.post(path, Map.of("email", "x." + unique() + "@example.nhs.uk", "displayName", "X",
                            "organisation", Long.toString(a), "role", "global_admin", "name", "Sneaky",
                            "label", "Sneaky", "scope", Long.toString(a)));
            assertThat(response.status()).as(route).isEqualTo(302);
            assertThat(response.location()).as(route).isEqualTo("/signin/factor");
        }
        assertThat(reload(target).status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(reload(target).role()).isEqualTo(Role.USER);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE organisation_id = :org").param("org", a)
                .query(Long.class).single()).as("no account was created").isEqualTo(2L);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE actor_account_id = :id AND type LIKE 'admin.%'")
                .param("id", global.id()).query(Long.class).single()).isZero();
    }

    @Test
    void ses03_resettingMfaDisablingAndChangingTheRoleEachEndEveryOneOfThePersonsSessions() {
        long a = organisation("Alder Trust");
        Account global = person(a, Role.GLOBAL_ADMIN, "Gail Global");
        String globalKey = enrolApp(global);
        Account person = person(a, Role.USER, "Pat Person");
        String personKey = enrolApp(person);
        HttpUser console = signedInWithApp(global, globalKey);

        List<HttpUser> sessions = List.of(signedInWithApp(person, personKey), signedInWithApp(person, personKey));
        act(console, person, "reset-mfa");
        assertEnded(sessions, person);
        assertThat(mfa.enabled(person.id())).isFalse();

        sessions = List.of(signedIn(person), signedIn(person));
        act(console, person, "disable");
        assertEnded(sessions, person);
        act(console, person, "enable");

        sessions = List.of(signedIn(person), signedIn(person));
        act(console, person, "role-local-admin");
        assertEnded(sessions, person);
        assertThat(reload(person).role()).isEqualTo(Role.LOCAL_ADMIN);
        // The administrator's own session carries on.
        assertThat(console.get("/admin").status()).isEqualTo(200);
    }

    /** The bodies of the emails the outbox gateway delivered to this address, waiting for the sender to run. */
    private List<String> delivered(String email) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        List<String> bodies = List.of();
        while (bodies.isEmpty() && System.nanoTime() < deadline) {
            bodies = jdbc.sql("SELECT body FROM message_outbox WHERE recipient = :to").param("to", email)
                    .query(String.class).list();
            if (bodies.isEmpty()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return bodies;
    }

    private record QueuedEmail(String template, String recipient, String text) {
    }

    private void act(HttpUser console, Account person, String action) {
        String path = "/admin/accounts/" + person.id() + "/actions/" + action;
        assertThat(console.get(path).status()).as(action).isEqualTo(200);
        HttpUser.Response done = console.post(path, Map.of());
        assertThat(done.location()).as(action).isEqualTo("/admin/accounts/" + person.id());
    }

    private void assertEnded(List<HttpUser> sessions, Account person) {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM spring_session WHERE principal_name = :name")
                .param("name", Long.toString(person.id())).query(Long.class).single()).isZero();
        for (HttpUser session : sessions) {
            HttpUser.Response home = session.get("/");
            assertThat(home.status()).isEqualTo(302);
            assertThat(home.location()).isEqualTo("/signin");
            assertThat(session.get("/account/self-service").location()).isEqualTo("/signin");
        }
    }

    private List<String> refusalsBy(long actor) {
        return audit.recentOfType("admin.refused.scope", 500).stream()
                .filter(e -> e.actorAccountId() != null && e.actorAccountId() == actor)
                .map(RecordedAuditEvent::detail).toList();
    }

    private List<String> accessRefusals(long actor) {
        return audit.recentOfType("access.refused", 500).stream()
                .filter(e -> e.actorAccountId() != null && e.actorAccountId() == actor)
                .map(RecordedAuditEvent::detail).toList();
    }
}
