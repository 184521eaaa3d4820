-- One-time set-up links for the first administrator (printed to the log when the database has
-- no accounts and no bootstrap credentials were given). Only a hash of the token is stored.
CREATE TABLE setup_token (
    token_hash  VARCHAR(64) PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
