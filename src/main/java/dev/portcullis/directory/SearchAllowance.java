package dev.portcullis.directory;

import java.time.Clock;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How many People Finder searches an account has made in the current minute and day (INP-03),
 * counted in the database so that every node and session shares one count. A fixed window per
 * account: the first search in a new window starts it again at one. Counting is one atomic
 * {@code UPDATE ... SET searches = searches + 1}, so parallel searches are each counted.
 * The attempt regulator is not used: it counts failures and pauses after them, whereas this
 * counts every search, successful or not.
 */
@Component
class SearchAllowance {

    enum Window {
        MINUTE(60_000L), DAY(86_400_000L);

        final long millis;

        Window(long millis) {
            this.millis = millis;
        }
    }

    /** Whether the search may go ahead, and if not, which limit it hit. */
    record Decision(boolean allowed, Window exceeded, boolean firstRefusal) {
    }

    private static final int RETRIES = 10;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final DirectoryProperties properties;

    SearchAllowance(JdbcClient jdbc, Clock clock, DirectoryProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** Counts one search and says whether it is within the limits. */
    Decision take(long accountId) {
        long now = clock.millis();
        int minute = increment(accountId, Window.MINUTE, now);
        if (minute > properties.searchesPerMinute()) {
            return new Decision(false, Window.MINUTE, minute == properties.searchesPerMinute() + 1);
        }
        int day = increment(accountId, Window.DAY, now);
        if (day > properties.searchesPerDay()) {
            return new Decision(false, Window.DAY, day == properties.searchesPerDay() + 1);
        }
        return new Decision(true, null, false);
    }

    private int increment(long accountId, Window window, long now) {
        long start = now - Math.floorMod(now, window.millis);
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            int counted = jdbc.sql("""
                    UPDATE directory_search_count SET searches = searches + 1
                    WHERE account_id = :account AND window_name = :window AND window_start = :start
                    """)
                    .param("account", accountId).param("window", window.name()).param("start", start)
                    .update();
            if (counted == 1) {
                return jdbc.sql("""
                        SELECT searches FROM directory_search_count
                        WHERE account_id = :account AND window_name = :window AND window_start = :start
                        """)
                        .param("account", accountId).param("window", window.name()).param("start", start)
                        .query(Integer.class).optional().orElse(Integer.MAX_VALUE);
            }
            int restarted = jdbc.sql("""
                    UPDATE directory_search_count SET window_start = :start, searches = 1
                    WHERE account_id = :account AND window_name = :window AND window_start < :start
                    """)
                    .param("account", accountId).param("window", window.name()).param("start", start)
                    .update();
            if (restarted == 1) {
                return 1;
            }
            try {
                jdbc.sql("""
                        INSERT INTO directory_search_count (account_id, window_name, window_start, searches)
                        VALUES (:account, :window, :start, 1)
                        """)
                        .param("account", accountId).param("window", window.name()).param("start", start)
                        .update();
                return 1;
            } catch (DuplicateKeyException raced) {
                // another search created the row: count on it
            }
        }
        throw new IllegalStateException("search count too contended");
    }
}
