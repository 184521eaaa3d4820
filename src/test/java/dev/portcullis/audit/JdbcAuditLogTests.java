package dev.portcullis.audit;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.portcullis.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log in the database, on H2 and PostgreSQL, fed by events and read back newest first. */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class JdbcAuditLogTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    record SomethingHappened(long accountId, String what) implements Audited {

        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("test.happened", accountId, accountId, 7L, "192.0.2.7", "what=" + what);
        }
    }

    @Autowired
    private AuditLog audit;

    @Autowired
    private ApplicationEventPublisher events;

    @Autowired
    private MutableClock clock;

    private long accountId;

    @BeforeEach
    void subject() {
        this.clock.reset();
        this.accountId = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) + 1_000_000L;
    }

    @Test
    void recordWhenEntryWrittenThenReadBackWithClockTime() {
        this.audit.record(new AuditEntry("test.recorded", null, this.accountId, 3L, "2001:db8::1", "reason=test"));

        var entries = this.audit.recentFor(this.accountId, 10);

        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("test.recorded");
            assertThat(e.actorAccountId()).isNull();
            assertThat(e.subjectAccountId()).isEqualTo(this.accountId);
            assertThat(e.organisationId()).isEqualTo(3L);
            assertThat(e.sourceIp()).isEqualTo("2001:db8::1");
            assertThat(e.detail()).isEqualTo("reason=test");
            assertThat(e.occurredAt()).isEqualTo(this.clock.instant());
        });
    }

    @Test
    void mon01_onWhenAuditedEventPublishedThenLineWrittenAndLogged(CapturedOutput output) {
        this.events.publishEvent(new SomethingHappened(this.accountId, "published"));

        assertThat(this.audit.recentFor(this.accountId, 10)).extracting(RecordedAuditEvent::detail).containsExactly("what=published");
        assertThat(output.getAll()).contains("audit type=test.happened").contains("detail=what=published");
    }

    @Test
    void recentForWhenSeveralThenNewestFirstAndLimited() {
        for (int i = 1; i <= 5; i++) {
            this.audit.record(new AuditEntry("test.numbered", null, this.accountId, null, null, "n=" + i));
            this.clock.advance(Duration.ofSeconds(1));
        }

        assertThat(this.audit.recentFor(this.accountId, 3)).extracting(RecordedAuditEvent::detail)
                .containsExactly("n=5", "n=4", "n=3");
        assertThat(this.audit.recentOfType("test.numbered", 2)).extracting(RecordedAuditEvent::detail)
                .containsExactly("n=5", "n=4");
    }

    @Test
    void inp04_recordWhenDetailHasLineBreaksThenLogLineCannotBeForged(CapturedOutput output) {
        this.audit.record(new AuditEntry("test.forgery", null, this.accountId, null, null,
                "ok\naudit type=account.created actor=1 subject=2"));

        assertThat(output.getAll().lines().filter(l -> l.contains("audit type=account.created actor=1 subject=2"))
                .allMatch(l -> l.contains("audit type=test.forgery"))).isTrue();
    }
}
