package dev.portcullis.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

/**
 * An independent relying application, written with Nimbus's OpenID Connect SDK and nothing of
 * Portcullis: it discovers the provider, sends authentication requests with PKCE (S256), a
 * state and a nonce, redeems codes, and validates ID tokens the way a certified client does
 * (signature against the published JWKS, iss, aud, exp, iat, nonce, at_hash).
 */
final class RelyingParty {

    final String issuer;
    final ClientID clientId;
    final Secret secret;
    final URI redirectUri;
    private OIDCProviderMetadata metadata;

    RelyingParty(String issuer, String clientId, String secret, URI redirectUri) {
        this.issuer = issuer;
        this.clientId = new ClientID(clientId);
        this.secret = secret == null ? null : new Secret(secret);
        this.redirectUri = redirectUri;
    }

    /** One authentication request and what the client keeps to check the answer. */
    record Attempt(URI uri, State state, Nonce nonce, CodeVerifier verifier) {
    }

    OIDCProviderMetadata metadata() {
        if (metadata == null) {
            try {
                metadata = OIDCProviderMetadata.resolve(new Issuer(issuer));
            } catch (Exception e) {
                throw new IllegalStateException("discovery failed", e);
            }
        }
        return metadata;
    }

    Attempt start(String scope, Map<String, String> extra) {
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest.Builder builder = new AuthenticationRequest.Builder(new ResponseType("code"),
                Scope.parse(scope), clientId, redirectUri)
                .endpointURI(metadata().getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        extra.forEach((name, value) -> builder.customParameter(name, value));
        return new Attempt(builder.build().toURI(), state, nonce, verifier);
    }

    Attempt start() {
        return start("openid profile email", Map.of());
    }

    HTTPResponse redeem(String code, CodeVerifier verifier) {
        return token(new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier));
    }

    HTTPResponse refresh(String refreshToken) {
        return token(new RefreshTokenGrant(new RefreshToken(refreshToken)));
    }

    HTTPResponse token(AuthorizationGrant grant) {
        TokenRequest request = secret != null
                ? new TokenRequest(metadata().getTokenEndpointURI(), new ClientSecretBasic(clientId, secret), grant, null)
                : new TokenRequest(metadata().getTokenEndpointURI(), clientId, grant, null);
        return send(() -> request.toHTTPRequest().send());
    }

    static TokenResponse parse(HTTPResponse response) {
        try {
            return OIDCTokenResponseParser.parse(response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Validates an ID token as a careful client does, and returns its claims. */
    IDTokenClaimsSet validate(String idToken, Nonce nonce, String accessToken) throws Exception {
        JWT jwt = JWTParser.parse(idToken);
        JWSAlgorithm algorithm = (JWSAlgorithm) jwt.getHeader().getAlgorithm();
        JWKSet keys = JWKSet.load(new URL(metadata().getJWKSetURI().toString()));
        IDTokenValidator validator = new IDTokenValidator(new Issuer(issuer), clientId, algorithm, keys);
        IDTokenClaimsSet claims = validator.validate(jwt, nonce);
        if (accessToken != null) {
            AccessTokenValidator.validate(new BearerAccessToken(accessToken), algorithm, claims.getAccessTokenHash());
        }
        return claims;
    }

    HTTPResponse userInfo(String accessToken) {
        return send(() -> new UserInfoRequest(metadata().getUserInfoEndpointURI(), new BearerAccessToken(accessToken))
                .toHTTPRequest().send());
    }

    boolean active(String token) {
        HTTPResponse response = send(() -> new TokenIntrospectionRequest(
                URI.create(issuer + "/oauth2/introspect"), auth(), new BearerAccessToken(token)).toHTTPRequest().send());
        try {
            return TokenIntrospectionResponse.parse(response).toSuccessResponse().isActive();
        } catch (Exception e) {
            throw new IllegalStateException(response.getStatusCode() + " " + response.getBody(), e);
        }
    }

    boolean refreshTokenActive(String token) {
        HTTPResponse response = send(() -> new TokenIntrospectionRequest(
                URI.create(issuer + "/oauth2/introspect"), auth(), new RefreshToken(token)).toHTTPRequest().send());
        try {
            return TokenIntrospectionResponse.parse(response).toSuccessResponse().isActive();
        } catch (Exception e) {
            throw new IllegalStateException(response.getStatusCode() + " " + response.getBody(), e);
        }
    }

    HTTPResponse revoke(String token) {
        return send(() -> new TokenRevocationRequest(metadata().getRevocationEndpointURI(), auth(), new BearerAccessToken(token))
                .toHTTPRequest().send());
    }

    private ClientAuthentication auth() {
        return new ClientSecretBasic(clientId, secret);
    }

    static List<String> amr(IDTokenClaimsSet claims) {
        return claims.getAMR().stream().map(a -> a.getValue()).toList();
    }

    static AccessToken bearer(String value) {
        return new BearerAccessToken(value);
    }

    @FunctionalInterface
    interface Call {
        HTTPResponse send() throws IOException;
    }

    private static HTTPResponse send(Call call) {
        try {
            return call.send();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
