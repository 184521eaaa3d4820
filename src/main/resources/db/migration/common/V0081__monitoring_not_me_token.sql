-- "This wasn't me" links sent after a sign-in from a new device or place: only a hash of the
-- token is kept; single use; expiring.
CREATE TABLE not_me_token (
    token_hash    VARCHAR(64) PRIMARY KEY,
    attempt_id    BIGINT NOT NULL REFERENCES sign_in_attempt (id) ON DELETE CASCADE,
    account_id    BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at       TIMESTAMP WITH TIME ZONE
);

CREATE INDEX not_me_token_attempt_ix ON not_me_token (attempt_id);
