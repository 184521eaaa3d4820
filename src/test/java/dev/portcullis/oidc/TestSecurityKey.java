package dev.portcullis.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.FactorType;
import dev.portcullis.signin.SignInCompletion;
import dev.portcullis.signin.SignedInAccount;

/**
 * A phishing-resistant factor for protocol tests over plain HTTP, where no browser can run a
 * WebAuthn ceremony: registered like any factor (a bean), held by the accounts a test gives it
 * to, and proven by a POST to its challenge path. The browser tests use the real FIDO2 factor.
 */
final class TestSecurityKey implements Factor {

    static final String ID = "testkey";
    static final String CHALLENGE_PATH = "/signin/factor/testkey";
    static final FactorType TYPE = new FactorType(ID, "hwk", "Test security key", "A key for tests.", true, false, false,
            false, 95);

    private final Set<Long> holders = ConcurrentHashMap.newKeySet();

    void giveTo(long accountId) {
        holders.add(accountId);
    }

    @Override
    public FactorType type() {
        return TYPE;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public boolean selfEnrollable() {
        return false;
    }

    @Override
    public List<EnrolledFactor> enrolled(long accountId) {
        return holders.contains(accountId)
                ? List.of(new EnrolledFactor(ID, "1", "Test key", null, Instant.EPOCH, null))
                : List.of();
    }

    @Override
    public String enrollPath() {
        return "/account/security/factors/testkey/enroll";
    }

    @Override
    public String challengePath(String instanceId) {
        return CHALLENGE_PATH;
    }

    @Override
    public boolean remove(long accountId, String instanceId) {
        return holders.remove(accountId);
    }

    @Override
    public void removeAll(long accountId) {
        holders.remove(accountId);
    }

    /** "Touching the key": proves the factor for whoever is part-way through sign-in or stepping up. */
    // A test component: left out of component scanning, registered only where imported.
    @TestComponent
    @RestController
    static class Challenge {

        private final SignInCompletion completion;
        private final TestSecurityKey key;

        Challenge(SignInCompletion completion, TestSecurityKey key) {
            this.completion = completion;
            this.key = key;
        }

        @PostMapping(CHALLENGE_PATH)
        ResponseEntity<Void> touch(HttpServletRequest request, HttpServletResponse response) {
            SignedInAccount account = SignInCompletion.current();
            if (account == null || key.enrolled(account.accountId()).isEmpty()) {
                return ResponseEntity.status(403).build();
            }
            String next = completion.factorProven(request, response, TYPE);
            return ResponseEntity.status(302).header("Location", next).build();
        }
    }
}
