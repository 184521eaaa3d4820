package dev.portcullis.mfa.policy;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.Role;

/**
 * "Let people skip the second step on a device they trust for N days": off unless an
 * organisation turns it on, never longer than the global ceiling (which may forbid it with 0),
 * and never for administrators, who always prove a factor.
 */
@Service
public class RememberDevicePolicy {

    public static final int MAX_DAYS = 30;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RememberDevicePolicy(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** The global ceiling: up to {@value #MAX_DAYS} days until a global administrator lowers or forbids it. */
    public int globalDays() {
        return find(null).orElse(MAX_DAYS);
    }

    /** The organisation's own setting; 0 (off) until its administrator turns it on. */
    public int organisationDays(long organisationId) {
        return find(organisationId).orElse(0);
    }

    /** How many days this person may skip the second step on a remembered device; 0 = not at all. */
    public int effectiveDays(long organisationId, Role role) {
        if (role.isAdministrator()) {
            return 0;
        }
        return Math.min(globalDays(), organisationDays(organisationId));
    }

    /** Refuses a setting outside 0..30 or above the global ceiling, with the reason; changes nothing. */
    public void check(long organisationId, int days) {
        if (days < 0 || days > MAX_DAYS) {
            throw new MfaPolicyService.PolicyOutsideGlobalException("Enter a number of days from 0 to " + MAX_DAYS);
        }
        int ceiling = globalDays();
        if (days > ceiling) {
            throw new MfaPolicyService.PolicyOutsideGlobalException(ceiling == 0
                    ? "The global policy does not let anyone skip the second step on a remembered device"
                    : "The global policy lets people skip the second step for at most " + ceiling + " days");
        }
    }

    @Transactional
    public void setOrganisation(long organisationId, int days, long actorAccountId) {
        check(organisationId, days);
        save(organisationId, days, actorAccountId);
    }

    @Transactional
    public void setGlobal(int days, long actorAccountId) {
        if (days < 0 || days > MAX_DAYS) {
            throw new MfaPolicyService.PolicyOutsideGlobalException("Enter a number of days from 0 to " + MAX_DAYS);
        }
        save(null, days, actorAccountId);
    }

    private void save(Long organisationId, int days, long actorAccountId) {
        Optional<Integer> current = find(organisationId);
        if (current.isPresent() && current.get() == days) {
            return;
        }
        String where = organisationId == null ? "organisation_id IS NULL" : "organisation_id = :org";
        var update = jdbc.sql("UPDATE remember_device_policy SET days = :days, updated_at = :now, updated_by = :actor WHERE " + where)
                .param("days", days).param("now", Timestamp.from(clock.instant())).param("actor", actorAccountId);
        if (organisationId != null) {
            update = update.param("org", organisationId);
        }
        if (update.update() == 0) {
            jdbc.sql("""
                    INSERT INTO remember_device_policy (organisation_id, days, updated_at, updated_by)
                    VALUES (:org, :days, :now, :actor)
                    """)
                    .param("org", organisationId).param("days", days).param("now", Timestamp.from(clock.instant()))
                    .param("actor", actorAccountId).update();
        }
        events.publishEvent(new MfaPolicyService.PolicyChanged(organisationId, actorAccountId,
                "remember device days=" + days));
    }

    private Optional<Integer> find(Long organisationId) {
        String where = organisationId == null ? "organisation_id IS NULL" : "organisation_id = :org";
        var spec = jdbc.sql("SELECT days FROM remember_device_policy WHERE " + where);
        if (organisationId != null) {
            spec = spec.param("org", organisationId);
        }
        return spec.query(Integer.class).optional();
    }
}
