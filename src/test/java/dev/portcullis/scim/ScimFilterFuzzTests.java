package dev.portcullis.scim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.portcullis.directory.Organisation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any {@code filter} a provisioning client sends (INP-01, INP-03): refused only with the
 * parser's own {@link ScimFilter.InvalidFilterException}, quickly, within the limits; and every
 * filter accepted becomes SQL made only of our own words, with every value a bound parameter,
 * so no text of the filter can reach the SQL string. Runs the seeds and committed inputs in
 * every build, and fuzzes for a bounded time in the build's {@code fuzz-scim-filter} execution.
 */
class ScimFilterFuzzTests {

    /** Generous for a 1,000-character filter on a busy two-core machine; a backtracking blow-up takes far longer. */
    private static final Duration BOUND = Duration.ofSeconds(2);

    private static final List<ScimClient> CLIENTS = List.of(new ScimClient(1, null, 1), new ScimClient(2, 7L, 1));

    private static final Organisation ORGANISATION = new Organisation(7, "RX1", "Riverside Hospital", "active");

    /**
     * Everything ScimUserQuery may write: its columns, its keywords, operators and literals, and
     * named parameters. Longest alternatives first, so a column is not half-eaten by a keyword.
     */
    private static final Pattern OUR_SQL = Pattern.compile(String.join("|",
            Pattern.quote("COALESCE(s.last_modified, a.created_at)"),
            "a\\.(id|email_canonical|email|display_name|status|created_at|organisation_id|role)",
            "s\\.(external_id|given_name|family_name)", "d\\.(job_title|department)", "o\\.code",
            "AND", "OR", "NOT", "IS", "NULL", "LIKE", "ESCAPE", "LOWER",
            "'disabled'", "'global_admin'", "'!'", "''",
            ":(f[0-9]+|scopeOrg)", "<>", ">=", "<=", "=", ">", "<", "\\(", "\\)", "[01]", "\\s+"));

    private static final Pattern PARAMETER = Pattern.compile(":(f[0-9]+|scopeOrg)");

    @FuzzTest(maxDuration = "10s")
    void inp01_anyFilterIsRefusedCleanlyOrBecomesSqlWithEveryValueBound(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        long started = System.nanoTime();
        ScimFilter filter;
        try {
            filter = ScimFilter.parse(text);
        } catch (ScimFilter.InvalidFilterException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
            return;
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
        assertThat(text.length()).isLessThanOrEqualTo(ScimFilter.MAX_LENGTH);
        assertThat(ScimFilter.leaves(filter)).hasSizeLessThanOrEqualTo(ScimFilter.MAX_COMPARISONS);

        for (ScimClient client : CLIENTS) {
            ScimUserQuery.Where where;
            try {
                where = ScimUserQuery.scope(client, filter);
            } catch (ScimFilter.InvalidFilterException unsupported) {
                assertThat(unsupported.getMessage()).isNotBlank();
                continue;
            }
            assertOnlyOurSql(where);
            if (!client.global()) {
                assertThat(where.sql()).startsWith("a.organisation_id = :scopeOrg AND a.role <> 'global_admin' AND (");
                assertThat(where.params()).containsEntry("scopeOrg", 7L);
            }
        }
        try {
            ScimGroups.matches(filter, ORGANISATION);
        } catch (ScimFilter.InvalidFilterException unsupported) {
            assertThat(unsupported.getMessage()).isNotBlank();
        }
    }

    /** Nothing but our own vocabulary in the SQL, and parameters and bound values matching one to one. */
    private static void assertOnlyOurSql(ScimUserQuery.Where where) {
        String sql = where.sql();
        Matcher m = OUR_SQL.matcher(sql);
        int at = 0;
        while (at < sql.length()) {
            m.region(at, sql.length());
            assertThat(m.lookingAt()).as("SQL not of our making at %d: %s", at, sql).isTrue();
            at = m.end();
        }
        Matcher p = PARAMETER.matcher(sql);
        List<String> named = p.results().map(r -> r.group(1)).toList();
        assertThat(named).doesNotHaveDuplicates();
        assertThat(where.params().keySet()).containsExactlyInAnyOrderElementsOf(named);
    }
}
