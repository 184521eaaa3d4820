package dev.portcullis.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.NewAccount;
import dev.portcullis.account.Role;
import dev.portcullis.directory.OrganisationService;
import dev.portcullis.mfa.policy.RememberDevicePolicy;
import dev.portcullis.oidc.AuthenticationStrengths;
import dev.portcullis.testsupport.MutableClock;
import dev.portcullis.testsupport.TotpCodes;

/**
 * "Remember this device" over real HTTP: offered only when the organisation's policy allows it,
 * skips the second step only on the same browser, within the days, for people who are not
 * administrators, when no risk signal fires; forgotten when the password changes; and a
 * remembered sign-in never claims MFA in {@code amr}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "portcullis.notification.sending=false")
@Import(RememberedDeviceIntegrationTests.Strength.class)
class RememberedDeviceIntegrationTests {

    private static final String PASSWORD = "a-long-password";
    private static final String NEW_PASSWORD = "violet-harbour-lantern-42";
    private static final String ENROLL = "/account/security/factors/totp/enroll";
    private static final String CHALLENGE = "/signin/factor/totp";
    private static final String STRENGTH = "/account/test-strength";

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    /** What the OpenID Connect side would claim for the current session (amr, acr). */
    @RestController
    static class Strength {

        private final AuthenticationStrengths strengths;

        Strength(AuthenticationStrengths strengths) {
            this.strengths = strengths;
        }

        @GetMapping(STRENGTH)
        String strength(Authentication authentication) {
            var strength = strengths.of(authentication);
            return "amr=" + String.join(",", strength.amr()) + ";acr=" + strength.achieved().map(Enum::name).orElse("none");
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private MutableClock clock;

    @Autowired
    private AccountService accounts;

    @Autowired
    private OrganisationService organisations;

    @Autowired
    private RememberDevicePolicy policy;

    @Autowired
    private JdbcClient jdbc;

    record Enrolled(long accountId, long organisationId, String email, String key, Visitor device) {
    }

    @BeforeEach
    void middleOfAStep() {
        clock.reset();
        clock.set(TotpCodes.nextStepStart(clock.instant()).plusSeconds(15));
    }

    @Test
    void policyOff_noCheckboxAndNoSkip() {
        Enrolled account = enrolled("RMB0", Role.USER);
        Visitor visitor = account.device().sameDevice();
        assertThat(visitor.signIn(account.email(), PASSWORD).redirect()).isEqualTo("/signin/factor");
        assertThat(visitor.get(CHALLENGE).body()).doesNotContain("remember-device");
        // Ticking a box that was never offered changes nothing.
        proveFactor(visitor, account, true);
        assertThat(remembered(account)).isZero();
        assertThat(account.device().sameDevice().signIn(account.email(), PASSWORD).redirect()).isEqualTo("/signin/factor");
    }

    @Test
    void policyOn_skipsOnTheSameDeviceWithinTheDaysOnly_andAmrStaysHonest() {
        // The story starts 8 days ago: sessions carry the real time, and the absolute session timeout
        // would end any session whose clock ran ahead of it, so the clock only ever catches up.
        clock.set(TotpCodes.nextStepStart(clock.instant().minus(Duration.ofDays(8))).plusSeconds(15));
        Enrolled account = enrolled("RMB1", Role.USER);
        policy.setOrganisation(account.organisationId(), 7, account.accountId());
        rememberOn(account.device(), account);

        Visitor again = account.device().sameDevice();
        assertThat(again.signIn(account.email(), PASSWORD).redirect()).as("skipped on the same device").isEqualTo("/");
        assertThat(again.get("/account/profile").status()).isEqualTo(200);
        assertThat(again.get(STRENGTH).body()).as("no mfa claimed").isEqualTo("amr=pwd;acr=none");
        assertThat(audited(account, "signin.device.remembered.used")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sign_in_attempt WHERE account_id = :a AND method = 'remembered' AND outcome = 'success'")
                .param("a", account.accountId()).query(Long.class).single()).isEqualTo(1);

        clock.advance(Duration.ofDays(6));
        Visitor.Page later = account.device().sameDevice().signIn(account.email(), PASSWORD);
        assertThat(later.redirect()).as(later.body().replaceAll("(?s).*<main", "<main")).isEqualTo("/");

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        assertThat(account.device().sameDevice().signIn(account.email(), PASSWORD).redirect())
                .as("expired after 7 days").isEqualTo("/signin/factor");
    }

    @Test
    void policyOn_anotherDeviceIsStillAsked() {
        Enrolled account = enrolled("RMB2", Role.USER);
        policy.setOrganisation(account.organisationId(), 30, account.accountId());
        rememberOn(account.device(), account);
        assertThat(new Visitor(port).signIn(account.email(), PASSWORD).redirect()).isEqualTo("/signin/factor");
    }

    @Test
    void policyOn_riskSignalAsksForTheFactor() {
        Enrolled account = enrolled("RMB3", Role.USER);
        policy.setOrganisation(account.organisationId(), 30, account.accountId());
        rememberOn(account.device(), account);
        // A burst of wrong passwords on the account in the last minutes (the failure-burst signal).
        for (int i = 0; i < 6; i++) {
            jdbc.sql("""
                    INSERT INTO sign_in_attempt (occurred_at, account_id, organisation_id, source_ip, outcome, method)
                    VALUES (:at, :a, :o, '203.0.113.9', 'wrong_password', 'password')
                    """)
                    .param("at", Timestamp.from(clock.instant().minusSeconds(60 + i))).param("a", account.accountId())
                    .param("o", account.organisationId()).update();
        }
        assertThat(account.device().sameDevice().signIn(account.email(), PASSWORD).redirect()).isEqualTo("/signin/factor");
        assertThat(audited(account, "signin.device.remembered.used")).isZero();
    }

    @Test
    void policyOn_administratorsAlwaysProveAFactor() {
        Enrolled admin = enrolled("RMB4", Role.LOCAL_ADMIN);
        policy.setOrganisation(admin.organisationId(), 30, admin.accountId());
        Visitor visitor = admin.device().sameDevice();
        assertThat(visitor.signIn(admin.email(), PASSWORD).redirect()).isEqualTo("/signin/factor");
        assertThat(visitor.get(CHALLENGE).body()).doesNotContain("remember-device");
        proveFactor(visitor, admin, true);
        assertThat(remembered(admin)).isZero();
        // Even a remembered row for the administrator's device is not honoured.
        jdbc.sql("""
                INSERT INTO remembered_device (account_id, device_hash, created_at, expires_at)
                VALUES (:a, :h, :now, :expires)
                """)
                .param("a", admin.accountId()).param("h", sha256(admin.device().deviceId()))
                .param("now", Timestamp.from(clock.instant())).param("expires", Timestamp.from(clock.instant().plus(Duration.ofDays(30))))
                .update();
        assertThat(admin.device().sameDevice().signIn(admin.email(), PASSWORD).redirect()).isEqualTo("/signin/factor");
    }

    @Test
    void forgottenAfterPasswordChange_andOnRequest() {
        Enrolled account = enrolled("RMB5", Role.USER);
        policy.setOrganisation(account.organisationId(), 30, account.accountId());
        Visitor session = rememberOn(account.device(), account);
        assertThat(session.get("/account/self-service").body()).contains("forget-remembered-devices");

        session.get("/account/password");
        Visitor.Page changed = session.post("/account/password", Map.of("currentPassword", PASSWORD,
                "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(changed.status()).as(changed.body()).isEqualTo(302);
        assertThat(remembered(account)).isZero();
        assertThat(account.device().sameDevice().signIn(account.email(), NEW_PASSWORD).redirect()).isEqualTo("/signin/factor");

        clock.advance(Duration.ofSeconds(30)); // a fresh TOTP code
        Visitor again = rememberOn(account.device(), account, NEW_PASSWORD);
        again.get("/account/self-service");
        Visitor.Page forgot = again.post("/account/remembered-devices/forget", Map.of());
        assertThat(forgot.redirect()).isEqualTo("/account/self-service");
        assertThat(remembered(account)).isZero();
        assertThat(audited(account, "signin.device.forgotten")).isEqualTo(2);
        assertThat(account.device().sameDevice().signIn(account.email(), NEW_PASSWORD).redirect()).isEqualTo("/signin/factor");
    }

    @Test
    void localPolicyStaysWithinTheGlobalOne() {
        long organisation = organisations.findOrCreate("RMB6", "Remember Trust 6").id();
        assertThat(policy.effectiveDays(organisation, Role.USER)).as("off by default").isZero();
        policy.setGlobal(10, 1);
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> policy.setOrganisation(organisation, 20, 1))
                    .hasMessageContaining("at most 10 days");
            assertThat(policy.organisationDays(organisation)).isZero();
            policy.setOrganisation(organisation, 10, 1);
            policy.setGlobal(0, 1);
            assertThat(policy.effectiveDays(organisation, Role.USER)).as("global forbids").isZero();
        } finally {
            policy.setGlobal(RememberDevicePolicy.MAX_DAYS, 1);
        }
    }

    // ---- helpers ----

    /** Signs in on the device with the box ticked and proves the factor; returns that signed-in session. */
    private Visitor rememberOn(Visitor device, Enrolled account) {
        return rememberOn(device, account, PASSWORD);
    }

    private Visitor rememberOn(Visitor device, Enrolled account, String password) {
        Visitor visitor = device.sameDevice();
        assertThat(visitor.signIn(account.email(), password).redirect()).isEqualTo("/signin/factor");
        String page = visitor.get(CHALLENGE).body();
        assertThat(page).contains("Remember this device for");
        proveFactor(visitor, account, true);
        assertThat(remembered(account)).isEqualTo(1);
        return visitor;
    }

    private void proveFactor(Visitor visitor, Enrolled account, boolean remember) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("code", TotpCodes.current(account.key(), clock));
        if (remember) {
            fields.put("remember-device", "yes");
        }
        Visitor.Page proven = visitor.post(CHALLENGE, fields);
        assertThat(proven.status()).as(proven.body()).isEqualTo(302);
        assertThat(proven.redirect()).doesNotStartWith("/signin");
        clock.advance(Duration.ofSeconds(30)); // each code works once
    }

    private long remembered(Enrolled account) {
        return jdbc.sql("SELECT COUNT(*) FROM remembered_device WHERE account_id = :a").param("a", account.accountId())
                .query(Long.class).single();
    }

    private long audited(Enrolled account, String type) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE subject_account_id = :a AND type = :t")
                .param("a", account.accountId()).param("t", type).query(Long.class).single();
    }

    private Enrolled enrolled(String code, Role role) {
        long organisationId = organisations.findOrCreate(code, "Remember Trust " + code).id();
        String email = "nurse-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nhs.uk";
        accounts.create(new NewAccount(email, "Test Nurse", organisationId, role, PASSWORD.toCharArray()), "test", null);
        Visitor device = new Visitor(port);
        assertThat(device.signIn(email, PASSWORD).redirect()).isEqualTo("/");
        String key = device.get(ENROLL).secret();
        Visitor.Page done = device.post(ENROLL, Map.of("code", TotpCodes.current(key, clock)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        clock.advance(Duration.ofSeconds(30));
        long accountId = accounts.findByEmail(email).orElseThrow().id();
        return new Enrolled(accountId, organisationId, email, key, device);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One browser talking to the application over real HTTP, redirects not followed, forms posted
     * with the CSRF token of the last page that had one. {@link #sameDevice()} is a new session
     * on the same browser: only the device cookie is carried over.
     */
    static final class Visitor {

        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");
        private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7 ]+)<");

        private final int port;
        private final URI base;
        private final CookieManager cookies = new CookieManager();
        private final HttpClient client;
        private String csrf;

        Visitor(int port) {
            this.port = port;
            this.base = URI.create("http://localhost:" + port);
            this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }

        record Page(int status, String location, String body) {

            String redirect() {
                if (location == null) {
                    return null;
                }
                int scheme = location.indexOf("://");
                if (scheme < 0) {
                    return location;
                }
                int path = location.indexOf('/', scheme + 3);
                return path < 0 ? "/" : location.substring(path);
            }

            String secret() {
                Matcher m = SECRET.matcher(body);
                if (!m.find()) {
                    throw new AssertionError("no #totp-secret on the page:\n" + body);
                }
                return m.group(1).strip();
            }
        }

        Visitor sameDevice() {
            Visitor next = new Visitor(port);
            for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
                if (DeviceCookies.NAME.equals(cookie.getName())) {
                    next.cookies.getCookieStore().add(base, cookie);
                }
            }
            return next;
        }

        String deviceId() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> DeviceCookies.NAME.equals(c.getName()))
                    .map(c -> c.getValue().substring(0, c.getValue().indexOf('.'))).findFirst().orElseThrow();
        }

        Page signIn(String email, String password) {
            get("/signin");
            return post("/signin", Map.of("email", email, "password", password));
        }

        Page get(String path) {
            return send(HttpRequest.newBuilder(base.resolve(path)).GET());
        }

        Page post(String path, Map<String, String> fields) {
            Map<String, String> all = new LinkedHashMap<>(fields);
            if (csrf != null) {
                all.put("_csrf", csrf);
            }
            String form = all.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        private Page send(HttpRequest.Builder request) {
            try {
                HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher m = CSRF.matcher(response.body());
                if (m.find()) {
                    csrf = m.group(1) != null ? m.group(1) : m.group(2);
                }
                return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null), response.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
