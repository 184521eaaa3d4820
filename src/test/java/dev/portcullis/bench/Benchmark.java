package dev.portcullis.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import dev.portcullis.account.password.BenchPasswordHashers;
import dev.portcullis.account.password.HashParameters;
import dev.portcullis.account.password.PasswordHasher;
import dev.portcullis.account.password.StoredPassword;
import dev.portcullis.shared.SecretCipher;

/**
 * The benchmark harness (issue 8), run by {@code bench/run}: prepares a database with N accounts,
 * starts one Portcullis server as a separate process, drives it over loopback HTTP, and writes a
 * table of the figures to {@code target/bench/results.md} (and {@code results.csv} for
 * {@code --vs-keycloak}). {@link #measure} is the part that only needs a running server; the
 * smoke test calls it in-process against its own H2 database.
 */
public final class Benchmark {

    /** What to measure; see docs/benchmarks.md for each option. */
    record Options(int accounts, List<Integer> concurrency, double durationSeconds, double warmupSeconds,
                   int maxSignInsPerLevel, double hashSeconds, int hashThreads, int secondStepSessions,
                   int finderRepeats, double refreshSeconds) {
    }

    record Results(HashCeiling.Outcome hash, List<SignInLoad.Outcome> levels, SignInLoad.Outcome secondStep,
                   PeopleFinderProbe.Outcome finder, SignInLoad.Outcome refresh, Map<String, CpuMeter.Split> cpu) {

        int errors() {
            return levels.stream().mapToInt(SignInLoad.Outcome::errors).sum() + secondStep.errors() + finder.errors()
                    + (refresh == null ? 0 : refresh.errors());
        }
    }

    /** Figures about the server process and the run around {@link #measure}. */
    record Context(String db, int accounts, BenchSeeder.Seeded seeded, double startupSeconds, long rssKib,
                   String hashParameters, String machine, SessionStorage sessions, String launch) {
    }

    /** Signed-in sessions held at the end of the run and what they take in the database (PostgreSQL only). */
    record SessionStorage(long sessions, long bytes) {

        static final SessionStorage UNKNOWN = new SessionStorage(-1, -1);

        double mibPerTenThousand() {
            return sessions <= 0 ? -1 : bytes * 10_000.0 / sessions / (1024 * 1024);
        }
    }

    private Benchmark() {
    }

    /** Everything measured against a running, seeded server at {@code base}. */
    static Results measure(String base, Options options, PasswordHasher hasher, StoredPassword stored, long serverPid)
            throws InterruptedException {
        CpuMeter meter = new CpuMeter(serverPid);
        Map<String, CpuMeter.Split> cpu = new LinkedHashMap<>();
        BenchAccounts accounts = new BenchAccounts(options.accounts());
        SignInLoad load = new SignInLoad(base, accounts);
        log("hash ceiling: %d threads, %.0f s", options.hashThreads(), options.hashSeconds());
        HashCeiling.Outcome hash = HashCeiling.measure(hasher, stored, options.hashThreads(), options.hashSeconds());
        log("  %.1f hashes/s (%.1f ms each)", hash.perSecond(), hash.meanMs());
        if (options.warmupSeconds() > 0) {
            log("warm-up: %.0f s at concurrency 4", options.warmupSeconds());
            SignInLoad.Outcome warm = load.fullSignIns(4, options.warmupSeconds(), Integer.MAX_VALUE);
            log("  %d sign-ins, %d errors%s", warm.completed(), warm.errors(), warm.firstError() == null ? "" : ": " + warm.firstError());
        }
        List<SignInLoad.Outcome> levels = new ArrayList<>();
        for (int c : options.concurrency()) {
            log("sign-ins (password + TOTP): concurrency %d, %.0f s", c, options.durationSeconds());
            meter.start();
            SignInLoad.Outcome level = load.fullSignIns(c, options.durationSeconds(), options.maxSignInsPerLevel());
            cpu.put("sign-ins c=" + c, meter.stop());
            log("  %d completed, %.1f/s, p50 %.0f ms, p99 %.0f ms, %d errors%s", level.completed(), level.perSecond(),
                    level.p50Ms(), level.p99Ms(), level.errors(), level.firstError() == null ? "" : ": " + level.firstError());
            levels.add(level);
        }
        int secondStepConcurrency = options.concurrency().stream().mapToInt(Integer::intValue).max().orElse(2);
        log("second step only: %d prepared sessions, concurrency %d", options.secondStepSessions(), secondStepConcurrency);
        SignInLoad.Outcome second = load.secondStepOnly(secondStepConcurrency, options.secondStepSessions(), 120, meter);
        cpu.put("second step c=" + secondStepConcurrency, meter.stop());
        log("  %d completed, %.1f/s, %d errors%s", second.completed(), second.perSecond(), second.errors(),
                second.firstError() == null ? "" : ": " + second.firstError());
        log("People Finder: %d queries, cold then %d warm repeats", PeopleFinderProbe.QUERIES.size(), options.finderRepeats());
        PeopleFinderProbe.Outcome finder = new PeopleFinderProbe(base, load).run(options.finderRepeats());
        log("  warm p50 %.1f ms, p95 %.1f ms, %d errors%s", finder.warmP50Ms(), finder.warmP95Ms(), finder.errors(),
                finder.firstError() == null ? "" : ": " + finder.firstError());
        SignInLoad.Outcome refresh = null;
        if (options.refreshSeconds() > 0) {
            double refreshWarmup = Math.min(10, options.refreshSeconds() / 3);
            log("OIDC refresh-token grants: concurrency %d, %.0f s after %.0f s not counted", secondStepConcurrency,
                    options.refreshSeconds(), refreshWarmup);
            TokenRefreshLoad refreshes = new TokenRefreshLoad(base, load);
            refresh = refreshes.run(secondStepConcurrency, refreshWarmup, options.refreshSeconds(), meter);
            cpu.put("refresh c=" + secondStepConcurrency, meter.stop());
            log("  %d completed, %.1f/s, p50 %.1f ms, p99 %.1f ms, %d errors%s", refresh.completed(), refresh.perSecond(),
                    refresh.p50Ms(), refresh.p99Ms(), refresh.errors(), refresh.firstError() == null ? "" : ": " + refresh.firstError());
        }
        return new Results(hash, levels, second, finder, refresh, cpu);
    }

    /** The results as a Markdown document. */
    static String markdown(Context context, Options options, Results r) {
        StringBuilder md = new StringBuilder();
        md.append("# Portcullis benchmark results\n\n");
        md.append("- When: ").append(Instant.now()).append('\n');
        md.append("- Machine: ").append(context.machine()).append('\n');
        md.append("- Database: ").append(context.db()).append(", ").append(String.format(Locale.ROOT, "%,d", context.accounts()))
                .append(" accounts");
        if (context.seeded() != null) {
            md.append(String.format(Locale.ROOT, " (seeded in %.1f s, %d organisations)", context.seeded().seconds(),
                    context.seeded().organisations()));
        }
        md.append('\n');
        md.append("- Password hash: ").append(context.hashParameters()).append('\n');
        md.append(String.format(Locale.ROOT, "- Runs: %.0f s per concurrency level after a %.0f s warm-up, at most %d sign-ins per level%n%n",
                options.durationSeconds(), options.warmupSeconds(), options.maxSignInsPerLevel()));
        md.append("| measurement | value |\n| --- | --- |\n");
        for (SignInLoad.Outcome level : r.levels()) {
            md.append(String.format(Locale.ROOT, "| sign-ins (password + TOTP), c=%d | %.1f/s, p50 %.0f ms, p99 %.0f ms (%d done, %d errors) |%n",
                    level.concurrency(), level.perSecond(), level.p50Ms(), level.p99Ms(), level.completed(), level.errors()));
        }
        double best = r.levels().stream().mapToDouble(SignInLoad.Outcome::perSecond).max().orElse(0);
        md.append(String.format(Locale.ROOT, "| Argon2id ceiling, %d threads (in the load generator's JVM) | %.1f hashes/s (%.1f ms each) |%n",
                r.hash().threads(), r.hash().perSecond(), r.hash().meanMs()));
        md.append(String.format(Locale.ROOT, "| best sign-ins/s ÷ hash ceiling | %.0f %% |%n", 100 * best / r.hash().perSecond()));
        md.append(String.format(Locale.ROOT, "| second step only (TOTP verify), c=%d | %.1f/s, p50 %.1f ms, p99 %.1f ms (%d done, %d errors) |%n",
                r.secondStep().concurrency(), r.secondStep().perSecond(), r.secondStep().p50Ms(), r.secondStep().p99Ms(),
                r.secondStep().completed(), r.secondStep().errors()));
        md.append(String.format(Locale.ROOT, "| People Finder, cold (first run of each query) | p50 %.1f ms, p95 %.1f ms |%n",
                r.finder().coldP50Ms(), r.finder().coldP95Ms()));
        md.append(String.format(Locale.ROOT, "| People Finder, warm (%d repeats) | p50 %.1f ms, p95 %.1f ms (%d searches, %d errors) |%n",
                options.finderRepeats(), r.finder().warmP50Ms(), r.finder().warmP95Ms(), r.finder().searches(), r.finder().errors()));
        md.append(r.refresh() == null ? "| OIDC token refresh | not measured |\n"
                : String.format(Locale.ROOT, "| OIDC refresh-token grants, c=%d | %.1f/s, p50 %.1f ms, p99 %.1f ms (%d done, %d errors) |%n",
                        r.refresh().concurrency(), r.refresh().perSecond(), r.refresh().p50Ms(), r.refresh().p99Ms(),
                        r.refresh().completed(), r.refresh().errors()));
        md.append(context.startupSeconds() > 0
                ? String.format(Locale.ROOT, "| start-up to ready (launch to /actuator/health/readiness 200; %s) | %.1f s |%n",
                        context.launch(), context.startupSeconds())
                : "| start-up to ready | not measured (in-process run) |\n");
        md.append(context.rssKib() > 0
                ? String.format(Locale.ROOT, "| server resident memory after the run (VmRSS) | %d MiB |%n", context.rssKib() / 1024)
                : "| server resident memory | not measured (in-process run) |\n");
        SessionStorage sessions = context.sessions();
        md.append(sessions.sessions() > 0
                ? String.format(Locale.ROOT, "| memory per 10,000 signed-in sessions | server: none held (Spring Session JDBC); "
                        + "PostgreSQL: %.1f MiB (%,d sessions, %,d bytes of table and index) |%n",
                        sessions.mibPerTenThousand(), sessions.sessions(), sessions.bytes())
                : "| memory per 10,000 signed-in sessions | not measured (PostgreSQL only) |\n");
        md.append("\nCPU during each measured run (percent of one core; other = neither server, load generator nor database):\n\n"
                + "| run | CPU |\n| --- | --- |\n");
        r.cpu().forEach((run, split) -> md.append("| ").append(run).append(" | ").append(split.describe()).append(" |\n"));
        md.append("\nPeople Finder per query (ms):\n\n| query | cold | warm p50 | warm p95 |\n| --- | --- | --- | --- |\n");
        for (PeopleFinderProbe.QueryTimes q : r.finder().queries()) {
            md.append(String.format(Locale.ROOT, "| `%s` | %.1f | %.1f | %.1f |%n", q.query(), q.coldMs(), q.warmP50Ms(), q.warmP95Ms()));
        }
        return md.toString();
    }

    /** Machine-readable figures for bench/compare-keycloak.py. */
    static String csv(Context context, Results r) {
        StringBuilder csv = new StringBuilder("metric,concurrency,value\n");
        for (SignInLoad.Outcome level : r.levels()) {
            csv.append(String.format(Locale.ROOT, "signin_per_s,%d,%.2f%n", level.concurrency(), level.perSecond()));
            csv.append(String.format(Locale.ROOT, "signin_p50_ms,%d,%.1f%n", level.concurrency(), level.p50Ms()));
            csv.append(String.format(Locale.ROOT, "signin_p99_ms,%d,%.1f%n", level.concurrency(), level.p99Ms()));
        }
        csv.append(String.format(Locale.ROOT, "hash_per_s,%d,%.2f%n", r.hash().threads(), r.hash().perSecond()));
        csv.append(String.format(Locale.ROOT, "second_step_per_s,%d,%.2f%n", r.secondStep().concurrency(), r.secondStep().perSecond()));
        if (r.refresh() != null) {
            csv.append(String.format(Locale.ROOT, "refresh_per_s,%d,%.2f%n", r.refresh().concurrency(), r.refresh().perSecond()));
        }
        csv.append(String.format(Locale.ROOT, "finder_warm_p95_ms,,%.1f%n", r.finder().warmP95Ms()));
        csv.append(String.format(Locale.ROOT, "startup_s,,%.2f%n", context.startupSeconds()));
        csv.append(String.format(Locale.ROOT, "rss_mib,,%d%n", context.rssKib() / 1024));
        return csv.toString();
    }

    // ---------------------------------------------------------------------------------------
    // The standalone run: database, seeding, server process.

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        // The key the server seals and opens TOTP seeds with; kept so that --reuse can open the seeds of an earlier run.
        Path keyFile = out.resolve("bench-secret.key");
        if (!a.reuse || !Files.exists(keyFile)) {
            Files.writeString(keyFile, Base64.getEncoder().encodeToString(randomKey()));
        }
        String key = Files.readString(keyFile).strip();
        SecretCipher cipher = new SecretCipher(Base64.getDecoder().decode(key), new SecureRandom());
        PasswordHasher hasher = BenchPasswordHashers.withParameters(a.memoryKib, a.iterations, a.parallelism);
        StoredPassword stored = hasher.hash(BenchAccounts.PASSWORD);

        Database db = Database.of(a.db, out);
        BenchSeeder.Seeded seeded = db.prepare(a.accounts, a.reuse, cipher, stored);
        if (seeded == null) {
            stored = db.reusedPasswordHash(stored);
        }
        if (a.seedOnly) {
            log("--seed-only: database ready, no server started");
            return;
        }

        int port = a.port;
        String base = "http://127.0.0.1:" + port;
        int serverFeature = javaFeatureVersion(a.serverJava);
        // JDK 25 has the ahead-of-time cache (JEP 483, 514, 515): classes loaded and linked, and
        // method profiles, from a training run. Older JDKs get a dynamic class data sharing archive.
        boolean aotCache = a.cds && serverFeature >= 25;
        Path archive = out.resolve(aotCache ? "portcullis.aot" : "portcullis.jsa").toAbsolutePath();
        if (a.cds) {
            // A training run that stops once the context is refreshed writes the classes it loaded
            // to the archive, and the measured launch maps them instead of loading them.
            Files.deleteIfExists(archive);
            List<String> training = serverCommand(a, db, port, out, List.of(
                    (aotCache ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive,
                    "-Dspring.context.exit=onRefresh"));
            log("%s: training run to write %s", aotCache ? "ahead-of-time cache" : "class data sharing", archive);
            Process trainer = withEnvironment(new ProcessBuilder(training), key, db)
                    .redirectErrorStream(true).redirectOutput(out.resolve("cds-training.log").toFile()).start();
            if (!trainer.waitFor(300, java.util.concurrent.TimeUnit.SECONDS) || !Files.exists(archive)) {
                trainer.destroyForcibly();
                throw new IllegalStateException("the training run wrote no archive; see target/bench/cds-training.log");
            }
        }
        List<String> command = serverCommand(a, db, port, out, !a.cds ? List.of()
                : List.of((aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive));
        ProcessBuilder builder = withEnvironment(new ProcessBuilder(command), key, db)
                .redirectErrorStream(true)
                .redirectOutput(out.resolve("server.log").toFile());
        log("starting Portcullis on %s (log: %s)", base, out.resolve("server.log"));
        long launched = System.nanoTime();
        Process server = builder.start();
        Results results;
        double startup;
        long rss;
        try {
            startup = awaitReady(base, server, launched);
            log("ready after %.2f s", startup);
            Options options = new Options(a.accounts, a.concurrency, a.duration, a.warmup, a.maxSignIns, a.hashSeconds,
                    Runtime.getRuntime().availableProcessors(), a.secondStepSessions, a.finderRepeats, a.refreshSeconds);
            results = measure(base, options, hasher, stored, server.pid());
            rss = rssKib(server.pid());
            Context context = new Context(db.describe(), a.accounts, seeded, startup, rss,
                    stored.parameters().toString() + " (" + hasher.implementation() + ")", machine(), db.sessionStorage(),
                    "Java " + serverFeature + ", "
                            + (aotCache ? "with an ahead-of-time cache (--cds)"
                                    : a.cds ? "with a class data sharing archive (--cds)" : "no class data sharing archive")
                            + ", -Xmx" + a.heap + ", " + (a.gc.equals("serial") ? "Serial GC" : "G1 GC"));
            String md = markdown(context, options, results);
            Files.writeString(out.resolve("results.md"), md);
            Files.writeString(out.resolve("results.csv"), csv(context, results));
            System.out.println();
            System.out.println(md);
            log("written to %s and results.csv", out.resolve("results.md"));
        } finally {
            server.destroy();
            if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        System.exit(results.errors() == 0 ? 0 : 2);
    }

    private static List<String> serverCommand(Args a, Database db, int port, Path out, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(a.serverJava, "bin", "java").toString(),
                "-Xms64m", "-Xmx" + a.heap, a.gc.equals("serial") ? "-XX:+UseSerialGC" : "-XX:+UseG1GC"));
        command.addAll(jvmOptions);
        // Extra JVM options for the server only, e.g. a JFR recording to find where its CPU goes:
        // BENCH_SERVER_JVM_OPTS="-XX:StartFlightRecording=filename=target/bench/server.jfr,settings=profile"
        // (not together with --cds: OpenJDK 17.0.15 aborts with both).
        String extra = System.getenv("BENCH_SERVER_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", a.serverClasspath, "dev.portcullis.PortcullisApplication",
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--portcullis.password.memory-kib=" + a.memoryKib, "--portcullis.password.iterations=" + a.iterations,
                "--portcullis.password.parallelism=" + a.parallelism,
                "--portcullis.data-dir=" + out.resolve("data").toAbsolutePath(),
                "--logging.level.root=WARN", "--logging.level.dev.portcullis=INFO"));
        command.addAll(db.serverArguments());
        TokenRefreshLoad.serverProperties().forEach((k, v) -> command.add("--" + k + "=" + v));
        return command;
    }

    /** The feature release (17, 21, 25) of the JDK in {@code javaHome}, from its {@code release} file. */
    private static int javaFeatureVersion(String javaHome) throws IOException {
        Path release = Path.of(javaHome, "release");
        if (!Files.exists(release)) {
            throw new IllegalArgumentException("--server-java: no JDK at " + javaHome + " (no release file)");
        }
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                return Integer.parseInt(version.split("[.+-]")[0]);
            }
        }
        throw new IllegalArgumentException("--server-java: " + release + " names no JAVA_VERSION");
    }

    private static ProcessBuilder withEnvironment(ProcessBuilder builder, String key, Database db) {
        builder.environment().put("PORTCULLIS_SECRET_KEY", key);
        builder.environment().put("PORTCULLIS_DB_PASSWORD", db.password);
        return builder;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static double awaitReady(String base, Process server, long launched) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = launched + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue() + "; see target/bench/server.log");
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - launched) / 1e9;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the server was not ready within 300 s; see target/bench/server.log");
    }

    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            log("could not read VmRSS of %d: %s", pid, e);
        }
        return -1;
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux: leave it unknown
        }
        return String.format(Locale.ROOT, "%d cores, %s, %s %s, Java %s", Runtime.getRuntime().availableProcessors(), cpu,
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"));
    }

    private static final long STARTED = System.nanoTime();

    static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, "[bench %6.1fs] ", (System.nanoTime() - STARTED) / 1e9)
                + String.format(Locale.ROOT, format, args));
    }

    /** The database the server will use: a fresh PostgreSQL schema or H2 file, migrated with Flyway, then seeded. */
    private static final class Database {

        static final String SCHEMA = "portcullis_bench";

        final boolean postgres;
        final String baseUrl;
        final String user;
        final String password;
        final Path h2File;

        private Database(boolean postgres, String baseUrl, String user, String password, Path h2File) {
            this.postgres = postgres;
            this.baseUrl = baseUrl;
            this.user = user;
            this.password = password;
            this.h2File = h2File;
        }

        static Database of(String kind, Path out) {
            if ("postgres".equals(kind)) {
                String url = env("PORTCULLIS_DB_URL", "jdbc:postgresql://127.0.0.1:5432/portcullis_test");
                if (!url.startsWith("jdbc:postgresql:")) {
                    throw new IllegalArgumentException("--db postgres needs a jdbc:postgresql: PORTCULLIS_DB_URL, got " + url);
                }
                return new Database(true, url, env("PORTCULLIS_DB_USER", "portcullis"), env("PORTCULLIS_DB_PASSWORD", "portcullis"), null);
            }
            Path file = out.resolve("h2").resolve("portcullis").toAbsolutePath();
            return new Database(false, null, "portcullis", "", file);
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }

        String url() {
            if (postgres) {
                return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
            }
            return "jdbc:h2:file:" + h2File + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE";
        }

        String describe() {
            return postgres ? "PostgreSQL " + baseUrl + ", schema " + SCHEMA : "H2 file " + h2File;
        }

        List<String> serverArguments() {
            List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + url(), "--spring.datasource.username=" + user));
            if (postgres) {
                args.add("--spring.flyway.schemas=" + SCHEMA);
                args.add("--spring.flyway.default-schema=" + SCHEMA);
            }
            return args;
        }

        BenchSeeder.Seeded prepare(int accounts, boolean reuse, SecretCipher cipher, StoredPassword stored) throws SQLException {
            if (reuse && existing() == accounts) {
                log("reusing the %,d seeded accounts in %s; clearing used TOTP steps, sessions and search counts", accounts, describe());
                try (Connection c = connect(url()); Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE mfa_totp SET last_used_step = NULL, last_used_at = NULL WHERE last_used_step IS NOT NULL");
                    s.executeUpdate("DELETE FROM directory_search_count");
                    s.executeUpdate("DELETE FROM spring_session");
                }
                return null;
            }
            if (postgres) {
                try (Connection c = connect(baseUrl); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
                    s.execute("CREATE SCHEMA " + SCHEMA);
                }
            } else {
                deleteH2Files();
            }
            log("migrating %s with Flyway", describe());
            Flyway.configure()
                    .dataSource(url(), user, password)
                    .schemas(postgres ? new String[] {SCHEMA} : new String[0])
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + (postgres ? "postgresql" : "h2"))
                    .load()
                    .migrate();
            log("seeding %,d accounts", accounts);
            String seedUrl = postgres ? url() + "&reWriteBatchedInserts=true" : url();
            SimpleDriverDataSource dataSource = new SimpleDriverDataSource(DriverManager.getDriver(seedUrl), seedUrl, user, password);
            BenchSeeder.Seeded seeded = new BenchSeeder(dataSource, cipher, stored).seed(accounts);
            log("  seeded in %.1f s", seeded.seconds());
            return seeded;
        }

        /**
         * On --reuse: the hash the accounts already have when it was made with the parameters asked
         * for now; otherwise every account gets the new one, so that a run at other Argon2id
         * parameters measures those (and the server does not re-hash at every sign-in).
         */
        StoredPassword reusedPasswordHash(StoredPassword wanted) throws SQLException {
            try (Connection c = connect(url()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT hash FROM account_password WHERE account_id = (SELECT MIN(account_id) FROM account_password)")) {
                if (rs.next()) {
                    StoredPassword existing = new StoredPassword(rs.getString(1));
                    if (existing.parameters().equals(wanted.parameters())) {
                        return existing;
                    }
                }
            }
            log("the seeded password hashes have other Argon2id parameters: replacing them with %s", wanted.parameters());
            HashParameters p = wanted.parameters();
            try (Connection c = connect(url());
                 var update = c.prepareStatement("UPDATE account_password SET hash = ?, algorithm = ?, memory_kib = ?, iterations = ?, parallelism = ?")) {
                update.setString(1, wanted.hash());
                update.setString(2, p.algorithm());
                update.setInt(3, p.memoryKib());
                update.setInt(4, p.iterations());
                update.setInt(5, p.parallelism());
                log("  %,d rows", update.executeUpdate());
            }
            return wanted;
        }

        /** Signed-in sessions (those with a principal) and the bytes of the session tables, PostgreSQL only. */
        SessionStorage sessionStorage() {
            if (!postgres) {
                return SessionStorage.UNKNOWN;
            }
            try (Connection c = connect(url()); Statement s = c.createStatement()) {
                s.execute("ANALYZE spring_session");
                s.execute("ANALYZE spring_session_attributes");
                try (ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM spring_session WHERE principal_name IS NOT NULL), "
                        + "(SELECT COUNT(*) FROM spring_session), "
                        + "pg_total_relation_size('spring_session') + pg_total_relation_size('spring_session_attributes')")) {
                    rs.next();
                    long signedIn = rs.getLong(1);
                    long all = rs.getLong(2);
                    // The tables also hold the sessions of visitors who never finished signing in: share the bytes by row.
                    long bytes = all == 0 ? 0 : rs.getLong(3) * signedIn / all;
                    return new SessionStorage(signedIn, bytes);
                }
            } catch (SQLException e) {
                log("could not measure the session tables: %s", e);
                return SessionStorage.UNKNOWN;
            }
        }

        private int existing() {
            try (Connection c = connect(url()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM account WHERE email_canonical LIKE '%@" + BenchAccounts.DOMAIN + "'")) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException e) {
                return -1;
            }
        }

        private Connection connect(String url) throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", password);
            return DriverManager.getConnection(url, props);
        }

        private void deleteH2Files() {
            try {
                Files.createDirectories(h2File.getParent());
                try (var files = Files.list(h2File.getParent())) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.delete(f);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("could not clear " + h2File.getParent(), e);
            }
        }
    }

    /** Command-line options (bench/run passes them through). */
    private static final class Args {
        int accounts = 1_000_000;
        List<Integer> concurrency = List.of(2, 8, 32);
        double duration = 30;
        double warmup = 30;
        int maxSignIns = 100_000;
        double hashSeconds = 15;
        int secondStepSessions = 1000;
        int finderRepeats = 20;
        double refreshSeconds = 30;
        String db = "postgres";
        boolean reuse;
        boolean seedOnly;
        boolean cds;
        int port = 18081;
        String heap = "512m";
        String gc = "g1";
        int memoryKib = 19 * 1024;
        int iterations = 2;
        int parallelism = 1;
        String serverClasspath = System.getProperty("java.class.path");
        String serverJava = System.getProperty("java.home");

        static Args parse(String[] args) {
            Args a = new Args();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--reuse")) {
                    a.reuse = true;
                    continue;
                }
                if (name.equals("--cds")) {
                    a.cds = true;
                    continue;
                }
                if (name.equals("--seed-only")) {
                    a.seedOnly = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String v = args[++i];
                switch (name) {
                    case "--accounts" -> a.accounts = positive(name, v);
                    case "--concurrency" -> {
                        List<Integer> levels = new ArrayList<>();
                        for (String c : v.trim().split("[\\s,]+")) {
                            levels.add(positive(name, c));
                        }
                        a.concurrency = levels;
                    }
                    case "--duration" -> a.duration = positive(name, v);
                    case "--warmup" -> a.warmup = Integer.parseInt(v);
                    case "--max-signins" -> a.maxSignIns = positive(name, v);
                    case "--hash-seconds" -> a.hashSeconds = positive(name, v);
                    case "--second-step-sessions" -> a.secondStepSessions = positive(name, v);
                    case "--finder-repeats" -> a.finderRepeats = positive(name, v);
                    case "--refresh-seconds" -> a.refreshSeconds = Integer.parseInt(v);
                    case "--db" -> {
                        if (!v.equals("postgres") && !v.equals("h2")) {
                            throw new IllegalArgumentException("--db must be postgres or h2, got " + v);
                        }
                        a.db = v;
                    }
                    case "--port" -> a.port = positive(name, v);
                    case "--heap" -> a.heap = v;
                    case "--gc" -> {
                        if (!v.equals("g1") && !v.equals("serial")) {
                            throw new IllegalArgumentException("--gc must be g1 or serial, got " + v);
                        }
                        a.gc = v;
                    }
                    case "--argon2-memory-kib" -> a.memoryKib = positive(name, v);
                    case "--argon2-iterations" -> a.iterations = positive(name, v);
                    case "--argon2-parallelism" -> a.parallelism = positive(name, v);
                    case "--server-classpath" -> a.serverClasspath = v;
                    case "--server-java" -> a.serverJava = v;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            return a;
        }

        private static int positive(String name, String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a positive whole number, got '" + value + "'");
            }
        }
    }
}
