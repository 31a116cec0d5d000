-- Jishi (集市) migration 0009: on PostgreSQL the four sort orders' partial indexes of
-- active gigs (0003) carry the columns the search filters and sort keys read, so that
-- a walk (docs/search.md: 500 gigs in the sort order, each tested against the filters)
-- is an index-only scan and only the page's hits are read from gigs: a category browse
-- by price at 1M gigs read ~220 heap pages, one per gig walked, against ~24 now.
-- Same keys, same order, same partial predicate; SQLite keeps 0003's indexes (its walk
-- reads each gig row by rowid from the table b-tree, no heap to skip).
-- @pg
DROP INDEX gigs_active_price;
CREATE INDEX gigs_active_price ON gigs (price_from, id)
  INCLUDE (category_id, delivery_days_min, rating_avg_x100, seller_id)
  WHERE status = 'active';
DROP INDEX gigs_active_rating;
CREATE INDEX gigs_active_rating ON gigs (rating_avg_x100, rating_count, id)
  INCLUDE (category_id, delivery_days_min, price_from, seller_id)
  WHERE status = 'active';
DROP INDEX gigs_active_newest;
CREATE INDEX gigs_active_newest ON gigs ((coalesce(published_at, created_at)), id)
  INCLUDE (published_at, created_at, category_id, delivery_days_min, price_from,
    rating_avg_x100, seller_id)
  WHERE status = 'active';
DROP INDEX gigs_active_rank;
CREATE INDEX gigs_active_rank ON gigs ((coalesce(published_at, created_at) / 8640
  + rating_avg_x100 * (CASE WHEN rating_count >= 20 THEN 20 ELSE rating_count END) * 3 / 100
  + (CASE WHEN orders_count >= 1000 THEN 200 WHEN orders_count >= 100 THEN 150
     WHEN orders_count >= 10 THEN 100 WHEN orders_count >= 1 THEN 50 ELSE 0 END)), id)
  INCLUDE (published_at, created_at, rating_count, orders_count, category_id,
    delivery_days_min, price_from, rating_avg_x100, seller_id)
  WHERE status = 'active';
-- @all
