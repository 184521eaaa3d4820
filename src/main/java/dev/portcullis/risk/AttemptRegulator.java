package dev.portcullis.risk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts failed attempts in the database, so that every node and every session sees the same
 * numbers, and pauses a subject after too many (RL-01..03). Updates are compare-and-set on a
 * version column: concurrent failures on several nodes are each counted. Any storage error
 * propagates, so an attempt whose counter cannot be read or written is refused (FLT-02).
 */
@Service
public class AttemptRegulator {

    private static final int MAX_RETRIES = 20;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ThrottleProperties properties;
    private final TransactionTemplate transactions;

    AttemptRegulator(JdbcClient jdbc, Clock clock, ThrottleProperties properties,
                     PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Whether an attempt may go ahead now. Asking does not count as an attempt. */
    public ThrottleDecision check(ThrottleScope scope, String subject) {
        Instant now = clock.instant();
        return read(scope, subject)
                .filter(row -> row.pausedUntil() > now.toEpochMilli())
                .map(row -> ThrottleDecision.pausedUntil(Instant.ofEpochMilli(row.pausedUntil())))
                .orElse(ThrottleDecision.ALLOWED);
    }

    /** Counts one failure and returns the decision for the next attempt. */
    public ThrottleDecision recordFailure(ThrottleScope scope, String subject) {
        return recordFailure(scope, subject, null);
    }

    /**
     * Counts one failure; when this failure starts a pause (the first pause of a run of
     * consecutive failures, not each renewal), runs {@code onPauseBegan} with the pause's end in the same transaction
     * as the counter's write, so that what it writes (e.g. a queued email: RL-02) exists exactly
     * when the pause does. Without a callback no transaction is opened, as before.
     */
    public ThrottleDecision recordFailure(ThrottleScope scope, String subject, Consumer<Instant> onPauseBegan) {
        ThrottleProperties.Limits limits = limits(scope);
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Instant now = clock.instant();
            long nowMillis = now.toEpochMilli();
            Optional<Row> current = read(scope, subject);
            if (current.isEmpty()) {
                Duration pause = limits.pauseAfter(1);
                long until = pause.isZero() ? 0 : nowMillis + pause.toMillis();
                boolean began = began(limits, 1, pause);
                try {
                    write(onPauseBegan != null && began, onPauseBegan, until, () -> jdbc.sql("""
                            INSERT INTO attempt_counter (scope, subject, failures, last_failure, paused_until, version)
                            VALUES (:scope, :subject, 1, :now, :until, 0)
                            """)
                            .param("scope", scope.name()).param("subject", subject)
                            .param("now", nowMillis).param("until", until)
                            .update());
                    return decision(until, nowMillis);
                } catch (DuplicateKeyException raced) {
                    continue; // in its own transaction, rolled back whole: the callback's writes went with it
                }
            }
            Row row = current.get();
            boolean forgotten = nowMillis - row.lastFailure() > limits.forgetAfter().toMillis();
            int failures = forgotten ? 1 : row.failures() + 1;
            Duration pause = limits.pauseAfter(failures);
            long until = pause.isZero() ? 0 : nowMillis + pause.toMillis();
            boolean began = began(limits, failures, pause);
            int updated = write(onPauseBegan != null && began, onPauseBegan, until, () -> jdbc.sql("""
                    UPDATE attempt_counter SET failures = :failures, last_failure = :now, paused_until = :until,
                           version = version + 1
                    WHERE scope = :scope AND subject = :subject AND version = :version
                    """)
                    .param("failures", failures).param("now", nowMillis).param("until", until)
                    .param("scope", scope.name()).param("subject", subject).param("version", row.version())
                    .update());
            if (updated == 1) {
                return decision(until, nowMillis);
            }
        }
        throw new IllegalStateException("attempt counter too contended: " + scope.name());
    }

    /** The failure that reaches the allowance starts the run's first pause; later ones only renew it. */
    private static boolean began(ThrottleProperties.Limits limits, int failures, Duration pause) {
        return failures == limits.freeFailures() && !pause.isZero();
    }

    /** Runs the write; with a callback, both in one transaction, the callback only if the write counted. */
    private int write(boolean withCallback, Consumer<Instant> onPauseBegan, long until, IntSupplier statement) {
        if (!withCallback) {
            return statement.getAsInt();
        }
        Integer updated = transactions.execute(status -> {
            int rows = statement.getAsInt();
            if (rows == 1) {
                onPauseBegan.accept(Instant.ofEpochMilli(until));
            }
            return rows;
        });
        return updated == null ? 0 : updated;
    }

    /** Clears the consecutive-failure count after a success in the same scope. */
    public void recordSuccess(ThrottleScope scope, String subject) {
        jdbc.sql("DELETE FROM attempt_counter WHERE scope = :scope AND subject = :subject")
                .param("scope", scope.name()).param("subject", subject)
                .update();
    }

    /** Ends a pause early, for an administrator's "unlock". */
    public void clear(ThrottleScope scope, String subject) {
        recordSuccess(scope, subject);
    }

    /** Removes counters whose failures are long forgotten. */
    public int prune(Duration olderThan) {
        long cutoff = clock.instant().minus(olderThan).toEpochMilli();
        return jdbc.sql("DELETE FROM attempt_counter WHERE last_failure < :cutoff AND paused_until < :cutoff")
                .param("cutoff", cutoff).update();
    }

    private ThrottleProperties.Limits limits(ThrottleScope scope) {
        return scope.perAccount() ? properties.account() : properties.source();
    }

    private static ThrottleDecision decision(long until, long now) {
        return until > now ? ThrottleDecision.pausedUntil(Instant.ofEpochMilli(until)) : ThrottleDecision.ALLOWED;
    }

    private Optional<Row> read(ThrottleScope scope, String subject) {
        return jdbc.sql("SELECT failures, last_failure, paused_until, version FROM attempt_counter WHERE scope = :scope AND subject = :subject")
                .param("scope", scope.name()).param("subject", subject)
                .query((rs, n) -> new Row(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .optional();
    }

    private record Row(int failures, long lastFailure, long pausedUntil, long version) {
    }
}
