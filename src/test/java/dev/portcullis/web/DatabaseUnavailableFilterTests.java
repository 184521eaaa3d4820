package dev.portcullis.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.ServletException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures the 503 page answers (FLT-02): a database that cannot be reached, however deeply
 * the filters wrapped it; never a bug in a query, which stays a 500 and is not dressed up as
 * "try again later".
 */
class DatabaseUnavailableFilterTests {

    @Test
    void flt02_unreachableDatabaseRecognisedThroughTheWrappers() {
        SQLTransientConnectionException poolTimedOut = new SQLTransientConnectionException("pool - Connection is not available");

        assertThat(DatabaseUnavailableFilter.databaseUnavailable(new CannotGetJdbcConnectionException("no", poolTimedOut))).isTrue();
        assertThat(DatabaseUnavailableFilter.databaseUnavailable(
                new ServletException(new CannotCreateTransactionException("Could not open JDBC Connection", poolTimedOut)))).isTrue();
        // PostgreSQL's "An I/O error occurred while sending to the backend": SQL state 08006.
        SQLException io = new SQLException("An I/O error occurred", "08006");
        assertThat(DatabaseUnavailableFilter.databaseUnavailable(new UncategorizedSQLException("update", "UPDATE x", io))).isTrue();
        assertThat(DatabaseUnavailableFilter.databaseUnavailable(new RuntimeException(new ServletException(poolTimedOut)))).isTrue();
    }

    @Test
    void flt02_queryBugsAndOtherFailuresAreNotCalledAnOutage() {
        assertThat(DatabaseUnavailableFilter.databaseUnavailable(new DuplicateKeyException("dup"))).isFalse();
        assertThat(DatabaseUnavailableFilter.databaseUnavailable(new DataIntegrityViolationException("check"))).isFalse();
        assertThat(DatabaseUnavailableFilter.databaseUnavailable(
                new UncategorizedSQLException("q", "SELECT", new SQLException("syntax error", "42601")))).isFalse();
        assertThat(DatabaseUnavailableFilter.databaseUnavailable(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void aCauseLoopEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(DatabaseUnavailableFilter.databaseUnavailable(second)).isFalse();
    }
}
