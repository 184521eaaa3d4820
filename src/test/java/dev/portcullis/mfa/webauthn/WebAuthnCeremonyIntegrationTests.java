package dev.portcullis.mfa.webauthn;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.audit.RecordedAuditEvent;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.EnrolledFactor;
import dev.portcullis.mfa.MfaService;
import dev.portcullis.mfa.webauthn.SoftAuthenticator.Ceremony;
import dev.portcullis.signin.SignedInAccount;
import dev.portcullis.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registration (WebAuthn §7.1) and assertion (§7.2) against the real verifier and database, with
 * responses made by a software authenticator and tampered with on purpose: wrong origin (WA-01),
 * wrong RP id (WA-02), replayed, foreign and stale challenges (WA-03), a signature counter going
 * backwards (WA-04), user presence and verification (WA-05), tampered data and duplicate or
 * oversized credential ids (WA-06). Every refusal stores nothing and leaves an audit line with
 * the exact reason and no challenge, signature or key in it.
 */
@SpringBootTest(
        properties = "portcullis.base-url=https://portal.example.test")
class WebAuthnCeremonyIntegrationTests {

    static final String ORIGIN = "https://portal.example.test";
    static final String RP_ID = "portal.example.test";

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @Autowired
    private WebAuthnRegistration registration;

    @Autowired
    private WebAuthnAuthentication authentication;

    @Autowired
    private WebAuthnStore store;

    @Autowired
    private WebAuthnFactor factor;

    @Autowired
    private MfaService mfa;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private AuditLog audit;

    @Autowired
    private MutableClock clock;

    private SignedInAccount me;
    private SignedInAccount someoneElse;
    private String session;

    @BeforeEach
    void freshAccount() {
        clock.reset();
        long organisation = organisations.findOrCreate("WAC" + ThreadLocalRandom.current().nextInt(100000), "Ceremonies").id();
        me = newAccount(organisation);
        someoneElse = newAccount(organisation);
        session = SessionBinding.hash("session-" + UUID.randomUUID());
    }

    // ---- the journey that works ----

    @Test
    void registerThenSignInWhenEverythingHoldsThenAccepted() {
        SoftAuthenticator key = new SoftAuthenticator();

        Outcome registered = register(key, "Blue key on my lanyard", c -> c);

        assertThat(registered).isInstanceOf(Outcome.Accepted.class);
        assertThat(((Outcome.Accepted) registered).nextPath()).isNotBlank();
        assertThat(mfa.enabled(me.accountId())).isTrue();
        List<EnrolledFactor> methods = factor.enrolled(me.accountId());
        assertThat(methods).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo("webauthn");
            assertThat(m.label()).isEqualTo("Blue key on my lanyard");
            assertThat(m.hint()).isNull();
            assertThat(m.lastUsedAt()).isNull();
        });

        clock.advance(Duration.ofMinutes(1));
        Outcome signedIn = signIn(key, c -> c);

        assertThat(signedIn).isEqualTo(new Outcome.Accepted(methods.get(0).instanceId(), null));
        StoredCredential stored = store.credentials(me.accountId()).get(0);
        assertThat(stored.signCount()).isEqualTo(key.counter);
        assertThat(stored.lastUsedAt()).isEqualTo(clock.instant());
    }

    @Test
    void creationOptionsNameUsAndTheAccountAndExcludeItsKeys() {
        OptionsJson.Creation first = registration.options(me, session);

        assertThat(first.rp()).isEqualTo(new OptionsJson.RelyingPartyEntity(RP_ID, "Portcullis"));
        assertThat(first.user().name()).isEqualTo(me.email());
        assertThat(first.user().displayName()).isEqualTo(me.displayName());
        assertThat(SoftAuthenticator.unb64(first.user().id())).hasSize(32);
        assertThat(SoftAuthenticator.unb64(first.challenge())).hasSize(32);
        assertThat(first.pubKeyCredParams()).extracting(OptionsJson.Parameters::alg).containsExactly(-7L, -8L, -257L);
        assertThat(first.timeout()).isEqualTo(300_000);
        assertThat(first.attestation()).isEqualTo("none");
        assertThat(first.authenticatorSelection()).isEqualTo(new OptionsJson.Selection("preferred", false, "preferred"));
        assertThat(first.excludeCredentials()).isEmpty();

        SoftAuthenticator key = new SoftAuthenticator();
        assertThat(register(key, "Key", c -> c)).isInstanceOf(Outcome.Accepted.class);
        OptionsJson.Creation second = registration.options(me, session);

        assertThat(second.user().id()).isEqualTo(first.user().id());
        assertThat(second.challenge()).isNotEqualTo(first.challenge());
        assertThat(second.excludeCredentials()).containsExactly(
                new OptionsJson.Descriptor("public-key", key.credentialIdText(), List.of("usb")));
        assertThat(registration.options(someoneElse, session).user().id()).isNotEqualTo(first.user().id());
    }

    @Test
    void wa06_requestOptionsAllowOnlyTheAccountsKeys() {
        assertThat(authentication.options(me.accountId(), session)).isEmpty();
        SoftAuthenticator key = new SoftAuthenticator();
        register(key, "Key", c -> c);

        OptionsJson.Request options = authentication.options(me.accountId(), session).orElseThrow();

        assertThat(options.rpId()).isEqualTo(RP_ID);
        assertThat(options.userVerification()).isEqualTo("preferred");
        assertThat(options.timeout()).isEqualTo(300_000);
        assertThat(SoftAuthenticator.unb64(options.challenge())).hasSize(32);
        assertThat(options.allowCredentials()).extracting(OptionsJson.Descriptor::id).containsExactly(key.credentialIdText());
    }

    // ---- WA-01 origin ----

    @Test
    void wa01_registrationFromAnotherOriginRefusedAndNothingStored() {
        Outcome outcome = register(new SoftAuthenticator(), "Key", c -> c.origin("https://portal.example.test.evil.example"));

        assertRefused(outcome, WebAuthnRegistration.NOT_REGISTERED);
        assertNothingStored();
        assertAudited("enrolment", "wrong origin");
    }

    @Test
    void wa01_assertionFromAnotherOriginRefused() {
        SoftAuthenticator key = registered();

        Outcome outcome = signIn(key, c -> c.origin("https://evil.example"));

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "wrong origin");
        assertThat(store.credentials(me.accountId()).get(0).lastUsedAt()).isNull();
    }

    // ---- WA-02 RP id ----

    @Test
    void wa02_registrationForAnotherRpIdRefusedAndNothingStored() {
        Outcome outcome = register(new SoftAuthenticator(), "Key", c -> c.rpId("evil.example"));

        assertRefused(outcome, WebAuthnRegistration.NOT_REGISTERED);
        assertNothingStored();
        assertAudited("enrolment", "wrong rp id");
    }

    @Test
    void wa02_assertionForAnotherRpIdRefused() {
        SoftAuthenticator key = registered();

        Outcome outcome = signIn(key, c -> c.rpId("example.test"));

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "wrong rp id");
    }

    // ---- WA-03 challenges ----

    @Test
    void wa03_replayedAssertionRefused() {
        SoftAuthenticator key = registered();
        String challenge = authentication.options(me.accountId(), session).orElseThrow().challenge();
        Map<String, Object> assertion = key.assertion(key.get(challenge, ORIGIN, RP_ID));

        assertThat(authentication.verify(me, session, SoftAuthenticator.envelope(assertion, null), "192.0.2.1"))
                .isInstanceOf(Outcome.Accepted.class);
        Outcome replayed = authentication.verify(me, session, SoftAuthenticator.envelope(assertion, null), "192.0.2.1");

        assertRefused(replayed, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "challenge already used");
    }

    @Test
    void wa03_challengeOfAnotherSessionRefused() {
        SoftAuthenticator key = registered();
        String challenge = authentication.options(me.accountId(), SessionBinding.hash("another browser")).orElseThrow().challenge();

        Outcome outcome = signIn(key, c -> c.challenge(challenge));

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "challenge issued to another session");
    }

    @Test
    void wa03_challengeOfAnotherAccountRefused() {
        SoftAuthenticator key = registered();
        register(new SoftAuthenticator(), someoneElse, "Theirs", c -> c);
        String theirs = authentication.options(someoneElse.accountId(), session).orElseThrow().challenge();

        Outcome outcome = signIn(key, c -> c.challenge(theirs));

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "challenge issued to another account");
    }

    @Test
    void wa03_challengeNeverIssuedRefused() {
        SoftAuthenticator key = registered();
        byte[] made = new byte[32];
        ThreadLocalRandom.current().nextBytes(made);

        Outcome outcome = signIn(key, c -> c.challenge(SoftAuthenticator.b64(made)));

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "challenge unknown");
    }

    @Test
    void wa03_registrationChallengeCannotSignIn() {
        SoftAuthenticator key = registered();
        String forRegistering = registration.options(me, session).challenge();

        Outcome outcome = signIn(key, c -> c.challenge(forRegistering));

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "challenge issued for another purpose");
    }

    @Test
    void wa03_challengeExpiresAfterFiveMinutes() {
        SoftAuthenticator key = registered();
        String stale = authentication.options(me.accountId(), session).orElseThrow().challenge();
        String fresh = authentication.options(me.accountId(), session).orElseThrow().challenge();

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(signIn(key, c -> c.challenge(fresh))).isInstanceOf(Outcome.Accepted.class);
        clock.advance(Duration.ofSeconds(1));
        Outcome outcome = signIn(key, c -> c.challenge(stale));

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "challenge expired");
    }

    @Test
    void wa03_registrationChallengeExpiresAfterFiveMinutes() {
        SoftAuthenticator key = new SoftAuthenticator();
        String challenge = registration.options(me, session).challenge();
        clock.advance(Duration.ofMinutes(5));

        Outcome outcome = registration.register(me, session, "Key",
                SoftAuthenticator.envelope(key.registration(key.create(challenge, ORIGIN, RP_ID)), "Key"), "192.0.2.1");

        assertRefused(outcome, WebAuthnRegistration.TIMED_OUT);
        assertNothingStored();
        assertAudited("enrolment", "challenge expired");
    }

    @Test
    void wa03_sessionWithoutChallengesRefused() {
        SoftAuthenticator key = registered();
        String challenge = authentication.options(me.accountId(), session).orElseThrow().challenge();

        Outcome outcome = authentication.verify(me, null,
                SoftAuthenticator.envelope(key.assertion(key.get(challenge, ORIGIN, RP_ID)), null), "192.0.2.1");

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "no challenge issued to this session");
    }

    // ---- WA-04 signature counter ----

    @Test
    void wa04_counterGoingBackwardsFlaggedAndRefused() {
        SoftAuthenticator key = new SoftAuthenticator();
        key.counter = 10;
        register(key, "Key", c -> c);
        assertThat(signIn(key, c -> c.counter(11))).isInstanceOf(Outcome.Accepted.class);

        Outcome copied = signIn(key, c -> c.counter(11));

        assertRefused(copied, WebAuthnAuthentication.BLOCKED);
        StoredCredential stored = store.credentials(me.accountId()).get(0);
        assertThat(stored.counterRegressed()).isTrue();
        assertThat(stored.signCount()).isEqualTo(11);
        assertAudited("signin", "counter regressed");
        assertThat(audit.recentFor(me.accountId(), 20)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("mfa.webauthn.counter.regressed");
            assertThat(e.detail()).isEqualTo("key=" + stored.id() + " stored=11 presented=11");
        });
        // blocked from now on, even with a counter that goes up, until removed and registered again
        assertThat(factor.enrolled(me.accountId()).get(0).hint()).isEqualTo(WebAuthnFactor.BLOCKED_HINT);
        assertThat(authentication.hasUsableKey(me.accountId())).isFalse();
        assertThat(authentication.options(me.accountId(), session)).isEmpty();
    }

    @Test
    void wa04_lowerCounterRefused() {
        SoftAuthenticator key = new SoftAuthenticator();
        key.counter = 41;
        register(key, "Key", c -> c);

        assertRefused(signIn(key, c -> c.counter(7)), WebAuthnAuthentication.BLOCKED);
        assertThat(store.credentials(me.accountId()).get(0).counterRegressed()).isTrue();
    }

    @Test
    void wa04_keysWithoutCountersAccepted() {
        SoftAuthenticator key = new SoftAuthenticator();
        register(key, "Passkey", c -> c.counter(0));

        assertThat(signIn(key, c -> c.counter(0))).isInstanceOf(Outcome.Accepted.class);
        assertThat(signIn(key, c -> c.counter(0))).isInstanceOf(Outcome.Accepted.class);
        assertThat(store.credentials(me.accountId()).get(0).counterRegressed()).isFalse();
    }

    @Test
    void wa04_forgedAssertionCannotBlockSomeonesKey() {
        SoftAuthenticator key = registered();
        SoftAuthenticator forger = new SoftAuthenticator();
        System.arraycopy(key.credentialId, 0, forger.credentialId, 0, key.credentialId.length);

        Outcome outcome = signIn(forger, c -> c.counter(0));

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "bad signature");
        assertThat(store.credentials(me.accountId()).get(0).counterRegressed()).isFalse();
    }

    // ---- WA-05 user presence and verification ----

    @Test
    void wa05_registrationWithoutUserPresenceRefusedAndNothingStored() {
        Outcome outcome = register(new SoftAuthenticator(), "Key", c -> c.flags(SoftAuthenticator.UV));

        assertRefused(outcome, WebAuthnRegistration.NOT_REGISTERED);
        assertNothingStored();
        assertAudited("enrolment", "user not present");
    }

    @Test
    void wa05_assertionWithoutUserPresenceRefused() {
        SoftAuthenticator key = registered();

        Outcome outcome = signIn(key, c -> c.flags(SoftAuthenticator.UV));

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "user not present");
    }

    @Test
    void wa05_userVerificationRecorded() {
        SoftAuthenticator presenceOnly = new SoftAuthenticator();
        register(presenceOnly, "Presence only", c -> c.flags(SoftAuthenticator.UP));
        SoftAuthenticator verified = new SoftAuthenticator();
        register(verified, "With PIN", c -> c);

        assertThat(store.credential(me.accountId(), presenceOnly.credentialIdText()).orElseThrow().uvInitialized()).isFalse();
        assertThat(store.credential(me.accountId(), verified.credentialIdText()).orElseThrow().uvInitialized()).isTrue();

        assertThat(signIn(presenceOnly, c -> c.flags(SoftAuthenticator.UP))).isInstanceOf(Outcome.Accepted.class);
        assertThat(store.credential(me.accountId(), presenceOnly.credentialIdText()).orElseThrow().uvInitialized()).isFalse();
        assertThat(signIn(presenceOnly, c -> c)).isInstanceOf(Outcome.Accepted.class);
        assertThat(store.credential(me.accountId(), presenceOnly.credentialIdText()).orElseThrow().uvInitialized()).isTrue();
    }

    // ---- WA-06 tampered data, duplicate and oversized credential ids ----

    @Test
    void wa06_tamperedClientDataInAssertionRefused() {
        SoftAuthenticator key = registered();
        String challenge = authentication.options(me.accountId(), session).orElseThrow().challenge();
        Map<String, Object> signed = key.assertion(key.get(challenge, ORIGIN, RP_ID));
        String tampered = "{\"type\":\"webauthn.get\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + ORIGIN
                + "\",\"crossOrigin\":false,\"extra\":\"changed after signing\"}";

        Outcome outcome = authentication.verify(me, session, SoftAuthenticator.envelope(
                SoftAuthenticator.withResponse(signed, "clientDataJSON", SoftAuthenticator.b64(tampered.getBytes())), null),
                "192.0.2.1");

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "bad signature");
    }

    @Test
    void wa06_tamperedAuthenticatorDataRefused() {
        SoftAuthenticator key = registered();
        String challenge = authentication.options(me.accountId(), session).orElseThrow().challenge();
        Map<String, Object> signed = key.assertion(key.get(challenge, ORIGIN, RP_ID));
        byte[] data = SoftAuthenticator.unb64((String) ((Map<?, ?>) signed.get("response")).get("authenticatorData"));
        data[data.length - 1] ^= 0x40; // counter changed after signing

        Outcome outcome = authentication.verify(me, session, SoftAuthenticator.envelope(
                SoftAuthenticator.withResponse(signed, "authenticatorData", SoftAuthenticator.b64(data)), null), "192.0.2.1");

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "bad signature");
    }

    @Test
    void wa06_registrationWithWrongClientDataTypeRefused() {
        Outcome outcome = register(new SoftAuthenticator(), "Key", c -> c.type("webauthn.get"));

        assertRefused(outcome, WebAuthnRegistration.NOT_REGISTERED);
        assertNothingStored();
        assertAudited("enrolment", "wrong client data type");
    }

    @Test
    void wa06_garbledAttestationRefused() {
        SoftAuthenticator key = new SoftAuthenticator();
        String challenge = registration.options(me, session).challenge();
        Map<String, Object> response = SoftAuthenticator.withResponse(key.registration(key.create(challenge, ORIGIN, RP_ID)),
                "attestationObject", SoftAuthenticator.b64(new byte[] {(byte) 0xa3, 0x01, 0x02}));

        Outcome outcome = registration.register(me, session, "Key", SoftAuthenticator.envelope(response, "Key"), "192.0.2.1");

        assertRefused(outcome, WebAuthnRegistration.NOT_REGISTERED);
        assertNothingStored();
        assertThat(audit.recentFor(me.accountId(), 5)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("mfa.webauthn.refused");
            assertThat(e.detail()).startsWith("during=enrolment reason=malformed data");
        });
    }

    @Test
    void wa06_duplicateCredentialIdRefusedAndNothingStored() {
        SoftAuthenticator key = registered();

        Outcome again = register(key, "Same key again", c -> c);
        Outcome elsewhere = register(key, someoneElse, "Their copy", c -> c);

        assertRefused(again, WebAuthnRegistration.ALREADY_REGISTERED);
        assertRefused(elsewhere, WebAuthnRegistration.ALREADY_REGISTERED);
        assertThat(store.credentials(me.accountId())).hasSize(1);
        assertThat(store.credentials(someoneElse.accountId())).isEmpty();
        assertAudited("enrolment", "credential id already registered");
    }

    @Test
    void wa06_oversizedCredentialIdRefusedAndNothingStored() {
        Outcome outcome = register(new SoftAuthenticator(1024), "Key", c -> c);

        assertRefused(outcome, WebAuthnRegistration.NOT_REGISTERED);
        assertNothingStored();
        assertAudited("enrolment", "credential id too long");
    }

    @Test
    void wa06_longestCredentialIdAccepted() {
        SoftAuthenticator key = new SoftAuthenticator(CredentialJson.MAX_CREDENTIAL_ID_BYTES);

        assertThat(register(key, "Key", c -> c)).isInstanceOf(Outcome.Accepted.class);
        assertThat(signIn(key, c -> c)).isInstanceOf(Outcome.Accepted.class);
    }

    @Test
    void wa06_rawIdThatIsNotTheAttestedCredentialRefused() {
        SoftAuthenticator key = new SoftAuthenticator();
        String challenge = registration.options(me, session).challenge();
        Ceremony ceremony = key.create(challenge, ORIGIN, RP_ID);
        ceremony.rawId = new byte[] {1, 2, 3, 4};

        Outcome outcome = registration.register(me, session, "Key",
                SoftAuthenticator.envelope(key.registration(ceremony), "Key"), "192.0.2.1");

        assertRefused(outcome, WebAuthnRegistration.NOT_REGISTERED);
        assertNothingStored();
        assertAudited("enrolment", "credential id differs from rawId");
    }

    @Test
    void wa06_anotherAccountsKeyRefused() {
        SoftAuthenticator mine = registered();
        SoftAuthenticator theirs = new SoftAuthenticator();
        register(theirs, someoneElse, "Theirs", c -> c);

        Outcome outcome = signIn(theirs, c -> c);

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "key not registered to this account");
        assertThat(mine.counter).isZero();
    }

    @Test
    void wa06_userHandleOfAnotherAccountRefused() {
        SoftAuthenticator key = registered();

        Outcome outcome = signIn(key, c -> c.userHandle(registration.userHandle(someoneElse.accountId())));

        assertRefused(outcome, WebAuthnAuthentication.NOT_CHECKED);
        assertAudited("signin", "user handle mismatch");
    }

    @Test
    void userHandleOfTheAccountAccepted() {
        SoftAuthenticator key = registered();

        assertThat(signIn(key, c -> c.userHandle(registration.userHandle(me.accountId())))).isInstanceOf(Outcome.Accepted.class);
    }

    // ---- names, and the regulator ----

    @Test
    void registrationWithoutANameRefusedBeforeTheChallengeIsUsed() {
        SoftAuthenticator key = new SoftAuthenticator();
        String challenge = registration.options(me, session).challenge();
        Map<String, Object> response = key.registration(key.create(challenge, ORIGIN, RP_ID));

        Outcome unnamed = registration.register(me, session, "  ", SoftAuthenticator.envelope(response, "  "), "192.0.2.1");
        Outcome tooLong = registration.register(me, session, "k".repeat(61), SoftAuthenticator.envelope(response, null), "192.0.2.1");
        Outcome named = registration.register(me, session, " Green key ", SoftAuthenticator.envelope(response, null), "192.0.2.1");

        assertThat(unnamed).isEqualTo(new Outcome.Refused("Enter a name", "label"));
        assertThat(tooLong).isEqualTo(new Outcome.Refused("Name must be 60 characters or fewer", "label"));
        assertThat(named).isInstanceOf(Outcome.Accepted.class);
        assertThat(store.credentials(me.accountId())).extracting(StoredCredential::label).containsExactly("Green key");
    }

    @Test
    void rl03_repeatedFailuresPauseTheAccountAndACorrectKeyWaits() {
        SoftAuthenticator key = registered();
        for (int i = 1; i <= 4; i++) {
            assertRefused(signIn(key, c -> c.origin("https://evil.example")), WebAuthnAuthentication.NOT_CHECKED);
        }
        assertRefused(signIn(key, c -> c.origin("https://evil.example")), WebAuthnAuthentication.paused(1));

        assertRefused(signIn(key, c -> c), WebAuthnAuthentication.paused(1));
        assertAudited("signin", "paused");
        assertThat(authentication.pausedMinutes(me.accountId())).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(signIn(key, c -> c)).isInstanceOf(Outcome.Accepted.class);
        assertThat(authentication.pausedMinutes(me.accountId())).isZero();
    }

    @Test
    void removingAndRenamingKeysThroughTheFactor() {
        SoftAuthenticator first = registered();
        register(new SoftAuthenticator(), "Second", c -> c);
        List<EnrolledFactor> keys = factor.enrolled(me.accountId());

        assertThat(factor.rename(me.accountId(), keys.get(0).instanceId(), "  Blue key  ")).isTrue();
        assertThat(factor.rename(me.accountId(), keys.get(0).instanceId(), "")).isFalse();
        assertThat(factor.rename(someoneElse.accountId(), keys.get(0).instanceId(), "Mine")).isFalse();
        assertThat(factor.remove(someoneElse.accountId(), keys.get(1).instanceId())).isFalse();
        assertThat(factor.remove(me.accountId(), keys.get(1).instanceId())).isTrue();

        assertThat(factor.enrolled(me.accountId())).extracting(EnrolledFactor::label).containsExactly("Blue key");
        factor.removeAll(me.accountId());
        assertThat(factor.enrolled(me.accountId())).isEmpty();
        assertRefused(signIn(first, c -> c), WebAuthnAuthentication.NOT_CHECKED);
    }

    // ---- helpers ----

    private SoftAuthenticator registered() {
        SoftAuthenticator key = new SoftAuthenticator();
        assertThat(register(key, "Blue key", c -> c)).isInstanceOf(Outcome.Accepted.class);
        return key;
    }

    private Outcome register(SoftAuthenticator key, String label, UnaryOperator<Ceremony> change) {
        return register(key, me, label, change);
    }

    private Outcome register(SoftAuthenticator key, SignedInAccount account, String label, UnaryOperator<Ceremony> change) {
        String challenge = registration.options(account, session).challenge();
        Map<String, Object> response = key.registration(change.apply(key.create(challenge, ORIGIN, RP_ID)));
        return registration.register(account, session, label, SoftAuthenticator.envelope(response, label), "192.0.2.1");
    }

    private Outcome signIn(SoftAuthenticator key, UnaryOperator<Ceremony> change) {
        String challenge = authentication.options(me.accountId(), session).map(OptionsJson.Request::challenge)
                .orElse(SoftAuthenticator.b64(new byte[32]));
        Map<String, Object> response = key.assertion(change.apply(key.get(challenge, ORIGIN, RP_ID)));
        return authentication.verify(me, session, SoftAuthenticator.envelope(response, null), "192.0.2.1");
    }

    private static void assertRefused(Outcome outcome, String message) {
        assertThat(outcome).isEqualTo(Outcome.Refused.of(message));
    }

    private void assertNothingStored() {
        assertThat(store.credentials(me.accountId())).isEmpty();
        assertThat(mfa.enabled(me.accountId())).isFalse();
    }

    /** The refusal is in the audit log with its exact reason, and no audit line carries ceremony data. */
    private void assertAudited(String during, String reason) {
        List<RecordedAuditEvent> events = audit.recentFor(me.accountId(), 50);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("mfa.webauthn.refused");
            assertThat(e.detail()).isEqualTo("during=" + during + " reason=" + reason);
            assertThat(e.sourceIp()).isEqualTo("192.0.2.1");
        });
        assertThat(events).allSatisfy(e -> assertThat(String.valueOf(e.detail()))
                .doesNotContainPattern("[A-Za-z0-9_-]{40,}"));
    }

    private SignedInAccount newAccount(long organisation) {
        String email = "wac-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        // no password: these tests never sign in over HTTP, and hashing one costs seconds
        var account = accounts.create(new NewAccount(email, "Ceremony Test", organisation, Role.USER, null), "test", null);
        return new SignedInAccount(account.id(), account.email(), account.displayName(), organisation, account.role());
    }
}
