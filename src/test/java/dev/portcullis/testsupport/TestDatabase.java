package dev.portcullis.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Which database the tests run on: H2 in memory (the default execution) or PostgreSQL (the
 * second Surefire execution, {@code -Dportcullis.test.db=postgres}). PostgreSQL is found at
 * {@code PORTCULLIS_TEST_DB_URL} (user and password in {@code PORTCULLIS_TEST_DB_USER} and
 * {@code PORTCULLIS_TEST_DB_PASSWORD}) or the local default cluster set up by {@code .ci/run}.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("portcullis.test.db", "h2"));
    }

    public static String postgresUrl() {
        return env("PORTCULLIS_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/portcullis_test");
    }

    public static String postgresUser() {
        return env("PORTCULLIS_TEST_DB_USER", "portcullis");
    }

    public static String postgresPassword() {
        return env("PORTCULLIS_TEST_DB_PASSWORD", "portcullis");
    }

    /** Why PostgreSQL cannot be used, or null when it can. */
    public static String postgresProblem() {
        try (Connection ignored = DriverManager.getConnection(postgresUrl(), postgresUser(), postgresPassword())) {
            return null;
        } catch (SQLException e) {
            return "PostgreSQL not reachable at " + postgresUrl() + " (" + e.getMessage() + ")";
        }
    }

    /** A JDBC URL for a database (H2) or schema (PostgreSQL) of the given name. */
    public static String url(String name) {
        if (postgres()) {
            String base = postgresUrl();
            return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
        }
        return "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
