package dev.portcullis.mfa.totp;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.portcullis.mfa.MfaService;
import dev.portcullis.risk.AttemptRegulator;
import dev.portcullis.risk.ThrottleDecision;
import dev.portcullis.risk.ThrottleScope;
import dev.portcullis.shared.ServiceProperties;
import dev.portcullis.signin.SignedInAccount;

/**
 * Enrolling and checking authenticator apps.
 *
 * <p>Enrolment (TOTP-04): a new 160-bit seed is sealed into a pending row and shown once; the
 * app becomes active only when a code from it is typed, and then replaces any older app in the
 * same transaction. Verification: every attempt passes the per-account regulator first
 * (TOTP-03), accepts t−1..t+1 on server time (TOTP-01) and claims the step in the database so it
 * is accepted once anywhere (TOTP-02, FLT-05). The person sees a plain message; the audit log
 * gets the exact reason, never the code.
 */
@Service
class TotpService {

    /** RFC 4226 §4 R6 recommends 160 bits; SECURITY.md requires it. */
    static final int SEED_BYTES = 20;

    /** RFC 6238 §5.2: one step either side, for clock drift and typing time. */
    static final int WINDOW = 1;

    static final ThrottleScope SCOPE = ThrottleScope.factor(TotpFactor.ID);

    private final TotpStore store;
    private final TotpProperties properties;
    private final ServiceProperties service;
    private final MfaService mfa;
    private final AttemptRegulator regulator;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SecureRandom random;

    TotpService(TotpStore store, TotpProperties properties, ServiceProperties service, MfaService mfa,
                AttemptRegulator regulator, ApplicationEventPublisher events, TransactionTemplate transaction,
                Clock clock, SecureRandom random) {
        this.store = store;
        this.properties = properties;
        this.service = service;
        this.mfa = mfa;
        this.regulator = regulator;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
        this.random = random;
    }

    /** The name the app shows beside the code. */
    String issuer() {
        return properties.issuerOr(service.serviceName());
    }

    /** Whether the account has an active app to sign in with. */
    boolean hasApp(long accountId) {
        return !store.confirmedApps(accountId).isEmpty();
    }

    /** Minutes until guesses for the account may go on again; 0 when they may now. */
    long pausedMinutes(long accountId) {
        ThrottleDecision decision = regulator.check(SCOPE, Long.toString(accountId));
        return decision.allowed() ? 0 : decision.minutesLeft(clock.instant());
    }

    /**
     * Shows an enrolment: the pending app {@code pendingId} again if it is still the account's
     * and unexpired (a refresh, a wrong code, a step-up in between), else a new seed.
     */
    Enrolment begin(SignedInAccount account, Long pendingId, String sourceIp) {
        Instant now = clock.instant();
        if (pendingId != null) {
            Optional<TotpStore.SeededApp> pending = store.pending(pendingId, account.accountId(), now);
            if (pending.isPresent()) {
                return enrolment(account, pending.get().app().id(), pending.get().seed());
            }
        }
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        long id = store.insertPending(account.accountId(), seed, now);
        events.publishEvent(new TotpEvents.TotpEnrolmentStarted(account.accountId(), account.organisationId(), sourceIp));
        return enrolment(account, id, seed);
    }

    /**
     * Completes an enrolment with a well-formed code: on success the app is the account's only
     * app, the step is used, {@link MfaService#enrolled} has run, all in one transaction, and the
     * result carries the path to go to next.
     */
    Verification confirm(SignedInAccount account, long pendingId, String code, String sourceIp) {
        long accountId = account.accountId();
        String subject = Long.toString(accountId);
        ThrottleDecision decision = regulator.check(SCOPE, subject);
        if (!decision.allowed()) {
            refused(account, sourceIp, "paused", "enrolment");
            return Verification.paused(decision.minutesLeft(clock.instant()));
        }
        Instant now = clock.instant();
        Optional<TotpStore.SeededApp> pending = store.pending(pendingId, accountId, now);
        if (pending.isEmpty()) {
            refused(account, sourceIp, "enrolment expired", "enrolment");
            return Verification.EXPIRED;
        }
        byte[] seed = pending.get().seed();
        OptionalLong step;
        try {
            step = Totp.matchingStep(seed, code, now, WINDOW);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        if (step.isEmpty()) {
            return failure(account, sourceIp, "wrong code", "enrolment");
        }
        String next = transaction.execute(status -> {
            if (!store.confirm(pendingId, accountId, step.getAsLong(), now)) {
                return null;
            }
            return mfa.enrolled(accountId, TotpFactor.ID, Long.toString(pendingId));
        });
        if (next == null) {
            refused(account, sourceIp, "enrolment expired", "enrolment");
            return Verification.EXPIRED;
        }
        regulator.recordSuccess(SCOPE, subject);
        return Verification.verified(next);
    }

    /** Checks a well-formed code at sign-in or step-up. */
    Verification verify(SignedInAccount account, String code, String sourceIp) {
        long accountId = account.accountId();
        String subject = Long.toString(accountId);
        ThrottleDecision decision = regulator.check(SCOPE, subject);
        if (!decision.allowed()) {
            refused(account, sourceIp, "paused", "signin");
            return Verification.paused(decision.minutesLeft(clock.instant()));
        }
        Optional<TotpStore.SeededApp> app = store.confirmed(accountId);
        if (app.isEmpty()) {
            return Verification.NOT_ENROLLED;
        }
        Instant now = clock.instant();
        byte[] seed = app.get().seed();
        OptionalLong step;
        try {
            step = Totp.matchingStep(seed, code, now, WINDOW);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        if (step.isEmpty()) {
            return failure(account, sourceIp, "wrong code", "signin");
        }
        if (!store.claimStep(app.get().app().id(), step.getAsLong(), now)) {
            return failure(account, sourceIp, "code already used", "signin");
        }
        regulator.recordSuccess(SCOPE, subject);
        return Verification.verified(null);
    }

    /** Removes pending apps nobody confirmed in time. */
    int pruneExpiredPending() {
        return store.pruneExpiredPending(clock.instant());
    }

    private Verification failure(SignedInAccount account, String sourceIp, String reason, String during) {
        ThrottleDecision after = regulator.recordFailure(SCOPE, Long.toString(account.accountId()));
        refused(account, sourceIp, reason, during);
        return after.allowed() ? Verification.REJECTED : Verification.paused(after.minutesLeft(clock.instant()));
    }

    private void refused(SignedInAccount account, String sourceIp, String reason, String during) {
        events.publishEvent(new TotpEvents.TotpCodeRefused(account.accountId(), account.organisationId(), sourceIp,
                reason, during));
    }

    private Enrolment enrolment(SignedInAccount account, long pendingId, byte[] seed) {
        try {
            String key = Base32.encode(seed);
            String issuer = issuer();
            OtpAuthUri uri = OtpAuthUri.totp(issuer, account.email(), seed);
            String qr = QrCode.svg(uri.value(), "QR code for your authenticator app");
            return new Enrolment(pendingId, Base32.grouped(key), qr, issuer, account.email());
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** What the enrolment page shows, once: the key and QR code carry the seed, so toString() leaves them out. */
    record Enrolment(long pendingId, String groupedKey, String qrSvg, String issuer, String accountName) {
        @Override
        public String toString() {
            return "Enrolment[pendingId=" + pendingId + ", issuer=" + issuer + ", key=(redacted)]";
        }
    }

    enum Outcome { VERIFIED, REJECTED, PAUSED, EXPIRED, NOT_ENROLLED }

    /** The sealed result of checking a code: what happened, and what the page needs for it. */
    record Verification(Outcome outcome, long minutesLeft, String nextPath) {

        static final Verification REJECTED = new Verification(Outcome.REJECTED, 0, null);
        static final Verification EXPIRED = new Verification(Outcome.EXPIRED, 0, null);
        static final Verification NOT_ENROLLED = new Verification(Outcome.NOT_ENROLLED, 0, null);

        static Verification paused(long minutes) {
            return new Verification(Outcome.PAUSED, minutes, null);
        }

        static Verification verified(String nextPath) {
            return new Verification(Outcome.VERIFIED, 0, nextPath);
        }
    }
}
