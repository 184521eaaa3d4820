package dev.portcullis.mfa;

import java.util.List;

/**
 * A second-factor method. Each method is one package that implements this interface and owns
 * its enrolment and challenge pages (at {@link #enrollPath()} and {@link #challengePath()}),
 * its storage and its rules. Sign-in and self-service work from the list of registered
 * factors and never ask which type they hold; adding a method adds a package and a bean.
 *
 * <p>The steps every factor goes through, inside its package: <em>begin enrolment</em> (a seed
 * shown once, a code sent, WebAuthn creation options), <em>complete enrolment</em> (active only
 * once possession is proven, then {@link MfaService#enrolled}), <em>start a challenge</em>
 * (rate-limited), and <em>verify</em> (single use, constant-time, counted by the regulator, then
 * {@code SignInCompletion}).
 */
public interface Factor {

    FactorType type();

    /** Whether people can use it here now (switched on, its gateway configured). */
    boolean available();

    /** Whether people pick it themselves in self-service (recovery codes come with the first method). */
    default boolean selfEnrollable() {
        return true;
    }

    /** The account's active instances, oldest first. */
    List<EnrolledFactor> enrolled(long accountId);

    /** Where self-service sends a person to add this method. */
    String enrollPath();

    /** Where sign-in sends a person to prove this method; {@code instanceId} may be null for "any". */
    String challengePath(String instanceId);

    /** Removes one instance; false when it was not the account's. */
    boolean remove(long accountId, String instanceId);

    /** Removes every instance, when MFA is disabled or reset. */
    void removeAll(long accountId);

    /** Renames an instance, for factors whose type is {@link FactorType#renamable()}. */
    default boolean rename(long accountId, String instanceId, String label) {
        return false;
    }
}
