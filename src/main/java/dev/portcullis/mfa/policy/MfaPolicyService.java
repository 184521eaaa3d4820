package dev.portcullis.mfa.policy;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditEntry;
import dev.portcullis.audit.Audited;
import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.FactorRegistry;
import dev.portcullis.mfa.MfaService;

/**
 * Decides what the MFA policy asks of a person: the organisation's policy within the global
 * one, the rule that administrators use only the app or a phishing-resistant method, and the
 * rollout's "Not now" allowance before the mandatory date.
 */
@Service
public class MfaPolicyService {

    /** Dates in policies are UK dates: MFA becomes mandatory at midnight in London. */
    public static final ZoneId ZONE = ZoneId.of("Europe/London");
    /** Backup codes are not a method people choose; every policy allows them. */
    private static final String RECOVERY = "recovery";

    private final MfaPolicyStore store;
    private final FactorRegistry registry;
    private final MfaService mfa;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MfaPolicyService(MfaPolicyStore store, FactorRegistry registry, MfaService mfa, ApplicationEventPublisher events,
                     Clock clock) {
        this.store = store;
        this.registry = registry;
        this.mfa = mfa;
        this.events = events;
        this.clock = clock;
    }

    public MfaPolicy global() {
        return store.find(null).orElse(MfaPolicy.DEFAULT);
    }

    /** The organisation's own setting; empty when it follows the global policy. */
    public Optional<MfaPolicy> organisation(long organisationId) {
        return store.find(organisationId);
    }

    public EffectivePolicy effective(long organisationId, Role role) {
        MfaPolicy global = global();
        MfaPolicy own = store.find(organisationId).orElse(global);
        boolean mandatory = global.mandatory() || own.mandatory();
        LocalDate from = earliest(global.mandatory() ? global.mandatoryFrom() : null, own.mandatory() ? own.mandatoryFrom() : null);
        int postponements = Math.min(global.maxPostponements(), own.maxPostponements());
        Set<String> allowed = new LinkedHashSet<>();
        for (Factor factor : registry.all()) {
            String id = factor.type().id();
            boolean permitted = id.equals(RECOVERY) || (global.allows(id) && own.allows(id));
            if (permitted && role.isAdministrator() && !id.equals(RECOVERY)) {
                permitted = factor.type().phishingResistant() || "totp".equals(id);
            }
            if (permitted) {
                allowed.add(id);
            }
        }
        return new EffectivePolicy(mandatory, from, postponements, allowed, role.isAdministrator());
    }

    /** What sign-in must ask of this person after a correct password. */
    public SignInRequirement requirement(long accountId, long organisationId, Role role) {
        EffectivePolicy policy = effective(organisationId, role);
        boolean hasAllowedMethod = mfa.enabled(accountId) && mfa.usable(accountId).stream()
                .map(EnrolledFactor::type).anyMatch(t -> !t.equals(RECOVERY) && policy.allows(t));
        if (hasAllowedMethod) {
            return new SignInRequirement(SignInRequirement.Kind.SECOND_FACTOR, 0, policy.mandatoryFrom());
        }
        if (mfa.enabled(accountId)) {
            // Methods the policy no longer allows (an administrator with only a text message):
            // prove one of them first, then set up an allowed one.
            return new SignInRequirement(SignInRequirement.Kind.SECOND_FACTOR, 0, policy.mandatoryFrom());
        }
        if (!policy.mandatory()) {
            return new SignInRequirement(SignInRequirement.Kind.NONE, 0, null);
        }
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        if (policy.enforcedOn(today)) {
            return new SignInRequirement(SignInRequirement.Kind.ENROL, 0, policy.mandatoryFrom());
        }
        int left = Math.max(0, policy.maxPostponements() - store.postponements(accountId));
        return new SignInRequirement(left > 0 ? SignInRequirement.Kind.NUDGE : SignInRequirement.Kind.ENROL, left,
                policy.mandatoryFrom());
    }

    /** Whether the account's methods include none the policy allows (it must add one). */
    public boolean needsAllowedMethod(long accountId, long organisationId, Role role) {
        EffectivePolicy policy = effective(organisationId, role);
        return mfa.enabled(accountId) && mfa.usable(accountId).stream()
                .map(EnrolledFactor::type).noneMatch(t -> !t.equals(RECOVERY) && policy.allows(t));
    }

    /** "Not now": true when a postponement was left and has been used. */
    @Transactional
    public boolean postpone(long accountId, long organisationId, Role role) {
        EffectivePolicy policy = effective(organisationId, role);
        boolean postponed = store.postpone(accountId, policy.maxPostponements(), clock.instant());
        if (postponed) {
            events.publishEvent(new EnrolmentPostponed(accountId, organisationId));
        }
        return postponed;
    }

    /** Disabling MFA through self-service is refused while the policy makes it mandatory. */
    public boolean selfServiceDisableAllowed(long organisationId, Role role) {
        return !effective(organisationId, role).mandatory();
    }

    /**
     * Sets an organisation's policy within the global one: never less strict than it (a later
     * date, more postponements, or a method it does not allow are refused with the reason).
     */
    @Transactional
    public void setOrganisationPolicy(long organisationId, MfaPolicy policy, long actorAccountId) {
        MfaPolicy global = global();
        if (global.mandatory() && (!policy.mandatory() || policy.mandatoryFrom().isAfter(global.mandatoryFrom()))) {
            throw new PolicyOutsideGlobalException("MFA is mandatory for every organisation from "
                    + global.mandatoryFrom() + ": choose that date or an earlier one");
        }
        if (policy.maxPostponements() > global.maxPostponements()) {
            throw new PolicyOutsideGlobalException("People may postpone set-up at most " + global.maxPostponements() + " times");
        }
        for (String factor : policy.allowedFactors()) {
            if (!global.allows(factor)) {
                throw new PolicyOutsideGlobalException("The service does not allow " + factor + " for any organisation");
            }
            if (registry.find(factor).isEmpty()) {
                throw new PolicyOutsideGlobalException("Unknown method: " + factor);
            }
        }
        store.save(organisationId, policy, actorAccountId, clock.instant());
        events.publishEvent(new PolicyChanged(organisationId, actorAccountId, describe(policy)));
    }

    @Transactional
    public void setGlobalPolicy(MfaPolicy policy, long actorAccountId) {
        for (String factor : policy.allowedFactors()) {
            if (registry.find(factor).isEmpty()) {
                throw new PolicyOutsideGlobalException("Unknown method: " + factor);
            }
        }
        store.save(null, policy, actorAccountId, clock.instant());
        events.publishEvent(new PolicyChanged(null, actorAccountId, describe(policy)));
    }

    private static String describe(MfaPolicy policy) {
        return (policy.mandatory() ? "mandatory from " + policy.mandatoryFrom() : "optional")
                + " postponements=" + policy.maxPostponements()
                + " methods=" + (policy.allowedFactors().isEmpty() ? "all" : String.join(",", new java.util.TreeSet<>(policy.allowedFactors())));
    }

    private static LocalDate earliest(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }

    /** A policy change, audited. Organisation null = the global policy. */
    public record PolicyChanged(Long organisationId, long actorAccountId, String summary) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.policy.changed", actorAccountId, null, organisationId, null, summary);
        }
    }

    /** A person chose "Not now". */
    public record EnrolmentPostponed(long accountId, long organisationId) implements Audited {
        @Override
        public AuditEntry auditEntry() {
            return new AuditEntry("mfa.enrolment.postponed", accountId, accountId, organisationId, null, null);
        }
    }

    /** A local policy that the global policy does not permit. */
    public static class PolicyOutsideGlobalException extends RuntimeException {
        public PolicyOutsideGlobalException(String message) {
            super(message);
        }
    }
}
