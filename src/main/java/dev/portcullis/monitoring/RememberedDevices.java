package dev.portcullis.monitoring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.mfa.policy.RememberDevicePolicy;
import dev.portcullis.signin.AccountSessions;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * "Remember this device": after a second factor, a person may ask not to be asked again on this
 * browser for the days their organisation allows. The browser is the signed device cookie; only
 * a digest of its id is stored. Whether a remembered device may skip the factor at sign-in is
 * decided by {@link SignInMonitor}, which also knows whether any risk signal fired. Forgotten
 * whenever an account's sessions are all ended (password change or reset, MFA reset, "This
 * wasn't me") and on request from Self-service.
 */
@Service
public class RememberedDevices {

    private final JdbcClient jdbc;
    private final DeviceCookies devices;
    private final RememberDevicePolicy policy;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RememberedDevices(JdbcClient jdbc, DeviceCookies devices, RememberDevicePolicy policy,
                      ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.devices = devices;
        this.policy = policy;
        this.events = events;
        this.clock = clock;
    }

    /**
     * For the second-factor pages: how many days the "Remember this device" box offers, 0 when it
     * is not shown (policy off, an administrator, a step-up or a reset rather than a sign-in).
     */
    public int offeredDays() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof SignedInAccount account)
                || authentication.getAuthorities().stream()
                .noneMatch(a -> SignInCompletion.AWAITING_SECOND_FACTOR.equals(a.getAuthority()))) {
            return 0;
        }
        return policy.effectiveDays(account.organisationId(), account.role());
    }

    /** For Self-service: how many unexpired devices the signed-in person has remembered. */
    public long countForCurrent() {
        SignedInAccount account = SignInCompletion.current();
        if (account == null) {
            return 0;
        }
        return jdbc.sql("SELECT COUNT(*) FROM remembered_device WHERE account_id = :a AND expires_at > :now")
                .param("a", account.accountId()).param("now", Timestamp.from(clock.instant())).query(Long.class).single();
    }

    /** A factor was proven at sign-in with the box ticked: remember this browser, if the policy still allows it. */
    @EventListener
    void on(SignInCompletion.RememberDeviceRequested event) {
        int days = policy.effectiveDays(event.organisationId(), event.role());
        String deviceId = request().map(devices::verified).orElse(null);
        if (days <= 0 || deviceId == null) {
            return;
        }
        Instant now = clock.instant();
        Instant expires = now.plus(Duration.ofDays(days));
        String hash = hash(deviceId);
        int updated = jdbc.sql("""
                UPDATE remembered_device SET created_at = :now, expires_at = :expires, last_used_at = NULL
                WHERE account_id = :a AND device_hash = :h
                """)
                .param("now", Timestamp.from(now)).param("expires", Timestamp.from(expires))
                .param("a", event.accountId()).param("h", hash).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO remembered_device (account_id, device_hash, created_at, expires_at)
                    VALUES (:a, :h, :now, :expires)
                    """)
                    .param("a", event.accountId()).param("h", hash).param("now", Timestamp.from(now))
                    .param("expires", Timestamp.from(expires)).update();
        }
        events.publishEvent(new DeviceRemembered(event.accountId(), event.organisationId(), days, event.sourceIp()));
    }

    /**
     * Whether the request's browser is remembered for this account, unexpired, and the policy
     * still allows it; when so, the use is recorded and audited. Called only when no risk signal fired.
     */
    boolean use(SignedInAccount account, String deviceId, String sourceIp) {
        if (deviceId == null || account.role().isAdministrator()
                || policy.effectiveDays(account.organisationId(), account.role()) <= 0) {
            return false;
        }
        Instant now = clock.instant();
        int used = jdbc.sql("""
                UPDATE remembered_device SET last_used_at = :now
                WHERE account_id = :a AND device_hash = :h AND expires_at > :now
                """)
                .param("now", Timestamp.from(now)).param("a", account.accountId()).param("h", hash(deviceId)).update();
        if (used == 0) {
            return false;
        }
        events.publishEvent(new RememberedDeviceUsed(account.accountId(), account.organisationId(), sourceIp));
        return true;
    }

    /** Forgets every device the account has remembered; returns how many. */
    public int forgetAll(long accountId, String reason) {
        int forgotten = jdbc.sql("DELETE FROM remembered_device WHERE account_id = :a").param("a", accountId).update();
        if (forgotten > 0) {
            events.publishEvent(new DevicesForgotten(accountId, forgotten, reason));
        }
        return forgotten;
    }

    /** Every end of all of an account's sessions (password change or reset, MFA reset, "This wasn't me", an administrator). */
    @EventListener
    void on(AccountSessions.Ended event) {
        forgetAll(event.accountId(), "sessions ended");
    }

    private static String hash(String deviceId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(deviceId.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<HttpServletRequest> request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? Optional.of(attributes.getRequest()) : Optional.empty();
    }

    record DeviceRemembered(long accountId, long organisationId, int days, String sourceIp) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("signin.device.remembered", accountId, accountId, organisationId, sourceIp, "days=" + days);
        }
    }

    /** The second factor was skipped on a remembered device: audited every time. */
    record RememberedDeviceUsed(long accountId, long organisationId, String sourceIp) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("signin.device.remembered.used", accountId, accountId, organisationId, sourceIp, null);
        }
    }

    record DevicesForgotten(long accountId, int count, String reason) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("signin.device.forgotten", accountId, accountId, null, null,
                    "count=" + count + " reason=" + reason);
        }
    }
}
