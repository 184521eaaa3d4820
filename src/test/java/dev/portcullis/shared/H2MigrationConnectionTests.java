package dev.portcullis.shared;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The default install runs H2 and migrates it at start-up on a pooled connection that the pool
 * later retires (after 30 minutes by default). H2 2.4.240 keeps the migrating connection inside
 * every {@code CHECK (x IN (...))} constraint it creates, so once that connection closes each
 * insert or update on such a table fails with "Check constraint invalid" until a restart. This
 * runs the real migrations on a connection, closes it, and writes on another.
 */
class H2MigrationConnectionTests {

    @Test
    void checkConstraintsStillWorkAfterTheMigratingConnectionCloses() throws SQLException {
        String url = "jdbc:h2:mem:migr_" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        try (Connection keepOpen = DriverManager.getConnection(url, "sa", "")) {
            SingleConnectionDataSource migrating = new SingleConnectionDataSource(url, "sa", "", true);
            Flyway.configure().dataSource(migrating)
                    .locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
            migrating.destroy();

            try (Statement statement = keepOpen.createStatement()) {
                assertThatCode(() -> statement.executeUpdate(
                        "INSERT INTO organisation (code, name, status, created_at) VALUES ('X1', 'X', 'active', CURRENT_TIMESTAMP)"))
                        .doesNotThrowAnyException();
            }
        }
    }
}
