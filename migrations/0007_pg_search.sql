-- Jishi (集市) migration 0007: PostgreSQL search windows by id block (docs/search.md,
-- "Pages").

-- Every gig_search row also holds the token of its id block, 'zzb<gig_id >> 10>' (at
-- position 2, weight B, like the other extra tokens; search_index.c writes it for new
-- rows), so that a relevance window, one block of 1,024 ids, is one GIN lookup of the
-- query ANDed with that token: GIN cannot give matches in id order, and reading a
-- window's rows in key order tested each row's tsvector twice (bound, then page). The
-- token is appended as text: tsvector || tsvector would shift its position. The GIN
-- index is built once afterwards rather than updated row by row. SQLite's FTS5 doclists
-- are in rowid order already: nothing changes there.
--
-- No parallel plans over gig_search: a window reads a few hundred rows, and the
-- planner, whose estimate for a block ANDed with a frequent term is far too high
-- (1,111 rows for 170), started a parallel worker for it: 15 ms of the 20 ms.
-- @pg
ALTER TABLE gig_search SET (parallel_workers = 0);
DROP INDEX gig_search_tokens;
UPDATE gig_search SET tokens =
  CAST(CAST(tokens AS TEXT) || ' ''zzb' || (gig_id >> 10) || ''':2B' AS tsvector);
CREATE INDEX gig_search_tokens ON gig_search USING GIN (tokens);
-- @all
