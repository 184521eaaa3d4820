package dev.portcullis.mfa;

import java.time.Clock;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;

/**
 * A {@link FactorRegistry} and an {@link MfaService} over factors a unit test supplies, for tests
 * in other packages that need the real policy code without a database. The service's storage is
 * absent: only what the factors themselves answer ({@code enrolled}, {@code usable}) works.
 */
public final class TestFactorRegistries {

    private TestFactorRegistries() {
    }

    public static FactorRegistry registry(List<Factor> factors) {
        return new FactorRegistry(factors);
    }

    public static MfaService mfaService(FactorRegistry registry, ApplicationEventPublisher events, Clock clock) {
        return new MfaService(registry, null, events, clock);
    }
}
