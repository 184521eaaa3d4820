package dev.portcullis.mfa.webauthn;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.signin.SignedInAccount;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MFA-06: two tabs registering two different security keys for one account at the same moment
 * leave a consistent state: each key is either stored whole (credential, method index, default
 * method) or refused with nothing of it stored, never half. WA-03's number: every challenge the
 * server issues is at least 16 random bytes, and kept on the server.
 */
@SpringBootTest(properties = "portcullis.base-url=https://portal.example.test")
class WebAuthnRegistrationRaceIntegrationTests {

    private static final String ORIGIN = "https://portal.example.test";
    private static final String RP_ID = "portal.example.test";

    @Autowired
    private WebAuthnRegistration registration;

    @Autowired
    private WebAuthnAuthentication authentication;

    @Autowired
    private WebAuthnStore store;

    @Autowired
    private MfaService mfa;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void mfa06_twoKeysRegisteredAtOnceForOneAccountAreEachStoredWholeOrRefusedWhole() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                SignedInAccount me = newAccount();
                if (round % 2 == 1) {
                    // Half the rounds start from an account that already has a key: the second and third at once.
                    SoftAuthenticator first = new SoftAuthenticator();
                    String tab = SessionBinding.hash("tab-" + UUID.randomUUID());
                    assertThat(register(me, tab, first, "Old key")).isInstanceOf(Outcome.Accepted.class);
                }
                int before = store.credentials(me.accountId()).size();
                String tabOne = SessionBinding.hash("tab-one-" + UUID.randomUUID());
                String tabTwo = SessionBinding.hash("tab-two-" + UUID.randomUUID());
                JsonNode one = prepared(me, tabOne, new SoftAuthenticator(), "Blue key");
                JsonNode two = prepared(me, tabTwo, new SoftAuthenticator(), "Green key");

                CountDownLatch go = new CountDownLatch(1);
                Future<Outcome> a = pool.submit(() -> {
                    go.await();
                    return registration.register(me, tabOne, "Blue key", one, "192.0.2.1");
                });
                Future<Outcome> b = pool.submit(() -> {
                    go.await();
                    return registration.register(me, tabTwo, "Green key", two, "192.0.2.2");
                });
                go.countDown();
                List<Outcome> outcomes = List.of(a.get(), b.get());

                List<String> accepted = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    if (outcomes.get(i) instanceof Outcome.Accepted) {
                        accepted.add(i == 0 ? "Blue key" : "Green key");
                    } else {
                        assertThat(outcomes.get(i)).isInstanceOf(Outcome.Refused.class);
                        assertThat(((Outcome.Refused) outcomes.get(i)).message()).isNotBlank();
                    }
                }
                assertThat(accepted).as("round " + round).isNotEmpty();
                List<StoredCredential> stored = store.credentials(me.accountId());
                assertThat(stored).as("round " + round + ": exactly the accepted keys were added")
                        .hasSize(before + accepted.size());
                assertThat(stored).extracting(StoredCredential::label).containsAll(accepted);
                assertThat(mfa.enabled(me.accountId())).isTrue();
                assertThat(jdbc.sql("SELECT COUNT(*) FROM mfa_method_index WHERE account_id = :id AND factor_type = 'webauthn'")
                        .param("id", me.accountId()).query(Long.class).single()).isEqualTo(1L);
                // The default method is one of the keys that exists.
                List<String> keyIds = stored.stream().map(c -> Long.toString(c.id())).toList();
                assertThat(jdbc.sql("SELECT instance_id FROM mfa_default_factor WHERE account_id = :id")
                        .param("id", me.accountId()).query(String.class).list()).singleElement().isIn(keyIds);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wa03_everyIssuedChallengeIsAtLeastSixteenRandomBytesKeptOnTheServer() {
        SignedInAccount me = newAccount();
        String tab = SessionBinding.hash("tab-" + UUID.randomUUID());

        byte[] first = SoftAuthenticator.unb64(registration.options(me, tab).challenge());
        byte[] second = SoftAuthenticator.unb64(registration.options(me, tab).challenge());
        assertThat(first.length).isGreaterThanOrEqualTo(16).isEqualTo(Challenges.BYTES);
        assertThat(second).hasSameSizeAs(first).isNotEqualTo(first);
        assertThat(storedChallenges(me)).as("kept on the server").isEqualTo(2L);

        assertThat(register(me, tab, new SoftAuthenticator(), "Blue key")).isInstanceOf(Outcome.Accepted.class);
        byte[] signIn = SoftAuthenticator.unb64(authentication.options(me.accountId(), tab).orElseThrow().challenge());
        assertThat(signIn.length).isGreaterThanOrEqualTo(16).isEqualTo(Challenges.BYTES);
        assertThat(Challenges.BYTES).as("SECURITY.md: at least 16 bytes").isGreaterThanOrEqualTo(16);
    }

    private long storedChallenges(SignedInAccount account) {
        return jdbc.sql("SELECT COUNT(*) FROM mfa_webauthn_challenge WHERE account_id = :id")
                .param("id", account.accountId()).query(Long.class).single();
    }

    private JsonNode prepared(SignedInAccount account, String tab, SoftAuthenticator key, String label) {
        String challenge = registration.options(account, tab).challenge();
        return SoftAuthenticator.envelope(key.registration(key.create(challenge, ORIGIN, RP_ID)), label);
    }

    private Outcome register(SignedInAccount account, String tab, SoftAuthenticator key, String label) {
        return registration.register(account, tab, label, prepared(account, tab, key, label), "192.0.2.1");
    }

    private SignedInAccount newAccount() {
        long organisation = organisations.findOrCreate("WAR" + ThreadLocalRandom.current().nextInt(100000), "Races").id();
        String email = "war-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        // No password: nothing here signs in over HTTP, and hashing one costs time.
        var account = accounts.create(new NewAccount(email, "Race Test", organisation, Role.USER, null), "test", null);
        return new SignedInAccount(account.id(), account.email(), account.displayName(), organisation, account.role());
    }
}
