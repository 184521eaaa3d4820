package dev.portcullis.mfa.recovery;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.FactorType;
import dev.portcullis.mfa.FollowsEnrolment;
import dev.portcullis.mfa.MfaService;

/**
 * Recovery codes: ten single-use codes, created right after the first method and shown once,
 * for the day the phone or key is lost. Not a method people choose on its own
 * ({@link #selfEnrollable()} is false, so it never turns MFA on), but offered at sign-in
 * under "Use another method". The account's codes are listed as one entry, instance {@code set}.
 */
@Component
class RecoveryCodeFactor implements Factor, FollowsEnrolment {

    static final String ID = "recovery";
    static final String INSTANCE = "set";
    static final String ENROLL_PATH = "/account/security/factors/recovery/new";
    static final String CHALLENGE_PATH = "/signin/factor/recovery";

    /*
     * RFC 8176 has no value for backup codes: "otp" fits best, since each code is a one-time password
     * (the RFC's "kba" is for knowledge-based questions, which these are not).
     */
    static final FactorType TYPE = new FactorType(ID, "otp", "Recovery code",
            "A one-time code from the list you saved when you set up MFA.", false, false, false, false, 90);

    private final RecoveryCodeService codes;
    private final RecoveryCodeProperties properties;
    private final ObjectProvider<MfaService> mfa;

    RecoveryCodeFactor(RecoveryCodeService codes, RecoveryCodeProperties properties, ObjectProvider<MfaService> mfa) {
        this.codes = codes;
        this.properties = properties;
        this.mfa = mfa;
    }

    @Override
    public FactorType type() {
        return TYPE;
    }

    @Override
    public boolean available() {
        return properties.enabled();
    }

    @Override
    public boolean selfEnrollable() {
        return false;
    }

    @Override
    public List<EnrolledFactor> enrolled(long accountId) {
        return codes.summary(accountId)
                .map(s -> List.of(new EnrolledFactor(ID, INSTANCE, "Recovery codes",
                        s.unused() + " of " + RecoveryCodes.PER_SET + " left", s.createdAt(), s.lastUsedAt())))
                .orElse(List.of());
    }

    @Override
    public String enrollPath() {
        return ENROLL_PATH;
    }

    @Override
    public String challengePath(String instanceId) {
        return CHALLENGE_PATH;
    }

    @Override
    public boolean remove(long accountId, String instanceId) {
        return INSTANCE.equals(instanceId) && codes.removeAll(accountId);
    }

    @Override
    public void removeAll(long accountId) {
        codes.removeAll(accountId);
    }

    /** After a method is added: new codes to write down, when the account has none left. */
    @Override
    public Optional<String> followUpPath(long accountId) {
        if (!properties.enabled() || codes.unused(accountId) > 0 || !mfa.getObject().enabled(accountId)) {
            return Optional.empty();
        }
        return Optional.of(ENROLL_PATH);
    }
}
