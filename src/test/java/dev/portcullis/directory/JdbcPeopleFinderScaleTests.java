package dev.portcullis.directory;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People Finder at scale, for measuring rather than for every build: runs only with
 * {@code -Dportcullis.people-finder.scale=1000000} (the number of accounts to seed), e.g.
 * {@code ./mvnw test -Dtest=JdbcPeopleFinderScaleTests -Dportcullis.people-finder.scale=1000000}.
 * Logs each search's time through {@link PeopleFinder} and PostgreSQL's plan for it.
 */
@SpringBootTest(properties = {"portcullis.directory.searches-per-minute=1000000",
        "portcullis.directory.searches-per-day=1000000"})
@EnabledIfSystemProperty(named = "portcullis.people-finder.scale", matches = "\\d+")
class JdbcPeopleFinderScaleTests {

    private static final Logger log = LoggerFactory.getLogger(JdbcPeopleFinderScaleTests.class);

    @Autowired
    private PeopleFinder finder;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void searchTimesAtScale() {
        int count = Integer.parseInt(System.getProperty("portcullis.people-finder.scale"));
        for (int i = 0; i < 10; i++) {
            organisations.findOrCreate("SEED" + i, "Seed Trust " + i);
        }
        long searcher = accounts.create(new NewAccount("scale.searcher@seed0.example", "Scale Searcher",
                organisations.findByCode("SEED0").orElseThrow().id(), Role.USER, null), "test", null).id();
        long started = System.nanoTime();
        JdbcPeopleFinderTests.seedAccounts(jdbc, count);
        long seeded = (System.nanoTime() - started) / 1_000_000;
        String database = TestDatabase.postgres() ? "PostgreSQL" : "H2";
        log.info("People Finder scale: seeded {} accounts in {} ms on {}", count, seeded, database);

        List<String> queries = List.of("seed123456", "florence", "zzzz", "archer maternity", "seed12345 baker",
                "staff nurse", "radiographer", "seed", "ra", "porter oncology trust 7");
        List<String> timings = new ArrayList<>();
        for (String query : queries) {
            finder.search(searcher, query, 1);
            long best = Long.MAX_VALUE;
            PeopleFinder.Page page = null;
            for (int run = 0; run < 3; run++) {
                long t = System.nanoTime();
                page = (PeopleFinder.Page) finder.search(searcher, query, 1);
                best = Math.min(best, (System.nanoTime() - t) / 1_000);
            }
            timings.add(String.format("'%s' %.1f ms (%d%s)", query, best / 1000.0, page.people().size(), page.hasNext() ? "+" : ""));
            if (TestDatabase.postgres()) {
                log.info("Plan for '{}':\n{}", query, String.join("\n", explain(SearchQuery.parse(query))));
            }
        }
        long t = System.nanoTime();
        PeopleFinder.Page deep = (PeopleFinder.Page) finder.search(searcher, "seed", 50);
        timings.add(String.format("'seed' page 50 %.1f ms", (System.nanoTime() - t) / 1_000_000.0));
        assertThat(deep.people()).hasSize(20);
        log.info("People Finder scale: {} accounts on {}: {}", count, database, timings);
    }

    private List<String> explain(SearchQuery.Parsed parsed) {
        List<String> patterns = ((SearchQuery.Valid) parsed).query().likePatterns();
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < patterns.size(); i++) {
            where.append(" AND d.search_text LIKE :w").append(i).append(" ESCAPE '\\'");
        }
        var statement = jdbc.sql("""
                EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
                SELECT a.display_name, a.email, o.name AS organisation_name, d.job_title, d.department,
                       d.work_phone, d.pronouns, d.location
                FROM directory_entry d
                JOIN account a ON a.id = d.account_id
                JOIN organisation o ON o.id = a.organisation_id
                WHERE a.status <> 'disabled'""" + where + """

                ORDER BY d.sort_name, d.account_id
                LIMIT 21 OFFSET 0
                """);
        for (int i = 0; i < patterns.size(); i++) {
            statement = statement.param("w" + i, patterns.get(i));
        }
        return statement.query(String.class).list();
    }
}
