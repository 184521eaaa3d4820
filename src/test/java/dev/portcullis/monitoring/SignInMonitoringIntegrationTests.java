package dev.portcullis.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.TotpCodes;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks replayed over real HTTP against the whole application, with a generated GeoIP
 * database: password spraying from one address, MFA fatigue, a sign-in from a new country and
 * impossible travel; and what follows — the email, "This wasn't me", Recent activity, the
 * administrators' list and its CSV, the counters, and pruning. Source addresses come through
 * X-Forwarded-For, which the server trusts from its local proxy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "portcullis.notification.sending=false", "portcullis.test.keep-datasource=true" })
class SignInMonitoringIntegrationTests {

    static final String PASSWORD = "a-long-password";
    static final String ENROLL = "/account/security/factors/totp/enroll";
    static final String UNUSUAL = "This sign-in looks unusual, so it has been stopped to protect the account.";
    static final String SPRAYING = "Sign-in from your network is paused because it tried too many accounts.";
    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7 ]+)<");
    private static final Pattern NOT_ME_LINK = Pattern.compile("(http://\\S+/signin/not-me/[A-Za-z0-9_-]{43})");

    static final String LEEDS_IP = "192.0.2.10";
    static final String YORK_IP = "192.0.2.77";
    static final String SYDNEY_IP = "203.0.113.5";

    private static final Path GEOIP = generatedDatabase();

    static Path generatedDatabase() {
        try {
            Path file = Files.createTempFile("portcullis-geoip", ".mmdb");
            file.toFile().deleteOnExit();
            return new TestGeoIpDatabase()
                    .city("192.0.2.0", 24, "GB", "Leeds", 53.7997, -1.5492)
                    .city("198.51.100.0", 24, "GB", "London", 51.5072, -0.1276)
                    .city("203.0.113.0", 24, "AU", "Sydney", -33.8688, 151.2093)
                    .writeTo(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    @DynamicPropertySource
    static void geoipAndDatabase(DynamicPropertyRegistry registry) {
        registry.add("portcullis.monitoring.geoip-database", GEOIP::toString);
        FullPoolDatabase.register(registry);
    }

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
    private JdbcClient jdbc;

    @Autowired
    private MonitoringPruning pruning;

    private long organisationId;

    @BeforeEach
    void midStep() {
        clock.reset();
        clock.set(TotpCodes.nextStepStart(clock.instant()).plusSeconds(15));
        organisationId = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
    }

    private String newAccount(Role role, long organisation) {
        String email = "person." + UUID.randomUUID().toString().substring(0, 8) + "@riverside.example";
        accounts.create(new NewAccount(email, "Florence Tester", organisation, role, PASSWORD.toCharArray()), "test", null);
        return email;
    }

    private HttpUser from(String ip) {
        return new HttpUser(port).withHeader("X-Forwarded-For", ip);
    }

    private long id(String email) {
        return accounts.findByEmail(email).orElseThrow().id();
    }

    /** Signs in from Leeds, adds an authenticator app, and returns its key; the visitor stays signed in. */
    private String enrolTotp(HttpUser visitor, String email) {
        assertThat(visitor.signIn(email, PASSWORD).location()).isEqualTo("/");
        Matcher m = SECRET.matcher(visitor.get(ENROLL).body());
        assertThat(m.find()).isTrue();
        String key = m.group(1).strip();
        assertThat(visitor.post(ENROLL, Map.of("code", TotpCodes.current(key, clock))).status()).isEqualTo(302);
        clock.advance(Duration.ofSeconds(31));
        return key;
    }

    record Row(String outcome, String method, String signals, String ip, String country, String device, String emailTyped,
               String userAgent) {
    }

    private List<Row> rows(String where, Object param) {
        return jdbc.sql("SELECT outcome, method, signals, source_ip, country, device_id, email_typed, user_agent "
                        + "FROM sign_in_attempt WHERE " + where + " ORDER BY id")
                .param("p", param)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8)))
                .list();
    }

    /**
     * Moves the account's recorded attempts back in time. Moving the application clock by days
     * instead would outdate the visitors' sessions, whose times partly come from the system clock.
     */
    private void backdate(String email, Duration by) {
        for (var row : jdbc.sql("SELECT id, occurred_at FROM sign_in_attempt WHERE account_id = :a")
                .param("a", id(email)).query((rs, n) -> Map.entry(rs.getLong(1), rs.getTimestamp(2).toInstant())).list()) {
            jdbc.sql("UPDATE sign_in_attempt SET occurred_at = :t WHERE id = :id")
                    .param("t", java.sql.Timestamp.from(row.getValue().minus(by))).param("id", row.getKey()).update();
        }
    }

    private List<String> emails(String email, String template) {
        return jdbc.sql("SELECT text_body FROM notification_queue WHERE recipient = :r AND template = :t ORDER BY id")
                .param("r", email).param("t", template).query(String.class).list();
    }

    @Test
    void everyAttemptIsRecordedWithDeviceSourceAndOutcome() {
        String email = newAccount(Role.USER, organisationId);
        HttpUser visitor = from(LEEDS_IP);

        visitor.signIn("Nobody.Here@Riverside.example", "whatever-password");
        visitor.signIn(email, "not-the-password");
        assertThat(visitor.signIn(email, PASSWORD).location()).isEqualTo("/");

        String device = visitor.cookie(DeviceCookies.NAME);
        assertThat(device).as("device cookie issued on the sign-in page").isNotNull();
        List<Row> unknown = rows("email_typed IS NOT NULL AND source_ip = :p", LEEDS_IP);
        assertThat(unknown).extracting(Row::outcome, Row::emailTyped)
                .contains(org.assertj.core.groups.Tuple.tuple("wrong_password", "nobody.here@riverside.example"));
        List<Row> known = rows("account_id = :p", id(email));
        assertThat(known).extracting(Row::outcome).containsExactly("wrong_password", "success");
        assertThat(known).allSatisfy(row -> {
            assertThat(row.ip()).isEqualTo(LEEDS_IP);
            assertThat(row.country()).isEqualTo("GB");
            assertThat(row.device()).isEqualTo(device.substring(0, device.indexOf('.')));
            assertThat(row.emailTyped()).as("known accounts are kept by id").isNull();
            assertThat(row.userAgent()).isNotBlank();
        });
    }

    @Test
    void rl01_sprayingFromOneAddressIsBlockedEvenWithTheRightPassword() {
        String victim = newAccount(Role.USER, organisationId);
        HttpUser attacker = from("198.51.100.66");
        for (int i = 0; i < 19; i++) {
            Response tried = attacker.signIn("target" + i + "@riverside.example", "Winter2026!");
            assertThat(attacker.follow(tried).signInProblem().orElse("")).contains("The email address or password is not correct");
        }

        Response hit = attacker.signIn(victim, PASSWORD);

        assertThat(hit.location()).isEqualTo("/signin?error");
        assertThat(attacker.follow(hit).signInProblem().orElse("")).contains(SPRAYING);
        assertThat(attacker.get("/").location()).isEqualTo("/signin");
        assertThat(rows("account_id = :p", id(victim))).extracting(Row::outcome, Row::signals)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("blocked", "spraying"));
        // Another address is not affected.
        assertThat(from(LEEDS_IP).signIn(victim, PASSWORD).location()).isEqualTo("/");
    }

    @Test
    void mon01_oob05_mfaFatigueIsDetectedAndFurtherPromptsBlocked() {
        String email = newAccount(Role.USER, organisationId);
        enrolTotp(from(LEEDS_IP), email);

        for (int i = 0; i < 3; i++) {
            HttpUser attacker = from("198.51.100.20");
            assertThat(attacker.signIn(email, PASSWORD).location()).as("prompt %d", i).isEqualTo("/signin/factor");
            clock.advance(Duration.ofMinutes(2)); // walks away from the prompt
        }
        HttpUser attacker = from("198.51.100.20");
        Response fourth = attacker.signIn(email, PASSWORD);

        assertThat(fourth.location()).isEqualTo("/signin?error");
        assertThat(attacker.follow(fourth).signInProblem().orElse("")).contains(UNUSUAL);
        List<Row> rows = rows("account_id = :p", id(email));
        assertThat(rows).extracting(Row::outcome).containsExactly("success", "challenged", "challenged", "challenged", "blocked");
        assertThat(rows.get(4).signals()).contains("mfa_fatigue");
        assertThat(emails(email, "sign-in-new-device")).as("the holder was told of the new device").isNotEmpty();
    }

    @Test
    void mon01_signInFromNewCountryAsksForSecondFactorAndEmailsTheHolder() {
        String email = newAccount(Role.USER, organisationId);
        enrolTotp(from(LEEDS_IP), email);
        backdate(email, Duration.ofDays(2));

        HttpUser traveller = from(SYDNEY_IP);
        assertThat(traveller.signIn(email, PASSWORD).location()).isEqualTo("/signin/factor");
        assertThat(traveller.get("/").location()).as("nothing without the second factor").isEqualTo("/signin/factor");

        List<Row> rows = rows("account_id = :p", id(email));
        Row last = rows.get(rows.size() - 1);
        assertThat(last.outcome()).isEqualTo("challenged");
        assertThat(last.country()).isEqualTo("AU");
        assertThat(last.signals()).isEqualTo("new_device,new_network,new_country");
        List<String> sent = emails(email, "sign-in-new-device");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).contains("Sydney, Australia").contains(SYDNEY_IP).contains("/signin/not-me/");
    }

    @Test
    void mon01_signInFromNewCountryWithoutSecondFactorIsBlocked() {
        String email = newAccount(Role.USER, organisationId);
        assertThat(from(LEEDS_IP).signIn(email, PASSWORD).location()).isEqualTo("/");
        backdate(email, Duration.ofDays(2));

        HttpUser traveller = from(SYDNEY_IP);
        Response response = traveller.signIn(email, PASSWORD);

        assertThat(traveller.follow(response).signInProblem().orElse("")).contains(UNUSUAL);
        assertThat(rows("account_id = :p", id(email))).extracting(Row::outcome).containsExactly("success", "blocked");
        // A new device in a known place is only reported, not stopped.
        assertThat(from(YORK_IP).signIn(email, PASSWORD).location()).isEqualTo("/");
    }

    @Test
    void mon01_impossibleTravelIsBlocked() {
        String email = newAccount(Role.USER, organisationId);
        enrolTotp(from(LEEDS_IP), email);
        backdate(email, Duration.ofHours(1));

        HttpUser traveller = from(SYDNEY_IP);
        assertThat(traveller.follow(traveller.signIn(email, PASSWORD)).signInProblem().orElse("")).contains(UNUSUAL);
        List<Row> rows = rows("account_id = :p", id(email));
        assertThat(rows.get(rows.size() - 1).signals()).contains("impossible_travel");
    }

    @Test
    void ses03_notMeLinkLocksTheAccountEndsSessionsAndTellsTheAdministrator() {
        String email = newAccount(Role.USER, organisationId);
        String admin = newAccount(Role.LOCAL_ADMIN, organisationId);
        HttpUser holder = from(LEEDS_IP);
        assertThat(holder.signIn(email, PASSWORD).location()).isEqualTo("/");
        HttpUser stranger = from(YORK_IP);
        assertThat(stranger.signIn(email, PASSWORD).location()).isEqualTo("/");

        String body = emails(email, "sign-in-new-device").get(0);
        Matcher m = NOT_ME_LINK.matcher(body);
        assertThat(m.find()).isTrue();
        String path = m.group(1).replaceFirst("^http://[^/]+", "");
        HttpUser reader = new HttpUser(port);
        Response confirm = reader.get(path);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Was this sign-in you?").contains(YORK_IP);
        assertThat(accounts.findByEmail(email).orElseThrow().status()).as("opening the link changes nothing")
                .isEqualTo(AccountStatus.ACTIVE);

        Response done = reader.post(path, Map.of());

        assertThat(done.location()).isEqualTo("/signin/not-me/done");
        assertThat(accounts.findByEmail(email).orElseThrow().status()).isEqualTo(AccountStatus.LOCKED);
        assertThat(holder.get("/").location()).as("session ended").isEqualTo("/signin");
        assertThat(stranger.get("/").location()).as("session ended").isEqualTo("/signin");
        assertThat(emails(admin, "sign-in-reported")).hasSize(1).first().asString().contains(email).contains(YORK_IP);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sign_in_attempt WHERE account_id = :a AND reported_at IS NOT NULL")
                .param("a", id(email)).query(Long.class).single()).isEqualTo(1L);
        assertThat(reader.get(path).body()).as("single use").contains("This link has expired or has already been used");
        assertThat(stranger.follow(stranger.signIn(email, PASSWORD)).signInProblem().orElse("")).contains("This account is locked");
    }

    @Test
    void notMeLinkExpires() {
        String email = newAccount(Role.USER, organisationId);
        assertThat(from(LEEDS_IP).signIn(email, PASSWORD).location()).isEqualTo("/");
        from(YORK_IP).signIn(email, PASSWORD);
        Matcher m = NOT_ME_LINK.matcher(emails(email, "sign-in-new-device").get(0));
        assertThat(m.find()).isTrue();
        clock.advance(Duration.ofDays(15));

        HttpUser reader = new HttpUser(port);
        String path = m.group(1).replaceFirst("^http://[^/]+", "");
        assertThat(reader.get(path).body()).contains("This link has expired or has already been used");
        assertThat(reader.get("/signin/not-me/not-a-token").body()).contains("This link has expired or has already been used");
        assertThat(accounts.findByEmail(email).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
    }

    @Test
    void recentActivityShowsSignInsFlagsAndReportButton() {
        String email = newAccount(Role.USER, organisationId);
        HttpUser holder = from(LEEDS_IP).withHeader("User-Agent",
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
        assertThat(holder.signIn(email, PASSWORD).location()).isEqualTo("/");
        HttpUser other = from(YORK_IP).withHeader("User-Agent",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");
        other.signIn(email, "wrong-password");
        assertThat(other.signIn(email, PASSWORD).location()).isEqualTo("/");

        Response page = holder.get("/account/activity");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Recent activity").contains("Firefox on Linux").contains("Safari on iPhone")
                .contains("Leeds, United Kingdom").contains("Wrong password").contains("Signed in")
                .contains("Unusual: New device").contains("This wasn't me");
        assertThat(holder.get("/account/profile").body()).contains("href=\"/account/activity\"");
        long flagged = jdbc.sql("SELECT id FROM sign_in_attempt WHERE account_id = :a AND signals <> ''")
                .param("a", id(email)).query(Long.class).single();

        Response reported = holder.post("/account/activity/" + flagged + "/not-me", Map.of());

        assertThat(reported.location()).isEqualTo("/signin/not-me/done");
        assertThat(accounts.findByEmail(email).orElseThrow().status()).isEqualTo(AccountStatus.LOCKED);
        assertThat(other.get("/").location()).isEqualTo("/signin");
        assertThat(holder.get("/").location()).isEqualTo("/signin");
    }

    @Test
    void inp04_administratorsSeeRiskySignInsInTheirScopeAndExportSafely() {
        long otherOrganisation = organisations.findOrCreate("RY2", "Hillside Community Trust").id();
        String ours = newAccount(Role.USER, organisationId);
        String theirs = newAccount(Role.USER, otherOrganisation);
        String admin = newAccount(Role.LOCAL_ADMIN, organisationId);
        for (String email : List.of(ours, theirs)) {
            assertThat(from(LEEDS_IP).signIn(email, PASSWORD).location()).isEqualTo("/");
            assertThat(from(YORK_IP).withHeader("User-Agent", "=HYPERLINK(\"http://evil.example\")").signIn(email, PASSWORD)
                    .location()).isEqualTo("/");
        }
        HttpUser administrator = from(LEEDS_IP);
        administrator.signIn(admin, PASSWORD);

        Response page = administrator.get("/admin/sign-ins");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(ours).doesNotContain(theirs).contains("New device");
        assertThat(administrator.get("/admin/sign-ins?outcome=blocked").body()).doesNotContain(ours);
        assertThat(administrator.get("/admin/sign-ins?all=true").body()).contains(admin);

        Response csv = administrator.get("/admin/sign-ins.csv?all=true");
        assertThat(csv.header("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("time,account,outcome,method,device,place,source_ip,signals,score,reported\r\n")
                .contains(ours).doesNotContain(theirs).contains("\"New device\"");
        assertThat(csv.body()).doesNotContain(",\"=");
        assertThat(administrator.get("/admin").body()).contains("href=\"/admin/sign-ins\"");
    }

    @Test
    void mon01_countersAreExposedForPrometheus() {
        String email = newAccount(Role.USER, organisationId);
        from(LEEDS_IP).signIn(email, "wrong-password");
        from(LEEDS_IP).signIn(email, PASSWORD);
        from(YORK_IP).signIn(email, PASSWORD);

        String metrics = new HttpUser(port).get("/actuator/prometheus").body();

        assertThat(metrics).containsPattern("portcullis_signin_attempts_total\\{[^}]*outcome=\"wrong_password\"[^}]*\\} [1-9]")
                .containsPattern("portcullis_signin_attempts_total\\{[^}]*outcome=\"success\"")
                .containsPattern("portcullis_signin_methods_total\\{[^}]*method=\"password\"")
                .containsPattern("portcullis_signin_risk_detections_total\\{[^}]*signal=\"new_device\"")
                .containsPattern("portcullis_signin_messages_total\\{[^}]*kind=\"new-device\"");
    }

    @Test
    void attemptsOlderThanTheRetentionArePruned() {
        String email = newAccount(Role.USER, organisationId);
        from(LEEDS_IP).signIn(email, PASSWORD);
        backdate(email, Duration.ofDays(201));
        from(LEEDS_IP).signIn(email, "wrong-password");
        backdate(email, Duration.ofDays(198)); // the first is 399 days old, the second 198

        pruning.prune();
        assertThat(rows("account_id = :p", id(email))).hasSize(2);

        clock.advance(Duration.ofDays(2)); // the first is now 401 days old
        pruning.prune();
        assertThat(rows("account_id = :p", id(email))).extracting(Row::outcome).containsExactly("wrong_password");
    }
}
