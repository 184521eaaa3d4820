package dev.portcullis.monitoring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountAdministration;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.AccountStatus;
import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.monitoring.signals.Place;
import dev.portcullis.notification.Notifications;
import dev.portcullis.shared.ServiceProperties;
import dev.portcullis.signin.AccountSessions;
import dev.portcullis.shared.PlainTime;

/**
 * "This wasn't me": the email after a sign-in from a new device or place, with a single-use,
 * expiring link (only its hash is stored), and what reporting does — locks the account, ends all
 * its sessions, tells the organisation's local administrators and marks the attempt. The holder
 * gets back in through the forgotten-password route, which lifts the lock.
 */
@Service
class NotMe {

    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final JdbcClient jdbc;
    private final SignInAttempts attempts;
    private final Notifications notifications;
    private final AccountService accounts;
    private final AccountAdministration administration;
    private final AccountSessions sessions;
    private final ServiceProperties service;
    private final MonitoringProperties properties;
    private final MonitoringMetrics metrics;
    private final ApplicationEventPublisher events;
    private final SecureRandom random;
    private final Clock clock;

    NotMe(JdbcClient jdbc, SignInAttempts attempts, Notifications notifications, AccountService accounts,
          AccountAdministration administration, AccountSessions sessions, ServiceProperties service,
          MonitoringProperties properties, MonitoringMetrics metrics, ApplicationEventPublisher events,
          SecureRandom random, Clock clock) {
        this.jdbc = jdbc;
        this.attempts = attempts;
        this.notifications = notifications;
        this.accounts = accounts;
        this.administration = administration;
        this.sessions = sessions;
        this.service = service;
        this.properties = properties;
        this.metrics = metrics;
        this.events = events;
        this.random = random;
        this.clock = clock;
    }

    /** Emails the account holder about a sign-in from a new device or place, with a "This wasn't me" link. */
    @Transactional
    void tellHolder(long accountId, long attemptId) {
        AttemptRecord attempt = attempts.find(attemptId).orElseThrow();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO not_me_token (token_hash, attempt_id, account_id, created_at, expires_at)
                VALUES (:hash, :attempt, :account, :now, :expires)
                """)
                .param("hash", hash(token)).param("attempt", attemptId).param("account", accountId)
                .param("now", Timestamp.from(now)).param("expires", Timestamp.from(now.plus(properties.notMeValidity())))
                .update();
        notifications.queue(accountId, "sign-in-new-device", Map.of(
                "when", when(attempt.at()),
                "device", UserAgents.describe(attempt.userAgent()),
                "place", placeName(attempt.place()),
                "address", attempt.sourceIp() == null ? "unknown" : attempt.sourceIp(),
                "notMeLink", service.link("/signin/not-me/" + token),
                "resetLink", service.link("/signin/reset")));
        metrics.message("new-device");
    }

    record Pending(long attemptId, long accountId, AttemptRecord attempt) {
    }

    /** The attempt a link reports, while the link is unused and unexpired. */
    Optional<Pending> byToken(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT attempt_id, account_id FROM not_me_token
                WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now
                """).param("hash", hash(token)).param("now", Timestamp.from(clock.instant()))
                .query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }).optional()
                .flatMap(ids -> attempts.find(ids[0]).map(a -> new Pending(ids[0], ids[1], a)));
    }

    /** Reports through an email link; false when the link is not (or no longer) valid. */
    @Transactional
    boolean reportByToken(String token) {
        Optional<Pending> pending = byToken(token);
        if (pending.isEmpty()) {
            return false;
        }
        int used = jdbc.sql("UPDATE not_me_token SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL")
                .param("now", Timestamp.from(clock.instant())).param("hash", hash(token)).update();
        if (used != 1) {
            return false; // used by a concurrent request
        }
        report(pending.get().accountId(), pending.get().attemptId(), "email link");
        return true;
    }

    /**
     * Reports a sign-in as not the holder's: locks the account, ends all its sessions, tells the
     * local administrators, marks the attempt. Safe to repeat.
     */
    @Transactional
    void report(long accountId, long attemptId, String via) {
        AttemptRecord attempt = attempts.find(attemptId)
                .filter(a -> a.accountId() != null && a.accountId() == accountId)
                .orElseThrow(() -> new IllegalArgumentException("no such sign-in for this account"));
        Account account = accounts.findById(accountId).orElseThrow();
        boolean first = attempts.report(attemptId, clock.instant());
        jdbc.sql("UPDATE not_me_token SET used_at = :now WHERE attempt_id = :id AND used_at IS NULL")
                .param("now", Timestamp.from(clock.instant())).param("id", attemptId).update();
        if (account.status() == AccountStatus.ACTIVE) {
            administration.setStatus(accountId, AccountStatus.LOCKED, accountId, "sign-in reported as not theirs");
        }
        sessions.endAll(accountId);
        events.publishEvent(new SignInReported(accountId, account.organisationId(), attemptId, via));
        if (!first) {
            return;
        }
        Map<String, Object> details = Map.of(
                "holderName", account.displayName(),
                "holderEmail", account.email(),
                "when", when(attempt.at()),
                "device", UserAgents.describe(attempt.userAgent()),
                "place", placeName(attempt.place()),
                "address", attempt.sourceIp() == null ? "unknown" : attempt.sourceIp(),
                "signInsLink", service.link("/admin/sign-ins?account=" + java.net.URLEncoder.encode(account.email(), StandardCharsets.UTF_8)));
        for (long admin : administrators(account.organisationId())) {
            notifications.queue(admin, "sign-in-reported", details);
            metrics.message("reported-to-administrator");
        }
    }

    /** The organisation's active local administrators; the global ones when it has none. */
    private List<Long> administrators(long organisationId) {
        List<Long> local = jdbc.sql("SELECT id FROM account WHERE organisation_id = :org AND role = 'local_admin' AND status = 'active'")
                .param("org", organisationId).query(Long.class).list();
        return !local.isEmpty() ? local
                : jdbc.sql("SELECT id FROM account WHERE role = 'global_admin' AND status = 'active'").query(Long.class).list();
    }

    static String placeName(Place place) {
        if (place == null || place.country() == null) {
            return "Unknown";
        }
        String country = new Locale("", place.country()).getDisplayCountry(Locale.UK);
        return place.city() == null ? country : place.city() + ", " + country;
    }

    static String when(Instant instant) {
        return PlainTime.of(instant);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record SignInReported(long accountId, long organisationId, long attemptId, String via) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("signin.reported", accountId, accountId, organisationId, null,
                    "attempt=" + attemptId + " via=" + via + " account locked, sessions ended");
        }
    }
}
