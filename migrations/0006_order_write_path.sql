-- Jishi (集市) migration 0006: fewer index writes on the order path (docs/orders.md,
-- "Throughput"). Every order transition changes orders.state, so each UPDATE of the row
-- writes a new entry into every index of orders; these four indexes were made for
-- scans the worker no longer does (late marking, auto-accept and clearing are jobs,
-- found through jobs_state_run_at) or that a narrower index already serves:
--   orders_state_due, orders_auto_accept, orders_to_clear: no query reads them;
--   order_events_kind: counting an order's events of a kind reads its few rows through
--     order_events_order (order_id, id);
--   jobs_kind: jobs are claimed by (state, run_at), never looked up by kind.
DROP INDEX orders_state_due;
DROP INDEX orders_auto_accept;
DROP INDEX orders_to_clear;
DROP INDEX order_events_kind;
DROP INDEX jobs_kind;
