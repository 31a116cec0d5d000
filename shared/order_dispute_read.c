/* order_dispute_read.c: reading disputes: the admin queue, an order's latest dispute and
 * its evidence, each scoped like every order read (parties and admins). */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "order_impl.h"
#include "utf8.h"

/* The dispute columns dispute_info needs, with the order's escrow balance now. */
#define DISPUTE_COLS "d.id, d.order_id, d.opened_by, COALESCE(d.resolved_by, 0), " \
	"u.handle, o.title, d.state, COALESCE(d.resolution, ''), d.reason, " \
	"COALESCE(d.decision, ''), COALESCE(a.balance, 0), d.buyer_amount, d.seller_amount, " \
	"d.created_at, COALESCE(d.resolved_at, 0)"
#define DISPUTE_FROM "FROM disputes d JOIN orders o ON o.id = d.order_id " \
	"JOIN users u ON u.id = d.opened_by LEFT JOIN ledger_accounts a ON " \
	"a.owner_type = 'order' AND a.owner_id = d.order_id AND a.purpose = 'escrow' " \
	"AND a.currency = 'CNY' "

static void
read_info(struct db_stmt *st, struct dispute_info *d)
{
	int i = 0;

	memset(d, 0, sizeof *d);
	d->id = db_col_int64(st, i++);
	d->order_id = db_col_int64(st, i++);
	d->opened_by = db_col_int64(st, i++);
	d->resolved_by = db_col_int64(st, i++);
	utf8_copy(d->opened_by_handle, sizeof d->opened_by_handle, db_col_text(st, i++));
	utf8_copy(d->order_title, sizeof d->order_title, db_col_text(st, i++));
	utf8_copy(d->state, sizeof d->state, db_col_text(st, i++));
	utf8_copy(d->resolution, sizeof d->resolution, db_col_text(st, i++));
	utf8_copy(d->reason, sizeof d->reason, db_col_text(st, i++));
	utf8_copy(d->decision, sizeof d->decision, db_col_text(st, i++));
	d->escrow = db_col_int64(st, i++);
	d->buyer_amount = db_col_int64(st, i++);
	d->seller_amount = db_col_int64(st, i++);
	d->created_at = db_col_int64(st, i++);
	d->resolved_at = db_col_int64(st, i++);
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

/* The order exists and actor is a party or an admin; a stranger gets NOT_FOUND. */
static int
may_see(struct db *db, int64_t actor, int64_t order_id)
{
	struct order_row o;
	enum order_role role;
	int r;

	if (actor <= 0 || order_id <= 0)
		return JS_ERR_NOT_FOUND;
	if ((r = order_load(db, order_id, &o)) != 0 ||
	    (r = order_role_of(db, actor, &o, &role)) != 0)
		return r;
	return role == ORDER_ROLE_STRANGER ? JS_ERR_NOT_FOUND : 0;
}

int
dispute_queue(struct db *db, int64_t actor, int64_t after, struct dispute_info *out,
              size_t max, size_t *n)
{
	struct db_stmt *st;
	int admin, r;

	*n = 0;
	if ((r = is_admin(db, actor, &admin)) != 0)
		return r;
	if (!admin)
		return JS_ERR_PERM;
	if (max == 0)
		return 0;
	if ((r = db_prepare(db, "SELECT " DISPUTE_COLS " " DISPUTE_FROM "WHERE d.state = 'open' "
	                    "AND d.id > $1 ORDER BY d.id LIMIT $2", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, after)) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)max)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW)
		read_info(st, &out[(*n)++]);
	db_reset(st);
	return r < 0 ? r : 0;
}

int
dispute_get(struct db *db, int64_t actor, int64_t order_id, struct dispute_info *out)
{
	struct db_stmt *st;
	int r;

	if ((r = may_see(db, actor, order_id)) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT " DISPUTE_COLS " " DISPUTE_FROM "WHERE d.order_id = $1 "
	                    "ORDER BY d.id DESC LIMIT 1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, order_id)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		read_info(st, out);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : JS_ERR_NOT_FOUND;
}

int
dispute_evidence_list(struct db *db, int64_t actor, int64_t order_id,
                      struct dispute_evidence_item *out, size_t max, size_t *n)
{
	struct dispute_evidence_item *e;
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = may_see(db, actor, order_id)) != 0)
		return r;
	if (max == 0)
		return 0;
	/* The latest dispute's evidence, oldest first (both sides see all of it). */
	if ((r = db_prepare(db, "SELECT e.id, e.user_id, COALESCE(e.upload_id, 0), "
	                    "e.created_at, u.handle, e.body, COALESCE(f.original_name, '') "
	                    "FROM dispute_evidence e JOIN users u ON u.id = e.user_id "
	                    "LEFT JOIN uploads f ON f.id = e.upload_id WHERE e.dispute_id = "
	                    "(SELECT max(id) FROM disputes WHERE order_id = $1) "
	                    "ORDER BY e.id LIMIT $2", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, order_id)) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)max)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		e = &out[(*n)++];
		memset(e, 0, sizeof *e);
		e->id = db_col_int64(st, 0);
		e->user_id = db_col_int64(st, 1);
		e->upload_id = db_col_int64(st, 2);
		e->created_at = db_col_int64(st, 3);
		utf8_copy(e->user_handle, sizeof e->user_handle, db_col_text(st, 4));
		utf8_copy(e->body, sizeof e->body, db_col_text(st, 5));
		utf8_copy(e->file_name, sizeof e->file_name, db_col_text(st, 6));
	}
	db_reset(st);
	return r < 0 ? r : 0;
}
