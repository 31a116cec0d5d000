-- Jishi (集市) migration 0011: an order's state change rewrites no index (docs/orders.md,
-- "Throughput"). orders_buyer_state and orders_seller_state held the state, so every
-- transition (two a cycle: deliver, accept) was a non-HOT update: a new entry in each of
-- the orders' five indexes, ten B-tree inserts a cycle on PostgreSQL, and two index pages
-- rewritten per transition on SQLite. The lists read them as (buyer|seller, id):
-- order_list's state filter is `$2 = '' OR state = $2`, a filter on the rows an index
-- scan backward by id returns, and order_counts groups the side's rows by state; both
-- read the same rows with (buyer_id, id) as with (buyer_id, state, id).
-- On PostgreSQL a HOT update also needs room on the row's page: new pages of orders are
-- filled to 70%, so the versions a transition writes fit beside the row.
DROP INDEX orders_buyer_state;
DROP INDEX orders_seller_state;
CREATE INDEX orders_buyer ON orders (buyer_id, id);
CREATE INDEX orders_seller ON orders (seller_id, id);
-- @pg
ALTER TABLE orders SET (fillfactor = 70);
