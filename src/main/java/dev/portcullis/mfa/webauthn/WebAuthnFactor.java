package dev.portcullis.mfa.webauthn;

import java.util.List;
import java.util.OptionalLong;

import org.springframework.stereotype.Component;

import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.FactorLabels;
import dev.portcullis.mfa.FactorType;

/**
 * The FIDO2 token method as the registry sees it: security keys and passkeys (WebAuthn Level 3),
 * phishing-resistant because the browser binds every signature to our origin. An account may
 * hold several keys, each named by its owner. Registration lives in {@link WebAuthnRegistration},
 * sign-in in {@link WebAuthnAuthentication}; the pages in {@link WebAuthnEnrollController} and
 * {@link WebAuthnSignInController}.
 */
@Component
public class WebAuthnFactor implements Factor {

    public static final String ID = "webauthn";

    static final FactorType TYPE = new FactorType(ID, "hwk", "FIDO2 token (security key)",
            "Use a security key or passkey: plug it in or tap it when asked. The most secure choice.",
            true, true, false, true, 40);

    static final String ENROLL_PATH = "/account/security/factors/webauthn/enroll";
    static final String CHALLENGE_PATH = "/signin/factor/webauthn";

    /** Shown beside a key blocked after its signature counter went backwards (WA-04). */
    static final String BLOCKED_HINT = "(blocked: it may have been copied, remove it and add it again)";

    private final WebAuthnStore store;
    private final WebAuthnProperties properties;

    WebAuthnFactor(WebAuthnStore store, WebAuthnProperties properties) {
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
        return store.credentials(accountId).stream()
                .map(key -> new EnrolledFactor(ID, Long.toString(key.id()), key.label(),
                        key.counterRegressed() ? BLOCKED_HINT : null, key.createdAt(), key.lastUsedAt()))
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

    @Override
    public boolean rename(long accountId, String instanceId, String label) {
        OptionalLong id = parseId(instanceId);
        return id.isPresent() && FactorLabels.problem(label) == null && store.rename(accountId, id.getAsLong(), label.strip());
    }

    private static OptionalLong parseId(String instanceId) {
        if (instanceId == null || !instanceId.matches("[0-9]{1,18}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(instanceId));
    }
}
