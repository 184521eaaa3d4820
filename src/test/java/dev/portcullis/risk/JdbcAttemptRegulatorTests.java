package dev.portcullis.risk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.PortcullisApplication;
import dev.portcullis.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attempt counters in the database, on H2 and PostgreSQL: the pause starts at the fifth
 * consecutive failure, doubles, stops growing at 30 minutes and ends when time passes it; the
 * counters are shared by threads, sessions and nodes (RL-02, RL-03).
 */
@SpringBootTest
class JdbcAttemptRegulatorTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @Autowired
    private AttemptRegulator regulator;

    @Autowired
    private MutableClock clock;

    @Autowired
    private JdbcClient jdbc;

    private String subject;

    @BeforeEach
    void freshSubject() {
        this.clock.reset();
        this.subject = "subject-" + UUID.randomUUID();
    }

    @Test
    void checkWhenNoFailuresThenAllowed() {
        assertThat(this.regulator.check(ThrottleScope.PASSWORD, this.subject).allowed()).isTrue();
    }

    @Test
    void recordFailureWhenFewerThanFiveThenNoPause() {
        for (int i = 1; i <= 4; i++) {
            assertThat(this.regulator.recordFailure(ThrottleScope.PASSWORD, this.subject).allowed())
                    .as("after failure %d", i).isTrue();
        }
        assertThat(this.regulator.check(ThrottleScope.PASSWORD, this.subject).allowed()).isTrue();
        assertThat(failures(ThrottleScope.PASSWORD, this.subject)).isEqualTo(4);
    }

    @Test
    void recordFailureWhenFifthThenPausedForOneMinute() {
        failTimes(ThrottleScope.PASSWORD, this.subject, 4);
        Instant now = this.clock.instant();

        ThrottleDecision decision = this.regulator.recordFailure(ThrottleScope.PASSWORD, this.subject);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.pausedUntil()).isEqualTo(now.plus(Duration.ofMinutes(1)));
        assertThat(decision.minutesLeft(now)).isEqualTo(1);
        ThrottleDecision checked = this.regulator.check(ThrottleScope.PASSWORD, this.subject);
        assertThat(checked.allowed()).isFalse();
        assertThat(checked.pausedUntil()).isEqualTo(decision.pausedUntil());
    }

    @Test
    void rl02_recordFailureWhenPausesRepeatThenEachDoublesUpToThirtyMinutes() {
        failTimes(ThrottleScope.PASSWORD, this.subject, 4);
        List<Duration> pauses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Instant now = this.clock.instant();
            ThrottleDecision decision = this.regulator.recordFailure(ThrottleScope.PASSWORD, this.subject);
            Duration pause = Duration.between(now, decision.pausedUntil());
            pauses.add(pause);
            this.clock.advance(pause.plusSeconds(1));
        }
        assertThat(pauses).extracting(Duration::toMinutes).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void rl02_pauseIsCappedSoVictimGetsBackIn() {
        // An attacker with many addresses keeps failing against one victim's account.
        Instant lastUntil = null;
        for (int i = 0; i < 200; i++) {
            lastUntil = this.regulator.recordFailure(ThrottleScope.PASSWORD, this.subject).pausedUntil();
        }
        assertThat(Duration.between(this.clock.instant(), lastUntil)).isLessThanOrEqualTo(Duration.ofMinutes(30));

        this.clock.advance(Duration.ofMinutes(30).plusSeconds(1));

        assertThat(this.regulator.check(ThrottleScope.PASSWORD, this.subject).allowed()).isTrue();
    }

    @Test
    void checkWhenClockPassesPauseThenAllowedAgain() {
        failTimes(ThrottleScope.PASSWORD, this.subject, 5);
        this.clock.advance(Duration.ofSeconds(59));
        assertThat(this.regulator.check(ThrottleScope.PASSWORD, this.subject).allowed()).isFalse();
        assertThat(this.regulator.check(ThrottleScope.PASSWORD, this.subject).minutesLeft(this.clock.instant())).isEqualTo(1);

        this.clock.advance(Duration.ofSeconds(1));

        assertThat(this.regulator.check(ThrottleScope.PASSWORD, this.subject).allowed()).isTrue();
    }

    @Test
    void checkWhenAskedRepeatedlyThenAskingIsNotCounted() {
        failTimes(ThrottleScope.PASSWORD, this.subject, 4);
        for (int i = 0; i < 10; i++) {
            this.regulator.check(ThrottleScope.PASSWORD, this.subject);
        }
        assertThat(failures(ThrottleScope.PASSWORD, this.subject)).isEqualTo(4);
    }

    @Test
    void recordSuccessWhenFailuresCountedThenCountStartsAgain() {
        failTimes(ThrottleScope.PASSWORD, this.subject, 4);

        this.regulator.recordSuccess(ThrottleScope.PASSWORD, this.subject);

        assertThat(failures(ThrottleScope.PASSWORD, this.subject)).isZero();
        failTimes(ThrottleScope.PASSWORD, this.subject, 4);
        assertThat(this.regulator.check(ThrottleScope.PASSWORD, this.subject).allowed()).isTrue();
    }

    @Test
    void clearWhenPausedThenAllowedAtOnce() {
        failTimes(ThrottleScope.PASSWORD, this.subject, 7);
        assertThat(this.regulator.check(ThrottleScope.PASSWORD, this.subject).allowed()).isFalse();

        this.regulator.clear(ThrottleScope.PASSWORD, this.subject);

        assertThat(this.regulator.check(ThrottleScope.PASSWORD, this.subject).allowed()).isTrue();
    }

    @Test
    void recordFailureWhenLastFailureOlderThanForgetAfterThenCountStartsAgain() {
        failTimes(ThrottleScope.PASSWORD, this.subject, 4);
        this.clock.advance(Duration.ofHours(24).plusSeconds(1));

        assertThat(this.regulator.recordFailure(ThrottleScope.PASSWORD, this.subject).allowed()).isTrue();

        assertThat(failures(ThrottleScope.PASSWORD, this.subject)).isEqualTo(1);
        failTimes(ThrottleScope.PASSWORD, this.subject, 3);
        assertThat(this.regulator.check(ThrottleScope.PASSWORD, this.subject).allowed()).isTrue();
        assertThat(this.regulator.recordFailure(ThrottleScope.PASSWORD, this.subject).allowed()).isFalse();
    }

    @Test
    void recordFailureWhenWithinForgetAfterThenStillCounted() {
        failTimes(ThrottleScope.PASSWORD, this.subject, 4);
        this.clock.advance(Duration.ofHours(23));

        assertThat(this.regulator.recordFailure(ThrottleScope.PASSWORD, this.subject).allowed()).isFalse();
    }

    @Test
    void rl01_recordFailureWhenSourceScopeThenHundredFreeFailures() {
        failTimes(ThrottleScope.SOURCE, this.subject, 99);
        assertThat(this.regulator.check(ThrottleScope.SOURCE, this.subject).allowed()).isTrue();

        assertThat(this.regulator.recordFailure(ThrottleScope.SOURCE, this.subject).allowed()).isFalse();
    }

    @Test
    void rl03_recordFailureWhenOtherScopeOrSubjectThenCountedApart() {
        failTimes(ThrottleScope.PASSWORD, this.subject, 5);

        assertThat(this.regulator.check(ThrottleScope.factor("totp"), this.subject).allowed()).isTrue();
        assertThat(this.regulator.check(ThrottleScope.PASSWORD, this.subject + "-other").allowed()).isTrue();
        assertThat(this.regulator.check(ThrottleScope.SOURCE, this.subject).allowed()).isTrue();
    }

    @Test
    void rl03_secondFactorCounterNotResetByPasswordSuccess() {
        ThrottleScope totp = ThrottleScope.factor("totp");
        failTimes(totp, this.subject, 4);

        this.regulator.recordSuccess(ThrottleScope.PASSWORD, this.subject);

        assertThat(failures(totp, this.subject)).isEqualTo(4);
    }

    @Test
    void pruneWhenCountersLongForgottenThenRemoved() {
        failTimes(ThrottleScope.PASSWORD, this.subject, 2);
        String recent = this.subject + "-recent";
        this.clock.advance(Duration.ofDays(3));
        failTimes(ThrottleScope.PASSWORD, recent, 1);

        this.regulator.prune(Duration.ofDays(2));

        assertThat(failures(ThrottleScope.PASSWORD, this.subject)).isZero();
        assertThat(failures(ThrottleScope.PASSWORD, recent)).isEqualTo(1);
    }

    @Test
    void flt05_rl03_concurrentFailuresFromEightThreadsAreAllCounted() throws Exception {
        int threads = 8;
        int perThread = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        this.regulator.recordFailure(ThrottleScope.PASSWORD, this.subject);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures(ThrottleScope.PASSWORD, this.subject)).isEqualTo(threads * perThread);
        assertThat(this.regulator.check(ThrottleScope.PASSWORD, this.subject).allowed()).isFalse();
    }

    @Test
    void rl03_twoNodesOnOneDatabaseShareCounters() {
        String database = "t_nodes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        MutableClock shared = new MutableClock();
        try (ConfigurableApplicationContext nodeA = startNode(database, shared);
             ConfigurableApplicationContext nodeB = startNode(database, shared)) {
            AttemptRegulator a = nodeA.getBean(AttemptRegulator.class);
            AttemptRegulator b = nodeB.getBean(AttemptRegulator.class);

            a.recordFailure(ThrottleScope.PASSWORD, this.subject);
            b.recordFailure(ThrottleScope.PASSWORD, this.subject);
            a.recordFailure(ThrottleScope.PASSWORD, this.subject);
            b.recordFailure(ThrottleScope.PASSWORD, this.subject);
            assertThat(a.check(ThrottleScope.PASSWORD, this.subject).allowed()).isTrue();

            ThrottleDecision fifth = b.recordFailure(ThrottleScope.PASSWORD, this.subject);

            assertThat(fifth.allowed()).isFalse();
            assertThat(a.check(ThrottleScope.PASSWORD, this.subject).allowed()).as("node A sees node B's pause").isFalse();
            assertThat(a.check(ThrottleScope.PASSWORD, this.subject).pausedUntil()).isEqualTo(fifth.pausedUntil());

            a.recordSuccess(ThrottleScope.PASSWORD, this.subject);
            assertThat(b.check(ThrottleScope.PASSWORD, this.subject).allowed()).as("node B sees node A's success").isTrue();
        }
    }

    @Test
    void flt04_rl03_countersSurviveARestart() {
        String database = "t_restart_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        MutableClock shared = new MutableClock();
        try (ConfigurableApplicationContext before = startNode(database, shared)) {
            failTimes(before.getBean(AttemptRegulator.class), ThrottleScope.PASSWORD, this.subject, 5);
        }
        try (ConfigurableApplicationContext after = startNode(database, shared)) {
            assertThat(after.getBean(AttemptRegulator.class).check(ThrottleScope.PASSWORD, this.subject).allowed()).isFalse();
        }
    }

    /** Another Portcullis node: a whole application, on its own port, on the named database, with the given clock. */
    static ConfigurableApplicationContext startNode(String database, Clock clock) {
        return new SpringApplicationBuilder(PortcullisApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean("nodeClock", Clock.class,
                        () -> clock, definition -> definition.setPrimary(true)))
                .run("--portcullis.test.database-name=" + database, "--server.port=0");
    }

    private void failTimes(ThrottleScope scope, String subject, int times) {
        failTimes(this.regulator, scope, subject, times);
    }

    private static void failTimes(AttemptRegulator regulator, ThrottleScope scope, String subject, int times) {
        for (int i = 0; i < times; i++) {
            regulator.recordFailure(scope, subject);
        }
    }

    private int failures(ThrottleScope scope, String subject) {
        return this.jdbc.sql("SELECT failures FROM attempt_counter WHERE scope = :scope AND subject = :subject")
                .param("scope", scope.name()).param("subject", subject)
                .query(Integer.class).optional().orElse(0);
    }
}
