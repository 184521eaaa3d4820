-- Password reset links: only a hash of the token is kept; single use; short-lived. A link
-- sent by an administrator may set a password without a second factor only while the account
-- has none (new accounts); every other reset needs a registered method as well (REC-02).
CREATE TABLE password_reset_token (
    token_hash    VARCHAR(64) PRIMARY KEY,
    account_id    BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    issued_by     BIGINT,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at       TIMESTAMP WITH TIME ZONE
);

CREATE INDEX password_reset_token_account_ix ON password_reset_token (account_id);
