/* order_read.c: reading orders, scoped to who may see them: one order, lists and counts
 * by side and state, the timeline, milestones, deliveries and requirement answers
 * (order_actions.c: what the viewer may do). Parties see their orders, admins all. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "order_impl.h"
#include "utf8.h"

#define INFO_SELECT "SELECT o.id, o.buyer_id, o.seller_id, COALESCE(o.gig_id, 0), " \
	"b.handle, s.handle, o.title, COALESCE(o.package_tier, ''), o.state, o.is_late, " \
	"CASE WHEN o.payment_mode = 'milestones' THEN (SELECT count(*) FROM milestones m " \
	"WHERE m.order_id = o.id) ELSE 0 END, o.quantity, o.subtotal, o.buyer_fee, " \
	"o.commission, o.total, COALESCE(ea.balance, 0), o.delivery_days, " \
	"o.revisions_allowed, o.revisions_used, o.created_at, COALESCE(o.paid_at, 0), " \
	"COALESCE(o.started_at, 0), COALESCE(o.due_at, 0), COALESCE(o.delivered_at, 0), " \
	"COALESCE(o.auto_accept_at, 0), COALESCE(o.accepted_at, 0), " \
	"COALESCE(o.cleared_at, 0), COALESCE(o.cancelled_at, 0), " \
	"COALESCE((SELECT c.requested_by FROM cancellation_requests c WHERE c.order_id = " \
	"o.id AND c.state = 'pending' ORDER BY c.id DESC LIMIT 1), 0), " \
	"COALESCE((SELECT c.expires_at FROM cancellation_requests c WHERE c.order_id = " \
	"o.id AND c.state = 'pending' ORDER BY c.id DESC LIMIT 1), 0), " \
	"COALESCE((SELECT max(d.id) FROM disputes d WHERE d.order_id = o.id), 0) " \
	"FROM orders o JOIN users b ON b.id = o.buyer_id JOIN users s ON s.id = o.seller_id " \
	"LEFT JOIN ledger_accounts ea ON ea.owner_type = 'order' AND ea.owner_id = o.id " \
	"AND ea.purpose = 'escrow' AND ea.currency = 'CNY' "

static int
read_info(struct db_stmt *st, struct order_info *x)
{
	int i = 0;

	memset(x, 0, sizeof *x);
	x->id = db_col_int64(st, i++);
	x->buyer_id = db_col_int64(st, i++);
	x->seller_id = db_col_int64(st, i++);
	x->gig_id = db_col_int64(st, i++);
	utf8_copy(x->buyer_handle, sizeof x->buyer_handle, db_col_text(st, i++));
	utf8_copy(x->seller_handle, sizeof x->seller_handle, db_col_text(st, i++));
	utf8_copy(x->title, sizeof x->title, db_col_text(st, i++));
	utf8_copy(x->tier, sizeof x->tier, db_col_text(st, i++));
	if (order_state_parse(db_col_text(st, i++), &x->state) != 0)
		return JS_ERR_DB;
	x->is_late = (int)db_col_int64(st, i++);
	x->milestones = (int)db_col_int64(st, i++);
	x->quantity = (int)db_col_int64(st, i++);
	x->subtotal = db_col_int64(st, i++);
	x->buyer_fee = db_col_int64(st, i++);
	x->commission = db_col_int64(st, i++);
	x->total = db_col_int64(st, i++);
	x->escrow = db_col_int64(st, i++);
	x->delivery_days = (int)db_col_int64(st, i++);
	x->revisions_allowed = (int)db_col_int64(st, i++);
	x->revisions_used = (int)db_col_int64(st, i++);
	x->created_at = db_col_int64(st, i++);
	x->paid_at = db_col_int64(st, i++);
	x->started_at = db_col_int64(st, i++);
	x->due_at = db_col_int64(st, i++);
	x->delivered_at = db_col_int64(st, i++);
	x->auto_accept_at = db_col_int64(st, i++);
	x->accepted_at = db_col_int64(st, i++);
	x->cleared_at = db_col_int64(st, i++);
	x->cancelled_at = db_col_int64(st, i++);
	x->cancel_requested_by = db_col_int64(st, i++);
	x->cancel_expires_at = db_col_int64(st, i++);
	x->dispute_id = db_col_int64(st, i++);
	x->cancel_pending = x->cancel_requested_by != 0;
	return 0;
}

static int
is_admin(struct db *db, int64_t actor, int *yes)
{
	struct order_row o;
	enum order_role role;
	int r;

	memset(&o, 0, sizeof o);
	o.buyer_id = o.seller_id = -1;
	if ((r = order_role_of(db, actor, &o, &role)) != 0)
		return r;
	*yes = role == ORDER_ROLE_ADMIN;
	return 0;
}

/* The order as `actor` may see it; a stranger (and the system) gets NOT_FOUND. */
static int
visible(struct db *db, int64_t actor, int64_t order_id, struct order_row *o,
        enum order_role *role)
{
	int r;

	if (actor <= 0 || order_id <= 0)
		return JS_ERR_NOT_FOUND;
	if ((r = order_load(db, order_id, o)) != 0 || (r = order_role_of(db, actor, o, role)) != 0)
		return r;
	return *role == ORDER_ROLE_STRANGER || *role == ORDER_ROLE_SYSTEM ? JS_ERR_NOT_FOUND : 0;
}

/*
 * The opening of every per-order list: *n = 0, then JS_ERR_INVALID unless args_ok (the
 * caller's check of its out/max/cursor arguments), then the order as `actor` may see it.
 */
static int
list_begin(struct db *db, int64_t actor, int64_t order_id, int args_ok, size_t *n,
           struct order_row *o)
{
	enum order_role role;

	if (n != NULL)
		*n = 0;
	if (db == NULL || n == NULL || !args_ok)
		return JS_ERR_INVALID;
	return visible(db, actor, order_id, o, &role);
}

int
order_get(struct db *db, int64_t actor, int64_t order_id, struct order_info *out)
{
	struct order_row o;
	enum order_role role;
	struct db_stmt *st;
	int r;

	if (db == NULL || out == NULL)
		return JS_ERR_INVALID;
	if ((r = visible(db, actor, order_id, &o, &role)) != 0)
		return r;
	if ((r = db_prepare(db, INFO_SELECT "WHERE o.id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, order_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	}
	r = read_info(st, out);
	db_reset(st);
	out->viewer_role = role;
	return r;
}

/* One fixed statement per side, so each uses its (buyer|seller, id) index. */
#define LIST_TAIL "AND ($2 = '' OR o.state = $2) AND ($3 = 0 OR o.id < $3) " \
	"ORDER BY o.id DESC LIMIT $4"
static const char *const list_sql[] = {
	[ORDER_SIDE_BUYER] = INFO_SELECT "WHERE o.buyer_id = $1 " LIST_TAIL,
	[ORDER_SIDE_SELLER] = INFO_SELECT "WHERE o.seller_id = $1 " LIST_TAIL,
	[ORDER_SIDE_ALL] = INFO_SELECT "WHERE $1 <> 0 " LIST_TAIL,
};

/* Side and filter checks shared by list and counts. */
static int
side_ok(struct db *db, int64_t actor, enum order_side side)
{
	int admin = 0, r;

	if (actor <= 0 || (int)side < 0 || side > ORDER_SIDE_ALL)
		return JS_ERR_INVALID;
	if (side != ORDER_SIDE_ALL)
		return 0;
	if ((r = is_admin(db, actor, &admin)) != 0)
		return r;
	return admin ? 0 : JS_ERR_PERM;
}

int
order_list(struct db *db, int64_t actor, enum order_side side, int state_filter,
           int64_t before, struct order_info *out, size_t max, size_t *n)
{
	const char *state = "";
	struct db_stmt *st;
	int r;

	if (n != NULL)
		*n = 0;
	if (db == NULL || n == NULL || (out == NULL && max > 0) || before < 0)
		return JS_ERR_INVALID;
	if (state_filter != -1 && (state = order_state_name((enum order_state)state_filter)) == NULL)
		return JS_ERR_INVALID;
	if ((r = side_ok(db, actor, side)) != 0)
		return r;
	if (max == 0)
		return 0;
	if ((r = db_prepare(db, list_sql[side], &st)) != 0 ||
	    (r = db_bind_int64(st, 1, actor)) != 0 || (r = db_bind_text(st, 2, state)) != 0 ||
	    (r = db_bind_int64(st, 3, before)) != 0 ||
	    (r = db_bind_int64(st, 4, (int64_t)max)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		struct order_info *x = &out[*n];

		if ((r = read_info(st, x)) != 0)
			break;
		x->viewer_role = actor == x->buyer_id ? ORDER_ROLE_BUYER :
		                 actor == x->seller_id ? ORDER_ROLE_SELLER : ORDER_ROLE_ADMIN;
		(*n)++;
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

static const char *const count_sql[] = {
	[ORDER_SIDE_BUYER] = "SELECT state, count(*) FROM orders WHERE buyer_id = $1 "
	                     "GROUP BY state",
	[ORDER_SIDE_SELLER] = "SELECT state, count(*) FROM orders WHERE seller_id = $1 "
	                      "GROUP BY state",
	[ORDER_SIDE_ALL] = "SELECT state, count(*) FROM orders WHERE $1 <> 0 GROUP BY state",
};

int
order_counts(struct db *db, int64_t actor, enum order_side side,
             int64_t counts[ORDER_STATES])
{
	enum order_state s;
	struct db_stmt *st;
	int r;

	if (db == NULL || counts == NULL)
		return JS_ERR_INVALID;
	memset(counts, 0, sizeof(int64_t) * ORDER_STATES);
	if ((r = side_ok(db, actor, side)) != 0)
		return r;
	if ((r = db_prepare(db, count_sql[side], &st)) != 0 ||
	    (r = db_bind_int64(st, 1, actor)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW)
		if (order_state_parse(db_col_text(st, 0), &s) == 0)
			counts[s] = db_col_int64(st, 1);
	return r < 0 ? r : 0;
}

/* detail JSON {"text":…, "amount":…, "state":…} into the event. */
static void
parse_detail(const char *detail, struct order_event *e)
{
	json_t *j = json_loads(detail, 0, NULL), *v;

	if (j == NULL)
		return;
	if ((v = json_object_get(j, "text")) != NULL && json_is_string(v))
		utf8_copy(e->text, sizeof e->text, json_string_value(v));
	if ((v = json_object_get(j, "amount")) != NULL && json_is_integer(v))
		e->amount = (int64_t)json_integer_value(v);
	if ((v = json_object_get(j, "state")) != NULL && json_is_string(v))
		utf8_copy(e->state, sizeof e->state, json_string_value(v));
	json_decref(j);
}

int
order_timeline(struct db *db, int64_t actor, int64_t order_id, int64_t after,
               struct order_event *out, size_t max, size_t *n)
{
	struct order_row o;
	struct db_stmt *st;
	int r;

	if ((r = list_begin(db, actor, order_id, (out != NULL || max == 0) && after >= 0, n, &o)) != 0 ||
	    max == 0)
		return r;
	if ((r = db_prepare(db, "SELECT e.id, COALESCE(e.actor_id, 0), e.created_at, "
	                    "COALESCE(u.handle, ''), e.kind, e.detail FROM order_events e "
	                    "LEFT JOIN users u ON u.id = e.actor_id WHERE e.order_id = $1 "
	                    "AND e.id > $2 ORDER BY e.id LIMIT $3", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, order_id)) != 0 || (r = db_bind_int64(st, 2, after)) != 0 ||
	    (r = db_bind_int64(st, 3, (int64_t)max)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		struct order_event *e = &out[(*n)++];

		memset(e, 0, sizeof *e);
		e->id = db_col_int64(st, 0);
		e->actor_id = db_col_int64(st, 1);
		e->created_at = db_col_int64(st, 2);
		utf8_copy(e->actor_handle, sizeof e->actor_handle, db_col_text(st, 3));
		utf8_copy(e->kind, sizeof e->kind, db_col_text(st, 4));
		parse_detail(db_col_text(st, 5), e);
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

int
order_milestones(struct db *db, int64_t actor, int64_t order_id,
                 struct order_milestone *out, size_t max, size_t *n)
{
	struct order_row o;
	struct db_stmt *st;
	int r;

	if ((r = list_begin(db, actor, order_id, (out != NULL || max == 0), n, &o)) != 0 ||
	    max == 0)
		return r;
	if ((r = db_prepare(db, "SELECT id, seq, title, amount, fee, "
	                    "COALESCE(delivery_days, 0), COALESCE(due_at, 0), state FROM "
	                    "milestones WHERE order_id = $1 ORDER BY seq", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, order_id)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		struct order_milestone *m = &out[(*n)++];

		memset(m, 0, sizeof *m);
		m->id = db_col_int64(st, 0);
		m->seq = (int)db_col_int64(st, 1);
		utf8_copy(m->title, sizeof m->title, db_col_text(st, 2));
		m->amount = db_col_int64(st, 3);
		m->fee = db_col_int64(st, 4);
		m->delivery_days = (int)db_col_int64(st, 5);
		m->due_at = db_col_int64(st, 6);
		utf8_copy(m->state, sizeof m->state, db_col_text(st, 7));
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

static int
delivery_files(struct db *db, struct order_delivery *d)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT f.upload_id, u.original_name FROM delivery_files f "
	                    "JOIN uploads u ON u.id = f.upload_id WHERE f.delivery_id = $1 "
	                    "ORDER BY f.position, f.id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, d->id)) != 0)
		return r;
	while (d->n_files < ORDER_FILES_MAX && (r = db_step(st)) == DB_ROW) {
		d->upload_ids[d->n_files] = db_col_int64(st, 0);
		utf8_copy(d->file_names[d->n_files], sizeof d->file_names[0], db_col_text(st, 1));
		d->n_files++;
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

int
order_deliveries(struct db *db, int64_t actor, int64_t order_id,
                 struct order_delivery *out, size_t max, size_t *n)
{
	struct order_row o;
	struct db_stmt *st;
	size_t i;
	int r;

	if ((r = list_begin(db, actor, order_id, (out != NULL || max == 0), n, &o)) != 0 ||
	    max == 0)
		return r;
	if ((r = db_prepare(db, "SELECT id, COALESCE(milestone_id, 0), created_at, message "
	                    "FROM deliveries WHERE order_id = $1 ORDER BY id DESC LIMIT $2",
	                    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, order_id)) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)max)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		struct order_delivery *d = &out[(*n)++];

		memset(d, 0, sizeof *d);
		d->id = db_col_int64(st, 0);
		d->milestone_id = db_col_int64(st, 1);
		d->created_at = db_col_int64(st, 2);
		utf8_copy(d->message, sizeof d->message, db_col_text(st, 3));
	}
	db_reset(st);
	if (r < 0)
		return r;
	/* Files after the rows are read: one statement steps at a time. */
	for (i = 0; i < *n; i++)
		if ((r = delivery_files(db, &out[i])) != 0)
			return r;
	return 0;
}

int
order_requirements(struct db *db, int64_t actor, int64_t order_id,
                   struct order_req_answer *out, size_t max, size_t *n)
{
	struct order_row o;
	struct db_stmt *st;
	int r;

	if ((r = list_begin(db, actor, order_id, (out != NULL || max == 0), n, &o)) != 0 ||
	    max == 0)
		return r;
	if (o.requirements_submitted_at != 0) {
		r = db_prepare(db, "SELECT a.question, a.answer, a.kind, COALESCE(q.required, 0), "
		               "COALESCE(a.requirement_id, 0), COALESCE(a.upload_id, 0) FROM "
		               "order_requirement_answers a LEFT JOIN gig_requirements q ON "
		               "q.id = a.requirement_id WHERE a.order_id = $1 ORDER BY a.position, "
		               "a.id", &st);
		if (r == 0)
			r = db_bind_int64(st, 1, order_id);
	} else {
		if (o.gig_id == 0)
			return 0;
		r = db_prepare(db, "SELECT question, '', kind, required, id, 0 FROM "
		               "gig_requirements WHERE gig_id = $1 ORDER BY position, id", &st);
		if (r == 0)
			r = db_bind_int64(st, 1, o.gig_id);
	}
	if (r != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		struct order_req_answer *x = &out[(*n)++];

		memset(x, 0, sizeof *x);
		utf8_copy(x->question, sizeof x->question, db_col_text(st, 0));
		utf8_copy(x->answer, sizeof x->answer, db_col_text(st, 1));
		utf8_copy(x->kind, sizeof x->kind, db_col_text(st, 2));
		x->required = (int)db_col_int64(st, 3);
		x->requirement_id = db_col_int64(st, 4);
		x->upload_id = db_col_int64(st, 5);
	}
	db_reset(st);
	return r < 0 ? r : 0;
}
