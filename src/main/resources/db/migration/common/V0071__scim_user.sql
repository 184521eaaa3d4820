-- What SCIM keeps about an account beyond the account and its directory entry: the provisioning
-- client's own identifier (externalId, RFC 7643 §3.1), the name parts it sent, when SCIM last
-- changed it, and whether SCIM deleted it (the account itself is only disabled, never removed).
CREATE TABLE scim_user (
    account_id     BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    external_id    VARCHAR(200),
    given_name     VARCHAR(100),
    family_name    VARCHAR(100),
    last_modified  TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT scim_user_pk PRIMARY KEY (account_id)
);

CREATE INDEX scim_user_external_ix ON scim_user (external_id);
