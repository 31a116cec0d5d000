/* offer_read.c: reading custom offers, scoped to their seller and buyer (and admins). */
#include <string.h>
#include <time.h>

#include "err.h"
#include "offer.h"
#include "utf8.h"

#define OFFER_COLS "f.id, f.conversation_id, f.seller_id, f.buyer_id, " \
	"COALESCE(f.gig_id, 0), COALESCE(f.order_id, 0), s.handle, b.handle, f.title, " \
	"f.description, f.price, f.delivery_days, f.revisions, f.state, f.created_at, " \
	"COALESCE(f.expires_at, 0), (SELECT count(*) FROM offer_milestones m WHERE " \
	"m.offer_id = f.id)"
#define OFFER_FROM "FROM offers f JOIN users s ON s.id = f.seller_id " \
	"JOIN users b ON b.id = f.buyer_id "

static void
read_info(struct db_stmt *st, struct offer_info *o, int64_t now)
{
	int i = 0;

	memset(o, 0, sizeof *o);
	o->id = db_col_int64(st, i++);
	o->conversation_id = db_col_int64(st, i++);
	o->seller_id = db_col_int64(st, i++);
	o->buyer_id = db_col_int64(st, i++);
	o->gig_id = db_col_int64(st, i++);
	o->order_id = db_col_int64(st, i++);
	utf8_copy(o->seller_handle, sizeof o->seller_handle, db_col_text(st, i++));
	utf8_copy(o->buyer_handle, sizeof o->buyer_handle, db_col_text(st, i++));
	utf8_copy(o->title, sizeof o->title, db_col_text(st, i++));
	utf8_copy(o->description, sizeof o->description, db_col_text(st, i++));
	o->price = db_col_int64(st, i++);
	o->delivery_days = (int)db_col_int64(st, i++);
	o->revisions = (int)db_col_int64(st, i++);
	utf8_copy(o->state, sizeof o->state, db_col_text(st, i++));
	o->created_at = db_col_int64(st, i++);
	o->expires_at = db_col_int64(st, i++);
	o->n_ms = (size_t)db_col_int64(st, i++);
	/* A lapsed offer is recorded as expired only when someone answers it; readers see
	 * the truth at once. */
	if (strcmp(o->state, "pending") == 0 && o->expires_at != 0 && now >= o->expires_at)
		utf8_copy(o->state, sizeof o->state, "expired");
}

static int
is_admin(struct db *db, int64_t actor, int *yes)
{
	struct db_stmt *st;
	int r;

	*yes = 0;
	if ((r = db_prepare(db, "SELECT is_admin FROM users WHERE id = $1 AND "
	                    "status = 'active'", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, actor)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*yes = db_col_int64(st, 0) == 1;
	db_reset(st);
	return r < 0 ? r : 0;
}

int
offer_get(struct db *db, int64_t actor, int64_t offer_id, struct offer_info *out,
          struct offer_milestone_in *ms, size_t max_ms)
{
	struct db_stmt *st;
	size_t n = 0;
	int admin, r;

	if (actor <= 0 || offer_id <= 0)
		return JS_ERR_NOT_FOUND;
	if ((r = db_prepare(db, "SELECT " OFFER_COLS " " OFFER_FROM "WHERE f.id = $1",
	                    &st)) != 0 || (r = db_bind_int64(st, 1, offer_id)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		read_info(st, out, (int64_t)time(NULL));
	db_reset(st);
	if (r != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	if (actor != out->seller_id && actor != out->buyer_id) {
		if ((r = is_admin(db, actor, &admin)) != 0)
			return r;
		if (!admin) {
			memset(out, 0, sizeof *out);
			return JS_ERR_NOT_FOUND;
		}
	}
	if (ms == NULL || max_ms == 0)
		return 0;
	if ((r = db_prepare(db, "SELECT title, amount, delivery_days FROM offer_milestones "
	                    "WHERE offer_id = $1 ORDER BY seq", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, offer_id)) != 0)
		return r;
	while (n < max_ms && (r = db_step(st)) == DB_ROW) {
		memset(&ms[n], 0, sizeof ms[n]);
		utf8_copy(ms[n].title, sizeof ms[n].title, db_col_text(st, 0));
		ms[n].amount = db_col_int64(st, 1);
		ms[n].delivery_days = (int)db_col_int64(st, 2);
		n++;
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

int
offer_list(struct db *db, int64_t actor, struct offer_info *out, size_t max, size_t *n)
{
	struct db_stmt *st;
	int64_t now = (int64_t)time(NULL);
	int r;

	*n = 0;
	if (actor <= 0 || max == 0)
		return 0;
	/* Pending (and not lapsed) first: those still want an answer. */
	if ((r = db_prepare(db, "SELECT " OFFER_COLS " " OFFER_FROM "WHERE (f.seller_id = $1 "
	                    "OR f.buyer_id = $1) ORDER BY CASE WHEN f.state = 'pending' AND "
	                    "COALESCE(f.expires_at, 0) > $2 THEN 0 ELSE 1 END, f.id DESC "
	                    "LIMIT $3", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, actor)) != 0 || (r = db_bind_int64(st, 2, now)) != 0 ||
	    (r = db_bind_int64(st, 3, (int64_t)max)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW)
		read_info(st, &out[(*n)++], now);
	db_reset(st);
	return r < 0 ? r : 0;
}
