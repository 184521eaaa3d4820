package dev.portcullis.selfservice;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.FactorType;

/**
 * A second factor for tests of pages that need MFA (step-up before a change): an account
 * "holds" it once {@link #enrol} is called, and proving it is a visit to {@link #CHALLENGE_PATH},
 * served by a test's own controller that calls {@code SignInCompletion.factorProven}. Register
 * it as a bean in a test's {@code @TestConfiguration}; it is not a component, so no other test
 * context sees it.
 */
public final class TestKeyFactor implements Factor {

    public static final String CHALLENGE_PATH = "/signin/factor/testkey";

    public static final FactorType TYPE = new FactorType("testkey", "hwk", "Test key", "A key that only exists in tests.",
            false, false, false, false, 99);

    private final Set<Long> holders = ConcurrentHashMap.newKeySet();

    public void enrol(long accountId) {
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
    public List<EnrolledFactor> enrolled(long accountId) {
        return holders.contains(accountId)
                ? List.of(new EnrolledFactor(TYPE.id(), "1", "Test key", null, Instant.EPOCH, null))
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
}
