package dev.portcullis.mfa.webauthn;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.audit.RecordedAuditEvent;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.web.HttpUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security-key refusals over real HTTP leave an audit line with the exact reason, the source and
 * nothing of the ceremony (no challenge, signature or key), while the person sees a generic
 * message (SECURITY.md: every negative case is audited; WA-01, WA-03, INP-01).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebAuthnRefusalAuditIntegrationTests {

    private static final String PASSWORD = "a-long-password";
    private static final String ENROLL = "/account/security/factors/webauthn/enroll";
    private static final String CREATE_OPTIONS = "/account/security/factors/webauthn/options";
    private static final String REGISTER = "/account/security/factors/webauthn/register";
    private static final String GET_OPTIONS = "/signin/factor/webauthn/options";
    private static final String VERIFY = "/signin/factor/webauthn/verify";

    @org.springframework.boot.test.web.server.LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private WebAuthnStore store;

    @Autowired
    private AuditLog audit;

    private long accountId;
    private String email;

    @BeforeEach
    void account() {
        long organisation = organisations.findOrCreate("WAA" + ThreadLocalRandom.current().nextInt(100000), "Audit").id();
        email = "waa-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accountId = accounts.create(new NewAccount(email, "Audit Test", organisation, Role.USER, PASSWORD.toCharArray()),
                "test", null).id();
    }

    @Test
    void wa01_registrationFromTheWrongOriginIsAuditedWithItsReason() {
        JsonVisitor browser = signedInWithoutMfa();
        SoftAuthenticator key = new SoftAuthenticator();
        browser.get(ENROLL);
        String challenge = browser.postJson(CREATE_OPTIONS, Map.of("label", "Key")).field("challenge");

        JsonVisitor.Page refused = browser.postJson(REGISTER, Map.of("label", "Key",
                "credential", key.registration(key.create(challenge, "https://evil.example", "localhost"))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field("error")).isEqualTo(WebAuthnRegistration.NOT_REGISTERED).doesNotContain("origin");
        assertThat(store.credentials(accountId)).isEmpty();
        assertRefusalAudited("enrolment", "wrong origin", challenge);
    }

    @Test
    void wa03_assertionForAnotherBrowsersChallengeIsAuditedWithItsReason() {
        SoftAuthenticator key = enrolledKey();
        JsonVisitor victim = new JsonVisitor(port);
        victim.follow(victim.signIn(email, PASSWORD));
        String victimsChallenge = victim.postJson(GET_OPTIONS, Map.of()).field("challenge");
        JsonVisitor other = new JsonVisitor(port);
        other.follow(other.signIn(email, PASSWORD));
        other.postJson(GET_OPTIONS, Map.of());

        JsonVisitor.Page refused = other.postJson(VERIFY,
                Map.of("credential", key.assertion(key.get(victimsChallenge, other.origin(), "localhost"))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field("error")).isEqualTo(WebAuthnAuthentication.NOT_CHECKED);
        assertRefusalAudited("signin", "challenge issued to another session", victimsChallenge);
    }

    @Test
    void inp01_malformedAssertionIsAuditedWithoutWhatWasSent() {
        enrolledKey();
        JsonVisitor browser = new JsonVisitor(port);
        browser.follow(browser.signIn(email, PASSWORD));
        browser.postJson(GET_OPTIONS, Map.of());
        String sent = "B".repeat(60);

        JsonVisitor.Page refused = browser.postJson(VERIFY, Map.of("credential",
                Map.of("type", "public-key", "id", sent, "rawId", sent, "response", Map.of("clientDataJSON", sent))));

        assertThat(refused.status()).isEqualTo(400);
        List<RecordedAuditEvent> refusals = refusals();
        assertThat(refusals).hasSize(1);
        assertThat(refusals.get(0).detail()).startsWith("during=signin reason=").doesNotContain(sent);
        assertThat(refusals.get(0).sourceIp()).isEqualTo("127.0.0.1");
    }

    private void assertRefusalAudited(String during, String reason, String challenge) {
        List<RecordedAuditEvent> refusals = refusals();
        assertThat(refusals).extracting(RecordedAuditEvent::detail).containsExactly("during=" + during + " reason=" + reason);
        assertThat(refusals.get(0).sourceIp()).isEqualTo("127.0.0.1");
        assertThat(audit.recentFor(accountId, 100)).allSatisfy(e -> assertThat(String.valueOf(e.detail()))
                .doesNotContain(challenge).doesNotContainPattern("[A-Za-z0-9_-]{40,}"));
    }

    private List<RecordedAuditEvent> refusals() {
        return audit.recentFor(accountId, 100).stream().filter(e -> e.type().equals("mfa.webauthn.refused")).toList();
    }

    private JsonVisitor signedInWithoutMfa() {
        JsonVisitor browser = new JsonVisitor(port);
        assertThat(browser.follow(browser.signIn(email, PASSWORD)).status()).isEqualTo(200);
        assertThat(browser.get("/").status()).isEqualTo(200);
        return browser;
    }

    private SoftAuthenticator enrolledKey() {
        JsonVisitor browser = signedInWithoutMfa();
        SoftAuthenticator key = new SoftAuthenticator();
        browser.get(ENROLL);
        String challenge = browser.postJson(CREATE_OPTIONS, Map.of("label", "Blue key")).field("challenge");
        JsonVisitor.Page registered = browser.postJson(REGISTER, Map.of("label", "Blue key",
                "credential", key.registration(key.create(challenge, browser.origin(), "localhost"))));
        assertThat(registered.status()).isEqualTo(200);
        return key;
    }
}
