package dev.portcullis.mfa;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Policy that spans factors, in one place: which methods an account has, which is the
 * default, whether MFA is enabled, removing and disabling, and whether a session proved a
 * second factor recently enough to change them (MFA-05).
 */
@Service
public class MfaService {

    /** How recently a second factor must have been proven before methods may be changed. */
    public static final Duration RECENT = Duration.ofMinutes(5);

    private final FactorRegistry registry;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MfaService(FactorRegistry registry, JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    public FactorRegistry registry() {
        return registry;
    }

    /** Every active method of the account across factors, in list order; methods that prove possession only. */
    public List<EnrolledFactor> enrolled(long accountId) {
        List<EnrolledFactor> all = new ArrayList<>();
        for (Factor factor : registry.all()) {
            if (factor.selfEnrollable()) {
                all.addAll(factor.enrolled(accountId));
            }
        }
        return all;
    }

    /** Methods plus backups such as recovery codes: everything sign-in may offer. */
    public List<EnrolledFactor> usable(long accountId) {
        List<EnrolledFactor> all = new ArrayList<>();
        for (Factor factor : registry.all()) {
            if (factor.available() || factor.enrolled(accountId).size() > 0) {
                all.addAll(factor.enrolled(accountId));
            }
        }
        return all;
    }

    /** MFA Status: Enabled when at least one real method is registered. */
    public boolean enabled(long accountId) {
        return !enrolled(accountId).isEmpty();
    }

    /** The method sign-in asks for first. */
    public Optional<EnrolledFactor> defaultFactor(long accountId) {
        List<EnrolledFactor> methods = enrolled(accountId);
        if (methods.isEmpty()) {
            return Optional.empty();
        }
        Optional<String[]> chosen = jdbc.sql("SELECT factor_type, instance_id FROM mfa_default_factor WHERE account_id = :id")
                .param("id", accountId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .optional();
        if (chosen.isPresent()) {
            for (EnrolledFactor method : methods) {
                if (method.type().equals(chosen.get()[0]) && method.instanceId().equals(chosen.get()[1])) {
                    return Optional.of(method);
                }
            }
        }
        return Optional.of(methods.get(0));
    }

    @Transactional
    public boolean setDefault(long accountId, String type, String instanceId) {
        boolean owned = enrolled(accountId).stream()
                .anyMatch(m -> m.type().equals(type) && m.instanceId().equals(instanceId));
        if (!owned) {
            return false;
        }
        int updated = jdbc.sql("UPDATE mfa_default_factor SET factor_type = :type, instance_id = :instance WHERE account_id = :id")
                .param("type", type).param("instance", instanceId).param("id", accountId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO mfa_default_factor (account_id, factor_type, instance_id) VALUES (:id, :type, :instance)")
                    .param("type", type).param("instance", instanceId).param("id", accountId).update();
        }
        events.publishEvent(new FactorEvents.DefaultFactorChanged(accountId, type));
        return true;
    }

    /**
     * Called by a factor, inside its enrolment transaction, once possession is proven. The first
     * method becomes the default. Returns where the person goes next: a factor's follow-up
     * (recovery codes to write down) or Self-Service.
     */
    @Transactional
    public String enrolled(long accountId, String type, String instanceId) {
        boolean first = enrolled(accountId).stream()
                .noneMatch(m -> !(m.type().equals(type) && m.instanceId().equals(instanceId)));
        if (first) {
            jdbc.sql("DELETE FROM mfa_default_factor WHERE account_id = :id").param("id", accountId).update();
            jdbc.sql("INSERT INTO mfa_default_factor (account_id, factor_type, instance_id) VALUES (:id, :type, :instance)")
                    .param("type", type).param("instance", instanceId).param("id", accountId).update();
        }
        events.publishEvent(new FactorEvents.FactorEnrolled(accountId, type, instanceId, first));
        return afterEnrolmentPath(accountId);
    }

    /** Where to go after an enrolment: a pending follow-up (e.g. new recovery codes) or Self-Service. */
    public String afterEnrolmentPath(long accountId) {
        for (Factor factor : registry.all()) {
            if (factor instanceof FollowsEnrolment follows) {
                Optional<String> path = follows.followUpPath(accountId);
                if (path.isPresent()) {
                    return path.get();
                }
            }
        }
        return "/account/self-service?changed";
    }

    /** Removes one method; removing the last one turns MFA off (backups go with it). */
    @Transactional
    public boolean remove(long accountId, String type, String instanceId, long actorAccountId) {
        Optional<Factor> factor = registry.find(type);
        if (factor.isEmpty() || !factor.get().remove(accountId, instanceId)) {
            return false;
        }
        events.publishEvent(new FactorEvents.FactorRemoved(accountId, type, instanceId, actorAccountId));
        if (enrolled(accountId).isEmpty()) {
            removeEverything(accountId);
            events.publishEvent(new FactorEvents.MfaDisabled(accountId, actorAccountId, "last method removed"));
        }
        return true;
    }

    /** Disable MFA through self-service, or an administrator's reset: every method and backup goes. */
    @Transactional
    public void disable(long accountId, long actorAccountId, String how) {
        removeEverything(accountId);
        events.publishEvent(new FactorEvents.MfaDisabled(accountId, actorAccountId, how));
    }

    @Transactional
    public boolean rename(long accountId, String type, String instanceId, String label) {
        Optional<Factor> factor = registry.find(type);
        if (factor.isEmpty() || !factor.get().type().renamable() || !factor.get().rename(accountId, instanceId, label)) {
            return false;
        }
        events.publishEvent(new FactorEvents.FactorRenamed(accountId, type));
        return true;
    }

    /** Whether this session proved a second factor within {@link #RECENT} (MFA-05). */
    public boolean recentlyVerified(Authentication authentication) {
        if (authentication == null) {
            return false;
        }
        Instant cutoff = clock.instant().minus(RECENT);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            if (authority instanceof FactorGrantedAuthority factor
                    && !FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(factor.getAuthority())
                    && factor.getIssuedAt() != null && factor.getIssuedAt().isAfter(cutoff)) {
                return true;
            }
        }
        return false;
    }

    private void removeEverything(long accountId) {
        for (Factor factor : registry.all()) {
            factor.removeAll(accountId);
        }
        jdbc.sql("DELETE FROM mfa_default_factor WHERE account_id = :id").param("id", accountId).update();
    }
}
