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

-- gig_search_price: the same rows (gig id, the price their price tokens were written
-- with, the same tsvector) stored in price order, for search in price order: a price
-- bucket's gigs are then one stretch of the table, so a GIN lookup of a query and a
-- bucket token reads only that stretch of the query's posting lists (0.2 ms at 1M
-- gigs for 小程 & 程序 in an octave without a match, against 10 ms in gig_search, where
-- a price's gigs lie everywhere). The indexer writes a gig's row with its gig_search
-- row (bulk loads sort theirs by price); rows written later land at the end, so the
-- order decays with edits until the table is rewritten in price order again.
CREATE TABLE gig_search_price (
  gig_id BIGINT PRIMARY KEY REFERENCES gigs(id) ON DELETE CASCADE,
  price BIGINT NOT NULL,
  tokens TSVECTOR NOT NULL
) WITH (parallel_workers = 0);
INSERT INTO gig_search_price (gig_id, price, tokens)
  SELECT s.gig_id, coalesce(g.search_price, g.price_from), s.tokens
  FROM gig_search s JOIN gigs g ON g.id = s.gig_id
  ORDER BY coalesce(g.search_price, g.price_from), s.gig_id;
CREATE INDEX gig_search_price_tokens ON gig_search_price USING GIN (tokens);
-- @all
