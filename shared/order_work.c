/* order_work.c: the work itself: the buyer's requirement answers (or the seller starting
 * without them), deliveries with files, and revision requests (docs/orders.md). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "jobs.h"
#include "order_work.h"

#define REVISION_GRACE (2 * ORDER_DAY)    /* the seller's time for a revision, at least */

/* One of the gig's questions while answers are checked against it. */
struct question {
	int64_t id;
	char kind[16];
	int required;
	char *text;                    /* the question (copied into the answer row) */
	char *choices;                 /* JSON array for kind choice, else NULL */
	const struct order_answer *given;
};

struct questions {
	struct question q[GIG_REQS_MAX];
	size_t n;
};

static void
questions_free(struct questions *qs)
{
	size_t i;

	for (i = 0; i < qs->n; i++) {
		free(qs->q[i].text);
		free(qs->q[i].choices);
	}
	qs->n = 0;
}

static int
questions_load(struct db *db, int64_t gig_id, struct questions *qs)
{
	struct db_stmt *st;
	int r;

	qs->n = 0;
	if (gig_id == 0)
		return 0;
	if ((r = db_prepare(db, "SELECT id, kind, required, question, choices FROM "
	                    "gig_requirements WHERE gig_id = $1 ORDER BY position, id",
	                    &st)) != 0 || (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	while (qs->n < GIG_REQS_MAX && (r = db_step(st)) == DB_ROW) {
		struct question *q = &qs->q[qs->n++];

		memset(q, 0, sizeof *q);
		q->id = db_col_int64(st, 0);
		snprintf(q->kind, sizeof q->kind, "%s", db_col_text(st, 1));
		q->required = (int)db_col_int64(st, 2);
		q->text = strdup(db_col_text(st, 3));
		if (!db_col_is_null(st, 4))
			q->choices = strdup(db_col_text(st, 4));
		if (q->text == NULL || (!db_col_is_null(st, 4) && q->choices == NULL)) {
			r = JS_ERR_NOMEM;
			break;
		}
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

static int
is_choice(const char *choices, const char *answer)
{
	json_t *j = choices != NULL ? json_loads(choices, 0, NULL) : NULL, *v;
	size_t i;
	int found = 0;

	if (j == NULL)
		return 0;
	json_array_foreach(j, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), answer) == 0)
			found = 1;
	json_decref(j);
	return found;
}

/* An active upload of `user`: JS_ERR_NOT_FOUND no such, JS_ERR_PERM someone else's,
 * JS_ERR_STATE not active. */
static int
own_upload(struct db *db, int64_t user, int64_t upload_id)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT user_id, status FROM uploads WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, upload_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	}
	r = db_col_int64(st, 0) != user ? JS_ERR_PERM :
	    strcmp(db_col_text(st, 1), "active") != 0 ? JS_ERR_STATE : 0;
	db_reset(st);
	return r;
}

/* Match answers to questions: each answer to one question of this gig, once. */
static int
match_answers(struct questions *qs, const struct order_answer *a, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < qs->n && qs->q[j].id != a[i].requirement_id; j++)
			;
		if (j == qs->n || qs->q[j].given != NULL)
			return JS_ERR_INVALID;
		qs->q[j].given = &a[i];
	}
	return 0;
}

static int
save_answer(struct order_ctx *cx, int64_t buyer, int64_t order_id, struct question *q,
            size_t pos)
{
	const struct order_answer *a = q->given;
	int64_t upload = 0;
	char *text = NULL;
	struct db_stmt *st;
	int r, attach = strcmp(q->kind, "attachment") == 0;

	if (attach) {
		if (a != NULL && a->upload_id != 0) {
			if ((r = own_upload(cx->db, buyer, a->upload_id)) != 0)
				return r;
			upload = a->upload_id;
		}
		/* The note beside a file is optional text. */
		if ((r = order_text(a != NULL ? a->answer : NULL, ORDER_ANSWER_MAX, 0, 1,
		                    &text)) != 0)
			return r;
		if (q->required && upload == 0)
			r = JS_ERR_INVALID;
	} else {
		if ((r = order_text(a != NULL ? a->answer : NULL, ORDER_ANSWER_MAX, q->required,
		                    strcmp(q->kind, "text") == 0, &text)) != 0)
			return r;
		if (a != NULL && a->upload_id != 0)
			r = JS_ERR_INVALID;
		else if (strcmp(q->kind, "choice") == 0 && text[0] != '\0' &&
		         !is_choice(q->choices, text))
			r = JS_ERR_INVALID;
	}
	if (r == 0 &&
	    (r = db_prepare(cx->db, "INSERT INTO order_requirement_answers (order_id, "
	                    "requirement_id, question, kind, answer, upload_id, position, "
	                    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", &st)) == 0 &&
	    (r = db_bind_int64(st, 1, order_id)) == 0 && (r = db_bind_int64(st, 2, q->id)) == 0 &&
	    (r = db_bind_text(st, 3, q->text)) == 0 && (r = db_bind_text(st, 4, q->kind)) == 0 &&
	    (r = db_bind_text(st, 5, text)) == 0 &&
	    (r = upload != 0 ? db_bind_int64(st, 6, upload) : db_bind_null(st, 6)) == 0 &&
	    (r = db_bind_int64(st, 7, (int64_t)pos)) == 0 &&
	    (r = db_bind_int64(st, 8, order_now(cx))) == 0)
		r = db_step_defer(st);
	free(text);
	return r;
}

struct work_args {
	struct order_ctx *cx;
	int64_t actor, id;
	const struct order_answer *answers;
	size_t n;
	const char *text;
	const int64_t *uploads;
	int64_t *out_id;
	int want_id;                   /* the caller asked for the new row's id */
};

static int
requirements_tx(struct db *db, void *ud)
{
	struct work_args *a = ud;
	struct questions qs;
	struct order_row o;
	enum order_role role;
	struct db_stmt *st;
	size_t i;
	int r;

	qs.n = 0;
	if ((r = order_begin(a->cx, a->actor, a->id, ORDER_ACT_SUBMIT_REQUIREMENTS, &o,
	                     &role)) != 0)
		return r;
	if ((r = questions_load(db, o.gig_id, &qs)) == 0 &&
	    (r = match_answers(&qs, a->answers, a->n)) == 0) {
		/* Every question gets a row (unanswered optional ones an empty answer), so
		 * the order keeps the questions as they were asked. */
		for (i = 0; i < qs.n && r == 0; i++)
			r = save_answer(a->cx, o.buyer_id, o.id, &qs.q[i], i);
	}
	questions_free(&qs);
	if (r != 0)
		return r;
	if ((r = db_prepare(db, "UPDATE orders SET requirements_submitted_at = $2 WHERE id = $1",
	                    &st)) != 0 || (r = db_bind_int64(st, 1, o.id)) != 0 ||
	    (r = db_bind_int64(st, 2, order_now(a->cx))) != 0 || (r = db_step_defer(st)) != 0 ||
	    (r = order_start_clock(a->cx, &o)) != 0)
		return r;
	return order_event_add(a->cx, &o, a->actor,
	                       order_action_name(ORDER_ACT_SUBMIT_REQUIREMENTS), NULL, 0);
}

int
order_submit_requirements(struct order_ctx *cx, int64_t actor, int64_t order_id,
                          const struct order_answer *ans, size_t n)
{
	struct work_args a = { .cx = cx, .actor = actor, .id = order_id, .answers = ans, .n = n };

	if (cx == NULL || (ans == NULL && n > 0))
		return JS_ERR_INVALID;
	if (n > GIG_REQS_MAX)
		return JS_ERR_TOO_BIG;
	return db_tx(cx->db, requirements_tx, &a);
}

static int
start_tx(struct db *db, void *ud)
{
	struct work_args *a = ud;
	struct order_row o;
	enum order_role role;
	int r;

	(void)db;
	if ((r = order_begin(a->cx, a->actor, a->id, ORDER_ACT_START, &o, &role)) != 0 ||
	    (r = order_start_clock(a->cx, &o)) != 0)
		return r;
	return order_event_add(a->cx, &o, a->actor, order_action_name(ORDER_ACT_START), NULL, 0);
}

int
order_start(struct order_ctx *cx, int64_t actor, int64_t order_id)
{
	struct work_args a = { .cx = cx, .actor = actor, .id = order_id };

	if (cx == NULL)
		return JS_ERR_INVALID;
	return db_tx(cx->db, start_tx, &a);
}

static int
insert_delivery(struct work_args *a, const struct order_row *o, int64_t milestone,
                const char *message, int64_t *id)
{
	/* Without files and with nobody asking for its id, nothing reads the row back:
	 * it goes with the next statement that waits (db_step_defer). */
	int defer = a->n == 0 && !a->want_id, r;
	struct db_stmt *st;
	size_t i, j;

	*id = 0;
	if ((r = db_prepare(a->cx->db, defer ?
	                    "INSERT INTO deliveries (order_id, milestone_id, seller_id, "
	                    "message, created_at) VALUES ($1, $2, $3, $4, $5)" :
	                    "INSERT INTO deliveries (order_id, milestone_id, seller_id, "
	                    "message, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
	                    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0 ||
	    (r = milestone != 0 ? db_bind_int64(st, 2, milestone) : db_bind_null(st, 2)) != 0 ||
	    (r = db_bind_int64(st, 3, o->seller_id)) != 0 ||
	    (r = db_bind_text(st, 4, message)) != 0 ||
	    (r = db_bind_int64(st, 5, order_now(a->cx))) != 0)
		return r;
	if (defer)
		return db_step_defer(st);
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_DB;
	}
	*id = db_col_int64(st, 0);
	db_reset(st);
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < i; j++)
			if (a->uploads[j] == a->uploads[i])
				return JS_ERR_INVALID;
		if ((r = own_upload(a->cx->db, o->seller_id, a->uploads[i])) != 0)
			return r;
		if ((r = db_prepare(a->cx->db, "INSERT INTO delivery_files (delivery_id, "
		                    "upload_id, position) VALUES ($1, $2, $3)", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, *id)) != 0 ||
		    (r = db_bind_int64(st, 2, a->uploads[i])) != 0 ||
		    (r = db_bind_int64(st, 3, (int64_t)i)) != 0 || (r = db_step_defer(st)) != 0)
			return r;
	}
	return 0;
}

static int
deliver_tx(struct db *db, void *ud)
{
	struct work_args *a = ud;
	int64_t now = order_now(a->cx), at, id = 0, ms_id = 0;
	struct order_row o;
	enum order_role role;
	struct order_ms m;
	struct db_stmt *st;
	char *message = NULL;
	int r;

	if ((r = order_begin(a->cx, a->actor, a->id, ORDER_ACT_DELIVER, &o, &role)) != 0)
		return r;
	if (o.milestones) {
		if ((r = order_current_milestone(db, o.id, "funded", &m)) != 0)
			return r == JS_ERR_NOT_FOUND ? JS_ERR_STATE : r;
		ms_id = m.id;
	}
	if ((r = order_text(a->text, ORDER_MESSAGE_MAX, 0, 1, &message)) != 0)
		return r;
	at = now + (int64_t)a->cx->conf->auto_accept_days * ORDER_DAY;
	if (message[0] == '\0' && a->n == 0)
		r = JS_ERR_INVALID;            /* a delivery of nothing */
	else
		r = insert_delivery(a, &o, ms_id, message, &id);
	if (r == 0 && ms_id != 0 &&
	    (r = db_prepare(db, "UPDATE milestones SET state = 'delivered', delivered_at = $2, "
	                    "updated_at = $2 WHERE id = $1", &st)) == 0 &&
	    (r = db_bind_int64(st, 1, ms_id)) == 0 && (r = db_bind_int64(st, 2, now)) == 0)
		r = db_step_defer(st);
	if (r == 0 &&
	    (r = db_prepare(db, "UPDATE orders SET delivered_at = $2, auto_accept_at = $3, "
	                    "state = 'delivered', updated_at = $2 WHERE id = $1", &st)) == 0 &&
	    (r = db_bind_int64(st, 1, o.id)) == 0 && (r = db_bind_int64(st, 2, now)) == 0 &&
	    (r = db_bind_int64(st, 3, at)) == 0 && (r = db_step_defer(st)) == 0) {
		o.state = ORDER_DELIVERED;     /* set with the times: one statement */
		r = order_event_add(a->cx, &o, a->actor, order_action_name(ORDER_ACT_DELIVER),
		                    message, 0);
	}
	free(message);
	if (r != 0 ||
	    (r = order_schedule(a->cx, &o, JOB_ORDER_AUTO_ACCEPT, "auto_accept", at)) != 0)
		return r;
	*a->out_id = id;
	return 0;
}

int
order_deliver(struct order_ctx *cx, int64_t actor, int64_t order_id, const char *message,
              const int64_t *upload_ids, size_t n_uploads, int64_t *delivery_id)
{
	int64_t id = 0;
	struct work_args a = { .cx = cx, .actor = actor, .id = order_id, .text = message,
	                       .uploads = upload_ids, .n = n_uploads, .out_id = &id,
	                       .want_id = delivery_id != NULL };
	int r;

	if (cx == NULL || (upload_ids == NULL && n_uploads > 0))
		return JS_ERR_INVALID;
	if (n_uploads > ORDER_FILES_MAX)
		return JS_ERR_TOO_BIG;
	r = db_tx(cx->db, deliver_tx, &a);
	if (r == 0 && delivery_id != NULL)
		*delivery_id = id;
	return r;
}

static int
revision_tx(struct db *db, void *ud)
{
	struct work_args *a = ud;
	int64_t now = order_now(a->cx), due, delivery = 0;
	struct order_row o;
	enum order_role role;
	struct db_stmt *st;
	char *reason = NULL;
	int r;

	if ((r = order_begin(a->cx, a->actor, a->id, ORDER_ACT_REQUEST_REVISION, &o, &role)) != 0)
		return r;
	if (o.revisions_allowed >= 0 && o.revisions_used >= o.revisions_allowed)
		return JS_ERR_STATE;           /* none left */
	if ((r = db_prepare(db, "SELECT id FROM deliveries WHERE order_id = $1 ORDER BY id DESC "
	                    "LIMIT 1", &st)) != 0 || (r = db_bind_int64(st, 1, o.id)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		delivery = db_col_int64(st, 0);
	db_reset(st);
	if (r < 0)
		return r;
	if (delivery == 0)
		return JS_ERR_STATE;
	if ((r = order_text(a->text, ORDER_REASON_MAX, 1, 1, &reason)) != 0)
		return r;
	if ((r = db_prepare(db, "INSERT INTO revisions (order_id, delivery_id, requested_by, "
	                    "reason, created_at) VALUES ($1, $2, $3, $4, $5)", &st)) == 0 &&
	    (r = db_bind_int64(st, 1, o.id)) == 0 && (r = db_bind_int64(st, 2, delivery)) == 0 &&
	    (r = db_bind_int64(st, 3, a->actor)) == 0 && (r = db_bind_text(st, 4, reason)) == 0 &&
	    (r = db_bind_int64(st, 5, now)) == 0 && (r = db_step_defer(st)) == 0)
		r = order_set_state(a->cx, &o, ORDER_REVISION_REQUESTED);
	if (r == 0)
		r = order_event_add(a->cx, &o, a->actor,
		                    order_action_name(ORDER_ACT_REQUEST_REVISION), reason, 0);
	free(reason);
	if (r != 0)
		return r;
	/* The seller gets at least REVISION_GRACE; the clock restarts, so the order is not
	 * late any more (mark_late sets it again if the new due date passes). */
	due = o.due_at > now + REVISION_GRACE ? o.due_at : now + REVISION_GRACE;
	if ((r = db_prepare(db, "UPDATE orders SET revisions_used = revisions_used + "
	                    "CASE WHEN revisions_allowed < 0 THEN 0 ELSE 1 END, due_at = $2, "
	                    "is_late = 0, auto_accept_at = NULL, updated_at = $3 WHERE id = $1",
	                    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o.id)) != 0 || (r = db_bind_int64(st, 2, due)) != 0 ||
	    (r = db_bind_int64(st, 3, now)) != 0 || (r = db_step_defer(st)) != 0)
		return r;
	if (o.milestones &&
	    ((r = db_prepare(db, "UPDATE milestones SET state = 'funded', due_at = $2, "
	                     "updated_at = $3 WHERE order_id = $1 AND state = 'delivered'",
	                     &st)) != 0 ||
	     (r = db_bind_int64(st, 1, o.id)) != 0 || (r = db_bind_int64(st, 2, due)) != 0 ||
	     (r = db_bind_int64(st, 3, now)) != 0 || (r = db_step_defer(st)) != 0))
		return r;
	return order_schedule(a->cx, &o, JOB_ORDER_LATE, "late", due);
}

int
order_request_revision(struct order_ctx *cx, int64_t actor, int64_t order_id,
                       const char *reason)
{
	struct work_args a = { .cx = cx, .actor = actor, .id = order_id, .text = reason };

	if (cx == NULL)
		return JS_ERR_INVALID;
	return db_tx(cx->db, revision_tx, &a);
}
