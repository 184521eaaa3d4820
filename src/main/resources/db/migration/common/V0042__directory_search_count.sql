-- People Finder searches per account in the current minute and day (INP-03): a fixed window
-- per account and window name, counted by an atomic UPDATE so that every node shares it.
CREATE TABLE directory_search_count (
    account_id    BIGINT      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    window_name   VARCHAR(8)  NOT NULL,
    window_start  BIGINT      NOT NULL,
    searches      INTEGER     NOT NULL,
    CONSTRAINT directory_search_count_pk PRIMARY KEY (account_id, window_name)
);
