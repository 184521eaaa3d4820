package dev.portcullis.mfa.policy;

import java.time.LocalDate;
import java.util.Set;

/**
 * The policy that applies to one person: their organisation's within the global ceiling, and
 * for administrators the rule that only the app or a phishing-resistant method will do.
 *
 * @param allowedFactors factor ids this person may use (never empty: the service's own list when unrestricted)
 */
public record EffectivePolicy(boolean mandatory, LocalDate mandatoryFrom, int maxPostponements,
                              Set<String> allowedFactors, boolean administratorRule) {

    public boolean allows(String factorType) {
        return allowedFactors.contains(factorType);
    }

    /** Mandatory and the date has come. */
    public boolean enforcedOn(LocalDate today) {
        return mandatory && !today.isBefore(mandatoryFrom);
    }
}
