package dev.portcullis.mfa.webauthn;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security key pages over real HTTP, each visitor with its own cookies, answering the way
 * webauthn.js would with a software authenticator: enrolment and sign-in end to end (RP id and
 * origin from the base URL), the password alone reaching nothing (MFA-01), CSRF on the JSON posts
 * (MFA-04), a recent second factor before adding a key (MFA-05), a challenge bound to its own
 * session (WA-03) and oversized input answered with a 400 (INP-01).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebAuthnHttpIntegrationTests {

    private static final String PASSWORD = "a-long-password";
    private static final String ENROLL = "/account/security/factors/webauthn/enroll";
    private static final String CREATE_OPTIONS = "/account/security/factors/webauthn/options";
    private static final String REGISTER = "/account/security/factors/webauthn/register";
    private static final String CHALLENGE = "/signin/factor/webauthn";
    private static final String GET_OPTIONS = "/signin/factor/webauthn/options";
    private static final String VERIFY = "/signin/factor/webauthn/verify";

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private WebAuthnStore store;

    @Autowired
    private AuditLog audit;

    @Autowired
    private MutableClock clock;

    private long accountId;
    private String email;

    @BeforeEach
    void account() {
        clock.reset();
        long organisation = organisations.findOrCreate("WAH" + ThreadLocalRandom.current().nextInt(100000), "HTTP").id();
        email = "wah-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accountId = accounts.create(new NewAccount(email, "Http Test", organisation, Role.USER, PASSWORD.toCharArray()),
                "test", null).id();
    }

    @Test
    void enrolThenSignInWithASecurityKey() {
        JsonVisitor browser = new JsonVisitor(port);
        assertThat(browser.follow(browser.signIn(email, PASSWORD)).status()).isEqualTo(200);
        SoftAuthenticator key = new SoftAuthenticator();

        JsonVisitor.Page page = browser.get(ENROLL);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Register security key", "Give your key a name", "data-csrf-token");
        JsonVisitor.Page options = browser.postJson(CREATE_OPTIONS, Map.of("label", "Blue key on my lanyard"));
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.json().get("rp").get("id").stringValue()).isEqualTo("localhost");
        assertThat(options.json().get("user").get("name").stringValue()).isEqualTo(email);
        JsonVisitor.Page registered = browser.postJson(REGISTER, Map.of("label", "Blue key on my lanyard",
                "credential", key.registration(key.create(options.field("challenge"), browser.origin(), "localhost"))));

        assertThat(registered.status()).isEqualTo(200);
        JsonVisitor.Page selfService = browser.get("/account/self-service");
        assertThat(selfService.body()).contains("MFA Status: Enabled", "Blue key on my lanyard");
        assertThat(store.credentials(accountId)).hasSize(1);

        JsonVisitor later = new JsonVisitor(port);
        JsonVisitor.Page prompt = later.follow(later.signIn(email, PASSWORD));
        assertThat(prompt.status()).isEqualTo(200);
        assertThat(prompt.body()).contains("Use your security key", "Use another method");
        assertThat(later.get("/").redirect()).isEqualTo("/signin/factor");
        JsonVisitor.Page request = later.postJson(GET_OPTIONS, Map.of());
        assertThat(request.status()).isEqualTo(200);
        assertThat(request.json().get("allowCredentials").get(0).get("id").stringValue()).isEqualTo(key.credentialIdText());
        JsonVisitor.Page verified = later.postJson(VERIFY,
                Map.of("credential", key.assertion(key.get(request.field("challenge"), later.origin(), "localhost"))));

        assertThat(verified.status()).isEqualTo(200);
        // back to the page asked for before the second step
        assertThat(verified.field("redirect")).startsWith(later.origin() + "/?");
        assertThat(later.get("/").status()).isEqualTo(200);
        assertThat(audit.recentFor(accountId, 20)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("signin.factor.succeeded");
            assertThat(e.detail()).isEqualTo("factor=webauthn");
        });
    }

    @Test
    void wa01_registrationFromTheWrongOriginRefusedOverHttp() {
        JsonVisitor browser = signedInWithoutMfa();
        SoftAuthenticator key = new SoftAuthenticator();
        browser.get(ENROLL);
        String challenge = browser.postJson(CREATE_OPTIONS, Map.of("label", "Key")).field("challenge");

        JsonVisitor.Page refused = browser.postJson(REGISTER, Map.of("label", "Key",
                "credential", key.registration(key.create(challenge, "http://127.0.0.1:" + port, "localhost"))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field("error")).isEqualTo(WebAuthnRegistration.NOT_REGISTERED);
        assertThat(store.credentials(accountId)).isEmpty();
    }

    @Test
    void nameCheckedBeforeTheKeyIsAsked() {
        JsonVisitor browser = signedInWithoutMfa();
        browser.get(ENROLL);

        JsonVisitor.Page refused = browser.postJson(CREATE_OPTIONS, Map.of("label", " "));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.field("error")).isEqualTo("Enter a name");
        assertThat(refused.field("field")).isEqualTo("label");
    }

    @Test
    void mfa01_passwordAloneReachesNoKeyEnrolment() {
        SoftAuthenticator key = enrolledKey();
        JsonVisitor attacker = new JsonVisitor(port);
        attacker.signIn(email, PASSWORD);
        attacker.get(CHALLENGE);

        assertThat(attacker.get(ENROLL).redirect()).isEqualTo("/signin/factor");
        assertThat(attacker.postJson(CREATE_OPTIONS, Map.of("label", "Mine now")).redirect()).isEqualTo("/signin/factor");
        assertThat(attacker.postJson(REGISTER, Map.of("label", "x")).redirect()).isEqualTo("/signin/factor");
        assertThat(store.credentials(accountId)).extracting(StoredCredential::credentialId).containsExactly(key.credentialIdText());
    }

    @Test
    void mfa04_postsWithoutTheCsrfTokenRefusedAndNothingStored() {
        JsonVisitor browser = signedInWithoutMfa();
        SoftAuthenticator key = new SoftAuthenticator();
        browser.get(ENROLL);
        String challenge = browser.postJson(CREATE_OPTIONS, Map.of("label", "Key")).field("challenge");
        Map<String, Object> body = Map.of("label", "Key",
                "credential", key.registration(key.create(challenge, browser.origin(), "localhost")));

        assertThat(browser.postJson(CREATE_OPTIONS, Map.of("label", "Key"), false).status()).isEqualTo(403);
        assertThat(browser.postJson(REGISTER, body, false).status()).isEqualTo(403);
        assertThat(store.credentials(accountId)).isEmpty();
        // the same post with the token goes through: it was only the token that was missing
        assertThat(browser.postJson(REGISTER, body).status()).isEqualTo(200);
    }

    @Test
    void mfa04_verifyWithoutTheCsrfTokenRefused() {
        SoftAuthenticator key = enrolledKey();
        JsonVisitor browser = new JsonVisitor(port);
        browser.follow(browser.signIn(email, PASSWORD));
        String challenge = browser.postJson(GET_OPTIONS, Map.of()).field("challenge");

        JsonVisitor.Page refused = browser.postJson(VERIFY,
                Map.of("credential", key.assertion(key.get(challenge, browser.origin(), "localhost"))), false);

        // part-way through sign-in, a refused post is sent back to the factor step
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.redirect()).isEqualTo("/signin/factor");
        assertThat(browser.get("/").redirect()).isEqualTo("/signin/factor");
    }

    @Test
    void mfa05_addingASecondKeyNeedsARecentSecondFactor() {
        JsonVisitor browser = signedInWithoutMfa();
        SoftAuthenticator first = new SoftAuthenticator();
        browser.get(ENROLL);
        String challenge = browser.postJson(CREATE_OPTIONS, Map.of("label", "First")).field("challenge");
        browser.postJson(REGISTER, Map.of("label", "First",
                "credential", first.registration(first.create(challenge, browser.origin(), "localhost"))));
        // registering proved the key just now: a second key may follow straight away
        assertThat(browser.get(ENROLL).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(6));
        JsonVisitor.Page options = browser.postJson(CREATE_OPTIONS, Map.of("label", "Second"));

        assertThat(options.status()).isEqualTo(403);
        assertThat(options.field("redirect")).isEqualTo("/signin/factor?stepup");
        assertThat(browser.get(ENROLL).redirect()).isEqualTo("/signin/factor?stepup");

        // proving the key again brings the person back to the enrolment page
        browser.get(CHALLENGE);
        String stepUp = browser.postJson(GET_OPTIONS, Map.of()).field("challenge");
        JsonVisitor.Page proven = browser.postJson(VERIFY,
                Map.of("credential", first.assertion(first.get(stepUp, browser.origin(), "localhost"))));
        assertThat(proven.field("redirect")).isEqualTo(ENROLL);
        assertThat(browser.postJson(CREATE_OPTIONS, Map.of("label", "Second")).status()).isEqualTo(200);
    }

    @Test
    void wa03_challengeOfAnotherBrowserRefused() {
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
        assertThat(other.get("/").redirect()).isEqualTo("/signin/factor");
        assertThat(audit.recentFor(accountId, 20)).anySatisfy(e ->
                assertThat(e.detail()).isEqualTo("during=signin reason=challenge issued to another session"));
    }

    @Test
    void inp01_oversizedAndMalformedBodiesAnsweredWith400() {
        enrolledKey();
        JsonVisitor browser = new JsonVisitor(port);
        browser.follow(browser.signIn(email, PASSWORD));

        JsonVisitor.Page huge = browser.postJson(VERIFY, "{\"credential\":\"" + "A".repeat(100_000) + "\"}");
        JsonVisitor.Page garbage = browser.postJson(VERIFY, "{not json");
        JsonVisitor.Page empty = browser.postJson(VERIFY, Map.of("credential", Map.of("type", "public-key")));

        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.field("error")).isEqualTo(WebAuthnAuthentication.NOT_CHECKED);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).doesNotContain("Exception", "at dev.");
    }

    @Test
    void challengePageWithoutAKeySendsToTheOtherMethods() {
        JsonVisitor browser = signedInWithoutMfa();

        assertThat(browser.get(CHALLENGE).redirect()).isEqualTo("/signin/factor/choose");
        assertThat(browser.postJson(GET_OPTIONS, Map.of()).status()).isEqualTo(400);
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
