-- Brute-force counters, shared by every node through the database. One row per thing being
-- guessed at: an account's password (keyed by the canonical email typed, known or not), a
-- source address, and later each second factor. Changed only by compare-and-set updates on
-- the version column, so concurrent failures on several nodes are all counted.
CREATE TABLE attempt_counter (
    scope          VARCHAR(24)  NOT NULL,
    subject        VARCHAR(128) NOT NULL,
    failures       INTEGER      NOT NULL,
    last_failure   BIGINT       NOT NULL,
    paused_until   BIGINT       NOT NULL,
    version        BIGINT       NOT NULL,
    PRIMARY KEY (scope, subject)
);

CREATE INDEX attempt_counter_last_failure_ix ON attempt_counter (last_failure);
