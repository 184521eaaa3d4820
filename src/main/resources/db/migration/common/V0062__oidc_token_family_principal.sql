-- An account's token families are revoked together when its sessions end (SES-03).
CREATE INDEX oidc_token_family_principal_ix ON oidc_token_family (principal_name);
