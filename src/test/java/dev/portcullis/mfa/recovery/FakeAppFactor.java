package dev.portcullis.mfa.recovery;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.Factor;
import dev.portcullis.mfa.FactorType;

/**
 * A real method for tests to back up with recovery codes, held in memory, so that these tests do
 * not depend on another factor's package. Registered as a bean by the tests that need it.
 */
final class FakeAppFactor implements Factor {

    static final FactorType TYPE = new FactorType("fakeapp", "otp", "Fake app", "For tests.", false, false, false, false, 5);

    final Set<Long> enrolled = ConcurrentHashMap.newKeySet();

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
        return enrolled.contains(accountId)
                ? List.of(new EnrolledFactor("fakeapp", "1", "Fake app", null, Instant.EPOCH, null)) : List.of();
    }

    @Override
    public String enrollPath() {
        return "/account/security/factors/fakeapp/new";
    }

    @Override
    public String challengePath(String instanceId) {
        return "/signin/factor/fakeapp";
    }

    @Override
    public boolean remove(long accountId, String instanceId) {
        return enrolled.remove(accountId);
    }

    @Override
    public void removeAll(long accountId) {
        enrolled.remove(accountId);
    }
}
