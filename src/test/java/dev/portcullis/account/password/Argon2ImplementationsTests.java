package dev.portcullis.account.password;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Argon2ImplementationsTests {

    private static final HashParameters OWASP = new HashParameters("argon2id", 19456, 2, 1);
    private static final String ACCENTED = PasswordHasher.normalise("Crème brûlée à l'été");

    private final Argon2Function nativeArgon2 = NativeArgon2.load(OWASP);
    private final Argon2Function bouncyCastle = new BouncyCastleArgon2(OWASP);

    @Test
    void nativeLibraryLoadsOnThisMachineAndIsChosen() {
        assertThat(PasswordHasher.chooseImplementation(OWASP)).isInstanceOf(NativeArgon2.class);
        assertThat(new PasswordHasher(new PasswordProperties(null, null, null, null, null)).implementation())
                .contains("libargon2");
    }

    @Test
    void eachImplementationVerifiesTheOthersHashesSoStoredPasswordsSurviveASwitch() {
        String byNative = nativeArgon2.hash(ACCENTED);
        String byBouncyCastle = bouncyCastle.hash(ACCENTED);

        assertThat(byNative).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(byBouncyCastle).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(bouncyCastle.verify(ACCENTED, byNative)).isTrue();
        assertThat(nativeArgon2.verify(ACCENTED, byBouncyCastle)).isTrue();
        assertThat(bouncyCastle.verify(ACCENTED + "x", byNative)).isFalse();
        assertThat(nativeArgon2.verify(ACCENTED + "x", byBouncyCastle)).isFalse();
    }

    @Test
    void verifyReadsTheParametersFromTheStoredHashNotFromTheConfiguration() {
        String weaker = NativeArgon2.load(new HashParameters("argon2id", 7168, 5, 1)).hash("old password");

        assertThat(weaker).contains("m=7168,t=5,p=1");
        assertThat(nativeArgon2.verify("old password", weaker)).isTrue();
        assertThat(bouncyCastle.verify("old password", weaker)).isTrue();
    }

    @Test
    void malformedStoredHashIsAMismatchNotAnError() {
        assertThat(nativeArgon2.verify("anything", "$argon2id$v=19$m=19456,t=2,p=1$not-base64!$x")).isFalse();
        assertThat(nativeArgon2.verify("anything", "plain text")).isFalse();
    }

    @Test
    void atMostTheConfiguredNumberOfHashesRunAtOnce() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Argon2Function counting = new Argon2Function() {
            @Override
            public String hash(String password) {
                return nativeArgon2.hash(password);
            }

            @Override
            public boolean verify(String password, String phc) {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    return nativeArgon2.verify(password, phc);
                } finally {
                    running.decrementAndGet();
                }
            }

            @Override
            public String name() {
                return "counting";
            }
        };
        PasswordHasher hasher = new PasswordHasher(new PasswordProperties(7168, 1, 1, null, null, 2), counting);
        StoredPassword stored = hasher.hash("correct horse battery staple");
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        AtomicInteger matched = new AtomicInteger();
        for (int i = 0; i < 12; i++) {
            Thread caller = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (hasher.verify("correct horse battery staple", stored)) {
                    matched.incrementAndGet();
                }
            });
            callers.add(caller);
            caller.start();
        }
        start.countDown();
        for (Thread caller : callers) {
            caller.join();
        }

        assertThat(matched).hasValue(12);
        assertThat(most.get()).isBetween(1, 2);
    }

    @Test
    void concurrentHashesOutsideItsBoundsIsRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new PasswordProperties(null, null, null, null, null, 0))
                .withMessageContaining("concurrent-hashes");
    }
}
