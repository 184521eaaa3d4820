-- H2 (the embedded default) has no trigram index: People Finder's LIKE '%word%' reads the
-- directory entries in name order, which is quick enough at the size an embedded install has.
-- This file keeps the version numbers of both databases the same.
SELECT 1;
