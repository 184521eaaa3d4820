package dev.portcullis.directory;

import java.time.Clock;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How many People Finder searches an account has made in the current minute and day (INP-03),
 * counted in the database so that every node and session shares one count. A fixed window per
 * account: the first search in a new window starts it again at one. Taking a search is one
 * conditional {@code UPDATE ... SET searches = searches + 1 WHERE searches < limit}, so parallel
 * searches never overdraw the allowance and none is refused while some remains. The attempt
 * regulator is not used: it counts failures and pauses after them, whereas this counts every
 * search.
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

    private static final int RETRIES = 50;

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
        Taken minute = take(accountId, Window.MINUTE, properties.searchesPerMinute(), now);
        if (!minute.allowed()) {
            return new Decision(false, Window.MINUTE, minute.firstRefusal());
        }
        Taken day = take(accountId, Window.DAY, properties.searchesPerDay(), now);
        if (!day.allowed()) {
            return new Decision(false, Window.DAY, day.firstRefusal());
        }
        return new Decision(true, null, false);
    }

    private record Taken(boolean allowed, boolean firstRefusal) {
    }

    /**
     * Takes one search from a window's allowance. Each step is one conditional statement, so
     * parallel searches never both take the last one: exactly {@code limit} succeed per window.
     */
    private Taken take(long accountId, Window window, int limit, long now) {
        long start = now - Math.floorMod(now, window.millis);
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            if (update("""
                    UPDATE directory_search_count SET searches = searches + 1
                    WHERE account_id = :account AND window_name = :window AND window_start = :start AND searches < :limit
                    """, accountId, window, start, limit)) {
                return new Taken(true, false);
            }
            // The first search over the limit is counted too, so that it alone is audited.
            if (update("""
                    UPDATE directory_search_count SET searches = searches + 1
                    WHERE account_id = :account AND window_name = :window AND window_start = :start AND searches = :limit
                    """, accountId, window, start, limit)) {
                return new Taken(false, true);
            }
            Optional<Integer> current = jdbc.sql("""
                    SELECT searches FROM directory_search_count
                    WHERE account_id = :account AND window_name = :window AND window_start = :start
                    """)
                    .param("account", accountId).param("window", window.name()).param("start", start)
                    .query(Integer.class).optional();
            if (current.isPresent()) {
                if (current.get() > limit) {
                    return new Taken(false, false);
                }
                // Another search wrote this window's row after the updates above looked: try again.
                continue;
            }
            if (update("""
                    UPDATE directory_search_count SET window_start = :start, searches = 1
                    WHERE account_id = :account AND window_name = :window AND window_start < :start
                    """, accountId, window, start, limit)) {
                return new Taken(true, false);
            }
            try {
                jdbc.sql("""
                        INSERT INTO directory_search_count (account_id, window_name, window_start, searches)
                        VALUES (:account, :window, :start, 1)
                        """)
                        .param("account", accountId).param("window", window.name()).param("start", start)
                        .update();
                return new Taken(true, false);
            } catch (DuplicateKeyException raced) {
                // another search created the row first: take from it
            }
        }
        throw new IllegalStateException("search count too contended");
    }

    private boolean update(String sql, long accountId, Window window, long start, int limit) {
        var statement = jdbc.sql(sql).param("account", accountId).param("window", window.name()).param("start", start);
        if (sql.contains(":limit")) {
            statement = statement.param("limit", limit);
        }
        return statement.update() == 1;
    }
}
