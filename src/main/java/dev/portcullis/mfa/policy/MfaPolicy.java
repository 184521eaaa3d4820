package dev.portcullis.mfa.policy;

import java.time.LocalDate;
import java.util.Set;

/**
 * An MFA policy, global or for one organisation.
 *
 * @param mandatory        MFA is required from {@code mandatoryFrom} (a date in Europe/London)
 * @param maxPostponements how many times a person may choose "Not now" before the date
 * @param allowedFactors   factor type ids allowed; empty = every method the service offers
 */
public record MfaPolicy(boolean mandatory, LocalDate mandatoryFrom, int maxPostponements, Set<String> allowedFactors) {

    public static final MfaPolicy DEFAULT = new MfaPolicy(false, null, 3, Set.of());

    public MfaPolicy {
        allowedFactors = allowedFactors == null ? Set.of() : Set.copyOf(allowedFactors);
        if (mandatory && mandatoryFrom == null) {
            throw new IllegalArgumentException("a mandatory policy needs a date");
        }
        if (maxPostponements < 0 || maxPostponements > 50) {
            throw new IllegalArgumentException("postponements must be between 0 and 50");
        }
    }

    public boolean allows(String factorType) {
        return allowedFactors.isEmpty() || allowedFactors.contains(factorType);
    }
}
