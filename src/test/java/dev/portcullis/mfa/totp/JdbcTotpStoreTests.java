package dev.portcullis.mfa.totp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.shared.SecretCipher;
import dev.portcullis.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Authenticator apps in the database, on H2 and PostgreSQL: seeds sealed at rest and bound to
 * their account, pending apps that expire, one confirmed app per account, and time steps that are
 * accepted once, never an older one after a newer one, also under concurrency.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class JdbcTotpStoreTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @Autowired
    private TotpStore store;

    @Autowired
    private SecretCipher cipher;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate transaction;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private MutableClock clock;

    private long accountId;

    @BeforeEach
    void freshAccount() {
        clock.reset();
        long organisationId = organisations.findOrCreate("TOTP1", "Totp Store Trust").id();
        accountId = accounts.create(new NewAccount("store-" + UUID.randomUUID() + "@example.nhs.uk", "Store Tester",
                organisationId, Role.USER, null), "test", null).id();
    }

    @Test
    void totp04_seedIsSealedAtRestAndOpensOnlyForItsAccount() {
        byte[] seed = seed(7);
        long id = store.insertPending(accountId, seed, clock.instant());

        byte[] raw = jdbc.sql("SELECT seed_ciphertext FROM mfa_totp WHERE id = :id").param("id", id)
                .query(byte[].class).single();
        String base32 = Base32.encode(seed);
        assertThat(indexOf(raw, seed)).as("raw seed bytes in the column").isEqualTo(-1);
        assertThat(indexOf(raw, base32.getBytes(StandardCharsets.US_ASCII))).as("Base32 seed in the column").isEqualTo(-1);
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain(base32).doesNotContain(Base32.grouped(base32));
        assertThat(HexFormat.of().formatHex(raw)).doesNotContain(HexFormat.of().formatHex(seed));

        assertThat(cipher.decrypt(raw, TotpStore.associatedData(accountId))).isEqualTo(seed);
        assertThatThrownBy(() -> cipher.decrypt(raw, TotpStore.associatedData(accountId + 1)))
                .isInstanceOf(SecretCipher.TamperedSecretException.class);
        assertThatThrownBy(() -> cipher.decrypt(raw, "totp:account:" + accountId + ":other"))
                .isInstanceOf(SecretCipher.TamperedSecretException.class);
        assertThat(store.pending(id, accountId, clock.instant())).get()
                .satisfies(app -> assertThat(app.seed()).isEqualTo(seed))
                .satisfies(app -> assertThat(app.toString()).doesNotContain(base32));
    }

    @Test
    void totp04_sealedSeedCopiedToAnotherAccountDoesNotOpen() {
        long otherAccount = otherAccount();
        long mine = store.insertPending(accountId, seed(1), clock.instant());
        long theirs = store.insertPending(otherAccount, seed(2), clock.instant());
        jdbc.sql("UPDATE mfa_totp SET seed_ciphertext = (SELECT seed_ciphertext FROM mfa_totp WHERE id = :mine) WHERE id = :theirs")
                .param("mine", mine).param("theirs", theirs).update();

        assertThatThrownBy(() -> store.pending(theirs, otherAccount, clock.instant()))
                .isInstanceOf(SecretCipher.TamperedSecretException.class);
    }

    @Test
    void pendingWhenFifteenMinutesPassedThenExpiredAndPruned() {
        Instant start = clock.instant();
        long id = store.insertPending(accountId, seed(3), start);

        assertThat(store.pending(id, accountId, start.plus(Duration.ofMinutes(15)))).isPresent();
        assertThat(store.pending(id, accountId, start.plus(Duration.ofMinutes(15)).plusMillis(1))).isEmpty();
        assertThat(inTransaction(() -> store.confirm(id, accountId, 100, start.plus(Duration.ofMinutes(16))))).isFalse();
        assertThat(store.confirmedApps(accountId)).isEmpty();

        store.pruneExpiredPending(start.plus(Duration.ofMinutes(14)));
        assertThat(rows(accountId)).isEqualTo(1);
        assertThat(store.pruneExpiredPending(start.plus(Duration.ofMinutes(16)))).isPositive();
        assertThat(rows(accountId)).isZero();
    }

    @Test
    void totp04_pendingWhenAnotherAccountAsksThenNotFound() {
        long id = store.insertPending(accountId, seed(4), clock.instant());
        long other = otherAccount();

        assertThat(store.pending(id, other, clock.instant())).isEmpty();
        assertThat(inTransaction(() -> store.confirm(id, other, 100, clock.instant()))).isFalse();
        assertThat(store.confirmedApps(accountId)).isEmpty();
        assertThat(store.confirmedApps(other)).isEmpty();
    }

    @Test
    void insertPendingKeepsOnlyTheNewestFewPendingApps() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(store.insertPending(accountId, seed(10 + i), clock.instant()));
        }
        assertThat(rows(accountId)).isEqualTo(TotpStore.MAX_PENDING);
        assertThat(store.pending(ids.get(9), accountId, clock.instant())).isPresent();
        assertThat(store.pending(ids.get(0), accountId, clock.instant())).isEmpty();
    }

    @Test
    void mfa06_confirmWhenAnAppExistsThenTheNewOneReplacesItOnlyOnceConfirmed() {
        long first = confirmedApp(seed(5), 1000);
        long second = store.insertPending(accountId, seed(6), clock.instant());

        assertThat(store.confirmedApps(accountId)).extracting(TotpStore.TotpApp::id).containsExactly(first);
        assertThat(store.confirmed(accountId)).get().satisfies(app -> assertThat(app.seed()).isEqualTo(seed(5)));

        assertThat(inTransaction(() -> store.confirm(second, accountId, 1001, clock.instant()))).isTrue();
        assertThat(store.confirmedApps(accountId)).extracting(TotpStore.TotpApp::id).containsExactly(second);
        assertThat(store.confirmed(accountId)).get().satisfies(app -> assertThat(app.seed()).isEqualTo(seed(6)));
        assertThat(inTransaction(() -> store.confirm(second, accountId, 1002, clock.instant()))).as("confirmed twice").isFalse();
    }

    @Test
    void totp02_confirmRecordsTheEnrolmentStepAsUsed() {
        long id = confirmedApp(seed(8), 5000);

        assertThat(store.claimStep(id, 5000, clock.instant())).isFalse();
        assertThat(store.confirmedApps(accountId).get(0).lastUsedAt()).as("not used to sign in yet").isNull();
        assertThat(store.claimStep(id, 5001, clock.instant())).isTrue();
        assertThat(store.confirmedApps(accountId).get(0).lastUsedAt()).isEqualTo(clock.instant());
    }

    @Test
    void totp02_sameStepTwiceThenSecondRefused() {
        long id = confirmedApp(seed(9), 100);

        assertThat(store.claimStep(id, 200, clock.instant())).isTrue();
        assertThat(store.claimStep(id, 200, clock.instant())).isFalse();
        assertThat(store.confirmedApps(accountId).get(0).lastUsedStep()).isEqualTo(200L);
    }

    @Test
    void totp02_flt03_olderStepAfterNewerThenRefused() {
        // Also what keeps a node whose clock runs behind from accepting a step another node already passed.
        long id = confirmedApp(seed(10), 100);

        assertThat(store.claimStep(id, 201, clock.instant())).isTrue();
        assertThat(store.claimStep(id, 200, clock.instant())).as("t-1 after t+1 was used").isFalse();
        assertThat(store.claimStep(id, 202, clock.instant())).isTrue();
    }

    @Test
    void totp04_claimStepWhenAppIsOnlyPendingThenRefused() {
        long id = store.insertPending(accountId, seed(11), clock.instant());

        assertThat(store.claimStep(id, 1, clock.instant())).isFalse();
    }

    @Test
    void flt05_totp02_parallelClaimsOfOneStepSucceedExactlyOnce() throws Exception {
        long id = confirmedApp(seed(12), 100);

        List<Boolean> results = race(8, () -> store.claimStep(id, 300, clock.instant()));

        assertThat(results).filteredOn(Boolean::booleanValue).hasSize(1);
        assertThat(store.confirmedApps(accountId).get(0).lastUsedStep()).isEqualTo(300L);
    }

    @Test
    void mfa06_twoPendingAppsConfirmedAtOnceLeaveExactlyOneApp() throws Exception {
        for (int round = 0; round < 5; round++) {
            long a = store.insertPending(accountId, seed(20 + round), clock.instant());
            long b = store.insertPending(accountId, seed(40 + round), clock.instant());
            List<Long> ids = List.of(a, b);
            CountDownLatch ready = new CountDownLatch(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Boolean>> futures = new ArrayList<>();
                for (long id : ids) {
                    futures.add(pool.submit(() -> {
                        ready.countDown();
                        ready.await();
                        return inTransaction(() -> store.confirm(id, accountId, 10_000 + id, clock.instant()));
                    }));
                }
                for (Future<Boolean> future : futures) {
                    assertThat(future.get(30, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.confirmedApps(accountId)).as("round %d", round).hasSize(1)
                    .extracting(TotpStore.TotpApp::id).containsAnyElementsOf(ids);
        }
    }

    @Test
    void deleteRemovesOnlyTheAccountsOwnApp() {
        long id = confirmedApp(seed(13), 100);
        long other = otherAccount();

        assertThat(store.delete(other, id)).isFalse();
        assertThat(store.confirmedApps(accountId)).hasSize(1);
        assertThat(store.delete(accountId, id)).isTrue();
        assertThat(store.confirmedApps(accountId)).isEmpty();
    }

    @Test
    void deleteAllRemovesPendingAndConfirmedApps() {
        confirmedApp(seed(14), 100);
        store.insertPending(accountId, seed(15), clock.instant());

        assertThat(store.deleteAll(accountId)).isEqualTo(2);
        assertThat(rows(accountId)).isZero();
    }

    private long confirmedApp(byte[] seed, long step) {
        long id = store.insertPending(accountId, seed, clock.instant());
        assertThat(inTransaction(() -> store.confirm(id, accountId, step, clock.instant()))).isTrue();
        return id;
    }

    private boolean inTransaction(java.util.function.BooleanSupplier work) {
        return Boolean.TRUE.equals(transaction.execute(status -> work.getAsBoolean()));
    }

    private long otherAccount() {
        long organisationId = organisations.findOrCreate("TOTP1", "Totp Store Trust").id();
        return accounts.create(new NewAccount("other-" + UUID.randomUUID() + "@example.nhs.uk", "Other Tester",
                organisationId, Role.USER, null), "test", null).id();
    }

    private long rows(long account) {
        return jdbc.sql("SELECT COUNT(*) FROM mfa_totp WHERE account_id = :a").param("a", account).query(Long.class).single();
    }

    private static <T> List<T> race(int threads, Callable<T> work) throws Exception {
        CountDownLatch ready = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return work.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] seed(int fill) {
        byte[] seed = new byte[TotpService.SEED_BYTES];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (fill * 31 + i * 7);
        }
        return seed;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
