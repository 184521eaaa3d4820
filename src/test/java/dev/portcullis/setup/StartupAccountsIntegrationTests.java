package dev.portcullis.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.PortcullisApplication;
import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens at start-up, as an operator meets it: the bootstrap administrator from the
 * environment, the one-time set-up link in the log, and demo data. Each test starts whole
 * applications on its own database, some of them twice, as a restart would.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupAccountsIntegrationTests {

    private static final Pattern SETUP_LINK = Pattern.compile("https?://[^\\s/]+(/setup/[A-Za-z0-9_-]{43})");

    @Test
    void bootstrapWhenCredentialsGivenThenGlobalAdministratorCanSignIn(CapturedOutput output) {
        String password = "bootstrap-secret-" + UUID.randomUUID();
        try (var app = start(database(), "--portcullis.bootstrap.admin-email=Admin@Portcullis.Example",
                "--portcullis.bootstrap.admin-password=" + password)) {
            AccountService accounts = app.getBean(AccountService.class);

            Account admin = accounts.findByEmail("admin@portcullis.example").orElseThrow();
            assertThat(admin.role()).isEqualTo(Role.GLOBAL_ADMIN);
            assertThat(accounts.count()).isEqualTo(1);
            assertThat(app.getBean(OrganisationService.class).findById(admin.organisationId()).orElseThrow().code())
                    .isEqualTo("ADMIN");
            assertThat(jdbc(app).sql("SELECT detail FROM audit_event WHERE type = 'account.created'").query(String.class).list())
                    .containsExactly("role=global_admin via=bootstrap");
            assertThat(jdbc(app).sql("SELECT COUNT(*) FROM setup_token").query(Long.class).single()).isZero();

            HttpUser user = new HttpUser(port(app));
            Response signedIn = user.signIn("admin@portcullis.example", password);
            assertThat(signedIn.location()).isEqualTo("/");
            assertThat(user.follow(signedIn).body()).contains("Administrator");
        }
        assertThat(output.getAll()).contains("Created the first global administrator").doesNotContain(password);
    }

    @Test
    void bootstrapWhenAccountsAlreadyExistThenSecondStartCreatesNothing(CapturedOutput output) {
        String database = database();
        try (var first = start(database, "--portcullis.bootstrap.admin-email=first@portcullis.example",
                "--portcullis.bootstrap.admin-password=lantern-meadow-violet-2026")) {
            assertThat(first.getBean(AccountService.class).count()).isEqualTo(1);
        }

        try (var second = start(database, "--portcullis.bootstrap.admin-email=second@portcullis.example",
                "--portcullis.bootstrap.admin-password=quarry-ember-thistle-2026")) {
            AccountService accounts = second.getBean(AccountService.class);
            assertThat(accounts.count()).isEqualTo(1);
            assertThat(accounts.findByEmail("second@portcullis.example")).isEmpty();
            assertThat(accounts.findByEmail("first@portcullis.example")).isPresent();
            assertThat(jdbc(second).sql("SELECT COUNT(*) FROM setup_token").query(Long.class).single()).isZero();
            assertThat(new HttpUser(port(second)).signIn("second@portcullis.example", "quarry-ember-thistle-2026").location())
                    .isEqualTo("/signin?error");
        }
        assertThat(output.getAll()).doesNotContain("lantern-meadow-violet-2026").doesNotContain("quarry-ember-thistle-2026");
    }

    @Test
    void setupLinkWhenNoBootstrapThenPrintedAndOnlyThatLinkWorks(CapturedOutput output) {
        try (var app = start(database())) {
            String path = setupPathFromLog(output);
            String token = path.substring("/setup/".length());
            JdbcClient jdbc = jdbc(app);

            assertThat(jdbc.sql("SELECT COUNT(*) FROM setup_token").query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("SELECT token_hash FROM setup_token").query(String.class).single())
                    .hasSize(64).isNotEqualTo(token);
            assertThat(app.getBean(AccountService.class).count()).isZero();

            HttpUser user = new HttpUser(port(app));
            Response form = user.get(path);
            assertThat(form.status()).isEqualTo(200);
            assertThat(form.body()).contains("Create the first administrator");

            Response wrong = user.get("/setup/" + token.substring(1) + "A");
            assertThat(wrong.status()).isEqualTo(200);
            assertThat(wrong.body()).contains("This set-up link cannot be used").doesNotContain("Create the first administrator");
            assertThat(user.get("/setup/not-the-token").body()).contains("This set-up link cannot be used");
            assertThat(user.get("/setup/" + "a".repeat(200)).body()).contains("This set-up link cannot be used");
        }
    }

    @Test
    void rec01_setupFormWhenSubmittedThenAdministratorCreatedAndLinkUsedUp() {
        try (var app = start(database())) {
            String token = app.getBean(SetupTokens.class).issue();
            HttpUser user = new HttpUser(port(app));
            user.get("/setup/" + token);

            Response created = user.post("/setup/" + token, form("Ada Admin", "ada@portcullis.example", "tulip-window-seventeen"));

            assertThat(created.status()).isEqualTo(302);
            assertThat(created.location()).isEqualTo("/signin?created");
            Account admin = app.getBean(AccountService.class).findByEmail("ada@portcullis.example").orElseThrow();
            assertThat(admin.role()).isEqualTo(Role.GLOBAL_ADMIN);
            assertThat(admin.displayName()).isEqualTo("Ada Admin");
            assertThat(jdbc(app).sql("SELECT detail FROM audit_event WHERE type = 'account.created'").query(String.class).list())
                    .containsExactly("role=global_admin via=setup link");

            HttpUser again = new HttpUser(port(app));
            assertThat(again.get("/setup/" + token).body()).contains("This set-up link cannot be used");
            again.get("/signin");
            Response reused = again.post("/setup/" + token, form("Eve Intruder", "eve@portcullis.example", "eve-password-2026"));
            assertThat(reused.body()).contains("This set-up link cannot be used");
            assertThat(app.getBean(AccountService.class).count()).isEqualTo(1);

            assertThat(new HttpUser(port(app)).signIn("ada@portcullis.example", "tulip-window-seventeen").location()).isEqualTo("/");
        }
    }

    @Test
    void setupFormWhenPasswordsDifferThenErrorAndLinkStillWorks() {
        try (var app = start(database())) {
            String token = app.getBean(SetupTokens.class).issue();
            HttpUser user = new HttpUser(port(app));
            user.get("/setup/" + token);

            Response refused = user.post("/setup/" + token, Map.of("displayName", "Ada Admin", "email", "ada@portcullis.example",
                    "password", "tulip-window-seventeen", "confirmPassword", "something-else-2026"));

            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.body()).contains("There is a problem").contains("The passwords do not match")
                    .doesNotContain("tulip-window-seventeen");
            assertThat(app.getBean(AccountService.class).count()).isZero();
            assertThat(app.getBean(SetupTokens.class).isValid(token)).isTrue();
        }
    }

    @Test
    void pwd02_setupFormWhenPasswordTooShortThenErrorAndLinkStillWorks() {
        try (var app = start(database())) {
            String token = app.getBean(SetupTokens.class).issue();
            HttpUser user = new HttpUser(port(app));
            user.get("/setup/" + token);

            Response refused = user.post("/setup/" + token, form("Ada Admin", "ada@portcullis.example", "short"));

            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.body()).contains("Password must be 8 characters or more");
            assertThat(app.getBean(AccountService.class).count()).isZero();
            assertThat(app.getBean(OrganisationService.class).findByCode("ADMIN")).as("rolled back with the rest").isEmpty();
            assertThat(app.getBean(SetupTokens.class).isValid(token)).as("the token's use is rolled back").isTrue();

            Response created = user.post("/setup/" + token, form("Ada Admin", "ada@portcullis.example", "tulip-window-seventeen"));
            assertThat(created.location()).isEqualTo("/signin?created");
        }
    }

    @Test
    void mfa04_setupFormWhenPostedWithoutCsrfTokenThenForbiddenAndNothingCreated() {
        try (var app = start(database())) {
            String token = app.getBean(SetupTokens.class).issue();
            HttpUser user = new HttpUser(port(app));
            user.get("/setup/" + token);

            Response forged = user.postRaw("/setup/" + token, form("Mallory", "mallory@portcullis.example", "mallory-password-2026"));

            assertThat(forged.status()).isEqualTo(403);
            assertThat(app.getBean(AccountService.class).count()).isZero();
            assertThat(app.getBean(SetupTokens.class).isValid(token)).isTrue();
        }
    }

    @Test
    void flt05_parallelSubmissionsOfOneSetupLinkCreateExactlyOneAdministrator() throws Exception {
        try (var app = start(database())) {
            String token = app.getBean(SetupTokens.class).issue();
            int submissions = 4;
            List<HttpUser> users = new ArrayList<>();
            for (int i = 0; i < submissions; i++) {
                HttpUser user = new HttpUser(port(app));
                user.get("/setup/" + token);
                users.add(user);
            }
            ExecutorService pool = Executors.newFixedThreadPool(submissions);
            List<Response> responses = new ArrayList<>();
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Response>> futures = new ArrayList<>();
                for (int i = 0; i < submissions; i++) {
                    HttpUser user = users.get(i);
                    String email = "admin" + i + "@portcullis.example";
                    futures.add(pool.submit(() -> {
                        go.await();
                        return user.post("/setup/" + token, form("Admin " + email, email, "tulip-window-seventeen"));
                    }));
                }
                go.countDown();
                for (Future<Response> future : futures) {
                    responses.add(future.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(responses).filteredOn(r -> r.status() == 302).hasSize(1)
                    .allSatisfy(r -> assertThat(r.location()).isEqualTo("/signin?created"));
            assertThat(responses).filteredOn(r -> r.status() != 302)
                    .allSatisfy(r -> assertThat(r.status()).isLessThan(500));
            assertThat(app.getBean(AccountService.class).count()).isEqualTo(1);
            assertThat(jdbc(app).sql("SELECT COUNT(*) FROM account WHERE role = 'global_admin'").query(Long.class).single()).isEqualTo(1);
        }
    }

    @Test
    void demoWhenEnabledThenOrganisationsAndAccountsSeededIdempotentlyAndPasswordPrinted(CapturedOutput output) {
        String database = database();
        try (var first = start(database, "--portcullis.demo=true")) {
            assertDemoData(first);
            assertThat(jdbc(first).sql("SELECT COUNT(*) FROM setup_token").query(Long.class).single()).isZero();
            HttpUser nurse = new HttpUser(port(first));
            Response signedIn = nurse.signIn("nurse@riverside.example", DemoData.PASSWORD);
            assertThat(signedIn.location()).isEqualTo("/");
            assertThat(nurse.follow(signedIn).body()).contains("Florence Nightingale");
        }
        assertThat(output.getAll()).contains("DEMO MODE").contains("Every demo account's password is: demo-password-2026")
                .contains("nurse@riverside.example").doesNotContain("/setup/");
        int printedBefore = occurrences(output.getAll(), "demo-password-2026");

        try (var second = start(database, "--portcullis.demo=true")) {
            assertDemoData(second);
        }
        assertThat(occurrences(output.getAll(), "demo-password-2026")).as("printed again on the second start")
                .isGreaterThan(printedBefore);
    }

    private static void assertDemoData(ConfigurableApplicationContext app) {
        OrganisationService organisations = app.getBean(OrganisationService.class);
        AccountService accounts = app.getBean(AccountService.class);
        assertThat(organisations.findAll()).extracting(o -> o.code()).containsExactlyInAnyOrder("RX1", "FA123", "B81001");
        assertThat(accounts.count()).isEqualTo(5);
        assertThat(accounts.findByEmail("admin@portcullis.example").orElseThrow().role()).isEqualTo(Role.GLOBAL_ADMIN);
        assertThat(accounts.findByEmail("local.admin@riverside.example").orElseThrow().role()).isEqualTo(Role.LOCAL_ADMIN);
        assertThat(accounts.findByEmail("pharmacist@highstreet.example").orElseThrow().organisationId())
                .isEqualTo(organisations.findByCode("FA123").orElseThrow().id());
        assertThat(accounts.findByEmail("receptionist@hillside.example")).isPresent();
        assertThat(jdbc(app).sql("SELECT COUNT(*) FROM audit_event WHERE type = 'account.created'").query(Long.class).single())
                .isEqualTo(5);
    }

    private static Map<String, String> form(String name, String email, String password) {
        return Map.of("displayName", name, "email", email, "password", password, "confirmPassword", password);
    }

    private static String setupPathFromLog(CapturedOutput output) {
        Matcher link = SETUP_LINK.matcher(output.getAll());
        assertThat(link.find()).as("a set-up link in the log").isTrue();
        return link.group(1);
    }

    private static int occurrences(String text, String word) {
        int count = 0;
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            count++;
        }
        return count;
    }

    /** A whole Portcullis on the named database; arguments as an operator would pass them. */
    private static ConfigurableApplicationContext start(String database, String... arguments) {
        List<String> args = new ArrayList<>(List.of("--portcullis.test.database-name=" + database, "--server.port=0"));
        args.addAll(List.of(arguments));
        return new SpringApplicationBuilder(PortcullisApplication.class).run(args.toArray(String[]::new));
    }

    private static String database() {
        return "t_start_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static int port(ConfigurableApplicationContext app) {
        return app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private static JdbcClient jdbc(ConfigurableApplicationContext app) {
        return app.getBean(JdbcClient.class);
    }
}
