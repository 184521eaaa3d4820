-- One sign-in to one application and everything issued from it: the authorization code, then
-- each rotated refresh token. family_id is the id of the authorization the code was issued in.
-- code_redeemed_at: set by a conditional UPDATE (... WHERE code_redeemed_at IS NULL), so a code
--   is exchanged exactly once even when two requests race (OIDC-04, FLT-05).
-- revoked_at: the whole family is dead (a code or a refresh token was presented twice).
CREATE TABLE oidc_token_family (
    family_id             VARCHAR(100) NOT NULL,
    registered_client_id  VARCHAR(100) NOT NULL,
    principal_name        VARCHAR(200) NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    code_redeemed_at      TIMESTAMP WITH TIME ZONE,
    revoked_at            TIMESTAMP WITH TIME ZONE,
    revoked_reason        VARCHAR(100),
    CONSTRAINT oidc_token_family_pk PRIMARY KEY (family_id)
);

CREATE INDEX oidc_token_family_created_ix ON oidc_token_family (created_at);
