-- Jishi (集市) migration 0005: search in price order over many matches (docs/search.md,
-- "Price order").

-- The price a gig's search rows were written with (NULL: none), so that reindexing can
-- find and remove the old price-keyed row after the price has changed.
ALTER TABLE gigs ADD COLUMN search_price BIGINT;

-- SQLite: gig_fts_price, the same tokens as gig_fts (title, then extra) keyed by
-- rowid = price << 32 | gig id (price capped at 2^31 - 1 fen), so that FTS5 gives the
-- matches of a query in price order and a page stops after its first rows, however
-- many gigs match and wherever in the price range they sit (小程序 at 1M gigs: 48,000
-- matches, the cheapest dearer than half of all gigs). Contentless, no positions, no
-- column sizes: only rowids are ever read; a row is removed with FTS5's 'delete'
-- command and the tokens gig_fts still holds. Rows go in in key order: FTS5 writes its
-- pending terms out as a segment whenever a rowid is smaller than the last. PostgreSQL orders by price with the price
-- tokens in gig_search instead (search_query.c), so it needs no table here.
-- @sqlite
CREATE VIRTUAL TABLE gig_fts_price USING fts5(tokens, content='', detail='none',
  columnsize=0, tokenize='ascii');
INSERT INTO gig_fts_price (gig_fts_price, rank) VALUES ('hashsize', 16777216);
INSERT INTO gig_fts_price (rowid, tokens)
  SELECT ((CASE WHEN g.price_from > 2147483647 THEN 2147483647 ELSE g.price_from END) << 32)
    | g.id, f.title || ' ' || f.extra
  FROM gig_fts f JOIN gigs g ON g.id = f.rowid WHERE g.id <= 4294967295
  ORDER BY 1;
UPDATE gigs SET search_price = price_from
  WHERE id IN (SELECT rowid FROM gig_fts) AND id <= 4294967295;
-- @all
