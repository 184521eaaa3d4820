-- The method an account is asked for first at sign-in. Absent: the first method in list order.
CREATE TABLE mfa_default_factor (
    account_id   BIGINT PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    factor_type  VARCHAR(16)  NOT NULL,
    instance_id  VARCHAR(255) NOT NULL
);
