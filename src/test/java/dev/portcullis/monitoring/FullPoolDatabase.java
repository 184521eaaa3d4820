package dev.portcullis.monitoring;

import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.portcullis.testsupport.TestDatabase;

/**
 * A context's own database, as TestDatabaseEnvironment makes it, but with every pooled connection
 * kept open. Seen here several times on a heavily loaded machine with the shared settings (one
 * idle connection kept, others retired after 10 s): the first context of a test JVM, slow to
 * start, found its in-memory H2 database answering "database has been closed" to every CHECK
 * constraint. With the pool kept full it did not. Use with
 * {@code portcullis.test.keep-datasource=true}.
 */
final class FullPoolDatabase {

    private FullPoolDatabase() {
    }

    static void register(DynamicPropertyRegistry registry) {
        String name = "mon_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        registry.add("spring.datasource.url", () -> TestDatabase.url(name));
        registry.add("spring.datasource.username", () -> TestDatabase.postgres() ? TestDatabase.postgresUser() : "sa");
        registry.add("spring.datasource.password", () -> TestDatabase.postgres() ? TestDatabase.postgresPassword() : "");
        if (TestDatabase.postgres()) {
            registry.add("spring.flyway.schemas", () -> name);
            registry.add("spring.flyway.default-schema", () -> name);
        }
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
        registry.add("spring.datasource.hikari.minimum-idle", () -> "8");
    }
}
