-- Password hashes, apart from the account row. The hash is a PHC string that carries its own
-- parameters; they are also kept as columns so that weaker hashes can be found and upgraded
-- at the next sign-in when the configured parameters are raised.
CREATE TABLE account_password (
    account_id    BIGINT PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    hash          VARCHAR(255) NOT NULL,
    algorithm     VARCHAR(16)  NOT NULL,
    memory_kib    INTEGER      NOT NULL,
    iterations    INTEGER      NOT NULL,
    parallelism   INTEGER      NOT NULL,
    changed_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
