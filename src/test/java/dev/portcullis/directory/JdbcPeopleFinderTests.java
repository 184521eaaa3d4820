package dev.portcullis.directory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountAdministration;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People Finder against a directory of {@value #SEEDED} seeded accounts plus a few real ones, on
 * H2 and on PostgreSQL (where the trigram index serves the LIKEs): words in any order, parts of
 * words, accents, disabled accounts hidden, paging, caps (INP-03), and the time each search takes.
 */
@SpringBootTest(properties = {"portcullis.directory.searches-per-minute=1000000",
        "portcullis.directory.searches-per-day=1000000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcPeopleFinderTests {

    static final int SEEDED = 20_000;
    static final int RADIOGRAPHERS = 45;

    private static final Logger log = LoggerFactory.getLogger(JdbcPeopleFinderTests.class);

    @Autowired
    private PeopleFinder finder;

    @Autowired
    private DirectoryService directory;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private AccountAdministration administration;

    @Autowired
    private JdbcClient jdbc;

    private long searcher;

    private Account florence;

    private Account zoe;

    private Account disabled;

    @BeforeAll
    void seed() {
        for (int i = 0; i < 10; i++) {
            organisations.findOrCreate("SEED" + i, "Seed Trust " + i);
        }
        long started = System.nanoTime();
        seedAccounts(jdbc, SEEDED);
        log.info("People Finder: seeded {} accounts in {} ms on {}", SEEDED, (System.nanoTime() - started) / 1_000_000,
                TestDatabase.postgres() ? "PostgreSQL" : "H2");

        long riverside = organisations.findOrCreate("RX1", "Riverside Hospitals NHS Foundation Trust").id();
        long hillside = organisations.findOrCreate("B81001", "Hillside Surgery").id();
        long pharmacy = organisations.findOrCreate("FA123", "High Street Community Pharmacy").id();
        searcher = create("searcher@riverside.example", "Sam Searcher", riverside).id();
        florence = create("florence.nightingale@riverside.example", "Florence Nightingale", riverside);
        profile(florence, "Staff Nurse", "Outpatients", "0113 496 0000");
        zoe = create("zoe.obrien@hillside.example", "Zoë O'Brien", hillside);
        profile(zoe, "Practice Manager", "Reception", null);
        Account priya = create("priya@highstreet.example", "Priya Pharmacist", pharmacy);
        profile(priya, "Pharmacist", "Dispensary", null);
        disabled = create("dan.gone@riverside.example", "Dan Departed", riverside);
        profile(disabled, "Staff Nurse", "Outpatients", null);
        administration.setStatus(disabled.id(), AccountStatus.DISABLED, searcher, "test");
    }

    /**
     * Seeds accounts and their directory entries with two statements each way: on PostgreSQL
     * and H2 alike, {@code INSERT ... SELECT} over {@code generate_series}. The search text is
     * built in SQL (lower case of ASCII parts), which is what the service's folding gives for them.
     */
    static void seedAccounts(JdbcClient jdbc, int count) {
        jdbc.sql("""
                INSERT INTO account (email, email_canonical, display_name, organisation_id, status, role, created_at, updated_at)
                SELECT 'seed' || g || '@seed' || MOD(g, 10) || '.example', 'seed' || g || '@seed' || MOD(g, 10) || '.example',
                       'Seed' || g || ' ' || CASE MOD(g, 4) WHEN 0 THEN 'Archer' WHEN 1 THEN 'Baker' WHEN 2 THEN 'Carter' ELSE 'Dyer' END,
                       (SELECT o.id FROM organisation o WHERE o.code = 'SEED' || MOD(g, 10)),
                       'active', 'user', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
                FROM generate_series(1, :count) AS t(g)
                """).param("count", count).update();
        jdbc.sql("""
                INSERT INTO directory_entry (account_id, job_title, department, sort_name, search_text, updated_at)
                SELECT s.id, s.job, s.department, LOWER(s.display_name),
                       LOWER(s.display_name || ' ' || s.email || ' ' || s.organisation_name || ' ' || s.code || ' ' || s.job || ' ' || s.department),
                       CURRENT_TIMESTAMP
                FROM (
                    SELECT a.id, a.display_name, a.email, o.name AS organisation_name, o.code,
                           CASE WHEN CAST(SUBSTRING(a.email, 5, POSITION('@' IN a.email) - 5) AS INTEGER) <= 45 THEN 'Radiographer'
                                ELSE CASE MOD(a.id, 5) WHEN 0 THEN 'Staff Nurse' WHEN 1 THEN 'Healthcare Assistant'
                                     WHEN 2 THEN 'Administrator' WHEN 3 THEN 'Porter' ELSE 'Physiotherapist' END END AS job,
                           CASE MOD(a.id, 7) WHEN 0 THEN 'Emergency Department' WHEN 1 THEN 'Maternity' WHEN 2 THEN 'Pharmacy'
                                WHEN 3 THEN 'Estates' WHEN 4 THEN 'Cardiology' WHEN 5 THEN 'Finance' ELSE 'Oncology' END AS department
                    FROM account a JOIN organisation o ON o.id = a.organisation_id
                    WHERE a.email LIKE 'seed%' AND NOT EXISTS (SELECT 1 FROM directory_entry d WHERE d.account_id = a.id)
                ) s
                """).update();
        if (TestDatabase.postgres()) {
            jdbc.sql("ANALYZE account").update();
            jdbc.sql("ANALYZE directory_entry").update();
        }
    }

    private Account create(String email, String name, long organisationId) {
        return accounts.create(new NewAccount(email, name, organisationId, Role.USER, null), "test", null);
    }

    private void profile(Account account, String job, String department, String phone) {
        Map<ProfileField, String> values = new EnumMap<>(ProfileField.class);
        values.put(ProfileField.JOB_TITLE, job);
        values.put(ProfileField.DEPARTMENT, department);
        if (phone != null) {
            values.put(ProfileField.WORK_PHONE, phone);
        }
        directory.updateProfile(account.id(), ProfileChanges.of(values), account.id());
    }

    private PeopleFinder.Page page(String query, int page) {
        PeopleFinder.Outcome outcome = finder.search(searcher, query, page);
        assertThat(outcome).as(query).isInstanceOf(PeopleFinder.Page.class);
        return (PeopleFinder.Page) outcome;
    }

    private List<String> names(String query) {
        return page(query, 1).people().stream().map(Person::displayName).toList();
    }

    @Test
    void searchWhenWordsInAnyOrderThenFound() {
        assertThat(names("florence nightingale")).containsExactly("Florence Nightingale");
        assertThat(names("nightingale florence")).containsExactly("Florence Nightingale");
        assertThat(names("NIGHTINGALE Flor")).containsExactly("Florence Nightingale");
    }

    @Test
    void searchWhenPartsOfWordsThenFound() {
        assertThat(names("ngal")).containsExactly("Florence Nightingale");
        assertThat(names("riversid nurs")).containsExactly("Florence Nightingale");
        assertThat(names("outpat flo")).containsExactly("Florence Nightingale");
    }

    @Test
    void searchByEmailOrganisationOrJobTitle() {
        assertThat(names("florence.nightingale@")).containsExactly("Florence Nightingale");
        assertThat(names("hillside.example")).containsExactly("Zoë O'Brien");
        assertThat(names("community pharm")).containsExactly("Priya Pharmacist");
        assertThat(names("practice manager")).containsExactly("Zoë O'Brien");
        assertThat(names("b81001")).containsExactly("Zoë O'Brien");
    }

    @Test
    void searchWhenAccentsOrApostrophesDifferThenFound() {
        assertThat(names("zoe obrien")).containsExactly("Zoë O'Brien");
        assertThat(names("Zoë O'Brien")).containsExactly("Zoë O'Brien");
        assertThat(names("o’brien")).containsExactly("Zoë O'Brien");
    }

    @Test
    void searchShowsDirectoryFieldsOnly() {
        Person found = page("florence nightingale", 1).people().get(0);

        assertThat(found).isEqualTo(new Person("Florence Nightingale", "florence.nightingale@riverside.example",
                "Riverside Hospitals NHS Foundation Trust", "Staff Nurse", "Outpatients", "0113 496 0000", null, null));
    }

    @Test
    void searchWhenAccountDisabledThenHidden() {
        assertThat(names("dan departed")).isEmpty();
        assertThat(names("staff nurse outpatients riverside")).containsExactly("Florence Nightingale");
    }

    @Test
    void searchWhenMoreThanAPageThenPagedWithoutRepeats() {
        PeopleFinder.Page first = page("radiographer", 1);
        PeopleFinder.Page second = page("radiographer", 2);
        PeopleFinder.Page third = page("radiographer", 3);

        assertThat(first.people()).hasSize(20);
        assertThat(first.hasPrevious()).isFalse();
        assertThat(first.hasNext()).isTrue();
        assertThat(second.people()).hasSize(20);
        assertThat(second.hasPrevious()).isTrue();
        assertThat(second.hasNext()).isTrue();
        assertThat(third.people()).hasSize(RADIOGRAPHERS - 40);
        assertThat(third.hasNext()).isFalse();
        Set<String> all = new HashSet<>();
        for (PeopleFinder.Page page : List.of(first, second, third)) {
            page.people().forEach(p -> all.add(p.email()));
        }
        assertThat(all).hasSize(RADIOGRAPHERS);
        assertThat(page("radiographer", 4).people()).isEmpty();
    }

    @Test
    void inp03_searchWhenDeeperThanTheLastPageOfferedThenLastPageAndAskedToNarrow() {
        PeopleFinder.Page last = page("seed", 50);
        assertThat(last.people()).hasSize(20);
        assertThat(last.hasNext()).isFalse();
        assertThat(last.lastPage()).isTrue();

        assertThat(page("seed", 9999).page()).isEqualTo(50);
        assertThat(page("seed", -3).page()).isEqualTo(1);
    }

    @Test
    void inp03_searchWhenInputBreaksTheCapsThenRefusedWithReason() {
        assertThat(finder.search(searcher, "x".repeat(101), 1)).isEqualTo(new PeopleFinder.Refused("Search must be 100 characters or fewer", 400));
        assertThat(finder.search(searcher, "one two three four five six", 1)).isEqualTo(new PeopleFinder.Refused("Enter 5 words or fewer", 400));
        assertThat(finder.search(searcher, "   ", 1)).isInstanceOf(PeopleFinder.NothingAsked.class);
    }

    @Test
    void inp03_searchWhenSqlOrWildcardsTypedThenTakenLiterally() {
        assertThat(names("' OR '1'='1")).isEmpty();
        assertThat(names("x'); DROP TABLE account; --")).isEmpty();
        assertThat(names("%%")).isEmpty();
        assertThat(names("__")).isEmpty();
        assertThat(accounts.count()).isGreaterThan(SEEDED);
    }

    @Test
    void searchWhenProfileOrNameChangesThenSearchFollows() {
        Account moving = create("alex.move@riverside.example", "Alex Mover", florence.organisationId());
        profile(moving, "Ward Clerk", "Maternity", null);
        assertThat(names("ward clerk alex")).containsExactly("Alex Mover");

        profile(moving, "Midwife", "Maternity", null);
        assertThat(names("ward clerk alex")).isEmpty();
        assertThat(names("midwife alex")).containsExactly("Alex Mover");

        accounts.changeDisplayName(moving.id(), "Alexandra Mover-Smith", moving.id());
        assertThat(names("alexandra smith")).containsExactly("Alexandra Mover-Smith");

        long hillside = organisations.findByCode("B81001").orElseThrow().id();
        administration.moveToOrganisation(moving.id(), hillside, searcher);
        assertThat(names("alexandra hillside surgery b81001")).containsExactly("Alexandra Mover-Smith");
        // (the email address still says riverside; the organisation's name and code no longer do)
        assertThat(names("alexandra rx1")).isEmpty();
    }

    @Test
    void searchWhenAccountDisabledAndEnabledAgainThenListedAgain() {
        Account leaving = create("lee.leaver@riverside.example", "Lee Leaver", florence.organisationId());
        assertThat(names("lee leaver")).containsExactly("Lee Leaver");

        administration.setStatus(leaving.id(), AccountStatus.DISABLED, searcher, "left");
        assertThat(names("lee leaver")).isEmpty();

        administration.setStatus(leaving.id(), AccountStatus.ACTIVE, searcher, "returned");
        assertThat(names("lee leaver")).containsExactly("Lee Leaver");
    }

    @Test
    void indexMissingWhenAccountsLoadedWithoutEntriesThenIndexed() {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        jdbc.sql("""
                INSERT INTO account (email, email_canonical, display_name, organisation_id, status, role, created_at, updated_at)
                VALUES (:email, :email, :name, :organisation, 'active', 'user', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                """).param("email", "bulk" + unique + "@riverside.example").param("name", "Bulk Loaded" + unique)
                .param("organisation", florence.organisationId()).update();
        assertThat(names("bulk" + unique)).isEmpty();

        assertThat(directory.indexMissing()).isEqualTo(1);

        assertThat(names("bulk" + unique)).containsExactly("Bulk Loaded" + unique);
    }

    @Test
    void searchTimesAtSeededSize() {
        List<String> queries = List.of("florence", "nightingale flor", "seed1234", "staff nurse", "seed", "archer maternity",
                "zzzz", "ra");
        List<String> timings = new ArrayList<>();
        for (String query : queries) {
            page(query, 1);
            long started = System.nanoTime();
            PeopleFinder.Page result = page(query, 1);
            long millis = (System.nanoTime() - started) / 1_000_000;
            timings.add("'" + query + "' " + millis + " ms (" + result.people().size() + (result.hasNext() ? "+" : "") + ")");
            assertThat(millis).as(query).isLessThan(2000);
        }
        log.info("People Finder at {} accounts on {}: {}", SEEDED, TestDatabase.postgres() ? "PostgreSQL" : "H2", timings);
    }
}
