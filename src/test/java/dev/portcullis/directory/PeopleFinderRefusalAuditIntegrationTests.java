package dev.portcullis.directory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

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
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.MutableClockConfiguration;
import dev.portcullis.web.HttpUser;
import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People Finder's refusals over HTTP (INP-03, and SECURITY.md's "every negative case is
 * audited"): going over the per-minute or per-day allowance answers 429 with a plain message and
 * leaves one audit line per window with the window as its reason and never the words searched
 * for; input refused as malformed answers 400 and neither counts nor needs an audit line.
 */
@Import(MutableClockConfiguration.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"portcullis.directory.searches-per-minute=3", "portcullis.directory.searches-per-day=5"})
class PeopleFinderRefusalAuditIntegrationTests {

    private static final String PASSWORD = "a-long-password";


    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private MutableClock clock;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void inp03_searchesOverTheAllowanceAreRefusedAndAuditedOncePerWindow() {
        clock.reset();
        Account account = newAccount();
        HttpUser user = new HttpUser(port);
        assertThat(user.signIn(account.email(), PASSWORD).location()).isEqualTo("/");

        Response tooLong = user.get("/people?q=" + "x".repeat(500));
        assertThat(tooLong.status()).isEqualTo(400);
        for (int i = 0; i < 3; i++) {
            assertThat(user.get("/people?q=zanzibar").status()).as("search %d", i + 1).isEqualTo(200);
        }
        Response refused = user.get("/people?q=zanzibar");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).contains("You have searched too many times in a short time");
        assertThat(user.get("/people?q=zanzibar").status()).isEqualTo(429);
        assertThat(limited(account)).containsExactly("window=minute");

        clock.advance(Duration.ofMinutes(1));
        assertThat(user.get("/people?q=zanzibar").status()).isEqualTo(200);
        assertThat(user.get("/people?q=zanzibar").status()).isEqualTo(200);
        Response day = user.get("/people?q=zanzibar");
        assertThat(day.status()).isEqualTo(429);
        assertThat(day.body()).contains("You have reached today&#39;s limit of searches");
        assertThat(limited(account)).containsExactly("window=day", "window=minute");
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE subject_account_id = :a").param("a", account.id())
                .query(String.class).list()).allSatisfy(detail -> assertThat(String.valueOf(detail)).doesNotContain("zanzibar"));
    }

    private List<String> limited(Account account) {
        return jdbc.sql("""
                SELECT detail FROM audit_event WHERE type = 'directory.search.limited' AND subject_account_id = :a
                  AND actor_account_id = :a ORDER BY id DESC
                """).param("a", account.id()).query(String.class).list();
    }

    private Account newAccount() {
        long organisation = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        String email = "finder." + UUID.randomUUID().toString().substring(0, 8) + "@riverside.example";
        return accounts.create(new NewAccount(email, "Finder Tester", organisation, Role.USER, PASSWORD.toCharArray()),
                "test", null);
    }
}
