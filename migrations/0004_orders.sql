-- Jishi (集市) migration 0004: what the order life cycle (shared/order*.c, docs/orders.md)
-- needs beyond 0001's tables. One statement per column: both stores accept that form.

-- The state an order was in when a dispute froze it: withdrawing the dispute returns
-- the order there (a resolution decides the end state itself).
ALTER TABLE disputes ADD COLUMN order_state_before TEXT;
-- The buyer service fee charged when a milestone was funded (stored, so a refund
-- returns exactly what was charged); the commission taken when it was released.
ALTER TABLE milestones ADD COLUMN fee BIGINT NOT NULL DEFAULT 0 CHECK (fee >= 0);
ALTER TABLE milestones ADD COLUMN commission BIGINT NOT NULL DEFAULT 0 CHECK (commission >= 0);
-- The seller's earnings from an order wait in 'pending' until clearing; this is what
-- was credited there (release or split), so clearing moves exactly that.
ALTER TABLE orders ADD COLUMN seller_pending BIGINT NOT NULL DEFAULT 0 CHECK (seller_pending >= 0);
-- When the latest credit to the seller's pending book happened: clearing moves
-- seller_pending once clearing_days have passed since then.
ALTER TABLE orders ADD COLUMN pending_since BIGINT;

-- Counting an order's events of one kind (clearings, tips) keys their ledger transactions.
CREATE INDEX order_events_kind ON order_events (order_id, kind);
