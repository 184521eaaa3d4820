-- PostgreSQL only: a trigram index makes People Finder's LIKE '%word%' an index search at a
-- million accounts. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may
-- create it. Where Portcullis's database user is not the owner, an operator runs
-- CREATE EXTENSION pg_trgm once beforehand and this migration uses it wherever it was put.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

DO $$
DECLARE
    trgm_schema TEXT;
BEGIN
    SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX directory_entry_search_trgm_ix ON directory_entry USING gin (search_text %I.gin_trgm_ops)',
                   trgm_schema);
END
$$;
