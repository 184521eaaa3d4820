-- Every refresh token ever issued in a family, by SHA-256 (hex) only, so that presenting one that
-- was already rotated is recognised and revokes the family (OIDC-05). used_at is set by a
-- conditional UPDATE (... WHERE used_at IS NULL): one refresh token rotates exactly once.
CREATE TABLE oidc_refresh_token (
    token_hash  VARCHAR(64)  NOT NULL,
    family_id   VARCHAR(100) NOT NULL REFERENCES oidc_token_family (family_id) ON DELETE CASCADE,
    issued_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE,
    used_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT oidc_refresh_token_pk PRIMARY KEY (token_hash)
);

CREATE INDEX oidc_refresh_token_family_ix ON oidc_refresh_token (family_id);
