package dev.portcullis.oidc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.stereotype.Component;

import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.FactorRegistry;
import dev.portcullis.mfa.FactorType;

/**
 * What a session proved, read from its factor authorities ({@link FactorGrantedAuthority}: the
 * password step's {@code FACTOR_PASSWORD}, then each factor's {@link FactorType#authority()}).
 * The only place {@code amr}, {@code acr} and {@code auth_time} are worked out, so the checks at
 * the authorization endpoint and the claims in tokens cannot disagree.
 */
@Component
public class AuthenticationStrengths {

    /** Held by sessions that finished sign-in (the portal's rule, {@code PasswordStepAuthenticationProvider}). */
    public static final String SIGNED_IN = "SIGNED_IN";

    private final FactorRegistry registry;

    AuthenticationStrengths(FactorRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param amr      RFC 8176 values in the order proven: {@code pwd}, each factor's value, then
     *                 {@code mfa} when two or more factors were used
     * @param achieved the strongest class the session satisfies, or empty (password only)
     * @param authTime when the person last signed in with their password (OpenID Connect Core §2)
     */
    public record Strength(List<String> amr, Optional<Acr> achieved, Instant authTime, boolean signedIn) {

        public boolean satisfies(Acr required) {
            return required == null || achieved.map(a -> a.satisfies(required)).orElse(false);
        }
    }

    public Strength of(Authentication authentication) {
        Set<String> amr = new LinkedHashSet<>();
        Instant authTime = null;
        int factors = 0;
        Acr achieved = null;
        boolean signedIn = false;
        if (authentication != null) {
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                if (SIGNED_IN.equals(authority.getAuthority())) {
                    signedIn = true;
                }
                if (!(authority instanceof FactorGrantedAuthority factor)) {
                    continue;
                }
                if (FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(factor.getAuthority())) {
                    amr.add("pwd");
                    authTime = factor.getIssuedAt();
                    factors++;
                    continue;
                }
                Optional<FactorType> type = typeOf(factor.getAuthority());
                if (type.isEmpty()) {
                    continue;
                }
                amr.add(type.get().amr());
                factors++;
                Acr level = type.get().phishingResistant() ? Acr.PHR : Acr.MFA;
                achieved = achieved == null || level.compareTo(achieved) > 0 ? level : achieved;
            }
        }
        List<String> values = new ArrayList<>(amr);
        if (factors >= 2) {
            values.add("mfa");
        }
        // A second factor without the password never happens at sign-in; it is not MFA either.
        if (!values.contains("pwd")) {
            achieved = null;
        }
        return new Strength(List.copyOf(values), Optional.ofNullable(achieved), authTime, signedIn);
    }

    /** Whether the account holds a usable method that reaches {@code required}. */
    public boolean canReach(List<String> enrolledFactorTypes, Acr required) {
        for (String typeId : enrolledFactorTypes) {
            Optional<Factor> factor = registry.find(typeId);
            if (factor.isPresent() && factor.get().available()
                    && (required != Acr.PHR || factor.get().type().phishingResistant())) {
                return true;
            }
        }
        return false;
    }

    private Optional<FactorType> typeOf(String authority) {
        for (Factor factor : registry.all()) {
            if (factor.type().authority().equals(authority)) {
                return Optional.of(factor.type());
            }
        }
        return Optional.empty();
    }
}
