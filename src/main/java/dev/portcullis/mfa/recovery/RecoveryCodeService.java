package dev.portcullis.mfa.recovery;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.portcullis.mfa.recovery.RecoveryCodeEvents.RecoveryCodeRefused;
import dev.portcullis.mfa.recovery.RecoveryCodeEvents.RecoveryCodeUsed;
import dev.portcullis.mfa.recovery.RecoveryCodeEvents.RecoveryCodesCreated;
import dev.portcullis.risk.AttemptRegulator;
import dev.portcullis.risk.ThrottleDecision;
import dev.portcullis.risk.ThrottleScope;

/**
 * Creating and using recovery codes (MFA-07). A new set replaces the old one in one transaction,
 * and only if the set has not moved on since the person saw the page (MFA-06). Using a code passes
 * the regulator first, compares hashes in constant time and claims the code with a conditional
 * update, so that parallel submissions of one code succeed exactly once (FLT-05).
 */
@Service
class RecoveryCodeService {

    /** Wrong codes are counted per account in their own scope: a correct password never resets it. */
    static final ThrottleScope SCOPE = ThrottleScope.factor("recovery");

    private static final Logger log = LoggerFactory.getLogger(RecoveryCodeService.class);

    private final JdbcRecoveryCodeStore store;
    private final RecoveryCodes codes;
    private final AttemptRegulator regulator;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;

    RecoveryCodeService(JdbcRecoveryCodeStore store, SecureRandom random, AttemptRegulator regulator,
                        ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactionManager) {
        this.store = store;
        this.codes = new RecoveryCodes(random);
        this.regulator = regulator;
        this.events = events;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** The outcome of checking a typed code. */
    sealed interface Result {

        /** Right, and now used; {@code remaining} unused codes are left. */
        record Verified(int remaining) implements Result {
        }

        /** Wrong or already used (counted). */
        record Rejected() implements Result {
        }

        /** Too many wrong codes: not checked. */
        record Paused(long minutes) implements Result {
        }

        /** Not in the shape of a code: not checked and not counted. */
        record Malformed() implements Result {
        }
    }

    /** The generation the next set must be based on; 0 before the first. */
    long generation(long accountId) {
        return store.set(accountId).map(JdbcRecoveryCodeStore.CodeSet::generation).orElse(0L);
    }

    int unused(long accountId) {
        return store.countUnused(accountId);
    }

    Optional<JdbcRecoveryCodeStore.Summary> summary(long accountId) {
        return store.summary(accountId).filter(s -> s.unused() > 0);
    }

    /**
     * Creates a new set, replacing any old one, if the set is still at {@code basedOn}. Returns the
     * codes to show once, or empty when the set has moved on (nothing changed).
     */
    Optional<List<String>> create(long accountId, long basedOn) {
        Instant now = clock.instant();
        store.ensureSet(accountId, now);
        return transactions.execute(status -> {
            if (!store.advance(accountId, basedOn, now)) {
                return Optional.<List<String>>empty();
            }
            boolean replaced = store.countUnused(accountId) > 0;
            store.deleteCodes(accountId);
            List<String> fresh = codes.newSet();
            store.insert(accountId, fresh.stream().map(code -> RecoveryCodes.hash(accountId, code)).toList(), now);
            events.publishEvent(new RecoveryCodesCreated(accountId, replaced));
            return Optional.of(fresh);
        });
    }

    /** Checks a typed code for the account and, when right, uses it up. */
    Result verify(long accountId, String typed, String sourceIp) {
        Optional<String> code = RecoveryCodes.normalise(typed);
        if (code.isEmpty()) {
            return new Result.Malformed();
        }
        String subject = Long.toString(accountId);
        ThrottleDecision decision = regulator.check(SCOPE, subject);
        if (!decision.allowed()) {
            events.publishEvent(new RecoveryCodeRefused(accountId, "paused", sourceIp));
            return new Result.Paused(decision.minutesLeft(clock.instant()));
        }
        String hash = RecoveryCodes.hash(accountId, code.get());
        JdbcRecoveryCodeStore.StoredCode match = null;
        for (JdbcRecoveryCodeStore.StoredCode stored : store.codes(accountId)) {
            // Every stored hash is compared, whatever matched earlier: the time taken says nothing.
            if (RecoveryCodes.sameHash(stored.hash(), hash) && match == null) {
                match = stored;
            }
        }
        if (match != null && match.usedAt() == null) {
            long id = match.id();
            Integer remaining = transactions.execute(status -> {
                if (!store.claim(accountId, id, clock.instant())) {
                    return null;
                }
                int left = store.countUnused(accountId);
                events.publishEvent(new RecoveryCodeUsed(accountId, left, sourceIp));
                return left;
            });
            if (remaining != null) {
                regulator.recordSuccess(SCOPE, subject);
                return new Result.Verified(remaining);
            }
        }
        String reason = match == null ? "wrong" : "used";
        log.info("recovery code refused for account {}: {}", accountId, reason);
        regulator.recordFailure(SCOPE, subject);
        events.publishEvent(new RecoveryCodeRefused(accountId, reason, sourceIp));
        return new Result.Rejected();
    }

    /** Removes every code of the account; true when there were unused ones. */
    boolean removeAll(long accountId) {
        return transactions.execute(status -> {
            boolean had = store.countUnused(accountId) > 0;
            store.deleteCodes(accountId);
            return had;
        });
    }
}
