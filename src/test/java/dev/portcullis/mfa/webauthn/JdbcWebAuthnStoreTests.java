package dev.portcullis.mfa.webauthn;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.webauthn.WebAuthnStore.Purpose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The WebAuthn tables on H2 and PostgreSQL: a challenge is consumed once, also by parallel
 * requests (FLT-05), only for its account, purpose and session, and only before it expires
 * (WA-03); a credential id is stored once (WA-06); keys are renamed and removed only by their
 * own account.
 */
@SpringBootTest
class JdbcWebAuthnStoreTests {

    private static final String BINDING = "a".repeat(64);
    private static final String OTHER_BINDING = "b".repeat(64);

    @Autowired
    private WebAuthnStore store;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private JdbcClient jdbc;

    private long account;
    private long otherAccount;
    private final Instant now = Instant.parse("2026-03-01T10:00:00Z");

    @BeforeEach
    void accounts() {
        long organisation = organisations.findOrCreate("WA" + ThreadLocalRandom.current().nextInt(100000), "Store tests").id();
        account = newAccount(organisation);
        otherAccount = newAccount(organisation);
    }

    @Test
    void wa03_challengeConsumedOnlyOnce() {
        byte[] challenge = challenge();
        store.insertChallenge(account, Purpose.AUTHENTICATE, challenge, BINDING, now, now.plusSeconds(300));

        assertThat(store.consumeChallenge(account, Purpose.AUTHENTICATE, challenge, BINDING, now.plusSeconds(1))).isTrue();
        assertThat(store.consumeChallenge(account, Purpose.AUTHENTICATE, challenge, BINDING, now.plusSeconds(2))).isFalse();
        assertThat(store.whyNotConsumed(account, Purpose.AUTHENTICATE, challenge, BINDING, now.plusSeconds(2)))
                .isEqualTo("challenge already used");
    }

    @Test
    void wa03_challengeRefusedForAnotherAccountPurposeOrSession() {
        byte[] challenge = challenge();
        store.insertChallenge(account, Purpose.REGISTER, challenge, BINDING, now, now.plusSeconds(300));

        assertThat(store.consumeChallenge(otherAccount, Purpose.REGISTER, challenge, BINDING, now)).isFalse();
        assertThat(store.whyNotConsumed(otherAccount, Purpose.REGISTER, challenge, BINDING, now))
                .isEqualTo("challenge issued to another account");
        assertThat(store.consumeChallenge(account, Purpose.AUTHENTICATE, challenge, BINDING, now)).isFalse();
        assertThat(store.whyNotConsumed(account, Purpose.AUTHENTICATE, challenge, BINDING, now))
                .isEqualTo("challenge issued for another purpose");
        assertThat(store.consumeChallenge(account, Purpose.REGISTER, challenge, OTHER_BINDING, now)).isFalse();
        assertThat(store.whyNotConsumed(account, Purpose.REGISTER, challenge, OTHER_BINDING, now))
                .isEqualTo("challenge issued to another session");
        assertThat(store.whyNotConsumed(account, Purpose.REGISTER, challenge(), BINDING, now)).isEqualTo("challenge unknown");
        // none of those attempts used it up
        assertThat(store.consumeChallenge(account, Purpose.REGISTER, challenge, BINDING, now)).isTrue();
    }

    @Test
    void wa03_challengeRefusedOnceExpired() {
        byte[] challenge = challenge();
        store.insertChallenge(account, Purpose.AUTHENTICATE, challenge, BINDING, now, now.plus(Challenges.LIFETIME));

        Instant expired = now.plus(Challenges.LIFETIME);
        assertThat(store.consumeChallenge(account, Purpose.AUTHENTICATE, challenge, BINDING, expired)).isFalse();
        assertThat(store.whyNotConsumed(account, Purpose.AUTHENTICATE, challenge, BINDING, expired)).isEqualTo("challenge expired");
        assertThat(store.consumeChallenge(account, Purpose.AUTHENTICATE, challenge, BINDING, expired.minusMillis(1))).isTrue();
    }

    @Test
    void flt05_parallelConsumptionSucceedsExactlyOnce() throws Exception {
        byte[] challenge = challenge();
        store.insertChallenge(account, Purpose.AUTHENTICATE, challenge, BINDING, now, now.plusSeconds(300));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Boolean> attempt = () -> {
                    start.await();
                    return store.consumeChallenge(account, Purpose.AUTHENTICATE, challenge, BINDING, now.plusSeconds(1));
                };
                results.add(pool.submit(attempt));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> result : results) {
                if (result.get(30, TimeUnit.SECONDS)) {
                    won++;
                }
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oob05_issuingManyChallengesKeepsOnlyTheNewest() {
        List<byte[]> issued = new ArrayList<>();
        for (int i = 0; i < WebAuthnStore.LIVE_CHALLENGES + 5; i++) {
            byte[] challenge = challenge();
            issued.add(challenge);
            store.insertChallenge(account, Purpose.AUTHENTICATE, challenge, BINDING, now, now.plusSeconds(300));
        }
        long stored = jdbc.sql("SELECT COUNT(*) FROM mfa_webauthn_challenge WHERE account_id = :a")
                .param("a", account).query(Long.class).single();
        assertThat(stored).isEqualTo(WebAuthnStore.LIVE_CHALLENGES);
        assertThat(store.consumeChallenge(account, Purpose.AUTHENTICATE, issued.get(0), BINDING, now)).isFalse();
        assertThat(store.consumeChallenge(account, Purpose.AUTHENTICATE, issued.get(issued.size() - 1), BINDING, now)).isTrue();
    }

    @Test
    void pruningRemovesOnlyLongExpiredChallenges() {
        byte[] old = challenge();
        byte[] fresh = challenge();
        store.insertChallenge(account, Purpose.AUTHENTICATE, old, BINDING, now.minus(Duration.ofHours(3)),
                now.minus(Duration.ofHours(3)).plusSeconds(300));
        store.insertChallenge(account, Purpose.AUTHENTICATE, fresh, BINDING, now, now.plusSeconds(300));

        assertThat(store.pruneChallenges(now.minus(Duration.ofHours(1)))).isEqualTo(1);
        assertThat(store.whyNotConsumed(account, Purpose.AUTHENTICATE, old, BINDING, now)).isEqualTo("challenge unknown");
        assertThat(store.consumeChallenge(account, Purpose.AUTHENTICATE, fresh, BINDING, now)).isTrue();
    }

    @Test
    void wa06_credentialIdStoredOnlyOnceAcrossAccounts() {
        String credentialId = SoftAuthenticator.b64(challenge());
        store.insertCredential(account, credentialId, new byte[] {1, 2, 3}, 0, "Blue key", "usb", true, false, false, now);

        assertThatThrownBy(() -> store.insertCredential(otherAccount, credentialId, new byte[] {4}, 0, "Stolen", null,
                false, false, false, now)).isInstanceOf(DuplicateKeyException.class);
        assertThat(store.credentialIdExists(credentialId)).isTrue();
        assertThat(store.credentials(otherAccount)).isEmpty();
    }

    @Test
    void credentialsReadBackWithTheirFlags() {
        String credentialId = SoftAuthenticator.b64(challenge());
        long id = store.insertCredential(account, credentialId, new byte[] {9, 8, 7}, 5, "Blue key on my lanyard",
                "usb,nfc", true, true, false, now);

        StoredCredential key = store.credential(account, credentialId).orElseThrow();
        assertThat(key.id()).isEqualTo(id);
        assertThat(key.attestedCredentialData()).containsExactly(9, 8, 7);
        assertThat(key.signCount()).isEqualTo(5);
        assertThat(key.label()).isEqualTo("Blue key on my lanyard");
        assertThat(key.transports()).isEqualTo("usb,nfc");
        assertThat(key.uvInitialized()).isTrue();
        assertThat(key.backupEligible()).isTrue();
        assertThat(key.backedUp()).isFalse();
        assertThat(key.counterRegressed()).isFalse();
        assertThat(key.createdAt()).isEqualTo(now);
        assertThat(key.lastUsedAt()).isNull();
        assertThat(store.credential(otherAccount, credentialId)).isEmpty();
    }

    @Test
    void wa04_counterOnlyMovesUp() {
        String credentialId = SoftAuthenticator.b64(challenge());
        long id = store.insertCredential(account, credentialId, new byte[] {1}, 5, "Key", null, false, false, false, now);

        store.recordUse(id, 9, true, false, now.plusSeconds(10));
        store.recordUse(id, 7, false, false, now.plusSeconds(20));

        StoredCredential key = store.credential(account, credentialId).orElseThrow();
        assertThat(key.signCount()).isEqualTo(9);
        assertThat(key.uvInitialized()).isTrue();
        assertThat(key.lastUsedAt()).isEqualTo(now.plusSeconds(20));
    }

    @Test
    void renameAndDeleteOnlyForTheOwner() {
        String credentialId = SoftAuthenticator.b64(challenge());
        long id = store.insertCredential(account, credentialId, new byte[] {1}, 0, "Key", null, false, false, false, now);

        assertThat(store.rename(otherAccount, id, "Mine now")).isFalse();
        assertThat(store.delete(otherAccount, id)).isFalse();
        assertThat(store.rename(account, id, "Green key")).isTrue();
        assertThat(store.credentials(account)).extracting(StoredCredential::label).containsExactly("Green key");
        assertThat(store.delete(account, id)).isTrue();
        assertThat(store.credentials(account)).isEmpty();
    }

    @Test
    void wa06_userHandleIsUniquePerAccount() {
        byte[] handle = challenge();
        store.insertUserHandle(account, handle);

        assertThat(store.userHandle(account)).hasValueSatisfying(h -> assertThat(h).isEqualTo(handle));
        assertThatThrownBy(() -> store.insertUserHandle(account, challenge())).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> store.insertUserHandle(otherAccount, handle)).isInstanceOf(DuplicateKeyException.class);
    }

    private long newAccount(long organisation) {
        String email = "wa-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        return accounts.create(new NewAccount(email, "Store Test", organisation, Role.USER, null),
                "test", null).id();
    }

    private static byte[] challenge() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
