-- Jishi (集市) migration 0010: four more indexes that every order cycle wrote and no
-- query reads (docs/orders.md, "Throughput"; 0006 dropped the first five). Each order
-- cycle inserted 6 events rows, 4 order_events rows and a delivery, one entry each in
-- every index of those tables:
--   events_topic (topic, id): the outbox is read by id (its primary key) and a user's
--     events by events_user (user_id, id); nothing reads it by topic;
--   order_events_actor (actor_id): an order's timeline is read by order_events_order;
--     nothing asks for the events of an actor (admins' actions are in audit_log);
--   deliveries_seller (seller_id), deliveries_milestone (milestone_id): an order's
--     deliveries are read by deliveries_order (order_id, id); nothing reads them by
--     seller or milestone.
-- They only served foreign keys from the referenced side (a user's or a milestone's
-- deletion finding its referencing rows): users and milestones are never deleted, and
-- such a deletion would still be correct, only a scan of those tables.
DROP INDEX events_topic;
DROP INDEX order_events_actor;
DROP INDEX deliveries_seller;
DROP INDEX deliveries_milestone;
