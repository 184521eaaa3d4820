package dev.portcullis.oidc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.portcullis.account.Role;
import dev.portcullis.oidc.keys.SigningKeys;
import dev.portcullis.shared.SecretCipher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signing keys kept in the database: sealed at rest and bound to their key id, rotated with
 * the previous key still published until what it signed has expired, and safe when two nodes
 * rotate at once.
 */
class OidcSigningKeysIntegrationTests extends OidcIntegrationTestBase {

    @Autowired
    private SigningKeys keys;

    @Autowired
    private SecretCipher cipher;

    private final RelyingParty webmail = OidcTestBed.webmail(PORT, RP_PORT);

    record Row(String kid, String publicJwk, byte[] sealed) {
    }

    @Test
    void privateKeysAreSealedAtRestAndOpenOnlyForTheirOwnKeyId() {
        List<Row> rows = jdbc.sql("SELECT kid, public_jwk, private_jwk FROM oidc_signing_key")
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getBytes(3))).list();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
        for (Row row : rows) {
            String stored = new String(row.sealed(), StandardCharsets.ISO_8859_1);
            assertThat(stored).doesNotContain("\"d\"").doesNotContain("\"kty\"");
            assertThat(row.publicJwk()).doesNotContain("\"d\"");
            String opened = new String(cipher.decrypt(row.sealed(), "oidc:signing-key:" + row.kid()), StandardCharsets.UTF_8);
            assertThat(opened).contains("\"d\"").contains(row.kid());
        }
        Row first = rows.get(0);
        Row other = rows.get(1);
        assertThatThrownBy(() -> cipher.decrypt(first.sealed(), "oidc:signing-key:" + other.kid()))
                .isInstanceOf(SecretCipher.TamperedSecretException.class);
    }

    @Test
    void rotationKeepsTokensSignedWithThePreviousKeyValidUntilTheyExpire() throws Exception {
        Tokens before = tokens();
        String oldKid = JWTParser.parse(before.getAccessToken().getValue()).getHeader().toJSONObject().get("kid").toString();

        keys.rotateNow();

        Tokens after = tokens();
        String newKid = JWTParser.parse(after.getAccessToken().getValue()).getHeader().toJSONObject().get("kid").toString();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(published()).contains(oldKid, newKid);
        assertThat(webmail.userInfo(before.getAccessToken().getValue()).getStatusCode()).as("old token still verifies").isEqualTo(200);
        assertThat(webmail.userInfo(after.getAccessToken().getValue()).getStatusCode()).isEqualTo(200);

        // Once everything the old key signed has expired (the longest lifetime: ID tokens, 30 minutes), it is withdrawn.
        clock.advance(OidcProperties.ID_TOKEN_LIFETIME.plus(Duration.ofMinutes(2)));
        keys.forget();
        assertThat(published()).contains(newKid).doesNotContain(oldKid);
        clock.reset();
        keys.forget();
        assertThat(published()).contains(oldKid);
    }

    @Test
    void twoNodesRotatingAtOnceAddOneGenerationOfEachAlgorithm() throws Exception {
        long before = jdbc.sql("SELECT COUNT(*) FROM oidc_signing_key").query(Long.class).single();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> runs = List.of(
                    pool.submit(() -> { start.await(); keys.rotateNow(); return null; }),
                    pool.submit(() -> { start.await(); keys.rotateNow(); return null; }),
                    pool.submit(() -> { start.await(); keys.rotateNow(); return null; }));
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long added = jdbc.sql("SELECT COUNT(*) FROM oidc_signing_key").query(Long.class).single() - before;
        assertThat(added).as("at least one generation of each algorithm, none lost").isBetween(2L, 6L);
        assertThat(keys.signingKeyIds()).hasSize(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM oidc_signing_key WHERE retires_at IS NULL").query(Long.class).single())
                .as("one current generation per algorithm").isEqualTo(2L);
    }

    private List<String> published() throws Exception {
        return JWKSet.load(webmail.metadata().getJWKSetURI().toURL()).getKeys().stream().map(k -> k.getKeyID()).toList();
    }

    private Tokens tokens() {
        String email = OidcTestBed.newAccount(accounts, organisations, Role.USER);
        PortalVisitor browser = new PortalVisitor(BASE);
        browser.signIn(email, OidcTestBed.PASSWORD);
        RelyingParty.Attempt attempt = webmail.start("openid", Map.of());
        String code = OidcTestBed.query(browser.get(attempt.uri().toString()).location(), "code");
        TokenResponse response = RelyingParty.parse(webmail.redeem(code, attempt.verifier()));
        assertThat(response.indicatesSuccess()).isTrue();
        OIDCTokens tokens = (OIDCTokens) response.toSuccessResponse().getTokens();
        return tokens;
    }
}
