package dev.portcullis.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

import dev.portcullis.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way DirectoryStore can answer a search gives the same page as the plain definition: all
 * entries whose search text holds every word, in name order. On PostgreSQL the store first walks
 * the name-order index for a window of names, then a longer one, then gathers every trigram match
 * (DirectoryStore.WALKS); short windows here make a few hundred entries reach each of those paths:
 * a word found in the first window, a surname clustered past it, a rare word, a word nobody has.
 * On H2 the one portable statement answers, and is held to the same definition.
 */
@SpringBootTest(properties = {"portcullis.directory.searches-per-minute=1000000",
        "portcullis.directory.searches-per-day=1000000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcDirectorySearchPathTests {

    private static final String[] FIRST = {"abel", "bea", "cal", "dora", "eli", "faye", "gus", "hana"};
    private static final String[] LAST = {"ash", "birch", "cedar", "elm", "hazel", "oak", "rowan", "yew"};

    private record Seeded(long id, String email, String sortName, String searchText) {
    }

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private OrganisationService organisations;

    private final List<Seeded> seeded = new ArrayList<>();

    private String tag;

    @BeforeAll
    void seed() {
        tag = "walk" + UUID.randomUUID().toString().substring(0, 8);
        long organisation = organisations.findOrCreate(tag.toUpperCase(Locale.ROOT), "Grove Trust").id();
        // Names in order run first name first, so each surname recurs in a cluster once per first
        // name, as in a real directory; "quill" is a rare job, "zzqx" nobody's.
        int n = 0;
        for (String first : FIRST) {
            for (String last : LAST) {
                for (int i = 0; i < 6; i++, n++) {
                    String email = first + "." + last + n + "@" + tag + ".example";
                    String name = first + " " + last + " " + tag;
                    String job = n % 97 == 5 ? "quill keeper" : (n % 3 == 0 ? "nurse" : "porter");
                    KeyHolder key = new GeneratedKeyHolder();
                    jdbc.sql("""
                            INSERT INTO account (email, email_canonical, display_name, organisation_id, status, role, created_at, updated_at)
                            VALUES (:email, :email, :name, :organisation, :status, 'user', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                            """)
                            .param("email", email).param("name", name).param("organisation", organisation)
                            .param("status", n % 11 == 0 ? "disabled" : "active").update(key, "id");
                    long id = key.getKeyAs(Long.class);
                    String sortName = name.toLowerCase(Locale.ROOT);
                    String searchText = sortName + " " + email + " grove trust " + job;
                    jdbc.sql("""
                            INSERT INTO directory_entry (account_id, job_title, sort_name, search_text, updated_at)
                            VALUES (:id, :job, :sort, :search, CURRENT_TIMESTAMP)
                            """).param("id", id).param("job", job).param("sort", sortName).param("search", searchText)
                            .update();
                    if (n % 11 != 0) {
                        seeded.add(new Seeded(id, email, sortName, searchText));
                    }
                }
            }
        }
        if (TestDatabase.postgres()) {
            jdbc.sql("ANALYZE directory_entry").update();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nurse", "porter", "rowan", "yew", "hana oak", "quill", "zzqx", "elm nurse"})
    void everyPathGivesTheDefinedPages(String words) {
        List<String> patterns = ((SearchQuery.Valid) SearchQuery.parse(words + " " + tag)).query().likePatterns();
        List<DirectoryStore> stores = List.of(
                new DirectoryStore(jdbc, dataSource, DirectoryStore.WALKS),
                new DirectoryStore(jdbc, dataSource, 20),
                new DirectoryStore(jdbc, dataSource, 20, 200),
                new DirectoryStore(jdbc, dataSource));
        List<String> all = expected(words);
        for (int page = 0; page < 4; page++) {
            int offset = page * 20;
            List<String> want = all.subList(Math.min(offset, all.size()), Math.min(offset + 21, all.size()));
            for (DirectoryStore store : stores) {
                assertThat(store.search(patterns, offset, 21)).extracting(Person::email)
                        .as("%s, page %d", words, page + 1).containsExactlyElementsOf(want);
            }
        }
        // Only the gathering path: walks too short to fill any page.
        DirectoryStore gathering = new DirectoryStore(jdbc, dataSource, 1);
        assertThat(gathering.search(patterns, 0, 21)).extracting(Person::email)
                .containsExactlyElementsOf(all.subList(0, Math.min(21, all.size())));
    }

    /** The definition, computed here: every word in the search text, listed accounts, name order. */
    private List<String> expected(String words) {
        return seeded.stream()
                .filter(s -> List.of(words.split(" ")).stream().allMatch(s.searchText()::contains))
                .sorted(Comparator.comparing(Seeded::sortName).thenComparingLong(Seeded::id))
                .map(Seeded::email)
                .toList();
    }
}
