package dev.portcullis.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.TotpCodes;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the console's HTTP tests share (one application context for all of them, so Spring
 * starts once): a clock the tests move, organisations and people made fresh for each test, and
 * signing in over plain HTTP with an authenticator app set up through the real pages.
 * Tests share one database: each makes its own organisations and never relies on totals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(AdminConsoleTestBase.Clocks.class)
public abstract class AdminConsoleTestBase {

    protected static final String PASSWORD = "a-long-password";
    private static final Pattern TOTP_SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([^<]+)<");

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected AccountService accounts;
    @Autowired
    protected OrganisationService organisations;
    @Autowired
    protected MfaService mfa;
    @Autowired
    protected AuditLog audit;
    @Autowired
    protected JdbcClient jdbc;

    /** The last TOTP time step used per key: each step works once per account (TOTP-02). */
    private final Map<String, Long> usedSteps = new ConcurrentHashMap<>();

    @BeforeEach
    void realTime() {
        clock.reset();
    }

    protected static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** A new organisation with a code of its own; answers its id. */
    protected long organisation(String name) {
        return organisations.findOrCreate("T" + unique().toUpperCase(), name).id();
    }

    protected String organisationCode(long id) {
        return organisations.findById(id).orElseThrow().code();
    }

    protected Account person(long organisationId, Role role, String name) {
        String email = name.toLowerCase().replace(' ', '.') + "." + unique() + "@example.nhs.uk";
        return accounts.create(new NewAccount(email, name, organisationId, role, PASSWORD.toCharArray()), "test", null);
    }

    protected Account reload(Account account) {
        return accounts.findById(account.id()).orElseThrow();
    }

    /** Sets up an authenticator app through the enrolment pages; answers the key it showed. */
    protected String enrolApp(Account account) {
        HttpUser user = new HttpUser(port);
        HttpUser.Response signedIn = user.signIn(account.email(), PASSWORD);
        assertThat(signedIn.location()).as("password alone before MFA").isEqualTo("/");
        HttpUser.Response page = user.get("/account/security/factors/totp/enroll");
        Matcher m = TOTP_SECRET.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        String key = m.group(1).strip();
        HttpUser.Response done = user.post("/account/security/factors/totp/enroll", Map.of("code", code(key)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(mfa.enabled(account.id())).isTrue();
        return key;
    }

    /** The next code the app shows that this account has not used yet, moving the clock on when needed. */
    protected String code(String key) {
        long now = TotpCodes.step(clock.instant());
        long step = Math.max(now, usedSteps.getOrDefault(key, Long.MIN_VALUE) + 1);
        if (step > now + 1) {
            clock.advance(Duration.ofSeconds(TotpCodes.STEP_SECONDS * (step - now - 1)));
        }
        usedSteps.put(key, step);
        return TotpCodes.forStep(key, step);
    }

    /** Signs in with the password and a code from the app; the session's second factor is fresh. */
    protected HttpUser signedInWithApp(Account account, String key) {
        HttpUser user = new HttpUser(port);
        assertThat(user.signIn(account.email(), PASSWORD).location()).isEqualTo("/signin/factor");
        user.get("/signin/factor/totp");
        HttpUser.Response proven = user.post("/signin/factor/totp", Map.of("code", code(key)));
        assertThat(proven.status()).as(proven.body()).isEqualTo(302);
        assertThat(proven.location()).doesNotStartWith("/signin");
        user.get("/");
        return user;
    }

    /** Proves the app again when a page asked for a step-up; answers where it leads. */
    protected HttpUser.Response stepUp(HttpUser user, String key) {
        user.get("/signin/factor/totp");
        HttpUser.Response proven = user.post("/signin/factor/totp", Map.of("code", code(key)));
        assertThat(proven.status()).as(proven.body()).isEqualTo(302);
        return proven;
    }

    /** Signs in with the password only (an account without MFA under an optional policy). */
    protected HttpUser signedIn(Account account) {
        HttpUser user = new HttpUser(port);
        assertThat(user.signIn(account.email(), PASSWORD).location()).isEqualTo("/");
        user.get("/");
        return user;
    }

    protected List<String> auditTypesFor(Account subject) {
        return audit.recentFor(subject.id(), 200).stream().map(e -> e.type()).toList();
    }

    protected long auditCount(String type, long actorAccountId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = :type AND actor_account_id = :actor")
                .param("type", type).param("actor", actorAccountId).query(Long.class).single();
    }
}
