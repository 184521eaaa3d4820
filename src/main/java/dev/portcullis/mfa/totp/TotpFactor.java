package dev.portcullis.mfa.totp;

import java.util.List;
import java.util.OptionalLong;

import org.springframework.stereotype.Component;

import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.FactorType;

/**
 * The authenticator app method as the registry sees it: RFC 6238 TOTP (HMAC-SHA1, 6 digits,
 * 30 seconds), the codes Microsoft Authenticator, Google Authenticator and others show. One app
 * per account. Enrolment and verification live in {@link TotpService}; the pages in
 * {@link TotpEnrollController} and {@link TotpChallengeController}.
 */
@Component
public class TotpFactor implements Factor {

    public static final String ID = "totp";

    static final FactorType TYPE = new FactorType(ID, "otp", "Authenticator app",
            "Use an app such as Microsoft Authenticator on your phone to get a 6-digit code.",
            false, false, true, false, 10);

    static final String ENROLL_PATH = "/account/security/factors/totp/enroll";
    static final String CHALLENGE_PATH = "/signin/factor/totp";

    private final TotpStore store;
    private final TotpProperties properties;

    TotpFactor(TotpStore store, TotpProperties properties) {
        this.store = store;
        this.properties = properties;
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
    public List<EnrolledFactor> enrolled(long accountId) {
        return store.confirmedApps(accountId).stream()
                .map(app -> new EnrolledFactor(ID, Long.toString(app.id()), TYPE.name(), null, app.confirmedAt(),
                        app.lastUsedAt()))
                .toList();
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
        OptionalLong id = parseId(instanceId);
        return id.isPresent() && store.delete(accountId, id.getAsLong());
    }

    @Override
    public void removeAll(long accountId) {
        store.deleteAll(accountId);
    }

    private static OptionalLong parseId(String instanceId) {
        if (instanceId == null || !instanceId.matches("[0-9]{1,18}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(instanceId));
    }
}
