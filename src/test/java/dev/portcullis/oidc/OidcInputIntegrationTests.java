package dev.portcullis.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.portcullis.account.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * INP-01 at the OpenID Connect endpoints: oversized and odd {@code state}, {@code nonce},
 * {@code redirect_uri}, {@code scope}, {@code login_hint} and other parameters at
 * /oauth2/authorize, and oversized or malformed token requests at /oauth2/token, get a clear
 * 400-class answer or an OAuth error sent only to the registered redirect URI; never a 500,
 * a stack trace, a code, or a stored authorization.
 */
class OidcInputIntegrationTests extends OidcIntegrationTestBase {

    // RFC 7636 appendix B: a verifier and its S256 challenge.
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private final String callback = OidcTestBed.callback(RP_PORT);
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void inp01_oversizedParametersAtTheAuthorizationEndpointGetAnErrorAndStoreNothing() {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        PortalVisitor signedIn = new PortalVisitor(BASE);
        assertThat(signedIn.signIn(email, OidcTestBed.PASSWORD).location()).endsWith("/");
        long before = authorizations();

        for (PortalVisitor browser : new PortalVisitor[] {signedIn, new PortalVisitor(BASE)}) {
            for (String name : new String[] {"state", "nonce", "login_hint", "acr_values", "prompt", "max_age", "claims", "ui_locales"}) {
                Map<String, String> parameters = request();
                parameters.put(name, "x".repeat(5_000));
                PortalVisitor.Page page = browser.get(authorize(parameters));
                assertRefusedToTheApplication(page, name, "invalid_request");
                assertThat(page.location()).as(name).doesNotContain("xxxxxxxxxx");
            }
            Map<String, String> scope = request();
            scope.put("scope", "openid " + "x".repeat(5_000));
            assertRefusedToTheApplication(browser.get(authorize(scope)), "scope", "invalid_scope");

            Map<String, String> redirect = request();
            redirect.put("redirect_uri", callback + "?" + "x".repeat(5_000));
            PortalVisitor.Page elsewhere = browser.get(authorize(redirect));
            assertThat(elsewhere.status()).isEqualTo(400);
            assertThat(elsewhere.location()).isNull();
            assertNoTrace(elsewhere.body());

            Map<String, String> huge = request();
            huge.put("state", "s".repeat(20_000));
            PortalVisitor.Page tooLarge = browser.get(authorize(huge));
            assertThat(tooLarge.status()).as("refused by the server before the application sees it").isBetween(400, 431);
            assertThat(tooLarge.location()).isNull();
            assertNoTrace(tooLarge.body());
        }
        assertThat(authorizations()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void inp01_oddBytesInAuthorizationParametersAreRefusedWithoutBreakingTheResponse() {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        PortalVisitor browser = new PortalVisitor(BASE);
        assertThat(browser.signIn(email, OidcTestBed.PASSWORD).location()).endsWith("/");
        long before = authorizations();

        for (String name : new String[] {"state", "nonce", "login_hint"}) {
            for (String odd : new String[] {"a\u0000b", "a\r\nSet-Cookie: evil=1", "\u0007"}) {
                Map<String, String> parameters = request();
                parameters.put(name, odd);
                PortalVisitor.Page page = browser.get(authorize(parameters));
                assertRefusedToTheApplication(page, name, "invalid_request");
                assertThat(page.location()).doesNotContain("\r").doesNotContain("\n").doesNotContain("evil=1");
            }
        }
        for (String maxAge : new String[] {"-1", "1e3", "99999999999999999999", "０"}) {
            Map<String, String> parameters = request();
            parameters.put("max_age", maxAge);
            assertRefusedToTheApplication(browser.get(authorize(parameters)), "max_age=" + maxAge, "invalid_request");
        }
        for (String clientId : new String[] {"\u0000", "webmail\u0000", "x".repeat(3_000)}) {
            Map<String, String> parameters = request();
            parameters.put("client_id", clientId);
            PortalVisitor.Page page = browser.get(authorize(parameters));
            assertThat(page.status()).isEqualTo(400);
            assertThat(page.location()).isNull();
            assertNoTrace(page.body());
        }
        for (String redirect : new String[] {"javascript:alert(1)", callback + "\u0000", "\u0000"}) {
            Map<String, String> parameters = request();
            parameters.put("redirect_uri", redirect);
            PortalVisitor.Page page = browser.get(authorize(parameters));
            assertThat(page.status()).isEqualTo(400);
            assertThat(page.location()).isNull();
        }
        Map<String, String> type = request();
        type.put("response_type", "code\u0000");
        PortalVisitor.Page odd = browser.get(authorize(type));
        assertThat(odd.status()).isIn(302, 400);
        assertThat(odd.location() == null || odd.location().startsWith(callback + "?")).isTrue();
        assertThat(OidcTestBed.query(odd.location(), "code")).isNull();
        assertNoTrace(odd.body());

        // And a well-formed request from the same session still gets its code.
        PortalVisitor.Page fine = browser.get(authorize(request()));
        assertThat(OidcTestBed.query(fine.location(), "code")).isNotBlank();
        assertThat(authorizations()).isEqualTo(before + 1);
    }

    @Test
    void inp01_oversizedAndMalformedTokenRequestsGetAnOAuthErrorAndChangeNothing() throws Exception {
        long before = authorizations();
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                ("webmail:" + OidcTestBed.WEBMAIL_SECRET).getBytes(StandardCharsets.UTF_8));
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("grant_type=authorization_code&code=" + "c".repeat(50_000) + "&redirect_uri=" + enc(callback)
                + "&code_verifier=" + verifier, "invalid_grant");
        cases.put("grant_type=authorization_code&code=%00abc&redirect_uri=" + enc(callback) + "&code_verifier=" + verifier,
                "invalid_grant");
        cases.put("grant_type=authorization_code&code=%E2%80%AE%0D%0A&redirect_uri=" + enc(callback), "invalid_grant");
        cases.put("grant_type=refresh_token&refresh_token=%00" + "r".repeat(10_000), "invalid_grant");
        cases.put("grant_type=no_such_grant%00", "unsupported_grant_type");
        cases.put("grant_type=authorization_code&code=x&redirect_uri=" + enc(callback) + "&code_verifier=" + "v".repeat(60_000),
                "invalid_grant");
        cases.put("grant_type=" + "g".repeat(70_000), "invalid_request");

        for (var entry : cases.entrySet()) {
            HttpResponse<String> response = token(entry.getKey(), basic);
            String label = entry.getKey().substring(0, Math.min(60, entry.getKey().length()));
            assertThat(response.statusCode()).as(label + ": " + response.body()).isBetween(400, 499);
            assertThat(response.body()).as(label).contains("\"error\"");
            assertNoTrace(response.body());
        }

        for (String authorization : new String[] {"Basic %%%not-base64", "Basic " + "A".repeat(6_000),
                "Basic " + Base64.getEncoder().encodeToString("webmail\u0000:x".getBytes(StandardCharsets.UTF_8)),
                "Basic " + Base64.getEncoder().encodeToString(("\u0000:" + "s".repeat(3_000)).getBytes(StandardCharsets.UTF_8))}) {
            HttpResponse<String> response = token("grant_type=authorization_code&code=x&redirect_uri=" + enc(callback), authorization);
            assertThat(response.statusCode()).as(authorization.substring(0, Math.min(20, authorization.length()))).isBetween(400, 499);
            assertNoTrace(response.body());
        }
        HttpResponse<String> publicClient = token("grant_type=authorization_code&client_id=%00&code=x&code_verifier=" + verifier, null);
        assertThat(publicClient.statusCode()).isBetween(400, 499);
        assertNoTrace(publicClient.body());

        assertThat(authorizations()).as("nothing stored").isEqualTo(before);
    }

    /** A well-formed request of the webmail application; tests change one parameter. */
    private Map<String, String> request() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", "webmail");
        parameters.put("redirect_uri", callback);
        parameters.put("scope", "openid");
        parameters.put("state", "af0ifjsldkj");
        parameters.put("nonce", "n-0S6_WzA2Mj");
        parameters.put("code_challenge", CHALLENGE);
        parameters.put("code_challenge_method", "S256");
        return parameters;
    }

    private static String authorize(Map<String, String> parameters) {
        StringBuilder uri = new StringBuilder("/oauth2/authorize?");
        parameters.forEach((name, value) -> uri.append(enc(name)).append('=').append(enc(value)).append('&'));
        return uri.substring(0, uri.length() - 1);
    }

    private void assertRefusedToTheApplication(PortalVisitor.Page page, String what, String error) {
        assertThat(page.status()).as(what + ": " + page.body()).isEqualTo(302);
        assertThat(page.location()).as(what).startsWith(callback + "?");
        assertThat(OidcTestBed.query(page.location(), "error")).as(what).isEqualTo(error);
        assertThat(OidcTestBed.query(page.location(), "code")).as(what).isNull();
    }

    private HttpResponse<String> token(String form, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + "/oauth2/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long authorizations() {
        return jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization").query(Long.class).single();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void assertNoTrace(String body) {
        assertThat(body == null ? "" : body).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("at org.springframework").doesNotContain("at dev.portcullis").doesNotContain("Whitelabel");
    }
}
