-- Token signing keys, shared by every node. One generation per algorithm (ES256, RS256) signs at
-- a time: the newest generation whose activates_at has passed. A new generation is published
-- before it signs (activates_at in the future) and the previous one stays published after it
-- stops signing (until unpublish_at), so every node and every relying application can verify
-- whatever any node signed.
--
-- public_jwk: the public JWK as JSON. private_jwk: the whole JWK including its private part,
-- sealed with SecretCipher (AES-256-GCM) under associated data "oidc:signing-key:<kid>", so a
-- sealed key copied to another row does not open.
-- (algorithm, generation) is unique: two nodes rotating at once cannot both add a generation.
CREATE TABLE oidc_signing_key (
    kid            VARCHAR(64)   NOT NULL,
    algorithm      VARCHAR(16)   NOT NULL,
    generation     INTEGER       NOT NULL,
    public_jwk     VARCHAR(4000) NOT NULL,
    private_jwk    BYTEA         NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    activates_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    retires_at     TIMESTAMP WITH TIME ZONE,
    unpublish_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT oidc_signing_key_pk PRIMARY KEY (kid),
    CONSTRAINT oidc_signing_key_generation_uk UNIQUE (algorithm, generation),
    CONSTRAINT oidc_signing_key_algorithm_ck CHECK (algorithm IN ('ES256', 'RS256'))
);
