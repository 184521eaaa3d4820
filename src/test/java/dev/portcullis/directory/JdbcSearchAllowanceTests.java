package dev.portcullis.directory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** People Finder's allowance per account against scraping (INP-03), counted in the database. */
@SpringBootTest(properties = {"portcullis.directory.searches-per-minute=3", "portcullis.directory.searches-per-day=5"})
class JdbcSearchAllowanceTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    private static final PeopleFinder.Refused PER_MINUTE = new PeopleFinder.Refused(
            "You have searched too many times in a short time. Wait a minute, then try again", 429);
    private static final PeopleFinder.Refused PER_DAY = new PeopleFinder.Refused(
            "You have reached today's limit of searches. Try again tomorrow", 429);

    @Autowired
    private PeopleFinder finder;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private MutableClock clock;

    @Autowired
    private JdbcClient jdbc;

    private long accountId;

    @BeforeEach
    void account() {
        clock.set(Instant.parse("2026-03-10T10:00:00Z"));
        accountId = newAccount();
    }

    private long newAccount() {
        long organisationId = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        String email = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "@riverside.example";
        return accounts.create(new NewAccount(email, "Scraper Sam", organisationId, Role.USER, null), "test", null).id();
    }

    @Test
    void inp03_searchWhenOverTheMinuteAllowanceThenRefusedUntilTheNextMinute() {
        for (int i = 0; i < 3; i++) {
            assertThat(finder.search(accountId, "nurse", 1)).isInstanceOf(PeopleFinder.Page.class);
        }
        assertThat(finder.search(accountId, "nurse", 1)).isEqualTo(PER_MINUTE);
        assertThat(finder.search(accountId, "nurse", 2)).isEqualTo(PER_MINUTE);
        // Another account has its own allowance.
        assertThat(finder.search(newAccount(), "nurse", 1)).isInstanceOf(PeopleFinder.Page.class);

        clock.advance(Duration.ofMinutes(1));
        assertThat(finder.search(accountId, "nurse", 1)).isInstanceOf(PeopleFinder.Page.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'directory.search.limited' AND subject_account_id = :id")
                .param("id", accountId).query(Long.class).single()).as("audited once per window").isEqualTo(1);
    }

    @Test
    void inp03_searchWhenOverTheDayAllowanceThenRefusedUntilTomorrow() {
        for (int i = 0; i < 5; i++) {
            if (i == 3) {
                clock.advance(Duration.ofMinutes(1));
            }
            assertThat(finder.search(accountId, "nurse", 1)).as("search %d", i + 1).isInstanceOf(PeopleFinder.Page.class);
        }
        assertThat(finder.search(accountId, "nurse", 1)).isEqualTo(PER_DAY);
        clock.advance(Duration.ofHours(2));
        assertThat(finder.search(accountId, "nurse", 1)).isEqualTo(PER_DAY);

        clock.advance(Duration.ofDays(1));
        assertThat(finder.search(accountId, "nurse", 1)).isInstanceOf(PeopleFinder.Page.class);
    }

    @Test
    void inp03_searchWhenRefusedInputThenNotCounted() {
        for (int i = 0; i < 5; i++) {
            finder.search(accountId, "", 1);
            finder.search(accountId, "x".repeat(500), 1);
        }

        assertThat(finder.search(accountId, "nurse", 1)).isInstanceOf(PeopleFinder.Page.class);
    }

    @Test
    void inp03_searchWhenParallelThenExactlyTheAllowanceSucceeds() throws Exception {
        for (int round = 0; round < 5; round++) {
            long account = newAccount();
            assertThat(parallelSearches(account)).as("round %d", round).isEqualTo(3);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'directory.search.limited' AND subject_account_id = :id")
                    .param("id", account).query(Long.class).single()).isEqualTo(1);
        }
    }

    private int parallelSearches(long accountId) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<PeopleFinder.Outcome>> searches = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            searches.add(() -> {
                start.await();
                return finder.search(accountId, "nurse", 1);
            });
        }
        try {
            List<Future<PeopleFinder.Outcome>> futures = new ArrayList<>();
            for (Callable<PeopleFinder.Outcome> search : searches) {
                futures.add(pool.submit(search));
            }
            start.countDown();
            int allowed = 0;
            for (Future<PeopleFinder.Outcome> future : futures) {
                if (future.get() instanceof PeopleFinder.Page) {
                    allowed++;
                }
            }
            return allowed;
        } finally {
            pool.shutdownNow();
        }
    }
}
