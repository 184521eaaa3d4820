package dev.portcullis.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.MutableClockConfiguration;
import dev.portcullis.testsupport.TcpFaultProxy;
import dev.portcullis.testsupport.TestDatabase;
import dev.portcullis.testsupport.TotpCodes;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database lost mid-sign-in, mid-enrolment and mid-reset, and a database that stops
 * answering (issue 9; SECURITY.md FLT-01, FLT-02). The application's datasource goes through a
 * {@link TcpFaultProxy} to PostgreSQL; the proxy cuts the connection before a request or as a
 * chosen statement is sent, in the middle of the request's transaction. Each time the person gets
 * the service's 503 page (no internals), nothing is half-written, nothing opens without every
 * check, and the same running application carries on once the database is back.
 *
 * <p>PostgreSQL only (the proxy stands in front of a TCP database); the H2 execution skips it,
 * the PostgreSQL execution (also under {@code CI=true}) always runs it.
 */
@EnabledIfSystemProperty(named = "portcullis.test.db", matches = "postgres",
        disabledReason = "needs a database over TCP: runs in the PostgreSQL execution")
@Import(MutableClockConfiguration.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "portcullis.test.keep-datasource=true", "portcullis.notification.sending=false" })
class DatabaseFaultIntegrationTests {

    private static final String PASSWORD = "a-long-password";
    private static final String NEW_PASSWORD = "violet-harbour-lantern-42";
    private static final String ENROLL = "/account/security/factors/totp/enroll";
    private static final String CHALLENGE = "/signin/factor/totp";
    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7 ]+)<");
    private static final Pattern LINK = Pattern.compile("/signin/reset/link/([A-Za-z0-9_-]+)");
    /** What a request may take while the database is gone: the pool's 1 s wait plus a 3 s socket timeout, with room. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    private static TcpFaultProxy proxy;

    @DynamicPropertySource
    static void databaseBehindTheProxy(DynamicPropertyRegistry registry) throws IOException {
        String schema = "flt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String direct = TestDatabase.url(schema);
        proxy = TcpFaultProxy.forJdbcUrl(direct);
        // Plain text and unnamed statements, so that cutWhenSent sees the SQL; a socket timeout,
        // so that a connection whose database went silent gives up instead of waiting for ever.
        String url = proxy.proxiedJdbcUrl(direct) + "&sslmode=disable&prepareThreshold=0&socketTimeout=3&connectTimeout=2";
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", TestDatabase::postgresUser);
        registry.add("spring.datasource.password", TestDatabase::postgresPassword);
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.default-schema", () -> schema);
        // keep-datasource also leaves the data directory (the secret key) to this class.
        String dataDir = Files.createTempDirectory("portcullis-flt").toString();
        registry.add("portcullis.data-dir", () -> dataDir);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
        registry.add("spring.datasource.hikari.minimum-idle", () -> "2");
        // Fail fast while the database is gone: a request waits at most 1 s for a connection.
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
        registry.add("spring.datasource.hikari.validation-timeout", () -> "500");
    }

    @AfterAll
    static void closeProxy() {
        if (proxy != null) {
            proxy.close();
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
    private MfaService mfa;

    @Autowired
    private JdbcClient jdbc;

    record Enrolled(long accountId, String email, String key) {
    }

    @BeforeEach
    void databaseBack() {
        proxy.restore();
        awaitDatabase();
        clock.reset();
        // 15 s into a fresh step, so a test's few requests never straddle a step boundary by accident.
        clock.set(TotpCodes.nextStepStart(clock.instant()).plusSeconds(15));
    }

    @AfterEach
    void restore() {
        proxy.restore();
    }

    @Test
    void flt02_databaseLostAtTheCodeStepThenServicePageNotSignedInAndTheSamePersonFinishesAfterwards() {
        Enrolled account = enrolledAccount();
        clock.advance(Duration.ofMinutes(2));
        HttpUser user = new HttpUser(port);
        assertThat(user.signIn(account.email(), PASSWORD).location()).isEqualTo("/signin/factor");
        assertThat(user.get(CHALLENGE).status()).isEqualTo(200);
        String session = user.sessionCookie();
        String code = TotpCodes.current(account.key(), clock);

        // Lost as the code's time step is being claimed, inside the verification.
        proxy.cutWhenSent("UPDATE mfa_totp SET last_used_step");
        Response refused = timed(() -> user.post(CHALLENGE, Map.of("code", code)));

        assertServicePage(refused);
        // While it is gone, the session cannot be read: every page is the service page, none opens.
        for (String path : List.of("/", "/account/profile", "/account/self-service", CHALLENGE)) {
            assertServicePage(timed(() -> user.get(path)));
        }
        assertThat(user.sessionCookie()).as("the browser keeps its session").isEqualTo(session);
        // Someone new cannot start: the sign-in page's session cannot be stored.
        assertServicePage(timed(() -> new HttpUser(port).get("/signin")));

        proxy.restore();
        awaitDatabase();

        assertThat(user.get("/account/profile").location()).as("fails closed: still only the password step")
                .isEqualTo("/signin/factor");
        assertThat(user.get(CHALLENGE).status()).isEqualTo(200);
        Response done = user.post(CHALLENGE, Map.of("code", code));
        assertThat(done.status()).as("the code was not used up by the failed attempt").isEqualTo(302);
        assertThat(done.location()).startsWith("/");
        assertThat(user.get("/account/profile").status()).isEqualTo(200);
    }

    @Test
    void flt01_databaseLostWhileConfirmingAnAppThenNoActiveFactorAndThePendingOneConfirmsAfterwards() {
        String email = newAccount();
        long accountId = accounts.findByEmail(email).orElseThrow().id();
        HttpUser user = new HttpUser(port);
        assertThat(user.signIn(email, PASSWORD).location()).isEqualTo("/");
        String key = secret(user.get(ENROLL));
        String code = TotpCodes.current(key, clock);

        // Lost inside the confirming transaction, after it locked and cleared the account's rows.
        proxy.cutWhenSent("UPDATE mfa_totp SET confirmed = TRUE");
        assertServicePage(timed(() -> user.post(ENROLL, Map.of("code", code))));
        proxy.restore();
        awaitDatabase();

        assertThat(mfa.enabled(accountId)).as("all or nothing: no active factor").isFalse();
        assertThat(count("SELECT COUNT(*) FROM mfa_totp WHERE account_id = :a AND confirmed = TRUE", accountId)).isZero();
        assertThat(count("SELECT COUNT(*) FROM mfa_totp WHERE account_id = :a AND confirmed = FALSE", accountId))
                .as("the pending app is still there").isEqualTo(1);

        Response again = user.get(ENROLL);
        assertThat(secret(again)).as("the same pending app, shown again to this session").isEqualTo(key);
        Response confirmed = user.post(ENROLL, Map.of("code", code));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(302);
        assertThat(mfa.enabled(accountId)).isTrue();
        assertThat(count("SELECT COUNT(*) FROM mfa_totp WHERE account_id = :a AND confirmed = TRUE", accountId)).isEqualTo(1);
    }

    @Test
    void flt01_databaseLostDuringAResetThenTheLinkStillWorksOnceAndTheOldPasswordUntilTheNewOneIsSaved() {
        Enrolled account = enrolledAccount();
        clock.advance(Duration.ofMinutes(2));
        HttpUser visitor = new HttpUser(port);
        visitor.get("/signin/reset");
        assertThat(visitor.post("/signin/reset", Map.of("email", account.email())).location()).isEqualTo("/signin/reset/sent");
        String link = linkPath(account.accountId());
        assertThat(visitor.get(link).status()).isEqualTo(200);

        proxy.cut();
        assertServicePage(timed(() -> visitor.post(link, Map.of())));
        proxy.restore();
        awaitDatabase();

        assertThat(count("SELECT COUNT(*) FROM password_reset_token WHERE account_id = :a AND used_at IS NULL",
                account.accountId())).as("the link was not used up").isEqualTo(1);
        assertThat(visitor.post(link, Map.of()).location()).isEqualTo("/signin/reset/verify");
        assertThat(visitor.get(CHALLENGE).status()).isEqualTo(200);
        assertThat(visitor.post(CHALLENGE, Map.of("code", TotpCodes.current(account.key(), clock))).location())
                .isEqualTo("/signin/reset/password");
        assertThat(visitor.get("/signin/reset/password").status()).isEqualTo(200);
        String hashBefore = passwordHash(account.accountId());

        // Lost as the new password is written.
        proxy.cutWhenSent("UPDATE account_password SET hash");
        assertServicePage(timed(() -> visitor.post("/signin/reset/password",
                Map.of("password", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD))));
        proxy.restore();
        awaitDatabase();

        assertThat(passwordHash(account.accountId())).as("nothing half-written").isEqualTo(hashBefore);
        assertThat(new HttpUser(port).signIn(account.email(), PASSWORD).location())
                .as("the old password works until the new one is saved").isEqualTo("/signin/factor");
        assertThat(new HttpUser(port).get(link).body()).as("the link was used once").contains("This link cannot be used");

        Response saved = visitor.post("/signin/reset/password", Map.of("password", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(saved.location()).as("the same reset finishes").isEqualTo("/signin?reset");
        assertThat(passwordHash(account.accountId())).isNotEqualTo(hashBefore);
        assertThat(new HttpUser(port).signIn(account.email(), PASSWORD).location()).startsWith("/signin?error");
        assertThat(new HttpUser(port).signIn(account.email(), NEW_PASSWORD).location()).isEqualTo("/signin/factor");
    }

    @Test
    void flt02_silentDatabaseThenRequestsEndWithinThePoolTimeoutAndPagesWithoutTheDatabaseStillAnswer() throws Exception {
        String email = newAccount();
        HttpUser user = new HttpUser(port);
        assertThat(user.signIn(email, PASSWORD).location()).isEqualTo("/");
        assertThat(user.get("/account/profile").status()).isEqualTo(200);
        String session = user.sessionCookie();

        proxy.blackhole();
        ExecutorService browsers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> waiting = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 8; i++) {
                HttpUser tab = new HttpUser(port).withCookie(HttpUser.SESSION_COOKIE, session);
                waiting.add(browsers.submit(() -> tab.get("/account/profile")));
            }
            // While eight requests wait on the silent database, pages that do not need it still answer.
            Response help = timed(() -> new HttpUser(port).get("/help"));
            assertThat(help.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered while the others waited")
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(timed(() -> new HttpUser(port).get("/js/portcullis.js")).status()).isEqualTo(200);

            for (Future<Response> tab : waiting) {
                assertServicePage(tab.get());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("every request ended, freeing its thread")
                    .isLessThan(BOUND);
        } finally {
            browsers.shutdownNow();
        }

        proxy.restore();
        awaitDatabase();
        assertThat(user.get("/account/profile").status()).as("the session survived").isEqualTo(200);
    }

    /** The service's own page for a missing database: 503, NHS wording, security headers, no internals. */
    private static void assertServicePage(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(response.body()).contains("Sorry, there is a problem with the service").contains("Try again")
                .contains("nhsuk-header")
                .doesNotContain("Exception").doesNotContain("SQL").doesNotContain("jdbc").doesNotContain("Hikari")
                .doesNotContain("at dev.portcullis").doesNotContain("org.springframework").doesNotContain("postgres");
        assertThat(response.body()).as("nobody is shown as signed in").doesNotContain("/signout");
        assertThat(response.header("Content-Security-Policy")).isPresent();
        assertThat(response.setCookies()).as("no cookie set or cleared: the session is kept for later").isEmpty();
    }

    /** Runs one request and checks that it ended within the bound a missing database allows. */
    private static Response timed(java.util.function.Supplier<Response> request) {
        long started = System.nanoTime();
        Response response = request.get();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
        return response;
    }

    /** Waits until the running application's own pool reaches the database again (no restart). */
    private void awaitDatabase() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                jdbc.sql("SELECT 1").query(Integer.class).single();
                return;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
        throw new AssertionError("the database did not come back through the pool", last);
    }

    private long count(String sql, long accountId) {
        return jdbc.sql(sql).param("a", accountId).query(Long.class).single();
    }

    private String passwordHash(long accountId) {
        return jdbc.sql("SELECT hash FROM account_password WHERE account_id = :id").param("id", accountId)
                .query(String.class).single();
    }

    private String linkPath(long accountId) {
        List<String> bodies = jdbc.sql("SELECT text_body FROM notification_queue WHERE account_id = :id AND template = 'reset-link' ORDER BY id DESC")
                .param("id", accountId).query(String.class).list();
        assertThat(bodies).isNotEmpty();
        Matcher m = LINK.matcher(bodies.get(0));
        assertThat(m.find()).as(bodies.get(0)).isTrue();
        return "/signin/reset/link/" + m.group(1);
    }

    private static String secret(Response page) {
        Matcher m = SECRET.matcher(page.body());
        assertThat(m.find()).as("no #totp-secret on the page:\n" + page.body()).isTrue();
        return m.group(1).strip();
    }

    private String newAccount() {
        long organisationId = organisations.findOrCreate("FLT1", "Fault Trust").id();
        String email = "nurse-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accounts.create(new NewAccount(email, "Test Nurse", organisationId, Role.USER, PASSWORD.toCharArray()), "test", null);
        return email;
    }

    /** A new account with a confirmed authenticator app, set up through the pages. */
    private Enrolled enrolledAccount() {
        String email = newAccount();
        HttpUser user = new HttpUser(port);
        assertThat(user.signIn(email, PASSWORD).location()).isEqualTo("/");
        String key = secret(user.get(ENROLL));
        Response done = user.post(ENROLL, Map.of("code", TotpCodes.current(key, clock)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        return new Enrolled(accounts.findByEmail(email).orElseThrow().id(), email, key);
    }
}
