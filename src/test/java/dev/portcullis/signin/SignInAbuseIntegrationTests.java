package dev.portcullis.signin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.MutableClockConfiguration;
import dev.portcullis.testsupport.TotpCodes;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in under attack, over real HTTP with the sources an attacker would use (X-Forwarded-For
 * from the local proxy): the holder of a paused account is told, once (RL-02); one source trying
 * many accounts is refused before any password is checked and locks nobody out (RL-01); and a
 * script cannot tell known from unknown addresses by how long sign-in or "Forgotten your
 * password?" takes (ENUM-02). The application's clock is moved by hand.
 */
@Import(MutableClockConfiguration.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // The queue is read, not sent.
        properties = "portcullis.notification.sending=false")
class SignInAbuseIntegrationTests {

    private static final String INCORRECT = "The email address or password is not correct";
    private static final String ACCOUNT_PAUSED = "Sign-in to this account is paused after too many incorrect attempts";
    private static final String NETWORK_PAUSED = "Sign-in from your network is paused after too many incorrect attempts";
    private static final Pattern TOTP_SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([^<]+)<");
    private static final AtomicInteger SOURCES = new AtomicInteger();


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

    private long organisationId;

    @BeforeEach
    void organisation() {
        clock.reset();
        organisationId = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
    }

    @Test
    void rl02_victimIsToldOfThePause() {
        Account victim = newAccount();
        List<String> guesses = List.of("Winter2026!", "Summer2026!", "Password1", "Riverside1", "Qwerty123!", "Letmein99");
        List<String> attackers = List.of("198.51.100.11", "198.51.100.12", "203.0.113.13", "203.0.113.14", "192.0.2.15");

        for (int i = 0; i < 4; i++) {
            assertThat(problem(from(attackers.get(i)), victim.email(), guesses.get(i))).isEqualTo(INCORRECT);
            assertThat(pausedEmails(victim)).as("no email before the pause").isEmpty();
        }
        assertThat(problem(from(attackers.get(4)), victim.email(), guesses.get(4))).startsWith(ACCOUNT_PAUSED);

        List<String> told = pausedEmails(victim);
        assertThat(told).hasSize(1);
        String email = told.get(0);
        assertThat(email).contains("paused sign-in to your account for 1 minute").contains("/signin/reset")
                .contains("If this wasn't you");
        for (String guess : guesses) {
            assertThat(email).as("the attacker's guesses are never repeated").doesNotContain(guess);
        }
        for (String attacker : attackers) {
            assertThat(email).doesNotContain(attacker);
        }
        assertThat(recipients(victim)).containsExactly(victim.email());
        assertThat(audit("signin.account.paused", victim.id())).hasSize(1).first().asString()
                .startsWith("reason=wrong passwords until=");

        // More attempts during the pause, and a renewed pause after it: still one email.
        assertThat(problem(from("198.51.100.16"), victim.email(), guesses.get(5))).startsWith(ACCOUNT_PAUSED);
        clock.advance(Duration.ofSeconds(61));
        assertThat(problem(from("198.51.100.17"), victim.email(), guesses.get(5))).startsWith(ACCOUNT_PAUSED);
        assertThat(pausedEmails(victim)).as("once per pause, not per attempt").hasSize(1);

        // The holder gets back in once the pause is over; a later run of failures is a new pause and a new email.
        clock.advance(Duration.ofMinutes(16)); // past the pause and the monitoring's quarter-hour of failures
        assertThat(new HttpUser(port).signIn(victim.email(), password(victim)).location()).isEqualTo("/");
        for (int i = 0; i < 5; i++) {
            problem(from(attackers.get(i)), victim.email(), guesses.get(i));
        }
        assertThat(pausedEmails(victim)).hasSize(2);
    }

    @Test
    void rl02_unknownAddressesArePausedWithoutAnyEmail() {
        String unknown = "nobody." + UUID.randomUUID().toString().substring(0, 8) + "@riverside.example";
        long queuedBefore = queuedPauseEmails();

        for (int i = 0; i < 4; i++) {
            assertThat(problem(from("198.51.100.2" + i), unknown, "Winter2026!")).isEqualTo(INCORRECT);
        }
        assertThat(problem(from("198.51.100.25"), unknown, "Winter2026!")).as("the same pause as a real account")
                .startsWith(ACCOUNT_PAUSED);

        assertThat(queuedPauseEmails()).isEqualTo(queuedBefore);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notification_queue WHERE recipient = :r").param("r", unknown)
                .query(Long.class).single()).isZero();
    }

    /**
     * A slow sprayer that stays under the monitoring's spraying signal (fewer than 20 accounts an
     * hour) still meets the per-source counter: at its hundredth failure the source is paused,
     * and from then on nothing it sends is checked, a right password included.
     */
    @Test
    void rl01_oneSourceTryingManyAccountsIsRefusedWithoutCheckingAndLocksNoOneOut() {
        String source = "203.0.113." + (100 + SOURCES.incrementAndGet());
        HttpUser sprayer = from(source);
        int failures = 0;
        while (failures < 100) {
            for (int i = 0; i < 9 && failures < 100; i++) {
                failures++;
                String problem = problem(sprayer, "spray" + failures + "." + UUID.randomUUID().toString().substring(0, 6)
                        + "@riverside.example", "Winter2026!");
                if (failures < 100) {
                    assertThat(problem).as("failure %d", failures).isEqualTo(INCORRECT);
                } else {
                    assertThat(problem).as("the hundredth failure pauses the source").startsWith(NETWORK_PAUSED);
                }
            }
            if (failures < 100) {
                clock.advance(Duration.ofMinutes(50)); // under the spraying signal's 20 an hour, within the counter's hour
            }
        }
        clock.advance(Duration.ofSeconds(61));
        String problem101 = problem(sprayer, "spray101@riverside.example", "Winter2026!");
        assertThat(problem101).as("the 101st failure: slowed further").startsWith(NETWORK_PAUSED);

        Account fresh = newAccount();
        String problem102 = problem(sprayer, fresh.email(), password(fresh));

        assertThat(problem102).startsWith(NETWORK_PAUSED);
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE type = 'signin.password.refused' AND source_ip = :ip"
                        + " ORDER BY id DESC").param("ip", source).query(String.class).list())
                .as("refused before the password was looked at").first().isEqualTo("reason=source paused email=" + fresh.email());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE source_ip = :ip AND (detail LIKE 'reason=wrong password%'"
                        + " OR type = 'signin.password.succeeded')").param("ip", source).query(Long.class).single())
                .as("no account's password was checked for this source").isZero();
        assertThat(from("192.0.2.10").signIn(fresh.email(), password(fresh)).location())
                .as("the account is not locked by it").isEqualTo("/");
    }

    @Test
    void enum02_signInTakesAsLongForAKnownAsForAnUnknownAddress() {
        List<Account> known = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            known.add(newAccount());
        }
        List<Long> knownNanos = new ArrayList<>();
        List<Long> unknownNanos = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            String unknown = "nobody." + UUID.randomUUID().toString().substring(0, 8) + "@riverside.example";
            boolean knownFirst = i % 2 == 0;
            long a = timedSignIn(knownFirst ? known.get(i).email() : unknown);
            long b = timedSignIn(knownFirst ? unknown : known.get(i).email());
            if (i >= 3) { // the first few warm up the server
                knownNanos.add(knownFirst ? a : b);
                unknownNanos.add(knownFirst ? b : a);
            }
        }
        assertComparable(knownNanos, unknownNanos);
    }

    @Test
    void enum02_forgottenPasswordTakesAsLongForAKnownAsForAnUnknownAddress() {
        List<Account> known = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            Account account = newAccount();
            enrolApp(account);
            known.add(account);
        }
        List<Long> knownNanos = new ArrayList<>();
        List<Long> unknownNanos = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            String unknown = "nobody." + UUID.randomUUID().toString().substring(0, 8) + "@riverside.example";
            boolean knownFirst = i % 2 == 0;
            long a = timedReset(knownFirst ? known.get(i).email() : unknown);
            long b = timedReset(knownFirst ? unknown : known.get(i).email());
            if (i >= 3) {
                knownNanos.add(knownFirst ? a : b);
                unknownNanos.add(knownFirst ? b : a);
            }
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notification_queue WHERE account_id = :a AND template = 'reset-link'")
                .param("a", known.get(known.size() - 1).id()).query(Long.class).single()).as("known addresses got a link")
                .isEqualTo(1);
        assertComparable(knownNanos, unknownNanos);
    }

    // ------------------------------------------------------------------ helpers

    /** Medians within a factor of two: a generous bound for a busy machine, far tighter than a real leak. */
    private static void assertComparable(List<Long> known, List<Long> unknown) {
        double ratio = (double) median(known) / median(unknown);
        assertThat(ratio).as("median known %d µs / unknown %d µs", median(known) / 1000, median(unknown) / 1000)
                .isBetween(0.5, 2.0);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The time of the password POST alone, each from its own source so that no counter interferes. */
    private long timedSignIn(String email) {
        HttpUser user = from(nextSource());
        user.get("/signin");
        long started = System.nanoTime();
        Response posted = user.post("/signin", Map.of("email", email, "password", "Wrong-password-2026"));
        long took = System.nanoTime() - started;
        assertThat(user.follow(posted).signInProblem()).contains(INCORRECT);
        return took;
    }

    private long timedReset(String email) {
        HttpUser user = from(nextSource());
        user.get("/signin/reset");
        long started = System.nanoTime();
        Response posted = user.post("/signin/reset", Map.of("email", email));
        long took = System.nanoTime() - started;
        assertThat(posted.location()).isEqualTo("/signin/reset/sent");
        return took;
    }

    private static String nextSource() {
        int n = SOURCES.incrementAndGet();
        return "198.18." + (n / 250 % 250) + "." + (n % 250 + 1);
    }

    /** Sign-in attempt; answers the message the person is shown. */
    private static String problem(HttpUser user, String email, String password) {
        Response posted = user.signIn(email, password);
        assertThat(posted.location()).startsWith("/signin");
        return user.follow(posted).signInProblem().orElse("");
    }

    private HttpUser from(String ip) {
        return new HttpUser(port).withHeader("X-Forwarded-For", ip);
    }

    private Account newAccount() {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String email = "nurse." + unique + "@riverside.example";
        return accounts.create(new NewAccount(email, "Florence Tester", organisationId, Role.USER,
                passwordFor(email).toCharArray()), "test", null);
    }

    private static String password(Account account) {
        return passwordFor(account.email());
    }

    private static String passwordFor(String email) {
        return "tide-lantern-" + email.substring(6, 16);
    }

    /** Sets up an authenticator app through the enrolment pages, so that a reset sends a link. */
    private void enrolApp(Account account) {
        HttpUser user = from(nextSource());
        assertThat(user.signIn(account.email(), password(account)).location()).isEqualTo("/");
        Response page = user.get("/account/security/factors/totp/enroll");
        Matcher m = TOTP_SECRET.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        Response done = user.post("/account/security/factors/totp/enroll",
                Map.of("code", TotpCodes.current(m.group(1).strip(), clock)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
    }

    private List<String> pausedEmails(Account account) {
        return jdbc.sql("SELECT text_body FROM notification_queue WHERE account_id = :a AND template = 'account-paused' ORDER BY id")
                .param("a", account.id()).query(String.class).list();
    }

    private List<String> recipients(Account account) {
        return jdbc.sql("SELECT recipient FROM notification_queue WHERE account_id = :a AND template = 'account-paused'")
                .param("a", account.id()).query(String.class).list();
    }

    private long queuedPauseEmails() {
        return jdbc.sql("SELECT COUNT(*) FROM notification_queue WHERE template = 'account-paused'").query(Long.class).single();
    }

    private List<String> audit(String type, long accountId) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE type = :t AND subject_account_id = :a ORDER BY id DESC")
                .param("t", type).param("a", accountId).query(String.class).list();
    }
}
