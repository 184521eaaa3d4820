package dev.portcullis.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every test application context its own empty database on the database under test:
 * an H2 in-memory database, or a fresh PostgreSQL schema. Contexts that must share one (two
 * nodes) name it with {@code portcullis.test.database-name}.
 */
public class TestDatabaseEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("portcullis.test.keep-datasource")) {
            return;
        }
        String name = environment.getProperty("portcullis.test.database-name",
                "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", TestDatabase.url(name));
        if (TestDatabase.postgres()) {
            properties.put("spring.datasource.username", TestDatabase.postgresUser());
            properties.put("spring.datasource.password", TestDatabase.postgresPassword());
            properties.put("spring.flyway.schemas", name);
            properties.put("spring.flyway.default-schema", name);
        } else {
            properties.put("spring.datasource.username", "sa");
            properties.put("spring.datasource.password", "");
        }
        properties.put("spring.datasource.hikari.maximum-pool-size", "8");
        if (TestDatabase.postgres()) {
            // Many contexts stay cached during a run: let idle ones give their connections back, so
            // that PostgreSQL's connection limit is not reached.
            properties.put("spring.datasource.hikari.minimum-idle", "1");
            properties.put("spring.datasource.hikari.idle-timeout", "10000");
        } else {
            // H2 2.4.240 breaks every CHECK (... IN ...) constraint once the connection that created
            // it (Flyway's) is closed: "Check constraint invalid ... The database has been closed"
            // (h2database issues 4292, 4308). An in-memory database costs no server connections,
            // so keep the pool's connections for the context's life.
            properties.put("spring.datasource.hikari.minimum-idle", "8");
            properties.put("spring.datasource.hikari.max-lifetime", "0");
        }
        if (!environment.containsProperty("portcullis.data-dir")) {
            try {
                properties.put("portcullis.data-dir", Files.createTempDirectory("portcullis-test").toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        environment.getPropertySources().addFirst(new MapPropertySource("portcullisTestDatabase", properties));
    }
}
