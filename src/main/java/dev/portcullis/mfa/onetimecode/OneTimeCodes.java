package dev.portcullis.mfa.onetimecode;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.portcullis.messaging.InvalidPhoneNumberException;
import dev.portcullis.messaging.MessageDeliveryException;
import dev.portcullis.messaging.PhoneNumbers;
import dev.portcullis.risk.AttemptRegulator;
import dev.portcullis.risk.ThrottleDecision;
import dev.portcullis.risk.ThrottleScope;

/**
 * Issues, sends and checks 6-digit codes for the text message and phone call factors, which use
 * it by composition (SECURITY.md OOB-01..07, FLT-05).
 *
 * <ul>
 *   <li>A code is random (CSPRNG), stored only as a salted HMAC bound to its row, and bound to one
 *       account, one factor, one purpose and one session (OOB-01).</li>
 *   <li>It works for {@link OneTimeCodeProperties#validity()} after its stored issue time, for
 *       {@link OneTimeCodeProperties#maxAttempts()} tries, once; a new code kills the previous
 *       ones (OOB-03). Each try is taken in the database before the comparison, so parallel
 *       requests cannot compare more often, and the code is used by a conditional update, so
 *       exactly one of them succeeds (FLT-05).</li>
 *   <li>Wrong codes count in the factor's regulator scope per account, which neither a resend nor
 *       a correct password resets (OOB-02).</li>
 *   <li>Sends are limited per account, number, prefix, country, source and service, counted
 *       under one lock so that nodes cannot overshoot together (OOB-04, OOB-05).</li>
 *   <li>A gateway failure kills the code and nothing is retried: the person chooses (OOB-07).</li>
 * </ul>
 */
@Service
public class OneTimeCodes {

    static final String BINDING_ATTRIBUTE = "portcullis.onetimecode.binding";

    private static final Logger log = LoggerFactory.getLogger(OneTimeCodes.class);

    private final JdbcOneTimeCodeStore store;
    private final AttemptRegulator regulator;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecureRandom random;
    private final OneTimeCodeProperties properties;
    private final TransactionTemplate transaction;

    OneTimeCodes(JdbcOneTimeCodeStore store, AttemptRegulator regulator, ApplicationEventPublisher events, Clock clock,
                 SecureRandom random, OneTimeCodeProperties properties, PlatformTransactionManager transactions) {
        this.store = store;
        this.regulator = regulator;
        this.events = events;
        this.clock = clock;
        this.random = random;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
    }

    public OneTimeCodeProperties properties() {
        return properties;
    }

    /**
     * The random value that binds codes to this session (OOB-01), made on first use. It survives
     * the session id changes of sign-in and ends with the session.
     */
    public String sessionBinding(HttpSession session) {
        Object existing = session.getAttribute(BINDING_ATTRIBUTE);
        if (existing instanceof String value) {
            return value;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(BINDING_ATTRIBUTE, value);
        return value;
    }

    /**
     * Makes a new code for {@code destination} and hands it to {@code delivery}, unless guessing
     * is paused or a send limit is reached. The caller has already checked that a password step
     * or a full sign-in stands behind the request.
     */
    public SendResult send(CodeContext context, String destination, CodeDelivery delivery) {
        Instant now = clock.instant();
        ThrottleDecision guessing = regulator.check(scope(context), subject(context));
        if (!guessing.allowed()) {
            events.publishEvent(new OneTimeCodeEvents.CodeSendRefused(context, "paused"));
            return SendResult.paused(positive(Duration.between(now, guessing.pausedUntil())));
        }
        JdbcOneTimeCodeStore.Send send = new JdbcOneTimeCodeStore.Send(context.accountId(), context.factorType(),
                context.purpose(), destination, prefix(destination, properties.prefixDigits()), region(destination),
                SourceKeys.of(context.sourceIp()), now);
        String code = CodeHasher.newCode(random);
        Issue issued = transaction.execute(status -> {
            store.lockSends();
            for (SendLimit limit : SendLimit.values()) {
                if (limit == SendLimit.COUNTRY_DAY && properties.homeRegion().equals(send.region())) {
                    continue;
                }
                int max = limit.limit(properties);
                Instant since = now.minus(limit.window());
                if (store.countSends(limit, send, since) >= max) {
                    Instant nth = store.nthNewestSend(limit, send, since, max).orElse(now);
                    return new Issue(null, SendResult.limited(limit, limit.retryAfter(now, nth)));
                }
            }
            store.recordSend(send);
            store.supersede(context.accountId(), context.factorType(), context.purpose(), now);
            byte[] salt = CodeHasher.newSalt(random);
            long id = store.insert(context.accountId(), context.factorType(), context.purpose(), destination,
                    CodeHasher.bindingHash(context.sessionBinding()), salt, now);
            store.setHash(id, CodeHasher.hash(salt, id, context.accountId(), context.factorType(), context.purpose(), code));
            return new Issue(id, null);
        });
        if (issued.refused() != null) {
            events.publishEvent(new OneTimeCodeEvents.CodeSendRefused(context, issued.refused().limit().reason()));
            return issued.refused();
        }
        long codeId = issued.codeId();
        try {
            delivery.deliver(destination, code);
        } catch (RuntimeException e) {
            // OOB-07: the code dies with the failed attempt; a person decides whether to try again.
            store.end(codeId, CodeStatus.State.UNDELIVERED, clock.instant());
            boolean retryable = e instanceof MessageDeliveryException failure && failure.retryable();
            String problem = e instanceof MessageDeliveryException ? e.getMessage() : e.getClass().getSimpleName();
            events.publishEvent(new OneTimeCodeEvents.CodeUndelivered(context, codeId, retryable, problem));
            // only the class or the provider's own words: another exception's message might quote the text, code and all
            log.warn("A {} code to {} was not delivered: {}", context.factorType(), PhoneNumbers.masked(destination),
                    problem);
            return SendResult.undelivered();
        }
        events.publishEvent(new OneTimeCodeEvents.CodeSent(context, codeId, PhoneNumbers.masked(destination)));
        return SendResult.sent(destination, now.plus(properties.validity()));
    }

    /**
     * Checks a typed code against the newest code of this session, purpose and factor. Only a
     * verified result means possession is proven.
     */
    public CodeCheck verify(CodeContext context, String typed) {
        if (typed == null || typed.isBlank()) {
            return rejected(context, CodeCheck.of(CodeCheck.Outcome.MISSING), "missing", null, 0);
        }
        String code = CodeHasher.normalise(typed);
        if (code == null) {
            return rejected(context, CodeCheck.of(CodeCheck.Outcome.MALFORMED), "malformed", null, 0);
        }
        Instant now = clock.instant();
        ThrottleDecision guessing = regulator.check(scope(context), subject(context));
        if (!guessing.allowed()) {
            return rejected(context, new CodeCheck(CodeCheck.Outcome.PAUSED, null, 0,
                    positive(Duration.between(now, guessing.pausedUntil()))), "paused", null, 0);
        }
        Optional<JdbcOneTimeCodeStore.CodeRow> latest = store.latest(context.accountId(), context.factorType(),
                context.purpose(), CodeHasher.bindingHash(context.sessionBinding()));
        if (latest.isEmpty()) {
            return rejected(context, CodeCheck.of(CodeCheck.Outcome.NO_CODE), "no-code", null, 0);
        }
        JdbcOneTimeCodeStore.CodeRow row = latest.get();
        Instant cutoff = now.minus(properties.validity());
        if (row.state() != CodeStatus.State.LIVE) {
            return rejected(context, notLive(row.state()), row.state().dbValue(), row.id(), row.attempts());
        }
        if (properties.expired(row.issuedAt(), now)) {
            store.end(row.id(), CodeStatus.State.EXPIRED, now);
            return rejected(context, CodeCheck.of(CodeCheck.Outcome.EXPIRED), "expired", row.id(), row.attempts());
        }
        if (!store.takeAttempt(row.id(), properties.maxAttempts(), cutoff)) {
            // another request took the last try, used the code, or it expired a moment ago
            JdbcOneTimeCodeStore.CodeRow current = store.find(row.id()).orElse(row);
            boolean live = current.state() == CodeStatus.State.LIVE;
            CodeCheck result = !live ? notLive(current.state())
                    : current.attempts() >= properties.maxAttempts() ? CodeCheck.of(CodeCheck.Outcome.EXHAUSTED)
                    : CodeCheck.of(CodeCheck.Outcome.EXPIRED);
            return rejected(context, result, "no-try-left:" + current.state().dbValue(), row.id(), current.attempts());
        }
        if (CodeHasher.matches(row.codeHash(), row.salt(), row.id(), context.accountId(), context.factorType(),
                context.purpose(), code)) {
            if (store.end(row.id(), CodeStatus.State.USED, now)) {
                regulator.recordSuccess(scope(context), subject(context));
                events.publishEvent(new OneTimeCodeEvents.CodeVerified(context, row.id()));
                return new CodeCheck(CodeCheck.Outcome.VERIFIED, row.destination(), 0, null);
            }
            return rejected(context, CodeCheck.of(CodeCheck.Outcome.NO_CODE), "used-in-parallel", row.id(), 0);
        }
        ThrottleDecision after = regulator.recordFailure(scope(context), subject(context));
        int attempts = store.find(row.id()).map(JdbcOneTimeCodeStore.CodeRow::attempts).orElse(properties.maxAttempts());
        boolean exhausted = attempts >= properties.maxAttempts();
        if (exhausted) {
            store.end(row.id(), CodeStatus.State.EXHAUSTED, now);
        }
        CodeCheck result;
        if (!after.allowed()) {
            result = new CodeCheck(CodeCheck.Outcome.WRONG, null, 0, positive(Duration.between(now, after.pausedUntil())));
        } else if (exhausted) {
            result = CodeCheck.of(CodeCheck.Outcome.EXHAUSTED);
        } else {
            result = new CodeCheck(CodeCheck.Outcome.WRONG, null, properties.maxAttempts() - attempts, null);
        }
        return rejected(context, result, exhausted ? "wrong-last-try" : "wrong", row.id(), attempts);
    }

    /** The newest code of this session for the account, factor and purpose, if any. */
    public Optional<CodeStatus> latest(CodeContext context) {
        Instant now = clock.instant();
        return store.latest(context.accountId(), context.factorType(), context.purpose(),
                        CodeHasher.bindingHash(context.sessionBinding()))
                .map(row -> new CodeStatus(
                        row.state() == CodeStatus.State.LIVE && properties.expired(row.issuedAt(), now)
                                ? CodeStatus.State.EXPIRED : row.state(),
                        row.destination(), row.issuedAt(), row.issuedAt().plus(properties.validity())));
    }

    /** Kills every live code of the account for a factor: its number changed or went. */
    public void cancelAll(long accountId, String factorType) {
        store.cancelAll(accountId, factorType, clock.instant());
    }

    /** Whether wrong codes have paused this factor for the account, and for how long. */
    public Optional<Duration> paused(long accountId, String factorType) {
        ThrottleDecision decision = regulator.check(ThrottleScope.factor(factorType), Long.toString(accountId));
        return decision.allowed() ? Optional.empty()
                : Optional.of(positive(Duration.between(clock.instant(), decision.pausedUntil())));
    }

    int prune() {
        Instant now = clock.instant();
        return store.prune(now.minus(Duration.ofDays(1)), now.minus(Duration.ofDays(2)));
    }

    /** What the send transaction did: stored a code, or was refused by a limit. */
    private record Issue(Long codeId, SendResult refused) {
    }

    private CodeCheck rejected(CodeContext context, CodeCheck result, String reason, Long codeId, int attempts) {
        events.publishEvent(new OneTimeCodeEvents.CodeRejected(context, reason, codeId, attempts));
        return result;
    }

    private static CodeCheck notLive(CodeStatus.State state) {
        return switch (state) {
            case EXHAUSTED -> CodeCheck.of(CodeCheck.Outcome.EXHAUSTED);
            case EXPIRED -> CodeCheck.of(CodeCheck.Outcome.EXPIRED);
            default -> CodeCheck.of(CodeCheck.Outcome.NO_CODE);
        };
    }

    private static ThrottleScope scope(CodeContext context) {
        return ThrottleScope.factor(context.factorType());
    }

    private static String subject(CodeContext context) {
        return Long.toString(context.accountId());
    }

    private static Duration positive(Duration wait) {
        return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
    }

    /** The first digits of the E.164 number, country code included: the range pumping targets. */
    static String prefix(String e164, int length) {
        String digits = e164.startsWith("+") ? e164.substring(1) : e164;
        return digits.length() <= length ? digits : digits.substring(0, length);
    }

    private static String region(String e164) {
        try {
            String region = PhoneNumbers.parse(e164).regionCode();
            return region == null ? "ZZ" : region;
        } catch (InvalidPhoneNumberException e) {
            return "ZZ";
        }
    }
}
