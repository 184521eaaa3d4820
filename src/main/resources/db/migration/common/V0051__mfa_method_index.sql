-- Which kinds of method each account holds, kept by the MFA module as methods come and go, so
-- that administrators' searches and the rollout dashboard can count without asking every factor.
CREATE TABLE mfa_method_index (
    account_id   BIGINT      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    factor_type  VARCHAR(16) NOT NULL,
    since        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account_id, factor_type)
);

CREATE INDEX mfa_method_index_type_ix ON mfa_method_index (factor_type);

-- One row per organisation and day: the rollout's history for the dashboard's chart.
CREATE TABLE mfa_rollout_snapshot (
    snapshot_day     DATE        NOT NULL,
    organisation_id  BIGINT      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    active_accounts  INTEGER     NOT NULL,
    with_mfa         INTEGER     NOT NULL,
    totp             INTEGER     NOT NULL,
    sms              INTEGER     NOT NULL,
    voice            INTEGER     NOT NULL,
    webauthn         INTEGER     NOT NULL,
    PRIMARY KEY (snapshot_day, organisation_id)
);
