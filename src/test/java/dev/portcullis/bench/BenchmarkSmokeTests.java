package dev.portcullis.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.portcullis.account.password.PasswordHasher;
import dev.portcullis.account.password.StoredPassword;
import dev.portcullis.shared.SecretCipher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark harness at tiny scale, so that it cannot rot: 50 seeded accounts on this test's
 * own database (on H2 in the default run, on PostgreSQL when run with {@code portcullis.test.db=postgres}), 3 s of browser-like sign-ins (password + TOTP) at concurrency 2 over real HTTP,
 * the second step alone, People Finder, OIDC refresh-token grants and the hash ceiling. Every sign-in must complete.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    // The cheapest Argon2id the application accepts: this proves the harness works, it measures nothing.
    "portcullis.password.memory-kib=7168", "portcullis.password.iterations=1",
    // The benchmark's OIDC client, as bench/run registers it (TokenRefreshLoad.serverProperties()).
    "spring.security.oauth2.authorizationserver.client.bench.registration.client-id=bench",
    "spring.security.oauth2.authorizationserver.client.bench.registration.client-name=Benchmark",
    "spring.security.oauth2.authorizationserver.client.bench.registration.client-secret={noop}bench-secret-0123456789",
    "spring.security.oauth2.authorizationserver.client.bench.registration.client-authentication-methods=client_secret_post",
    "spring.security.oauth2.authorizationserver.client.bench.registration.authorization-grant-types=authorization_code,refresh_token",
    "spring.security.oauth2.authorizationserver.client.bench.registration.redirect-uris=http://127.0.0.1/bench/callback",
    "spring.security.oauth2.authorizationserver.client.bench.registration.scopes=openid,offline_access"})
class BenchmarkSmokeTests {

    @LocalServerPort
    private int port;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private SecretCipher cipher;

    @Autowired
    private PasswordHasher hasher;

    @Test
    void harnessSignsInSeededAccountsOverHttpWithoutErrors() throws Exception {
        StoredPassword stored = hasher.hash(BenchAccounts.PASSWORD);
        BenchSeeder.Seeded seeded = new BenchSeeder(dataSource, cipher, stored).seed(50);
        assertThat(seeded.accounts()).isEqualTo(50);
        assertThat(seeded.firstAccountId()).isEqualTo(1);
        Benchmark.Options options = new Benchmark.Options(50, List.of(2), 3, 0, 60, 1, 2, 4, 1, 2);

        Benchmark.Results results = Benchmark.measure("http://127.0.0.1:" + port, options, hasher, stored,
                ProcessHandle.current().pid());

        Benchmark.Context context = new Benchmark.Context("H2 (test database)", 50, seeded, 0, 0,
                stored.parameters().toString(), Benchmark.machine(), Benchmark.SessionStorage.UNKNOWN, "in-process");
        String md = Benchmark.markdown(context, options, results);
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("smoke-results.md"), md);

        SignInLoad.Outcome level = results.levels().get(0);
        assertThat(level.firstError()).isNull();
        assertThat(level.errors()).isZero();
        assertThat(level.completed()).isPositive();
        assertThat(results.secondStep().firstError()).isNull();
        assertThat(results.secondStep().completed()).isEqualTo(4);
        assertThat(results.finder().firstError()).isNull();
        assertThat(results.finder().searches()).isEqualTo(PeopleFinderProbe.QUERIES.size() * 2);
        assertThat(results.hash().hashes()).isPositive();
        assertThat(results.refresh().firstError()).isNull();
        assertThat(results.refresh().completed()).isPositive();
        assertThat(md).contains("| sign-ins (password + TOTP), c=2 |");
        assertThat(results.cpu()).containsKeys("sign-ins c=2", "second step c=2", "refresh c=2");
        assertThat(results.cpu().get("sign-ins c=2").server()).as("the server did work while signing people in").isPositive();
        assertThat(md).contains("| sign-ins c=2 | server ");
    }
}
