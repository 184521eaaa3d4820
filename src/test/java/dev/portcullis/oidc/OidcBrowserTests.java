package dev.portcullis.oidc;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import dev.portcullis.account.Role;
import dev.portcullis.testsupport.Browser;
import dev.portcullis.testsupport.TotpCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Journeys in headless Chromium, with an independent relying application (Nimbus) on the other
 * end: a global administrator registers an application in the console, and a nurse signs in to
 * it with her password and authenticator app; an application that asks for phishing-resistant
 * sign-in gets the nurse's FIDO2 key proven first (Selenium's virtual authenticator). Every page
 * passes axe (WCAG 2.2 A/AA).
 */
class OidcBrowserTests extends OidcIntegrationTestBase {

    private static ApplicationPages application;

    @BeforeAll
    static void applicationPages() {
        application = new ApplicationPages(RP_PORT);
    }

    @AfterAll
    static void closeApplicationPages() {
        application.close();
    }

    @Test
    void oidc07_nurseSignsInWithPasswordAndAppToAnApplicationRegisteredInTheConsole() throws Exception {
        String adminEmail = OidcTestBed.newAccount(accounts, organisations, Role.GLOBAL_ADMIN);
        String nurseEmail = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        String key = OidcTestBed.enrolAuthenticatorApp(BASE, nurseEmail, clock);
        // Administrators change applications only with their own second factor (ADM-02).
        String adminKey = OidcTestBed.enrolAuthenticatorApp(BASE, adminEmail, clock);

        try (Browser browser = new Browser(PORT)) {
            // The administrator registers the application.
            browser.signIn(adminEmail, OidcTestBed.PASSWORD);
            browser.type("#code", TotpCodes.forStep(adminKey, TotpCodes.step(clock.instant()) + 1)).click("#verify-totp");
            browser.open("/admin/applications");
            browser.click("#register-application");
            browser.click("#save-application");
            assertThat(browser.text("#problems")).contains("Enter a name for the application")
                    .contains("Enter at least one sign-in return address");
            browser.type("#name", "Webmail (browser test)");
            browser.type("#redirectUris", OidcTestBed.callback(RP_PORT));
            browser.find("#type-confidential").click();
            browser.click("#save-application");
            String clientId = browser.text("#client-id");
            String secret = browser.text("#client-secret");
            assertThat(browser.text("#success-message")).contains("Webmail (browser test) is registered");
            browser.open("/admin/applications");
            assertThat(browser.text("#applications")).contains("Webmail (browser test)").contains(clientId);
            browser.signOut();

            // The nurse opens the application, which sends her to Portcullis.
            RelyingParty webmail = new RelyingParty(BASE, clientId, secret, URI.create(OidcTestBed.callback(RP_PORT)));
            RelyingParty.Attempt attempt = webmail.start();
            browser.driver().get(attempt.uri().toString());
            browser.checkPage();
            assertThat(browser.path()).isEqualTo("/signin");
            browser.type("#email", nurseEmail).type("#password", OidcTestBed.PASSWORD).click("#sign-in");
            assertThat(browser.path()).isEqualTo("/signin/factor/totp");
            browser.type("#code", TotpCodes.forStep(key, TotpCodes.step(clock.instant()) + 1)).click("#verify-totp");
            waitForApplication(browser);

            String code = OidcTestBed.query(browser.driver().getCurrentUrl(), "code");
            assertThat(OidcTestBed.query(browser.driver().getCurrentUrl(), "state")).isEqualTo(attempt.state().getValue());
            TokenResponse response = RelyingParty.parse(webmail.redeem(code, attempt.verifier()));
            assertThat(response.indicatesSuccess()).isTrue();
            OIDCTokens tokens = (OIDCTokens) response.toSuccessResponse().getTokens();
            IDTokenClaimsSet claims = webmail.validate(tokens.getIDTokenString(), attempt.nonce(), tokens.getAccessToken().getValue());

            assertThat(claims.getIssuer().getValue()).isEqualTo(BASE);
            assertThat(claims.getAudience()).extracting(Object::toString).containsExactly(clientId);
            assertThat(claims.getExpirationTime()).isAfter(new java.util.Date());
            assertThat(claims.getNonce()).isEqualTo(attempt.nonce());
            assertThat(claims.getAccessTokenHash()).isNotNull();
            assertThat(RelyingParty.amr(claims)).containsExactly("pwd", "otp", "mfa");
            assertThat(claims.getACR().getValue()).isEqualTo("urn:portcullis:acr:mfa");
            assertThat(claims.getStringClaim("name")).isEqualTo("Ward Nurse");
            assertThat(webmail.userInfo(tokens.getAccessToken().getValue()).getBodyAsJSONObject())
                    .containsEntry("email", nurseEmail);
        }
    }

    @Test
    void mfa03_applicationAskingForPhishingResistantSignInGetsTheSecurityKeyProvenFirst() throws Exception {
        String nurseEmail = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        // The app is set up half a minute ago, so that two later sign-ins each have an unused code.
        clock.set(Instant.now().minusSeconds(TotpCodes.STEP_SECONDS));
        String key = OidcTestBed.enrolAuthenticatorApp(BASE, nurseEmail, clock);
        clock.reset();
        long step = TotpCodes.step(clock.instant());
        RelyingParty webmail = OidcTestBed.webmail(PORT, RP_PORT);

        try (Browser browser = new Browser(PORT)) {
            ((HasVirtualAuthenticator) browser.driver()).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                    .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                    .setTransport(VirtualAuthenticatorOptions.Transport.USB)
                    .setHasResidentKey(true)
                    .setHasUserVerification(true)
                    .setIsUserVerified(true));
            browser.signIn(nurseEmail, OidcTestBed.PASSWORD);
            browser.type("#code", TotpCodes.forStep(key, step)).click("#verify-totp");

            // She adds a security key in Self-Service, then signs out.
            browser.open("/account/security/factors/webauthn/enroll");
            browser.type("#label", "Blue key");
            browser.find("#webauthn-register").click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                    .until(d -> !browser.path().startsWith("/account/security/factors/webauthn/enroll"));
            browser.checkPage();
            browser.open("/");
            browser.signOut();

            // Next day: she signs in with her app as usual.
            browser.signIn(nurseEmail, OidcTestBed.PASSWORD);
            assertThat(browser.path()).isEqualTo("/signin/factor/totp");
            browser.type("#code", TotpCodes.forStep(key, step + 1)).click("#verify-totp");
            assertThat(browser.path()).isEqualTo("/");

            // The application asks for phishing-resistant sign-in: only the key is asked for.
            RelyingParty.Attempt attempt = webmail.start("openid", Map.of("acr_values", "urn:portcullis:acr:phr"));
            browser.driver().get(attempt.uri().toString());
            browser.checkPage();
            assertThat(browser.path()).isEqualTo("/signin/factor/webauthn");
            browser.find("#webauthn-use").click();
            waitForApplication(browser);

            String code = OidcTestBed.query(browser.driver().getCurrentUrl(), "code");
            OIDCTokens tokens = (OIDCTokens) RelyingParty.parse(webmail.redeem(code, attempt.verifier())).toSuccessResponse().getTokens();
            IDTokenClaimsSet claims = webmail.validate(tokens.getIDTokenString(), attempt.nonce(), tokens.getAccessToken().getValue());
            assertThat(claims.getACR().getValue()).isEqualTo("urn:portcullis:acr:phr");
            assertThat(RelyingParty.amr(claims)).containsExactly("pwd", "otp", "hwk", "mfa");
        }
    }

    private static void waitForApplication(Browser browser) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().startsWith(OidcTestBed.callback(RP_PORT)));
        browser.checkPage();
    }
}
