package dev.portcullis.oidc;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import dev.portcullis.account.AccountStatus;
import dev.portcullis.account.Role;
import dev.portcullis.selfservice.passwordreset.PasswordResets;
import dev.portcullis.testsupport.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long an application's tokens live. OIDC-05: a chain of rotated refresh tokens ends
 * {@link TokenFamilies#CHAIN_LIFETIME} after the sign-in that began it, however often it is
 * rotated, and a rotated token presented again still revokes its family. SES-03: the rule is that
 * whatever ends the person's portal sessions (a password change, a reset, an administrator's
 * MFA reset or disabling) also revokes every refresh and access token the applications hold for
 * them, including those from the session that changed the password: {@code ChangePassword} ends
 * the other sessions through {@code AccountSessions.endAllExcept}, whose {@code Ended} event
 * {@link AccountTokenRevocation} acts on for the whole account.
 */
class OidcTokenLifetimeIntegrationTests extends OidcIntegrationTestBase {

    private static final Pattern RESET_LINK = Pattern.compile("/signin/reset/link/([A-Za-z0-9_-]+)");

    @Autowired
    private RegisteredClientRepository clients;

    @Autowired
    private PasswordResets resets;

    private final RelyingParty webmail = OidcTestBed.webmail(PORT, RP_PORT);

    @Test
    void oidc05_refreshingEverySixHoursWorksUntilTheChainIsThirtyDaysOldThenIsRefusedAndAReusedTokenStillRevokes()
            throws Exception {
        // Webmail's own refresh tokens live an hour; this application keeps them for eight, so that
        // a refresh every six hours is within each token's lifetime and only the chain's age counts.
        RelyingParty mail = confidentialClientWithRefreshTokensFor(Duration.ofHours(8));
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        PortalVisitor browser = signedIn(email);
        RelyingParty.Attempt attempt = mail.start("openid offline_access", Map.of());
        String code = codeFrom(browser.get(attempt.uri().toString()), attempt);
        Tokens tokens = success(mail.redeem(code, attempt.verifier()));
        String family = familyOf(tokens.getRefreshToken().getValue());
        Instant began = clock.instant();

        List<String> rotated = new ArrayList<>();
        try {
            // Every six hours for thirty days, less the last six hours: each refresh rotates the token.
            while (clock.instant().plus(Duration.ofHours(6)).isBefore(began.plus(TokenFamilies.CHAIN_LIFETIME))) {
                clock.advance(Duration.ofHours(6));
                rotated.add(tokens.getRefreshToken().getValue());
                tokens = success(mail.refresh(tokens.getRefreshToken().getValue()));
            }
            assertThat(rotated).hasSizeGreaterThanOrEqualTo(115);
            assertThat(clock.instant()).isAfter(began.plus(TokenFamilies.CHAIN_LIFETIME).minus(Duration.ofHours(7)));

            // Thirty days and a minute after the sign-in: the chain is over, whatever the token's own expiry.
            clock.set(began.plus(TokenFamilies.CHAIN_LIFETIME).plus(Duration.ofMinutes(1)));
            HTTPResponse tooOld = mail.refresh(tokens.getRefreshToken().getValue());
            assertThat(error(tooOld)).isEqualTo("invalid_grant");
            assertThat(mail.active(tokens.getAccessToken().getValue())).isFalse();

            // An old token of the chain presented again is still a reuse: its family is revoked.
            String old = rotated.get(rotated.size() / 2);
            assertThat(error(mail.refresh(old))).isEqualTo("invalid_grant");
            assertThat(jdbc.sql("SELECT revoked_reason FROM oidc_token_family WHERE family_id = :id").param("id", family)
                    .query(String.class).single()).isEqualTo("refresh token reused");
            assertThat(auditDetails("oidc.tokens.revoked")).anyMatch(d -> d.contains("reason=refresh token reused"));
        } finally {
            clock.reset();
        }
        // Back in the present, nothing of that chain works either.
        assertThat(error(mail.refresh(tokens.getRefreshToken().getValue()))).isEqualTo("invalid_grant");
    }

    @Test
    void oidc05_aRotatedTokenReusedWithinTheLifetimeRevokesTheWholeChain() throws Exception {
        RelyingParty mail = confidentialClientWithRefreshTokensFor(Duration.ofHours(8));
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        Tokens first = issue(mail, signedIn(email));
        String family = familyOf(first.getRefreshToken().getValue());
        Tokens latest = first;
        try {
            for (int i = 0; i < 20; i++) {
                clock.advance(Duration.ofHours(6));
                latest = success(mail.refresh(latest.getRefreshToken().getValue()));
            }
            // Five days on, the first token turns up again: stolen, or replayed. Everything in the chain dies.
            assertThat(error(mail.refresh(first.getRefreshToken().getValue()))).isEqualTo("invalid_grant");
            assertThat(error(mail.refresh(latest.getRefreshToken().getValue()))).isEqualTo("invalid_grant");
            assertThat(mail.active(latest.getAccessToken().getValue())).isFalse();
            assertThat(jdbc.sql("SELECT revoked_reason FROM oidc_token_family WHERE family_id = :id").param("id", family)
                    .query(String.class).single()).isEqualTo("refresh token reused");
        } finally {
            clock.reset();
        }
    }

    @Test
    void ses03_changingThePasswordRevokesEveryTokenOfTheAccountIncludingThisSessions() throws Exception {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        PortalVisitor browser = signedIn(email);
        Tokens fromThisSession = issue(webmail, browser);
        Tokens fromAnotherSession = issue(webmail, signedIn(email));
        Tokens someoneElses = issue(webmail, signedIn(OidcTestBed.newAccount(accounts, organisations, Role.USER)));

        browser.get("/account/password");
        String newPassword = "a new and longer passphrase " + System.nanoTime();
        PortalVisitor.Page changed = browser.post("/account/password", Map.of("currentPassword", OidcTestBed.PASSWORD,
                "newPassword", newPassword, "confirmPassword", newPassword));
        assertThat(changed.location()).as(changed.body()).endsWith("/account/password/changed");

        assertRevoked(fromThisSession);
        assertRevoked(fromAnotherSession);
        assertStillWorks(someoneElses);
        assertThat(browser.get("/").status()).as("the person's own session carries on").isEqualTo(200);
    }

    @Test
    void ses03_aPasswordResetRevokesEveryTokenOfTheAccount() throws Exception {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        long id = accountId(email);
        Tokens tokens = issue(webmail, signedIn(email));
        Tokens someoneElses = issue(webmail, signedIn(OidcTestBed.newAccount(accounts, organisations, Role.USER)));

        resets.sendByAdministrator(id, id);
        String link = resetLink(id);
        PortalVisitor stranger = new PortalVisitor(BASE);
        stranger.get(link);
        assertThat(stranger.post(link, Map.of()).location()).endsWith("/signin/reset/password");
        stranger.get("/signin/reset/password");
        String newPassword = "a new and longer passphrase " + System.nanoTime();
        assertThat(stranger.post("/signin/reset/password", Map.of("password", newPassword, "confirmPassword", newPassword))
                .location()).endsWith("/signin?reset");

        assertRevoked(tokens);
        assertStillWorks(someoneElses);
    }

    @Test
    void ses03_anAdministratorsMfaResetOrDisablingRevokesEveryTokenOfTheAccount() throws Exception {
        String adminEmail = OidcTestBed.newAccount(accounts, organisations, Role.GLOBAL_ADMIN);
        String adminKey = OidcTestBed.enrolAuthenticatorApp(BASE, adminEmail, clock);
        PortalVisitor console = signedInWithApp(adminEmail, adminKey);

        String withApp = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        String key = OidcTestBed.enrolAuthenticatorApp(BASE, withApp, clock);
        Tokens appTokens = issue(webmail, signedInWithApp(withApp, key));
        String passwordOnly = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        Tokens passwordTokens = issue(webmail, signedIn(passwordOnly));
        Tokens someoneElses = issue(webmail, signedIn(OidcTestBed.newAccount(accounts, organisations, Role.USER)));

        act(console, accountId(withApp), "reset-mfa");
        assertRevoked(appTokens);

        act(console, accountId(passwordOnly), "disable");
        assertThat(accounts.findById(accountId(passwordOnly)).orElseThrow().status()).isEqualTo(AccountStatus.DISABLED);
        assertRevoked(passwordTokens);

        assertStillWorks(someoneElses);
    }

    // ---- helpers ----

    private RelyingParty confidentialClientWithRefreshTokensFor(Duration lifetime) {
        RegisteredClient template = clients.findByClientId("webmail");
        String clientId = "mail-" + System.nanoTime();
        String secret = "mail-secret-for-tests-only-" + System.nanoTime();
        clients.save(RegisteredClient.from(template).id(clientId).clientId(clientId).clientSecret("{noop}" + secret)
                .tokenSettings(TokenSettings.withSettings(template.getTokenSettings().getSettings())
                        .refreshTokenTimeToLive(lifetime).reuseRefreshTokens(false).build())
                .build());
        return new RelyingParty(BASE, clientId, secret, URI.create(OidcTestBed.callback(RP_PORT)));
    }

    private Tokens issue(RelyingParty client, PortalVisitor browser) {
        RelyingParty.Attempt attempt = client.start("openid offline_access", Map.of());
        String code = codeFrom(browser.get(attempt.uri().toString()), attempt);
        Tokens tokens = success(client.redeem(code, attempt.verifier()));
        assertThat(tokens.getRefreshToken()).isNotNull();
        return tokens;
    }

    private void assertRevoked(Tokens tokens) {
        assertThat(error(webmail.refresh(tokens.getRefreshToken().getValue()))).isEqualTo("invalid_grant");
        assertThat(webmail.active(tokens.getAccessToken().getValue())).isFalse();
        assertThat(webmail.userInfo(tokens.getAccessToken().getValue()).getStatusCode()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT revoked_reason FROM oidc_token_family WHERE family_id = :id")
                .param("id", familyOf(tokens.getRefreshToken().getValue())).query(String.class).single())
                .isEqualTo(AccountTokenRevocation.REASON);
    }

    private void assertStillWorks(Tokens tokens) {
        assertThat(webmail.active(tokens.getAccessToken().getValue())).isTrue();
        assertThat(success(webmail.refresh(tokens.getRefreshToken().getValue())).getAccessToken()).isNotNull();
    }

    private String familyOf(String refreshToken) {
        return jdbc.sql("SELECT family_id FROM oidc_refresh_token WHERE token_hash = :hash")
                .param("hash", TokenFamilies.digest(refreshToken)).query(String.class).single();
    }

    private String resetLink(long accountId) {
        String body = jdbc.sql("""
                SELECT text_body FROM notification_queue WHERE account_id = :id AND template = 'reset-link' ORDER BY id DESC
                """).param("id", accountId).query(String.class).list().get(0);
        Matcher m = RESET_LINK.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group();
    }

    private void act(PortalVisitor console, long accountId, String action) {
        String path = "/admin/accounts/" + accountId + "/actions/" + action;
        PortalVisitor.Page confirm = console.get(path);
        assertThat(confirm.status()).as(action + " " + confirm.location()).isEqualTo(200);
        assertThat(console.post(path, Map.of()).location()).as(action).endsWith("/admin/accounts/" + accountId);
    }

    private PortalVisitor signedIn(String email) {
        PortalVisitor browser = new PortalVisitor(BASE);
        assertThat(browser.signIn(email, OidcTestBed.PASSWORD).location()).as("signed in with the password alone").endsWith("/");
        return browser;
    }

    private PortalVisitor signedInWithApp(String email, String key) {
        PortalVisitor browser = new PortalVisitor(BASE);
        assertThat(browser.signIn(email, OidcTestBed.PASSWORD).location()).endsWith("/signin/factor");
        browser.get("/signin/factor/totp");
        PortalVisitor.Page proven = browser.post("/signin/factor/totp",
                Map.of("code", TotpCodes.forStep(key, TotpCodes.step(clock.instant()) + 1)));
        assertThat(proven.status()).as(proven.body()).isEqualTo(302);
        browser.get("/");
        return browser;
    }

    private static String codeFrom(PortalVisitor.Page page, RelyingParty.Attempt attempt) {
        assertThat(page.location()).as("a redirect to the application, not %s", page.status())
                .startsWith(OidcTestBed.callback(RP_PORT));
        assertThat(OidcTestBed.query(page.location(), "state")).isEqualTo(attempt.state().getValue());
        String code = OidcTestBed.query(page.location(), "code");
        assertThat(code).as(page.location()).isNotNull();
        return code;
    }

    private static Tokens success(HTTPResponse response) {
        TokenResponse parsed = RelyingParty.parse(response);
        assertThat(parsed.indicatesSuccess()).as(response.getBody()).isTrue();
        return parsed.toSuccessResponse().getTokens();
    }

    private static String error(HTTPResponse response) {
        TokenResponse parsed = RelyingParty.parse(response);
        return parsed instanceof TokenErrorResponse failed ? failed.getErrorObject().getCode() : "(success)";
    }
}
