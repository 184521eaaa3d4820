-- PostgreSQL only: the name-order index also carries the search text, so that People Finder can
-- walk the first few thousand names and test each one without reading the table (an index-only
-- scan): a common word ("nurse", "cardiology") fills a page within the first few hundred names.
-- H2 has no INCLUDE; its directory is small enough without.
DROP INDEX directory_entry_sort_ix;
CREATE INDEX directory_entry_sort_ix ON directory_entry (sort_name, account_id) INCLUDE (search_text);
