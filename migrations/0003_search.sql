-- Jishi (集市) migration 0003: search (shared/search*.c, docs/search.md): the index with
-- per-column weights, suggestion terms, and the indexes behind search filters and sorts.

-- gig_fts is recreated (0001's table never held rows: nothing wrote it before the search
-- module; run `jishictl search --reindex` for gigs created before this migration):
--  * two indexed columns, title tokens and extra tokens (tags, category names), so that
--    bm25(gig_fts, 2.0, 1.0) ranks a title match above a tag match;
--  * terms UNINDEXED: the suggestion terms this gig counted in search_terms, so that
--    a reindex can uncount exactly what it counted (titles change before reindexing);
--  * tokenize='ascii': the application already NFKC-folded the tokens and separated
--    them by spaces, and every non-ASCII character counts as a token character, so CJK
--    unigrams, bigrams and words stay whole; faster than unicode61's tables;
--  * detail='column': no positions (we never run phrase queries: terms are ANDed),
--    which makes the index less than half the size and doclist scans faster, while
--    bm25 still sees which column matched;
--  * no prefix indexes: searches match whole tokens (typing "wangz" is served by
--    search_suggest from search_terms); prefix='2 3' made every insert 40% slower;
--  * hashsize 16 MiB (default 1 MiB): a bulk load keeps more terms pending before
--    writing a segment, so fewer segments are written and merged.
-- @sqlite
DROP TABLE gig_fts;
CREATE VIRTUAL TABLE gig_fts USING fts5(title, extra, terms UNINDEXED,
  tokenize='ascii', detail='column');
INSERT INTO gig_fts (gig_fts, rank) VALUES ('hashsize', 16777216);
-- @pg
-- tokens: title tokens at position 1 weighted A, the others at position 2 weighted B
-- (ts_rank then favours the title), given as tsvector text so that PostgreSQL's
-- parser never re-splits them.
ALTER TABLE gig_search ADD COLUMN terms TEXT NOT NULL DEFAULT '';
-- @all

-- Suggestion terms: words and tags of active gigs (gigs = how many use it) and
-- popular searches (searches = how often they were searched with results), keyed by
-- their NFKC + case-folded text. Prefix look-ups are byte-range scans (term >= $1 AND
-- term < $2), so on PostgreSQL these columns use the "C" collation (byte order, like
-- SQLite's BINARY); pinyin / initials are those of the term without spaces.
-- @sqlite
CREATE TABLE search_terms (
  id @ID@,
  term TEXT NOT NULL UNIQUE CHECK (length(term) > 0),
  pinyin TEXT NOT NULL DEFAULT '',
  initials TEXT NOT NULL DEFAULT '',
  gigs BIGINT NOT NULL DEFAULT 0 CHECK (gigs >= 0),
  searches BIGINT NOT NULL DEFAULT 0 CHECK (searches >= 0)
);
-- @pg
CREATE TABLE search_terms (
  id @ID@,
  term TEXT COLLATE "C" NOT NULL UNIQUE CHECK (length(term) > 0),
  pinyin TEXT COLLATE "C" NOT NULL DEFAULT '',
  initials TEXT COLLATE "C" NOT NULL DEFAULT '',
  gigs BIGINT NOT NULL DEFAULT 0 CHECK (gigs >= 0),
  searches BIGINT NOT NULL DEFAULT 0 CHECK (searches >= 0)
);
-- @all
CREATE INDEX search_terms_pinyin ON search_terms (pinyin) WHERE pinyin <> '';
CREATE INDEX search_terms_initials ON search_terms (initials) WHERE initials <> '';

-- One row per account and query: search_history_add moves a repeated query to the top.
CREATE UNIQUE INDEX search_history_user_query ON search_history (user_id, query);

-- Sort orders of search_gigs over active gigs, each a keyset (sort key, id). Partial:
-- only active gigs are ever searched, and the other statuses stay out of the way.
CREATE INDEX gigs_active_price ON gigs (price_from, id) WHERE status = 'active';
CREATE INDEX gigs_active_rating ON gigs (rating_avg_x100, rating_count, id)
  WHERE status = 'active';
CREATE INDEX gigs_active_newest ON gigs ((coalesce(published_at, created_at)), id)
  WHERE status = 'active';
-- The static part of relevance (browsing without a query): recency in tenths of a day
-- since 1970, plus up to 300 for rating (weighted by up to 20 ratings) and up to 200
-- for orders. Written exactly as SEARCH_QUALITY_SQL in shared/search_query.c, so that
-- both stores match the expression to this index.
CREATE INDEX gigs_active_rank ON gigs ((coalesce(published_at, created_at) / 8640
  + rating_avg_x100 * (CASE WHEN rating_count >= 20 THEN 20 ELSE rating_count END) * 3 / 100
  + (CASE WHEN orders_count >= 1000 THEN 200 WHEN orders_count >= 100 THEN 150
     WHEN orders_count >= 10 THEN 100 WHEN orders_count >= 1 THEN 50 ELSE 0 END)), id)
  WHERE status = 'active';
