-- Jishi (集市) migration 0008: on PostgreSQL the single-column checks of orders become
-- domains (docs/orders.md, "One transition, one transaction"). PostgreSQL 15 reads every CHECK constraint of
-- a table back from its stored text and plans it again on every INSERT and UPDATE of the
-- table (ExecRelCheck, once per statement): orders had 24, on three writes per order
-- cycle, about 6% of the server's CPU under bench_orders. A domain's constraints are
-- kept prepared in the backend's type cache and tested only for the columns a
-- statement assigns. Same rules, same values refused (a domain check failure is
-- SQLSTATE 23514, check_violation, as a table CHECK's). SQLite keeps its CHECKs: it
-- compiles them into each prepared statement once. The multi-column checks stay
-- table checks on both stores.
-- @pg
CREATE DOMAIN js_fen AS BIGINT CHECK (VALUE >= 0);
CREATE DOMAIN js_count AS INTEGER CHECK (VALUE >= 0);
CREATE DOMAIN js_order_origin AS TEXT CHECK (VALUE IN ('gig','offer'));
CREATE DOMAIN js_gig_tier AS TEXT CHECK (VALUE IN ('basic','standard','premium'));
CREATE DOMAIN js_nonempty_text AS TEXT CHECK (length(VALUE) > 0);
CREATE DOMAIN js_quantity AS INTEGER CHECK (VALUE >= 1);
CREATE DOMAIN js_payment_mode AS TEXT CHECK (VALUE IN ('single','milestones'));
CREATE DOMAIN js_currency AS TEXT CHECK (length(VALUE) = 3);
CREATE DOMAIN js_revisions AS INTEGER CHECK (VALUE >= -1);
CREATE DOMAIN js_flag AS INTEGER CHECK (VALUE IN (0,1));
CREATE DOMAIN js_order_state AS TEXT CHECK (VALUE IN ('awaiting_payment',
  'awaiting_requirements','in_progress','delivered','revision_requested','completed',
  'cancelled','disputed'));
ALTER TABLE orders
  DROP CONSTRAINT orders_origin_check,
  DROP CONSTRAINT orders_package_tier_check,
  DROP CONSTRAINT orders_title_check,
  DROP CONSTRAINT orders_quantity_check,
  DROP CONSTRAINT orders_payment_mode_check,
  DROP CONSTRAINT orders_subtotal_check,
  DROP CONSTRAINT orders_buyer_fee_check,
  DROP CONSTRAINT orders_commission_check,
  DROP CONSTRAINT orders_total_check,
  DROP CONSTRAINT orders_currency_check,
  DROP CONSTRAINT orders_delivery_days_check,
  DROP CONSTRAINT orders_revisions_allowed_check,
  DROP CONSTRAINT orders_revisions_used_check,
  DROP CONSTRAINT orders_state_check,
  DROP CONSTRAINT orders_is_late_check,
  DROP CONSTRAINT orders_seller_pending_check,
  ALTER COLUMN origin TYPE js_order_origin,
  ALTER COLUMN package_tier TYPE js_gig_tier,
  ALTER COLUMN title TYPE js_nonempty_text,
  ALTER COLUMN quantity TYPE js_quantity,
  ALTER COLUMN payment_mode TYPE js_payment_mode,
  ALTER COLUMN subtotal TYPE js_fen,
  ALTER COLUMN buyer_fee TYPE js_fen,
  ALTER COLUMN commission TYPE js_fen,
  ALTER COLUMN total TYPE js_fen,
  ALTER COLUMN currency TYPE js_currency,
  ALTER COLUMN delivery_days TYPE js_count,
  ALTER COLUMN revisions_allowed TYPE js_revisions,
  ALTER COLUMN revisions_used TYPE js_count,
  ALTER COLUMN state TYPE js_order_state,
  ALTER COLUMN is_late TYPE js_flag,
  ALTER COLUMN seller_pending TYPE js_fen;
-- @all
