package dev.portcullis.mfa.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.audit.RecordedAuditEvent;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery codes in the database, on H2 and PostgreSQL: stored only as hashes, each used once
 * (also when eight requests race for one), a new set replacing the old one exactly once, wrong
 * codes counted by the regulator, and every use audited and emailed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "portcullis.notification.sending=false")
@ExtendWith(OutputCaptureExtension.class)
class JdbcRecoveryCodeStoreTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }

        @Bean
        FakeAppFactor fakeAppFactor() {
            return new FakeAppFactor();
        }
    }

    @Autowired
    private RecoveryCodeService service;

    @Autowired
    private RecoveryCodeFactor factor;

    @Autowired
    private FakeAppFactor app;

    @Autowired
    private MfaService mfa;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private AuditLog audit;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private MutableClock clock;

    private long accountId;

    @BeforeEach
    void account() {
        clock.reset();
        long organisationId = organisations.findOrCreate("RC1", "Recovery Clinic").id();
        String email = "codes-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accountId = accounts.create(new NewAccount(email, "Rita Codes", organisationId, Role.USER,
                "a-long-password".toCharArray()), "test", null).id();
    }

    private List<String> newCodes() {
        return service.create(accountId, service.generation(accountId)).orElseThrow();
    }

    @Test
    void mfa07_codesAreStoredOnlyAsHashes() {
        List<String> codes = newCodes();

        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        List<String> stored = jdbc.sql("SELECT code_hash FROM mfa_recovery_code WHERE account_id = :a")
                .param("a", accountId).query(String.class).list();
        assertThat(stored).hasSize(10).allMatch(h -> h.matches("[0-9a-f]{64}"));
        String everything = String.join(" ", jdbc.sql("SELECT * FROM mfa_recovery_code WHERE account_id = :a")
                .param("a", accountId).query((rs, n) -> {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.append(rs.getString(i)).append(' ');
                    }
                    return row.toString().toUpperCase();
                }).list());
        for (String code : codes) {
            assertThat(everything).doesNotContain(code).doesNotContain(code.replace("-", ""));
        }
        List<RecordedAuditEvent> events = audit.recentFor(accountId, 20);
        assertThat(events).extracting(RecordedAuditEvent::type).contains("mfa.recovery.created");
        assertThat(events).allSatisfy(e -> codes.forEach(code -> assertThat(String.valueOf(e.detail()))
                .doesNotContain(code).doesNotContain(code.replace("-", ""))));
    }

    @Test
    void mfa07_noCodeReachesTheLogsEventsOrEmails(CapturedOutput output) {
        List<String> codes = newCodes();
        service.verify(accountId, codes.get(0), "192.0.2.1");
        service.verify(accountId, codes.get(0), "192.0.2.1");
        service.verify(accountId, "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "192.0.2.1");

        String emails = String.join(" ", jdbc.sql("SELECT subject || text_body || html_body FROM notification_queue WHERE account_id = :a")
                .param("a", accountId).query(String.class).list());
        for (String code : codes) {
            String bare = code.replace("-", "");
            assertThat(output.getAll()).doesNotContain(code).doesNotContain(bare);
            assertThat(emails).doesNotContain(code).doesNotContain(bare);
        }
        assertThat(output.getAll()).doesNotContain("ZZZZ-ZZZZ").contains("recovery code refused for account " + accountId);
    }

    @Test
    void mfa07_usedCodeRefusedOnSecondUse() {
        List<String> codes = newCodes();

        assertThat(service.verify(accountId, codes.get(3), "192.0.2.1"))
                .isEqualTo(new RecoveryCodeService.Result.Verified(9));
        assertThat(service.verify(accountId, codes.get(3), "192.0.2.1"))
                .isInstanceOf(RecoveryCodeService.Result.Rejected.class);
        assertThat(service.verify(accountId, codes.get(3).toLowerCase().replace("-", ""), "192.0.2.1"))
                .isInstanceOf(RecoveryCodeService.Result.Rejected.class);
        assertThat(service.verify(accountId, codes.get(4), "192.0.2.1"))
                .isEqualTo(new RecoveryCodeService.Result.Verified(8));

        assertThat(audit.recentFor(accountId, 20)).extracting(RecordedAuditEvent::type, RecordedAuditEvent::detail)
                .contains(org.assertj.core.groups.Tuple.tuple("mfa.recovery.used", "remaining=9"),
                        org.assertj.core.groups.Tuple.tuple("mfa.recovery.refused", "reason=used"));
        assertThat(factor.enrolled(accountId)).singleElement()
                .satisfies(m -> {
                    assertThat(m.instanceId()).isEqualTo("set");
                    assertThat(m.label()).isEqualTo("Recovery codes");
                    assertThat(m.hint()).isEqualTo("8 of 10 left");
                    assertThat(m.lastUsedAt()).isNotNull();
                });
    }

    @Test
    void mon01_mfa07_useOfACodeEmailsTheAccountHolder() {
        List<String> codes = newCodes();
        service.verify(accountId, codes.get(0), "192.0.2.1");

        List<String> templates = jdbc.sql("SELECT template FROM notification_queue WHERE account_id = :a ORDER BY id")
                .param("a", accountId).query(String.class).list();
        assertThat(templates).containsExactly("recovery-codes-created", "recovery-code-used");
        String body = jdbc.sql("SELECT text_body FROM notification_queue WHERE account_id = :a AND template = 'recovery-code-used'")
                .param("a", accountId).query(String.class).single();
        assertThat(body).contains("Recovery codes left: 9").doesNotContain(codes.get(0));
    }

    @Test
    void flt05_parallelUseOfOneCodeSucceedsExactlyOnce() throws Exception {
        List<String> codes = newCodes();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<RecoveryCodeService.Result>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return service.verify(accountId, codes.get(0), "192.0.2.7");
                }));
            }
            start.countDown();
            int verified = 0;
            for (Future<RecoveryCodeService.Result> result : results) {
                if (result.get(30, TimeUnit.SECONDS) instanceof RecoveryCodeService.Result.Verified) {
                    verified++;
                }
            }
            assertThat(verified).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(service.unused(accountId)).isEqualTo(9);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notification_queue WHERE account_id = :a AND template = 'recovery-code-used'")
                .param("a", accountId).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void mfa07_newSetReplacesTheOldOne() {
        List<String> old = newCodes();
        List<String> fresh = newCodes();

        assertThat(fresh).doesNotContainAnyElementsOf(old);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_recovery_code WHERE account_id = :a").param("a", accountId)
                .query(Integer.class).single()).isEqualTo(10);
        assertThat(service.verify(accountId, old.get(0), null)).isInstanceOf(RecoveryCodeService.Result.Rejected.class);
        assertThat(service.verify(accountId, fresh.get(0), null)).isInstanceOf(RecoveryCodeService.Result.Verified.class);
        assertThat(audit.recentOfType("mfa.recovery.created", 50)).filteredOn(e -> e.subjectAccountId() == accountId)
                .extracting(RecordedAuditEvent::detail).containsExactly("codes=10 replaced=true", "codes=10");
    }

    @Test
    void mfa06_formSentAgainCreatesNothing() {
        long shown = service.generation(accountId);
        List<String> codes = service.create(accountId, shown).orElseThrow();

        assertThat(service.create(accountId, shown)).isEmpty();
        assertThat(service.unused(accountId)).isEqualTo(10);
        assertThat(service.verify(accountId, codes.get(9), null)).isInstanceOf(RecoveryCodeService.Result.Verified.class);
    }

    @Test
    void mfa06_twoTabsCreatingAtOnceLeaveOneSet() throws Exception {
        newCodes();
        long shown = service.generation(accountId);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<Optional<List<String>>> first = pool.submit(() -> {
                start.await();
                return service.create(accountId, shown);
            });
            Future<Optional<List<String>>> second = pool.submit(() -> {
                start.await();
                return service.create(accountId, shown);
            });
            start.countDown();
            Optional<List<String>> a = first.get(30, TimeUnit.SECONDS);
            Optional<List<String>> b = second.get(30, TimeUnit.SECONDS);
            assertThat(a.isPresent() ^ b.isPresent()).isTrue();
            List<String> winner = a.orElseGet(b::orElseThrow);
            assertThat(service.unused(accountId)).isEqualTo(10);
            for (String code : winner) {
                assertThat(service.verify(accountId, code, null)).isInstanceOf(RecoveryCodeService.Result.Verified.class);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void mfa07_wrongCodesAreCountedAndPauseEvenTheRightCode() {
        List<String> codes = newCodes();
        String wrong = "0000-0000-0000-0000";
        for (int i = 0; i < 5; i++) {
            assertThat(service.verify(accountId, wrong, "192.0.2.9")).isInstanceOf(RecoveryCodeService.Result.Rejected.class);
        }
        assertThat(service.verify(accountId, codes.get(0), "192.0.2.9"))
                .isInstanceOf(RecoveryCodeService.Result.Paused.class);
        assertThat(service.unused(accountId)).as("a paused attempt is not checked, so uses nothing").isEqualTo(10);
        assertThat(audit.recentFor(accountId, 20)).extracting(RecordedAuditEvent::detail)
                .contains("reason=wrong", "reason=paused");

        clock.advance(Duration.ofMinutes(2));
        assertThat(service.verify(accountId, codes.get(0), "192.0.2.9")).isEqualTo(new RecoveryCodeService.Result.Verified(9));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM attempt_counter WHERE scope = 'factor.recovery' AND subject = :s")
                .param("s", Long.toString(accountId)).query(Integer.class).single()).isZero();
    }

    @Test
    void inp01_malformedInputIsNeitherCheckedNorCounted() {
        newCodes();
        assertThat(service.verify(accountId, "hello", null)).isInstanceOf(RecoveryCodeService.Result.Malformed.class);
        assertThat(service.verify(accountId, "x".repeat(100_000), null)).isInstanceOf(RecoveryCodeService.Result.Malformed.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM attempt_counter WHERE scope = 'factor.recovery' AND subject = :s")
                .param("s", Long.toString(accountId)).query(Integer.class).single()).isZero();
    }

    @Test
    void followsTheFirstMethodUntilCodesExist() {
        assertThat(factor.followUpPath(accountId)).as("nothing to back up yet").isEmpty();

        app.enrolled.add(accountId);
        assertThat(mfa.enrolled(accountId, "fakeapp", "1")).isEqualTo("/account/security/factors/recovery/new");

        List<String> codes = newCodes();
        assertThat(factor.followUpPath(accountId)).isEmpty();
        assertThat(mfa.afterEnrolmentPath(accountId)).isEqualTo("/account/self-service?changed");
        assertThat(mfa.enabled(accountId)).isTrue();
        assertThat(mfa.defaultFactor(accountId)).map(EnrolledFactor::type).contains("fakeapp");

        for (String code : codes) {
            service.verify(accountId, code, null);
        }
        assertThat(factor.enrolled(accountId)).isEmpty();
        assertThat(factor.followUpPath(accountId)).as("none left").contains("/account/security/factors/recovery/new");
    }

    @Test
    void removingCodesOrDisablingMfaDeletesThem() {
        app.enrolled.add(accountId);
        mfa.enrolled(accountId, "fakeapp", "1");
        newCodes();

        assertThat(mfa.remove(accountId, "recovery", "set", accountId)).isTrue();
        assertThat(factor.enrolled(accountId)).isEmpty();
        assertThat(mfa.enabled(accountId)).isTrue();
        assertThat(factor.remove(accountId, "set")).isFalse();

        List<String> codes = newCodes();
        mfa.disable(accountId, accountId, "self-service");
        assertThat(service.unused(accountId)).isZero();
        assertThat(service.verify(accountId, codes.get(0), null)).isInstanceOf(RecoveryCodeService.Result.Rejected.class);
        assertThat(jdbc.sql("SELECT template FROM notification_queue WHERE account_id = :a ORDER BY id")
                .param("a", accountId).query(String.class).list())
                .contains("factor-enrolled", "factor-removed", "mfa-disabled");
    }

    @Test
    void describesItselfAsABackupNotAMethod() {
        assertThat(factor.type().id()).isEqualTo("recovery");
        assertThat(factor.type().amr()).isEqualTo("otp");
        assertThat(factor.type().authority()).isEqualTo("FACTOR_RECOVERY");
        assertThat(factor.selfEnrollable()).isFalse();
        assertThat(factor.type().phishingResistant()).isFalse();
        assertThat(factor.challengePath("set")).isEqualTo("/signin/factor/recovery");
        assertThat(factor.enrollPath()).isEqualTo("/account/security/factors/recovery/new");
        newCodes();
        assertThat(mfa.enabled(accountId)).as("codes alone do not turn MFA on").isFalse();
        assertThat(mfa.usable(accountId)).extracting(EnrolledFactor::type).contains("recovery");
    }
}
