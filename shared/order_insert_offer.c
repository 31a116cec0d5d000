/* order_insert_offer.c: an accepted custom offer becomes an order: the price as one
 * custom item, its milestones with their service fees, awaiting payment. */
#include <string.h>

#include "err.h"
#include "order_impl.h"

static int
insert_order(struct order_ctx *cx, const struct order_offer_src *s, int64_t fee,
             int64_t *id)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(cx->db, "INSERT INTO orders (buyer_id, seller_id, gig_id, origin, "
	                    "title, quantity, payment_mode, subtotal, buyer_fee, commission, "
	                    "total, delivery_days, revisions_allowed, created_at, updated_at) "
	                    "VALUES ($1, $2, $3, 'offer', $4, 1, $5, $6, $7, 0, $8, $9, $10, "
	                    "$11, $11) RETURNING id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, s->buyer_id)) != 0 ||
	    (r = db_bind_int64(st, 2, s->seller_id)) != 0 ||
	    (r = s->gig_id != 0 ? db_bind_int64(st, 3, s->gig_id) : db_bind_null(st, 3)) != 0 ||
	    (r = db_bind_text(st, 4, s->title)) != 0 ||
	    (r = db_bind_text(st, 5, s->n_ms > 0 ? "milestones" : "single")) != 0 ||
	    (r = db_bind_int64(st, 6, s->price)) != 0 || (r = db_bind_int64(st, 7, fee)) != 0 ||
	    (r = db_bind_int64(st, 8, s->price + fee)) != 0 ||
	    (r = db_bind_int64(st, 9, s->delivery_days)) != 0 ||
	    (r = db_bind_int64(st, 10, s->revisions)) != 0 ||
	    (r = db_bind_int64(st, 11, order_now(cx))) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_DB;
	}
	*id = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}

static int
insert_item(struct order_ctx *cx, const struct order_offer_src *s, int64_t id)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(cx->db, "INSERT INTO order_items (order_id, kind, title, "
	                    "unit_price, quantity, line_total, position) VALUES ($1, 'custom', "
	                    "$2, $3, 1, $3, 0)", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, id)) != 0 || (r = db_bind_text(st, 2, s->title)) != 0 ||
	    (r = db_bind_int64(st, 3, s->price)) != 0)
		return r;
	return db_step_done(st);
}

static int
insert_milestone(struct order_ctx *cx, const struct order_offer_src *s, int64_t id,
                 size_t i)
{
	struct db_stmt *st;
	int64_t now = order_now(cx);
	int r;

	if ((r = db_prepare(cx->db, "INSERT INTO milestones (order_id, seq, title, amount, "
	                    "delivery_days, fee, created_at, updated_at) VALUES ($1, $2, $3, $4, "
	                    "$5, $6, $7, $7)", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, id)) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)i + 1)) != 0 ||
	    (r = db_bind_text(st, 3, s->ms_title[i])) != 0 ||
	    (r = db_bind_int64(st, 4, s->ms_amount[i])) != 0 ||
	    (r = db_bind_int64(st, 5, s->ms_days[i])) != 0 ||
	    (r = db_bind_int64(st, 6, order_buyer_fee(cx->conf, s->ms_amount[i]))) != 0 ||
	    (r = db_bind_int64(st, 7, now)) != 0)
		return r;
	return db_step_done(st);
}

int
order_insert_offer(struct order_ctx *cx, const struct order_offer_src *s, int64_t *order_id)
{
	struct order_row o;
	int64_t fee = 0, id;
	size_t i;
	int r;

	/* The fee is charged per funding, so it is computed per milestone (each rounded
	 * half up on its own) and the order's fee is their sum. */
	if (s->n_ms == 0)
		fee = order_buyer_fee(cx->conf, s->price);
	for (i = 0; i < s->n_ms; i++)
		fee += order_buyer_fee(cx->conf, s->ms_amount[i]);
	if ((r = insert_order(cx, s, fee, &id)) != 0 || (r = insert_item(cx, s, id)) != 0)
		return r;
	for (i = 0; i < s->n_ms; i++)
		if ((r = insert_milestone(cx, s, id, i)) != 0)
			return r;
	if ((r = order_lock(cx->db, id, &o)) != 0 ||
	    (r = order_event_add(cx, &o, s->buyer_id, "create", NULL, o.total)) != 0)
		return r;
	*order_id = id;
	return 0;
}
