package dev.portcullis.oidc;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * The person must do something here before the application gets a code: sign in again
 * ({@code prompt=login}, {@code max_age}) or prove a stronger factor ({@code acr_values}, the
 * application's minimum). {@link AuthorizationResponses} sends them to do it and brings them
 * back to the same authorization request. Should anything else ever handle it, the client
 * receives {@code interaction_required}, never a code.
 */
final class InteractionRequired extends OAuth2AuthorizationCodeRequestAuthenticationException {

    private static final long serialVersionUID = 1L;

    enum Kind { SIGN_IN_AGAIN, STEP_UP }

    private final Kind kind;
    private final transient Acr required;
    private final String requestFingerprint;

    InteractionRequired(Kind kind, Acr required, String requestFingerprint,
                        OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        super(new OAuth2Error("interaction_required"), request);
        this.kind = kind;
        this.required = required;
        this.requestFingerprint = requestFingerprint;
    }

    Kind kind() {
        return kind;
    }

    Acr required() {
        return required;
    }

    String requestFingerprint() {
        return requestFingerprint;
    }
}
