package dev.portcullis.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.messaging.EmailGateway;
import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.mfa.FactorEvents;
import dev.portcullis.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable email queue on H2 and PostgreSQL: queued in the caller's transaction, sent once,
 * retried with backoff until sent, never sent twice by racing senders, kept across a sender that
 * died mid-send, and with every value escaped in the HTML part.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "portcullis.notification.sending=false",
        "portcullis.base-url=https://portal.example.nhs.uk"})
class JdbcNotificationQueueTests {

    /** A gateway that records what it was given and can be told to fail. */
    static final class RecordingEmailGateway implements EmailGateway {

        record Sent(String to, String subject, String text, String html) {
        }

        final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public void sendEmail(String to, String subject, String textBody, String htmlBody) {
            if (failing.get()) {
                throw MessageDeliveryException.retryable("stub: HTTP 503", null);
            }
            sent.add(new Sent(to, subject, textBody, htmlBody));
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }

        @Bean
        @Primary
        RecordingEmailGateway recordingEmailGateway() {
            return new RecordingEmailGateway();
        }
    }

    @Autowired
    private Notifications notifications;

    @Autowired
    private NotificationSender sender;

    @Autowired
    private JdbcNotificationQueue queue;

    @Autowired
    private RecordingEmailGateway gateway;

    @Autowired
    private MutableClock clock;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private ApplicationEventPublisher events;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private PlatformTransactionManager transactionManager;

    private long accountId;
    private String email;

    @BeforeEach
    void fresh() {
        clock.reset();
        gateway.failing.set(false);
        // Earlier tests' rows are sent or parked in the future, so each test sees only its own.
        jdbc.sql("UPDATE notification_queue SET next_attempt_at = NULL, gave_up_at = :now WHERE next_attempt_at IS NOT NULL")
                .param("now", java.sql.Timestamp.from(clock.instant())).update();
        gateway.sent.clear();
        accountId = account("Nina Queue");
    }

    private long account(String displayName) {
        long organisationId = organisations.findOrCreate("NQ1", "Queue Surgery").id();
        email = "queue-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        return accounts.create(new NewAccount(email, displayName, organisationId, Role.USER,
                "a-long-password".toCharArray()), "test", null).id();
    }

    private long queueEnrolled(String method) {
        return notifications.queue(accountId, "factor-enrolled", Map.of("method", method, "when", "today", "first", true));
    }

    private QueuedNotification row(long id) {
        return queue.find(id).orElseThrow();
    }

    @Test
    void mon01_queuedEmailIsRenderedForTheAccountHolder() {
        long id = queueEnrolled("Authenticator app");

        QueuedNotification row = row(id);
        assertThat(row.recipient()).isEqualTo(email);
        assertThat(row.subject()).isEqualTo("Portcullis: a new sign-in method was added to your account");
        assertThat(row.textBody()).startsWith("Hello Nina Queue,").contains("Method: Authenticator app")
                .contains("MFA is now turned on").contains("If this wasn't you, contact your local administrator straight away.")
                .doesNotContain("Subject:").doesNotContain("[[").doesNotContain("\n\n\n");
        assertThat(row.htmlBody()).contains("<p>Hello <span>Nina Queue</span>,</p>").doesNotContain("<img");
        assertThat(row.attempts()).isZero();
        assertThat(row.sentAt()).isNull();
        assertThat(row.nextAttemptAt()).isEqualTo(clock.instant());
    }

    @Test
    void rec03_linksUseTheConfiguredBaseUrl() {
        QueuedNotification row = row(queueEnrolled("Authenticator app"));

        assertThat(row.textBody()).contains("https://portal.example.nhs.uk/account/self-service");
        assertThat(row.htmlBody()).contains("href=\"https://portal.example.nhs.uk/account/self-service\"");
    }

    @Test
    void inp04_valuesAreEscapedInTheHtmlPart() {
        accountId = account("<script>alert(1)</script> O'Neil & Co");
        long id = notifications.queue(accountId, "factor-enrolled",
                Map.of("method", "<img src=x onerror=alert(2)>", "when", "today", "first", false));

        QueuedNotification row = row(id);
        assertThat(row.htmlBody()).contains("&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Neil &amp; Co")
                .contains("&lt;img src=x onerror=alert(2)&gt;")
                .doesNotContain("<script").doesNotContain("<img");
        assertThat(row.subject()).doesNotContain("\n").doesNotContain("\r");
        assertThat(row.htmlBody()).doesNotContain("MFA is now turned on");
    }

    @Test
    void flt01_queuedInTheCallersTransactionAndRolledBackWithIt() {
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        Long rolledBack = transaction.execute(status -> {
            long id = queueEnrolled("Rolled back");
            status.setRollbackOnly();
            return id;
        });
        Long committed = transaction.execute(status -> queueEnrolled("Committed"));

        assertThat(queue.find(rolledBack)).isEmpty();
        assertThat(queue.find(committed)).isPresent();
        sender.sendDue();
        assertThat(gateway.sent).extracting(RecordingEmailGateway.Sent::text)
                .anyMatch(t -> t.contains("Method: Committed"))
                .noneMatch(t -> t.contains("Method: Rolled back"));
    }

    @Test
    void mon01_factorChangesQueueAnEmailInTheirTransaction() {
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        transaction.executeWithoutResult(status -> {
            events.publishEvent(new FactorEvents.FactorEnrolled(accountId, "nosuchfactor", "1", true));
            status.setRollbackOnly();
        });
        assertThat(templates()).isEmpty();

        transaction.executeWithoutResult(status -> {
            events.publishEvent(new FactorEvents.FactorEnrolled(accountId, "nosuchfactor", "1", true));
            events.publishEvent(new FactorEvents.FactorRemoved(accountId, "nosuchfactor", "1", 999_999L));
            events.publishEvent(new FactorEvents.MfaDisabled(accountId, accountId, "self-service"));
        });
        assertThat(templates()).containsExactly("factor-enrolled", "factor-removed", "mfa-disabled");

        sender.sendDue();
        Map<String, RecordingEmailGateway.Sent> bySubject = gateway.sent.stream()
                .collect(Collectors.toMap(RecordingEmailGateway.Sent::subject, Function.identity()));
        assertThat(bySubject).containsOnlyKeys("Portcullis: a new sign-in method was added to your account",
                "Portcullis: a sign-in method was removed from your account",
                "Portcullis: MFA was turned off for your account");
        assertThat(bySubject.get("Portcullis: a sign-in method was removed from your account").text())
                .contains("by an administrator").contains("Method: A sign-in method").contains("(UK time)");
        assertThat(bySubject.get("Portcullis: MFA was turned off for your account").text())
                .doesNotContain("by an administrator");
        assertThat(gateway.sent).allSatisfy(sent -> {
            assertThat(sent.to()).isEqualTo(email);
            assertThat(sent.text()).contains("If this wasn't you, contact your local administrator straight away.");
            assertThat(sent.html()).contains("If this wasn't you, contact your local administrator straight away.");
        });
    }

    private List<String> templates() {
        return jdbc.sql("SELECT template FROM notification_queue WHERE account_id = :a ORDER BY id")
                .param("a", accountId).query(String.class).list();
    }

    @Test
    void mon01_sentOnceAndThenLeftAlone() {
        long id = queueEnrolled("Once");

        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(sender.sendDue()).isZero();
        clock.advance(Duration.ofDays(5));
        assertThat(sender.sendDue()).isZero();

        assertThat(gateway.sent).hasSize(1);
        QueuedNotification row = row(id);
        assertThat(row.sentAt()).isNotNull();
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.nextAttemptAt()).isNull();
        assertThat(row.claimedUntil()).isNull();
        assertThat(row.textBody()).as("emptied once sent: some emails carry a one-time link").isEmpty();
        assertThat(row.htmlBody()).isNull();
        assertThat(row.subject()).isEqualTo("Portcullis: a new sign-in method was added to your account");
    }

    @Test
    void sentRowsAreForgottenAfterTheRetentionButUnsentOnesStay() {
        long sent = queueEnrolled("Old");
        sender.sendDue();
        gateway.failing.set(true);
        long failing = queueEnrolled("Still failing");
        sender.sendDue();

        clock.advance(Duration.ofDays(29));
        sender.prune();
        assertThat(queue.find(sent)).isPresent();
        clock.advance(Duration.ofDays(2));
        sender.prune();
        assertThat(queue.find(sent)).isEmpty();
        assertThat(queue.find(failing)).isPresent().get().extracting(QueuedNotification::gaveUpAt).isNull();
    }

    @Test
    void mon01_failedSendIsRetriedWithBackoffUntilSent() {
        long id = queueEnrolled("Retry");
        gateway.failing.set(true);
        Instant queuedAt = clock.instant();

        sender.sendDue();
        QueuedNotification first = row(id);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.sentAt()).isNull();
        assertThat(first.lastError()).isEqualTo("retryable: stub: HTTP 503");
        assertThat(first.nextAttemptAt()).isEqualTo(queuedAt.plusSeconds(30));

        clock.advance(Duration.ofSeconds(29));
        sender.sendDue();
        assertThat(row(id).attempts()).as("not due yet").isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        sender.sendDue();
        assertThat(row(id).attempts()).isEqualTo(2);
        assertThat(row(id).nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(60));

        clock.advance(Duration.ofSeconds(60));
        sender.sendDue();
        assertThat(row(id).nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(120));

        gateway.failing.set(false);
        clock.advance(Duration.ofSeconds(120));
        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(gateway.sent).hasSize(1);
        assertThat(row(id).sentAt()).isEqualTo(clock.instant());
        assertThat(row(id).attempts()).isEqualTo(4);
    }

    @Test
    void mon01_retryWaitsAtMostADayAndGivesUpAfterThreeDays() {
        long id = queueEnrolled("Never");
        gateway.failing.set(true);
        Instant queuedAt = clock.instant();

        int rounds = 0;
        while (row(id).nextAttemptAt() != null && rounds++ < 100) {
            QueuedNotification before = row(id);
            clock.set(before.nextAttemptAt());
            sender.sendDue();
            QueuedNotification after = row(id);
            if (after.nextAttemptAt() != null) {
                assertThat(Duration.between(clock.instant(), after.nextAttemptAt())).isLessThanOrEqualTo(Duration.ofHours(24));
            }
        }
        QueuedNotification row = row(id);
        assertThat(row.gaveUpAt()).isNotNull();
        assertThat(row.sentAt()).isNull();
        assertThat(Duration.between(queuedAt, row.gaveUpAt())).isGreaterThanOrEqualTo(Duration.ofDays(3))
                .isLessThan(Duration.ofDays(4));
        assertThat(row.attempts()).isBetween(10, 20);

        gateway.failing.set(false);
        clock.advance(Duration.ofDays(1));
        sender.sendDue();
        assertThat(gateway.sent).isEmpty();
    }

    @Test
    void flt04_aSenderThatDiedMidSendLeavesTheEmailToAnother() {
        long id = queueEnrolled("Crash");
        Instant now = clock.instant();
        // A node claimed it and then died before sending or recording anything.
        assertThat(queue.claim(id, "dead-node", now, now.plus(Duration.ofMinutes(2)))).isTrue();

        assertThat(sender.sendDue()).as("still leased to the dead node").isZero();
        clock.advance(Duration.ofMinutes(2).plusMillis(1));
        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(gateway.sent).hasSize(1);
        assertThat(queue.markSent(id, "dead-node", clock.instant())).as("the dead node's token no longer counts").isFalse();
    }

    @Test
    void flt05_twoSendersRacingSendEachEmailExactlyOnce() throws Exception {
        int count = 40;
        for (int i = 0; i < count; i++) {
            queueEnrolled("Race " + i + ".");
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> senders = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                senders.add(pool.submit(() -> {
                    start.await();
                    int sent = 0;
                    for (int round = 0; round < 3; round++) {
                        sent += sender.sendDue();
                    }
                    return sent;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> s : senders) {
                total += s.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(count);
        } finally {
            pool.shutdownNow();
        }
        List<String> methods = gateway.sent.stream()
                .map(s -> s.text().lines().filter(l -> l.startsWith("Method: ")).findFirst().orElseThrow())
                .toList();
        assertThat(methods).hasSize(count).doesNotHaveDuplicates();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notification_queue WHERE account_id = :a AND sent_at IS NULL")
                .param("a", accountId).query(Integer.class).single()).isZero();
    }

    @Test
    void unknownAccountsAndTemplateNamesAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> notifications.queue(Long.MAX_VALUE, "factor-enrolled", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> notifications.queue(accountId, "../signin/signin", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
