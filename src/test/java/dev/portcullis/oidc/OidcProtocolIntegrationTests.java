package dev.portcullis.oidc;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import net.minidev.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import dev.portcullis.account.Role;
import dev.portcullis.signin.AccountSessions;
import dev.portcullis.testsupport.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol over real HTTP: a person's browser ({@link PortalVisitor}) and an independent
 * relying application ({@link RelyingParty}, written with Nimbus's SDK) against the running
 * provider. Each test names the SECURITY.md case it proves.
 */
class OidcProtocolIntegrationTests extends OidcIntegrationTestBase {

    @Autowired
    private RegisteredClientRepository clients;

    private final RelyingParty webmail = OidcTestBed.webmail(PORT, RP_PORT);
    private final RelyingParty spa = OidcTestBed.spa(PORT, RP_PORT);

    // ---- discovery and keys ----

    @Test
    void oidc07_discoveryNamesEveryEndpointOnTheConfiguredIssuer() throws Exception {
        OIDCProviderMetadata metadata = webmail.metadata();

        assertThat(metadata.getIssuer().getValue()).isEqualTo(BASE);
        assertThat(metadata.getAuthorizationEndpointURI()).hasToString(BASE + "/oauth2/authorize");
        assertThat(metadata.getTokenEndpointURI()).hasToString(BASE + "/oauth2/token");
        assertThat(metadata.getUserInfoEndpointURI()).hasToString(BASE + "/userinfo");
        assertThat(metadata.getJWKSetURI()).hasToString(BASE + "/oauth2/jwks");
        assertThat(metadata.getEndSessionEndpointURI()).hasToString(BASE + "/connect/logout");
        assertThat(metadata.getRevocationEndpointURI()).hasToString(BASE + "/oauth2/revoke");
        assertThat(metadata.getIntrospectionEndpointURI()).hasToString(BASE + "/oauth2/introspect");
        assertThat(metadata.getIDTokenJWSAlgs()).extracting(Object::toString).containsExactlyInAnyOrder("RS256", "ES256");
        assertThat(metadata.getCodeChallengeMethods()).extracting(Object::toString).containsExactly("S256");
        assertThat(metadata.getACRs()).extracting(Object::toString).containsExactly("urn:portcullis:acr:mfa", "urn:portcullis:acr:phr");
        assertThat(metadata.getGrantTypes()).extracting(Object::toString)
                .containsExactlyInAnyOrder("authorization_code", "refresh_token", "client_credentials");

        JWKSet keys = JWKSet.load(metadata.getJWKSetURI().toURL());
        assertThat(keys.getKeys()).extracting(k -> k.getKeyType().getValue()).contains("RSA", "EC");
        for (JWK key : keys.getKeys()) {
            assertThat(key.isPrivate()).as("published keys are public").isFalse();
            assertThat(key.getKeyID()).isNotBlank();
            assertThat(key.getKeyUse().identifier()).isEqualTo("sig");
        }
    }

    // ---- the flow ----

    @Test
    void oidc07_passwordOnlyAccountGetsTruthfulClaimsAndNoAcr() throws Exception {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        RelyingParty.Attempt attempt = webmail.start();
        PortalVisitor browser = new PortalVisitor(BASE);

        assertThat(browser.get(attempt.uri().toString()).location()).isEqualTo(BASE + "/signin");
        Instant before = clock.instant();
        String code = codeFrom(browser.follow(browser.signIn(email, OidcTestBed.PASSWORD)), attempt);
        Tokens tokens = success(webmail.redeem(code, attempt.verifier()));
        IDTokenClaimsSet claims = webmail.validate(idToken(tokens), attempt.nonce(), tokens.getAccessToken().getValue());

        assertThat(RelyingParty.amr(claims)).containsExactly("pwd");
        assertThat(claims.getACR()).isNull();
        assertThat(claims.getAuthenticationTime()).isBetween(java.util.Date.from(before.minusSeconds(1)),
                java.util.Date.from(clock.instant().plusSeconds(1)));
        assertThat(claims.getSubject().getValue()).isEqualTo(Long.toString(accountId(email)));
        assertThat(claims.getStringClaim("email")).isEqualTo(email);
        assertThat(claims.getStringClaim("name")).isEqualTo("Ward Nurse");
        assertThat(claims.getStringClaim("organisation")).isEqualTo("RX1");
        assertThat(claims.getStringClaim("organisation_name")).isEqualTo("Riverside Hospital");

        HTTPResponse userInfo = webmail.userInfo(tokens.getAccessToken().getValue());
        assertThat(userInfo.getStatusCode()).isEqualTo(200);
        JSONObject info = userInfo.getBodyAsJSONObject();
        assertThat(info).containsEntry("sub", Long.toString(accountId(email))).containsEntry("email", email)
                .containsEntry("organisation", "RX1");
        assertThat(auditDetails("oidc.signin")).contains("client=webmail");
    }

    @Test
    void mfa01_halfSignedInSessionNeverGetsACode() throws Exception {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        String key = OidcTestBed.enrolAuthenticatorApp(BASE, email, clock);
        RelyingParty.Attempt attempt = webmail.start();
        PortalVisitor browser = new PortalVisitor(BASE);
        browser.get(attempt.uri().toString());
        assertThat(browser.signIn(email, OidcTestBed.PASSWORD).location()).endsWith("/signin/factor");

        // Only the password so far: asking again, or posting a consent, yields no code.
        PortalVisitor.Page again = browser.get(attempt.uri().toString());
        assertThat(again.status()).isEqualTo(302);
        assertThat(again.location()).endsWith("/signin/factor");
        PortalVisitor.Page consent = browser.post("/oauth2/authorize", Map.of("client_id", "webmail", "state", "forged"));
        assertThat(consent.location()).doesNotContain("code=");
        PortalVisitor.Page silent = browser.get(webmail.start("openid", Map.of("prompt", "none")).uri().toString());
        assertThat(silent.location()).doesNotContain("code=");

        // The second factor finishes sign-in and the same request continues.
        assertThat(browser.get("/signin/factor").location()).endsWith("/signin/factor/totp");
        browser.get("/signin/factor/totp");
        PortalVisitor.Page proven = browser.post("/signin/factor/totp",
                Map.of("code", TotpCodes.forStep(key, TotpCodes.step(clock.instant()) + 1)));
        String code = codeFrom(browser.follow(proven), attempt);
        Tokens tokens = success(webmail.redeem(code, attempt.verifier()));
        IDTokenClaimsSet claims = webmail.validate(idToken(tokens), attempt.nonce(), tokens.getAccessToken().getValue());

        assertThat(RelyingParty.amr(claims)).containsExactly("pwd", "otp", "mfa");
        assertThat(claims.getACR().getValue()).isEqualTo("urn:portcullis:acr:mfa");
    }

    @Test
    void oidc01_wrongOrExtendedRedirectUriGetsAPlainErrorAndNoRedirect() {
        PortalVisitor browser = signedIn(OidcTestBed.newAccount(accounts, organisations, Role.USER));
        String callback = OidcTestBed.callback(RP_PORT);
        for (String wrong : List.of(callback + "/extra", callback + "?next=x", callback + "/", "http://localhost:" + RP_PORT + "/other",
                "https://attacker.example/callback", callback.replace("localhost", "LOCALHOST"))) {
            RelyingParty elsewhere = new RelyingParty(BASE, "webmail", null, URI.create(wrong));
            PortalVisitor.Page page = browser.get(elsewhere.start().uri().toString());
            assertThat(page.status()).as(wrong).isEqualTo(400);
            assertThat(page.location()).as(wrong).isNull();
        }
        // Not signed in: refused the same way, before any sign-in page.
        RelyingParty elsewhere = new RelyingParty(BASE, "webmail", null, URI.create(callback + "/extra"));
        assertThat(new PortalVisitor(BASE).get(elsewhere.start().uri().toString()).status()).isEqualTo(400);
    }

    @Test
    void oidc02_unknownClientGetsAnErrorPageNeverARedirect() {
        PortalVisitor browser = signedIn(OidcTestBed.newAccount(accounts, organisations, Role.USER));
        RelyingParty stranger = new RelyingParty(BASE, "no-such-app", null, URI.create("https://attacker.example/cb"));

        PortalVisitor.Page page = browser.get(stranger.start().uri().toString());

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.location()).isNull();
        assertThat(page.body()).doesNotContain("attacker.example");
    }

    @Test
    void oidc03_requestsWithoutAnS256ChallengeAreRefusedForPublicAndConfidentialClients() {
        PortalVisitor browser = signedIn(OidcTestBed.newAccount(accounts, organisations, Role.USER));
        for (RelyingParty client : List.of(webmail, spa)) {
            String withChallenge = client.start("openid", Map.of()).uri().toString();
            String without = withChallenge.replaceAll("&code_challenge=[^&]*", "").replaceAll("&code_challenge_method=[^&]*", "");
            PortalVisitor.Page missing = browser.get(without);
            assertThat(OidcTestBed.query(missing.location(), "error")).as(client.clientId.getValue()).isEqualTo("invalid_request");
            assertThat(OidcTestBed.query(missing.location(), "code")).isNull();

            PortalVisitor.Page plain = browser.get(withChallenge.replace("code_challenge_method=S256", "code_challenge_method=plain"));
            assertThat(OidcTestBed.query(plain.location(), "error")).isEqualTo("invalid_request");
        }
    }

    @Test
    void oidc03_missingOrWrongPkceVerifierGetsNoTokens() {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        PortalVisitor browser = signedIn(email);
        for (RelyingParty client : List.of(webmail, spa)) {
            RelyingParty.Attempt attempt = client.start("openid", Map.of());
            String code = codeFrom(browser.get(attempt.uri().toString()), attempt);

            assertThat(client.redeem(code, null).indicatesSuccess()).as("no verifier").isFalse();
            assertThat(client.redeem(code, new CodeVerifier()).indicatesSuccess()).as("another verifier").isFalse();
            assertThat(client.redeem(code, attempt.verifier()).getStatusCode()).as("the right one").isEqualTo(200);
        }
    }

    @Test
    void oidc03_implicitAndPasswordGrantsAreNotAvailable() {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        PortalVisitor browser = signedIn(email);
        String implicit = webmail.start().uri().toString().replace("response_type=code", "response_type=token");

        PortalVisitor.Page page = browser.get(implicit);
        assertThat(page.location() == null ? "" : page.location()).doesNotContain("access_token").doesNotContain("code=");

        HTTPResponse password = webmail.token(new ResourceOwnerPasswordCredentialsGrant(email, new Secret(OidcTestBed.PASSWORD)));
        assertThat(password.getStatusCode()).isEqualTo(400);
        assertThat(error(password)).isEqualTo("unsupported_grant_type");
    }

    @Test
    void oidc04_codeIsSingleUseAndAReuseRevokesWhatItIssued() throws Exception {
        Issued issued = signInTo(webmail, "openid profile offline_access");
        HTTPResponse again = webmail.redeem(issued.code(), issued.attempt().verifier());

        assertThat(again.indicatesSuccess()).isFalse();
        assertThat(error(again)).isEqualTo("invalid_grant");
        assertThat(webmail.active(issued.tokens().getAccessToken().getValue())).isFalse();
        assertThat(webmail.userInfo(issued.tokens().getAccessToken().getValue()).getStatusCode()).isEqualTo(401);
        assertThat(error(webmail.refresh(issued.tokens().getRefreshToken().getValue()))).isEqualTo("invalid_grant");
        assertThat(auditDetails("oidc.tokens.revoked")).anyMatch(d -> d.contains("reason=authorization code reused"));
    }

    @Test
    void flt05_oidc04_parallelRedemptionsOfOneCodeGiveAtMostOneSetOfTokensAndRevokeIt() throws Exception {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        RelyingParty.Attempt attempt = webmail.start("openid offline_access", Map.of());
        String code = codeFrom(signedIn(email).get(attempt.uri().toString()), attempt);

        List<HTTPResponse> responses = parallel(8, () -> webmail.redeem(code, attempt.verifier()));

        List<HTTPResponse> won = responses.stream().filter(HTTPResponse::indicatesSuccess).toList();
        assertThat(won).hasSizeLessThanOrEqualTo(1);
        for (HTTPResponse response : won) {
            Tokens tokens = RelyingParty.parse(response).toSuccessResponse().getTokens();
            assertThat(webmail.active(tokens.getAccessToken().getValue())).as("revoked after the others presented it").isFalse();
        }
    }

    @Test
    void oidc04_codeExpiresAfterFiveMinutes() {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        PortalVisitor browser = signedIn(email);
        clock.set(Instant.now().minus(Duration.ofMinutes(5)).minusSeconds(5));
        RelyingParty.Attempt attempt = webmail.start();
        String code = codeFrom(browser.get(attempt.uri().toString()), attempt);
        clock.reset();

        HTTPResponse late = webmail.redeem(code, attempt.verifier());

        assertThat(error(late)).isEqualTo("invalid_grant");
    }

    @Test
    void ses03_whenTheAccountsSessionsEndThenTheApplicationsTokensEndToo() throws Exception {
        Issued issued = signInTo(webmail, "openid offline_access");
        Tokens refreshed = success(webmail.refresh(issued.tokens().getRefreshToken().getValue()));
        long accountId = Long.parseLong(jdbc.sql("""
                SELECT f.principal_name FROM oidc_token_family f JOIN oidc_refresh_token r ON r.family_id = f.family_id
                WHERE r.token_hash = :hash
                """).param("hash", TokenFamilies.digest(refreshed.getRefreshToken().getValue())).query(String.class).single());
        Issued someoneElse = signInTo(webmail, "openid offline_access");

        // What a password change, a reset, an administrator's action or a leaver's last day does.
        sessions.endAll(accountId);

        assertThat(error(webmail.refresh(refreshed.getRefreshToken().getValue()))).isEqualTo("invalid_grant");
        assertThat(webmail.active(refreshed.getAccessToken().getValue())).isFalse();
        assertThat(auditDetails("oidc.tokens.revoked")).anyMatch(d -> d.contains("reason=account sessions ended"));
        assertThat(success(webmail.refresh(someoneElse.tokens().getRefreshToken().getValue())).getAccessToken())
                .as("another person's tokens are untouched").isNotNull();
    }

    @Test
    void oidc05_refreshTokenRotatesOnEveryUseAndAReuseRevokesTheFamily() throws Exception {
        Issued issued = signInTo(webmail, "openid offline_access");
        String first = issued.tokens().getRefreshToken().getValue();

        Tokens second = success(webmail.refresh(first));
        assertThat(second.getRefreshToken().getValue()).isNotEqualTo(first);
        assertThat(webmail.active(second.getAccessToken().getValue())).isTrue();

        HTTPResponse replay = webmail.refresh(first);
        assertThat(error(replay)).isEqualTo("invalid_grant");
        assertThat(error(webmail.refresh(second.getRefreshToken().getValue()))).as("the family is revoked").isEqualTo("invalid_grant");
        assertThat(webmail.active(second.getAccessToken().getValue())).isFalse();
        assertThat(auditDetails("oidc.tokens.revoked")).anyMatch(d -> d.contains("reason=refresh token reused"));
    }

    @Test
    void flt05_oidc05_parallelRefreshesRotateATokenOnce() throws Exception {
        Issued issued = signInTo(webmail, "openid offline_access");
        String refresh = issued.tokens().getRefreshToken().getValue();

        List<HTTPResponse> responses = parallel(6, () -> webmail.refresh(refresh));

        assertThat(responses.stream().filter(HTTPResponse::indicatesSuccess)).hasSizeLessThanOrEqualTo(1);
        assertThat(responses.stream().filter(r -> !r.indicatesSuccess())).isNotEmpty()
                .allSatisfy(r -> assertThat(error(r)).isEqualTo("invalid_grant"));
    }

    @Test
    void oidc06_nonceIsCarriedExactly() throws Exception {
        Issued issued = signInTo(spa, "openid");
        IDTokenClaimsSet claims = spa.validate(idToken(issued.tokens()), issued.attempt().nonce(), null);

        assertThat(claims.getNonce()).isEqualTo(issued.attempt().nonce());
        assertThat(claims.getAudience()).extracting(Object::toString).containsExactly("spa");
        assertThat(issued.tokens().getRefreshToken()).as("no refresh token for a public client").isNull();
    }

    @Test
    void oidc07_promptLoginAsksForThePasswordAgainAndAuthTimeSaysWhen() throws Exception {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        clock.set(Instant.now().minus(Duration.ofMinutes(10)));
        PortalVisitor browser = signedIn(email);
        clock.reset();
        RelyingParty.Attempt attempt = webmail.start("openid", Map.of("prompt", "login"));

        PortalVisitor.Page asked = browser.get(attempt.uri().toString());
        assertThat(asked.location()).endsWith("/signin");
        assertThat(browser.get("/signin").status()).as("signed out of the portal too: the sign-in page shows").isEqualTo(200);
        Instant demanded = clock.instant();
        String code = codeFrom(browser.follow(browser.signIn(email, OidcTestBed.PASSWORD)), attempt);
        Tokens tokens = success(webmail.redeem(code, attempt.verifier()));
        IDTokenClaimsSet claims = webmail.validate(idToken(tokens), attempt.nonce(), tokens.getAccessToken().getValue());
        assertThat(claims.getAuthenticationTime().toInstant()).isAfterOrEqualTo(demanded.minusSeconds(1));

        // The next request without prompt=login goes straight through: single sign-on.
        RelyingParty.Attempt next = webmail.start();
        assertThat(OidcTestBed.query(browser.get(next.uri().toString()).location(), "code")).isNotNull();
    }

    @Test
    void oidc07_maxAgeShorterThanTheSignInAsksAgain() throws Exception {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        clock.set(Instant.now().minus(Duration.ofMinutes(10)));
        PortalVisitor browser = signedIn(email);
        clock.reset();

        RelyingParty.Attempt lenient = webmail.start("openid", Map.of("max_age", "3600"));
        assertThat(OidcTestBed.query(browser.get(lenient.uri().toString()).location(), "code")).isNotNull();

        RelyingParty.Attempt strict = webmail.start("openid", Map.of("max_age", "60"));
        assertThat(browser.get(strict.uri().toString()).location()).endsWith("/signin");
        String code = codeFrom(browser.follow(browser.signIn(email, OidcTestBed.PASSWORD)), strict);
        Tokens tokens = success(webmail.redeem(code, strict.verifier()));
        IDTokenClaimsSet claims = webmail.validate(idToken(tokens), strict.nonce(), tokens.getAccessToken().getValue());
        assertThat(Duration.between(claims.getAuthenticationTime().toInstant(), clock.instant())).isLessThan(Duration.ofSeconds(60));

        RelyingParty.Attempt nonsense = webmail.start("openid", Map.of("max_age", "soon"));
        assertThat(OidcTestBed.query(browser.get(nonsense.uri().toString()).location(), "error")).isEqualTo("invalid_request");
    }

    @Test
    void oidc07_promptNoneWithoutASessionGetsLoginRequired() {
        RelyingParty.Attempt attempt = webmail.start("openid", Map.of("prompt", "none"));

        PortalVisitor.Page page = new PortalVisitor(BASE).get(attempt.uri().toString());

        assertThat(page.location()).startsWith(OidcTestBed.callback(RP_PORT));
        assertThat(OidcTestBed.query(page.location(), "error")).isEqualTo("login_required");
        assertThat(OidcTestBed.query(page.location(), "state")).isEqualTo(attempt.state().getValue());

        RelyingParty.Attempt repeated = webmail.start("openid", Map.of("prompt", "none  none"));
        PortalVisitor.Page again = new PortalVisitor(BASE).get(repeated.uri().toString());
        assertThat(OidcTestBed.query(again.location(), "error")).as("repeated values are no error").isEqualTo("login_required");
    }

    @Test
    void mfa03_applicationMinimumNotMetByAPasswordOnlyAccountGetsAnErrorNotAToken() {
        RelyingParty strict = clientWithMinimum("strict-" + System.nanoTime(), "mfa");
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        RelyingParty.Attempt attempt = strict.start("openid profile", Map.of());

        PortalVisitor.Page page = signedIn(email).get(attempt.uri().toString());

        assertThat(OidcTestBed.query(page.location(), "error")).isEqualTo("unmet_authentication_requirements");
        assertThat(OidcTestBed.query(page.location(), "code")).isNull();
        assertThat(auditDetails("oidc.acr.unmet")).anyMatch(d -> d.contains("client=" + strict.clientId.getValue())
                && d.contains("required=mfa"));
    }

    @Test
    void mfa03_phishingResistantRequestWithoutASecurityKeyGetsAnErrorNotAWeakerToken() {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        String key = OidcTestBed.enrolAuthenticatorApp(BASE, email, clock);
        PortalVisitor browser = signedInWithApp(email, key);
        RelyingParty.Attempt attempt = webmail.start("openid", Map.of("acr_values", "urn:portcullis:acr:phr"));

        PortalVisitor.Page page = browser.get(attempt.uri().toString());

        assertThat(OidcTestBed.query(page.location(), "error")).isEqualTo("unmet_authentication_requirements");
        assertThat(OidcTestBed.query(page.location(), "code")).isNull();
    }

    @Test
    void mfa03_phishingResistantRequestStepsUpToTheSecurityKeyOnly() throws Exception {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        String key = OidcTestBed.enrolAuthenticatorApp(BASE, email, clock);
        testKey.giveTo(accountId(email));
        PortalVisitor browser = signedInWithApp(email, key);
        RelyingParty.Attempt attempt = webmail.start("openid", Map.of("acr_values", "urn:portcullis:acr:phr urn:portcullis:acr:mfa"));

        PortalVisitor.Page stepUp = browser.get(attempt.uri().toString());
        assertThat(stepUp.location()).endsWith(TestSecurityKey.CHALLENGE_PATH);
        String code = codeFrom(browser.follow(browser.post(TestSecurityKey.CHALLENGE_PATH, Map.of())), attempt);
        Tokens tokens = success(webmail.redeem(code, attempt.verifier()));
        IDTokenClaimsSet claims = webmail.validate(idToken(tokens), attempt.nonce(), tokens.getAccessToken().getValue());

        assertThat(claims.getACR().getValue()).isEqualTo("urn:portcullis:acr:phr");
        assertThat(RelyingParty.amr(claims)).containsExactly("pwd", "otp", "hwk", "mfa");
    }

    @Test
    void ses03_singleSignOnAcrossApplicationsEndsWhenThePersonSignsOutOfThePortal() {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        PortalVisitor browser = signedIn(email);
        assertThat(OidcTestBed.query(browser.get(webmail.start().uri().toString()).location(), "code")).isNotNull();
        assertThat(OidcTestBed.query(browser.get(spa.start("openid", Map.of()).uri().toString()).location(), "code")).isNotNull();

        browser.get("/");
        assertThat(browser.post("/signout", Map.of()).location()).endsWith("/signin?signedout");

        assertThat(browser.get(webmail.start().uri().toString()).location()).isEqualTo(BASE + "/signin");
        assertThat(browser.get(spa.start("openid", Map.of()).uri().toString()).location()).isEqualTo(BASE + "/signin");
    }

    @Test
    void ses03_applicationInitiatedSignOutEndsThePortalSessionAndReturnsOnlyToARegisteredAddress() throws Exception {
        Issued issued = signInTo(webmail, "openid");
        String logout = BASE + "/connect/logout?id_token_hint=" + idToken(issued.tokens())
                + "&post_logout_redirect_uri=http://localhost:" + RP_PORT + "/signed-out&state=bye";

        PortalVisitor.Page page = issued.browser().get(logout);

        assertThat(page.location()).isEqualTo("http://localhost:" + RP_PORT + "/signed-out?state=bye");
        assertThat(issued.browser().get("/").location()).endsWith("/signin");
        assertThat(issued.browser().get(webmail.start().uri().toString()).location()).isEqualTo(BASE + "/signin");

        String elsewhere = BASE + "/connect/logout?id_token_hint=" + idToken(issued.tokens())
                + "&post_logout_redirect_uri=https://attacker.example/";
        assertThat(new PortalVisitor(BASE).get(elsewhere).location()).as("no open redirect").isNull();
    }

    @Test
    void oidc05_aChainOfRefreshTokensEndsThirtyDaysAfterTheSignInHoweverOftenRotated() throws Exception {
        Issued issued = signInTo(webmail, "openid offline_access");
        Tokens latest = success(webmail.refresh(issued.tokens().getRefreshToken().getValue()));
        String family = jdbc.sql("SELECT family_id FROM oidc_refresh_token WHERE token_hash = :hash")
                .param("hash", TokenFamilies.digest(latest.getRefreshToken().getValue())).query(String.class).single();
        latest = success(webmail.refresh(latest.getRefreshToken().getValue()));

        // The sign-in that began this chain is now 30 days and a minute old.
        jdbc.sql("UPDATE oidc_token_family SET created_at = :then WHERE family_id = :id")
                .param("then", java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(30).plusMinutes(1))))
                .param("id", family).update();

        assertThat(error(webmail.refresh(latest.getRefreshToken().getValue()))).isEqualTo("invalid_grant");
        assertThat(webmail.active(latest.getAccessToken().getValue())).isFalse();
    }

    @Test
    void oidc07_expiredTokensAreRefusedEverywhere() throws Exception {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        RelyingParty.Attempt attempt = webmail.start("openid offline_access", Map.of());
        String code = codeFrom(signedIn(email).get(attempt.uri().toString()), attempt);
        // Tokens issued thirteen hours ago: every lifetime (access 5 min, ID 30 min, refresh 1 h) is over.
        clock.set(Instant.now().minus(Duration.ofHours(13)));
        Tokens tokens = success(webmail.redeem(code, attempt.verifier()));
        clock.reset();

        assertThat(webmail.userInfo(tokens.getAccessToken().getValue()).getStatusCode()).isEqualTo(401);
        assertThat(webmail.active(tokens.getAccessToken().getValue())).isFalse();
        assertThat(error(webmail.refresh(tokens.getRefreshToken().getValue()))).isEqualTo("invalid_grant");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> webmail.validate(idToken(tokens), attempt.nonce(), tokens.getAccessToken().getValue()))
                .hasMessageContaining("Expired");
    }

    @Test
    void oidc02_unknownClientsAndWrongSecretsAreRefusedAtTheTokenEndpoint() {
        URI callback = URI.create(OidcTestBed.callback(RP_PORT));
        RelyingParty stranger = new RelyingParty(BASE, "no-such-app", "whatever", callback);
        RelyingParty impostor = new RelyingParty(BASE, "webmail", "not-the-secret", callback);

        for (RelyingParty client : List.of(stranger, impostor)) {
            HTTPResponse response = client.redeem("some-code", new CodeVerifier());
            assertThat(response.getStatusCode()).isEqualTo(401);
            assertThat(error(response)).isEqualTo("invalid_client");
        }
    }

    @Test
    void revokedAccessTokenIsNoLongerActive() throws Exception {
        Issued issued = signInTo(webmail, "openid");
        String access = issued.tokens().getAccessToken().getValue();
        assertThat(webmail.active(access)).isTrue();

        assertThat(webmail.revoke(access).getStatusCode()).isEqualTo(200);

        assertThat(webmail.active(access)).isFalse();
        assertThat(webmail.userInfo(access).getStatusCode()).isEqualTo(401);
    }

    @Test
    void clientsFromSpringBootPropertiesAreStoredWithPortcullisRules() {
        RegisteredClient configured = clients.findByClientId("webmail");

        assertThat(configured).isNotNull();
        assertThat(configured.getClientSettings().isRequireProofKey()).isTrue();
        assertThat(configured.getTokenSettings().isReuseRefreshTokens()).as("Boot's default is true; rotation is enforced").isFalse();
        assertThat(ApplicationSettings.source(configured)).isEqualTo(ApplicationSettings.SOURCE_CONFIGURATION);
        assertThat(configured.getRedirectUris()).containsExactly(OidcTestBed.callback(RP_PORT));
        assertThat(configured.getClientSecret()).as("written as {noop} in configuration, stored hashed")
                .startsWith("{bcrypt}").doesNotContain(OidcTestBed.WEBMAIL_SECRET);
        assertThat(auditDetails("oidc.application.configured")).anyMatch(d -> d.startsWith("client=webmail"));
    }

    @Test
    void applicationsThatAskForConsentShowWhatTheyWillSeeAndRespectNo() throws Exception {
        RelyingParty survey = new RelyingParty(BASE, "survey", null, URI.create(OidcTestBed.callback(RP_PORT)));
        PortalVisitor browser = signedIn(OidcTestBed.newAccount(accounts, organisations, Role.USER));

        RelyingParty.Attempt refused = survey.start("openid profile email", Map.of());
        PortalVisitor.Page asked = browser.get(refused.uri().toString());
        assertThat(asked.location()).contains("/oauth2/consent?");
        PortalVisitor.Page page = browser.get(asked.location());
        assertThat(page.body()).contains("Staff survey</span> wants to use your account").contains("your name and organisation")
                .contains("your email address");
        String state = OidcTestBed.query(asked.location(), "state");
        PortalVisitor.Page no = browser.post("/oauth2/authorize", Map.of("client_id", "survey", "state", state));
        assertThat(OidcTestBed.query(no.location(), "error")).isEqualTo("access_denied");
        assertThat(OidcTestBed.query(no.location(), "code")).isNull();

        RelyingParty.Attempt agreed = survey.start("openid profile", Map.of());
        PortalVisitor.Page again = browser.get(agreed.uri().toString());
        String secondState = OidcTestBed.query(again.location(), "state");
        PortalVisitor.Page yes = browser.post("/oauth2/authorize", Map.of("client_id", "survey", "state", secondState,
                "scope", "profile"));
        String code = codeFrom(yes, agreed);
        assertThat(survey.redeem(code, agreed.verifier()).indicatesSuccess()).isTrue();

        RelyingParty.Attempt later = survey.start("openid profile", Map.of());
        assertThat(OidcTestBed.query(browser.get(later.uri().toString()).location(), "code")).as("asked once").isNotNull();
    }

    @Autowired
    private AccountSessions sessions;

    // ---- helpers ----

    record Issued(RelyingParty.Attempt attempt, String code, Tokens tokens, PortalVisitor browser) {
    }

    private Issued signInTo(RelyingParty client, String scope) {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        PortalVisitor browser = signedIn(email);
        RelyingParty.Attempt attempt = client.start(scope, Map.of());
        String code = codeFrom(browser.get(attempt.uri().toString()), attempt);
        return new Issued(attempt, code, success(client.redeem(code, attempt.verifier())), browser);
    }

    private PortalVisitor signedIn(String email) {
        PortalVisitor browser = new PortalVisitor(BASE);
        PortalVisitor.Page page = browser.signIn(email, OidcTestBed.PASSWORD);
        assertThat(page.location()).as("signed in with the password alone").endsWith("/");
        return browser;
    }

    private PortalVisitor signedInWithApp(String email, String key) {
        PortalVisitor browser = new PortalVisitor(BASE);
        assertThat(browser.signIn(email, OidcTestBed.PASSWORD).location()).endsWith("/signin/factor");
        browser.get("/signin/factor/totp");
        PortalVisitor.Page proven = browser.post("/signin/factor/totp",
                Map.of("code", TotpCodes.forStep(key, TotpCodes.step(clock.instant()) + 1)));
        assertThat(proven.status()).as(proven.body()).isEqualTo(302);
        return browser;
    }

    private RelyingParty clientWithMinimum(String clientId, String minimum) {
        RegisteredClient template = clients.findByClientId("spa");
        clients.save(RegisteredClient.from(template).id(clientId).clientId(clientId)
                .clientSettings(ClientSettings.withSettings(template.getClientSettings().getSettings())
                        .setting(ApplicationSettings.MINIMUM_ACR, minimum).build())
                .build());
        return new RelyingParty(BASE, clientId, null, URI.create(OidcTestBed.callback(RP_PORT)));
    }

    private static String codeFrom(PortalVisitor.Page page, RelyingParty.Attempt attempt) {
        assertThat(page.location()).as("a redirect to the application, not %s %s", page.status(),
                page.body().replaceAll("(?s).*<main", "<main").replaceAll("<[^>]+>", " ").replaceAll("\\s+", " "))
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

    private static String idToken(Tokens tokens) {
        return ((com.nimbusds.openid.connect.sdk.token.OIDCTokens) tokens).getIDTokenString();
    }

    private static String error(HTTPResponse response) {
        TokenResponse parsed = RelyingParty.parse(response);
        return parsed instanceof TokenErrorResponse failed ? failed.getErrorObject().getCode() : "(success)";
    }

    private static <T> List<T> parallel(int count, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
