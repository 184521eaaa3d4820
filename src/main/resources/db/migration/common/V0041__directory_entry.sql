-- Directory entries: the profile fields shown in People Finder, one row per account, and the
-- folded (lower case, accents and apostrophes removed) search text of name, email address,
-- organisation, job title and department that People Finder matches with one LIKE per word.
-- The service rewrites sort_name and search_text whenever any of their parts changes; rows for
-- accounts that existed before this table are written at start-up.
CREATE TABLE directory_entry (
    account_id   BIGINT        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    job_title    VARCHAR(100),
    department   VARCHAR(100),
    work_phone   VARCHAR(40),
    pronouns     VARCHAR(40),
    location     VARCHAR(100),
    sort_name    VARCHAR(200)  NOT NULL,
    search_text  VARCHAR(1000) NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT directory_entry_pk PRIMARY KEY (account_id)
);

CREATE INDEX directory_entry_sort_ix ON directory_entry (sort_name, account_id);
