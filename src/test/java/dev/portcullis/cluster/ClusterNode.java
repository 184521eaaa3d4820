package dev.portcullis.cluster;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import dev.portcullis.PortcullisApplication;
import dev.portcullis.testsupport.MutableClock;

/**
 * One whole Portcullis node for the cluster tests: the real application on its own random port,
 * on a database (a PostgreSQL schema) that other nodes name too, with the shared secret key, and
 * with its own clock, which the test moves by hand (together with the other nodes' clocks, or
 * apart from them to skew it).
 */
final class ClusterNode implements AutoCloseable {

    private final String name;
    private final ConfigurableApplicationContext context;
    private final MutableClock clock;
    private final int port;

    private ClusterNode(String name, ConfigurableApplicationContext context, MutableClock clock) {
        this.name = name;
        this.context = context;
        this.clock = clock;
        this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** A name for a database that several nodes share. */
    static String newDatabaseName(String purpose) {
        return "t_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A fresh PORTCULLIS_SECRET_KEY: every node of one installation must be given the same one. */
    static String newSecretKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * Starts a node. {@code beans} may register test beans (a gateway, say) before the
     * application's own are created.
     */
    @SafeVarargs
    static ClusterNode start(String name, String database, String secretKey,
                             ApplicationContextInitializer<ConfigurableApplicationContext>... beans) {
        return startAt(Instant.now().truncatedTo(ChronoUnit.MILLIS), name, database, secretKey, beans);
    }

    /** Starts a node whose clock starts at {@code clockStart} (to join nodes whose clocks the test moved). */
    @SafeVarargs
    static ClusterNode startAt(Instant clockStart, String name, String database, String secretKey,
                               ApplicationContextInitializer<ConfigurableApplicationContext>... beans) {
        MutableClock clock = new MutableClock(clockStart, ZoneOffset.UTC);
        List<ApplicationContextInitializer<?>> initializers = new ArrayList<>();
        initializers.add(context -> ((GenericApplicationContext) context).registerBean("nodeClock", Clock.class,
                () -> clock, definition -> definition.setPrimary(true)));
        initializers.addAll(List.of(beans));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PortcullisApplication.class)
                .initializers(initializers.toArray(ApplicationContextInitializer[]::new))
                .run("--portcullis.test.database-name=" + database, "--server.port=0",
                        "--portcullis.secret-key=" + secretKey);
        return new ClusterNode(name, context, clock);
    }

    String name() {
        return this.name;
    }

    int port() {
        return this.port;
    }

    MutableClock clock() {
        return this.clock;
    }

    <T> T bean(Class<T> type) {
        return this.context.getBean(type);
    }

    boolean running() {
        return this.context.isActive();
    }

    /** Stops the node: its web server, scheduled jobs and database pool. */
    @Override
    public void close() {
        this.context.close();
    }

    @Override
    public String toString() {
        return "node " + this.name + " on port " + this.port;
    }
}
