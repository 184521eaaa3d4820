package dev.portcullis.directory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * JDBC storage of directory entries: the profile fields people and administrators fill in, and
 * the folded search text People Finder matches. The search reads {@code account} and
 * {@code organisation} in the same statement, because whether an account is listed (not
 * disabled) and how it is named must be current at the moment of the search, and a join on the
 * primary key is the only way to keep a million-row search to one statement.
 */
@Repository
class DirectoryStore {

    /** The fields kept here; the name, email address and organisation belong to the account. */
    record Entry(long accountId, String jobTitle, String department, String workPhone, String pronouns, String location) {

        static Entry empty(long accountId) {
            return new Entry(accountId, null, null, null, null, null);
        }
    }

    /** What the index needs of an account that has no entry yet. */
    record Unindexed(long accountId, String displayName, String email, String organisationName, String organisationCode) {
    }

    private final JdbcClient jdbc;
    private final boolean postgres;
    private final int[] walks;

    @Autowired
    DirectoryStore(JdbcClient jdbc, DataSource dataSource) {
        this(jdbc, dataSource, WALKS);
    }

    /** With other walk lengths, so that tests on a small directory reach every path of the search. */
    DirectoryStore(JdbcClient jdbc, DataSource dataSource, int... walks) {
        this.jdbc = jdbc;
        this.postgres = isPostgres(dataSource);
        this.walks = walks.clone();
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell which database People Finder searches", e);
        }
    }

    Optional<Entry> find(long accountId) {
        return jdbc.sql("""
                SELECT account_id, job_title, department, work_phone, pronouns, location
                FROM directory_entry WHERE account_id = :id
                """)
                .param("id", accountId)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)))
                .optional();
    }

    /** Writes an entry whole: the fields, the sort name and the search text, together. */
    void save(Entry entry, String sortName, String searchText, Instant now) {
        int updated = jdbc.sql("""
                UPDATE directory_entry SET job_title = :job, department = :department, work_phone = :phone,
                       pronouns = :pronouns, location = :location, sort_name = :sort, search_text = :search,
                       updated_at = :now
                WHERE account_id = :id
                """)
                .param("job", entry.jobTitle()).param("department", entry.department())
                .param("phone", entry.workPhone()).param("pronouns", entry.pronouns())
                .param("location", entry.location()).param("sort", sortName).param("search", searchText)
                .param("now", Timestamp.from(now)).param("id", entry.accountId())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO directory_entry (account_id, job_title, department, work_phone, pronouns, location,
                                                 sort_name, search_text, updated_at)
                    VALUES (:id, :job, :department, :phone, :pronouns, :location, :sort, :search, :now)
                    """)
                    .param("job", entry.jobTitle()).param("department", entry.department())
                    .param("phone", entry.workPhone()).param("pronouns", entry.pronouns())
                    .param("location", entry.location()).param("sort", sortName).param("search", searchText)
                    .param("now", Timestamp.from(now)).param("id", entry.accountId())
                    .update();
        }
    }

    private static String portableSearch(CharSequence where) {
        return """
                SELECT a.display_name, a.email, o.name AS organisation_name, d.job_title, d.department,
                       d.work_phone, d.pronouns, d.location
                FROM directory_entry d
                JOIN account a ON a.id = d.account_id
                JOIN organisation o ON o.id = a.organisation_id
                WHERE a.status <> 'disabled'""" + where + """

                ORDER BY d.sort_name, d.account_id
                LIMIT :limit OFFSET :offset
                """;
    }

    /**
     * How many names in order each attempt tests from the index alone: 5,000 take about a
     * millisecond and fill a page for a word spread through the directory (a job title, a
     * department); 50,000 take 3-10 ms and reach the first cluster of a common surname, which in
     * name order (first name first) recurs once per first name. At a million entries the gathering
     * search costs more than the second walk once a word has more than a few thousand matches.
     */
    static final int[] WALKS = {5_000, 50_000};

    /**
     * The first {@code :window} entries in name order, tested from the covering index (V0140)
     * without reading the table. When that yields a full page, it is exactly the page the full
     * search would give, because the order is the same; when it does not, a longer walk or
     * {@link #postgresSearch} runs.
     */
    private static String postgresWalk(CharSequence where) {
        return """
                SELECT a.display_name, a.email, o.name AS organisation_name, d.job_title, d.department,
                       d.work_phone, d.pronouns, d.location
                FROM (SELECT w.account_id, w.sort_name
                      FROM (SELECT account_id, sort_name, search_text FROM directory_entry
                            ORDER BY sort_name, account_id LIMIT :window) w
                      WHERE TRUE""" + where.toString().replace("d.search_text", "w.search_text") + """

                     ) m
                CROSS JOIN LATERAL (SELECT display_name, email, organisation_id FROM account
                                    WHERE id = m.account_id AND status <> 'disabled' OFFSET 0) a
                JOIN directory_entry d ON d.account_id = m.account_id
                JOIN organisation o ON o.id = a.organisation_id
                ORDER BY m.sort_name, m.account_id
                LIMIT :limit OFFSET :offset
                """;
    }

    /**
     * PostgreSQL's estimate for {@code LIKE '%word%'} is a guess (about 1 %), so left to itself it
     * walks the name-order index and filters: fine for a word on every tenth entry, but a surname
     * clusters in name order ("smith": 17,500 entries read before the first Smith) and a rare word
     * reads the whole table (over a second at a million). Here the trigram index always finds the
     * matches first (MATERIALIZED keeps the planner from undoing that), they are put in name order,
     * and the accounts are looked up one by one (LATERAL, OFFSET 0 keeps it a per-row lookup) until
     * the page is full. The cost follows the number of matches, not the size of the directory.
     */
    private static String postgresSearch(CharSequence where) {
        return """
                WITH matched AS MATERIALIZED (
                    SELECT d.account_id, d.sort_name FROM directory_entry d WHERE TRUE""" + where + """

                )
                SELECT a.display_name, a.email, o.name AS organisation_name, d.job_title, d.department,
                       d.work_phone, d.pronouns, d.location
                FROM (SELECT account_id, sort_name FROM matched ORDER BY sort_name, account_id) m
                CROSS JOIN LATERAL (SELECT display_name, email, organisation_id FROM account
                                    WHERE id = m.account_id AND status <> 'disabled' OFFSET 0) a
                JOIN directory_entry d ON d.account_id = m.account_id
                JOIN organisation o ON o.id = a.organisation_id
                ORDER BY m.sort_name, m.account_id
                LIMIT :limit OFFSET :offset
                """;
    }

    /** Accounts without an entry (created before the directory, or by bulk loading), oldest first. */
    List<Unindexed> unindexed(int limit) {
        return jdbc.sql("""
                SELECT a.id, a.display_name, a.email, o.name, o.code
                FROM account a JOIN organisation o ON o.id = a.organisation_id
                WHERE NOT EXISTS (SELECT 1 FROM directory_entry d WHERE d.account_id = a.id)
                ORDER BY a.id
                LIMIT :limit
                """)
                .param("limit", limit)
                .query((rs, n) -> new Unindexed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .list();
    }

    /** The accounts of an organisation, for re-indexing after the organisation's name changes. */
    List<Long> accountsOf(long organisationId) {
        return jdbc.sql("SELECT id FROM account WHERE organisation_id = :organisation ORDER BY id")
                .param("organisation", organisationId)
                .query(Long.class)
                .list();
    }

    /**
     * One page of People Finder: entries whose search text contains every pattern, of accounts
     * that are not disabled, in name order. Asks for one more row than the page holds, so the
     * caller knows whether there is a next page without counting every match.
     */
    List<Person> search(List<String> likePatterns, int offset, int limit) {
        if (likePatterns.isEmpty() || likePatterns.size() > SearchQuery.MAX_WORDS) {
            throw new IllegalArgumentException("1 to " + SearchQuery.MAX_WORDS + " patterns");
        }
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < likePatterns.size(); i++) {
            where.append(" AND d.search_text LIKE :w").append(i).append(" ESCAPE '\\'");
        }
        if (!postgres) {
            return run(portableSearch(where), likePatterns, offset, limit);
        }
        // A common word fills the page within the first names in order; only if it does not is
        // every match gathered (see postgresSearch).
        for (int window : walks) {
            List<Person> walked = run(postgresWalk(where), likePatterns, offset, limit, window);
            if (walked.size() == limit) {
                return walked;
            }
        }
        return run(postgresSearch(where), likePatterns, offset, limit);
    }

    private List<Person> run(String sql, List<String> likePatterns, int offset, int limit) {
        return run(sql, likePatterns, offset, limit, 0);
    }

    private List<Person> run(String sql, List<String> likePatterns, int offset, int limit, int window) {
        var statement = jdbc.sql(sql);
        for (int i = 0; i < likePatterns.size(); i++) {
            statement = statement.param("w" + i, likePatterns.get(i));
        }
        if (sql.contains(":window")) {
            statement = statement.param("window", window);
        }
        return new ArrayList<>(statement.param("limit", limit).param("offset", offset)
                .query((rs, n) -> new Person(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                .list());
    }
}
