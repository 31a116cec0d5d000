/* gig_status.c: the gig status table (who may move a gig from which status to which),
 * moderation on/off, and whether a gig can be ordered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "err.h"
#include "gig.h"
#include "gig_impl.h"
#include "log.h"

#define WHO_OWNER 1
#define WHO_ADMIN 2

#define MOD_ANY 0
#define MOD_OFF 1
#define MOD_ON 2

struct gig_rule {
	enum gig_action action;
	const char *from, *to;
	int who;           /* WHO_OWNER | WHO_ADMIN */
	int mod;           /* the moderation setting the row applies under */
};

/*
 * Every status change a gig can make. Nothing else changes gigs.status (gig_create
 * writes 'draft'). A row applies when the action, the current status and the
 * moderation setting match and the actor is one of `who`.
 */
static const struct gig_rule gig_rules[] = {
	{ GIG_SUBMIT, "draft", "pending_review", WHO_OWNER, MOD_ON },
	{ GIG_SUBMIT, "draft", "active", WHO_OWNER, MOD_OFF },
	{ GIG_SUBMIT, "rejected", "pending_review", WHO_OWNER, MOD_ON },
	{ GIG_SUBMIT, "rejected", "active", WHO_OWNER, MOD_OFF },
	/* moderation switched off while a gig waited: its owner may publish it */
	{ GIG_SUBMIT, "pending_review", "active", WHO_OWNER, MOD_OFF },
	{ GIG_APPROVE, "pending_review", "active", WHO_ADMIN, MOD_ANY },
	{ GIG_REJECT, "pending_review", "rejected", WHO_ADMIN, MOD_ANY },
	{ GIG_REJECT, "active", "rejected", WHO_ADMIN, MOD_ANY },
	{ GIG_REJECT, "paused", "rejected", WHO_ADMIN, MOD_ANY },
	{ GIG_PAUSE, "active", "paused", WHO_OWNER | WHO_ADMIN, MOD_ANY },
	{ GIG_RESUME, "paused", "active", WHO_OWNER | WHO_ADMIN, MOD_ANY },
	{ GIG_DELETE, "draft", "deleted", WHO_OWNER | WHO_ADMIN, MOD_ANY },
	{ GIG_DELETE, "pending_review", "deleted", WHO_OWNER | WHO_ADMIN, MOD_ANY },
	{ GIG_DELETE, "active", "deleted", WHO_OWNER | WHO_ADMIN, MOD_ANY },
	{ GIG_DELETE, "paused", "deleted", WHO_OWNER | WHO_ADMIN, MOD_ANY },
	{ GIG_DELETE, "rejected", "deleted", WHO_OWNER | WHO_ADMIN, MOD_ANY },
	/* gig_update: with moderation on, a live gig's new content is reviewed again */
	{ GIG_EDIT, "active", "pending_review", WHO_OWNER, MOD_ON },
	{ GIG_EDIT, "paused", "pending_review", WHO_OWNER, MOD_ON },
};

static const char *const action_names[GIG_ACTIONS] = {
	"submit", "approve", "reject", "pause", "resume", "delete", "edit",
};

const char *
gig_action_name(enum gig_action a)
{
	return (int)a >= 0 && a < GIG_ACTIONS ? action_names[a] : NULL;
}

int
gig_rule_find(enum gig_action a, const char *from, int owner, int admin, int moderation,
    const char **to)
{
	int who = (owner ? WHO_OWNER : 0) | (admin ? WHO_ADMIN : 0), permitted = 0;
	int mod = moderation ? MOD_ON : MOD_OFF;
	size_t i;

	for (i = 0; i < sizeof gig_rules / sizeof gig_rules[0]; i++) {
		const struct gig_rule *g = &gig_rules[i];

		if (g->action != a || (g->who & who) == 0)
			continue;
		permitted = 1;
		if (strcmp(g->from, from) == 0 && (g->mod == MOD_ANY || g->mod == mod)) {
			*to = g->to;
			return 0;
		}
	}
	return permitted ? JS_ERR_STATE : JS_ERR_PERM;
}

int
gig_moderation_on(struct db *db, int *on)
{
	struct db_stmt *st;
	int r;

	*on = 0;
	if ((r = db_prepare(db, "SELECT value FROM settings WHERE key = 'gigs.moderation'",
	    &st)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW) {
		*on = strcmp(db_col_text(st, 0), "on") == 0;
		db_reset(st);
		return 0;
	}
	return r;
}

struct mod_ctx {
	int64_t actor;
	int on;
};

static int
moderation_set_tx(struct db *db, void *ud)
{
	struct mod_ctx *m = ud;
	struct gig_actor a;
	struct db_stmt *st;
	int r;

	if ((r = gig_actor_get(db, m->actor, &a)) != 0)
		return r;
	if (!a.admin)
		return JS_ERR_PERM;
	if ((r = db_prepare(db, "INSERT INTO settings (key, value, updated_at)"
	    " VALUES ('gigs.moderation', $1, $2) ON CONFLICT (key)"
	    " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
	    &st)) != 0 || (r = db_bind_text(st, 1, m->on ? "on" : "off")) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)time(NULL))) != 0)
		return r;
	return db_step_done(st);
}

int
gig_moderation_set(struct db *db, int64_t actor, int on)
{
	struct mod_ctx m = { actor, on != 0 };
	int r;

	if ((r = db_tx(db, moderation_set_tx, &m)) == 0)
		log_info("gig moderation %s actor=%lld", m.on ? "on" : "off", (long long)actor);
	return r;
}

struct tr_ctx {
	int64_t actor, gig_id;
	enum gig_action action;
	char *reason;                  /* cleaned; GIG_REJECT only */
	int dry_run;                   /* gig_transition_allowed */
	char to[16];
};

/* The gig's seller and status, locked; the actor; the row of the table. */
static int
tr_decide(struct db *db, struct tr_ctx *t, int64_t *seller, char from[16], const char **to,
    struct gig_actor *a)
{
	struct db_stmt *st;
	int mod, r;

	if ((r = db_prepare(db, t->dry_run ? "SELECT seller_id, status FROM gigs WHERE id = $1"
	    : "SELECT seller_id, status FROM gigs WHERE id = $1 FOR UPDATE", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, t->gig_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	*seller = db_col_int64(st, 0);
	utf8_copy(from, 16, db_col_text(st, 1));
	db_reset(st);
	if ((r = gig_actor_get(db, t->actor, a)) != 0 || (r = gig_moderation_on(db, &mod)) != 0)
		return r;
	return gig_rule_find(t->action, from, *seller == t->actor, a->admin, mod, to);
}

static int
audit(struct db *db, int64_t actor, int64_t gig_id, const char *action, const char *from,
    const char *to)
{
	struct db_stmt *st;
	char detail[96];
	int r;

	snprintf(detail, sizeof detail, "{\"from\":\"%s\",\"to\":\"%s\"}", from, to);
	if ((r = db_prepare(db, "INSERT INTO audit_log (actor_id, action, target_type,"
	    " target_id, detail, created_at) VALUES ($1, $2, 'gig', $3, $4, $5)", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, actor)) != 0 || (r = db_bind_text(st, 2, action)) != 0 ||
	    (r = db_bind_int64(st, 3, gig_id)) != 0 || (r = db_bind_text(st, 4, detail)) != 0 ||
	    (r = db_bind_int64(st, 5, (int64_t)time(NULL))) != 0)
		return r;
	return db_step_done(st);
}

static int
transition_tx(struct db *db, void *ud)
{
	struct tr_ctx *t = ud;
	struct gig_actor a;
	struct db_stmt *st;
	char from[16], action[32];
	const char *to;
	int64_t seller, now = (int64_t)time(NULL);
	int reviewed, r;

	if ((r = tr_decide(db, t, &seller, from, &to, &a)) != 0 || t->dry_run)
		return r;
	reviewed = t->action == GIG_APPROVE || t->action == GIG_REJECT;
	if ((r = db_prepare(db, "UPDATE gigs SET status = $2, updated_at = $3,"
	    " published_at = CASE WHEN $2 = 'active' THEN COALESCE(published_at, $3)"
	    "  ELSE published_at END,"
	    " reject_reason = CASE WHEN $2 = 'rejected' THEN $4"
	    "  WHEN $5 = 1 THEN NULL ELSE reject_reason END,"
	    " reviewed_by = CASE WHEN $5 = 1 THEN $6 ELSE reviewed_by END,"
	    " reviewed_at = CASE WHEN $5 = 1 THEN $3 ELSE reviewed_at END"
	    " WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, t->gig_id)) != 0 || (r = db_bind_text(st, 2, to)) != 0 ||
	    (r = db_bind_int64(st, 3, now)) != 0 || (r = db_bind_text(st, 4, t->reason)) != 0 ||
	    (r = db_bind_int64(st, 5, reviewed)) != 0 ||
	    (r = db_bind_int64(st, 6, t->actor)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if (a.admin && seller != t->actor) {
		snprintf(action, sizeof action, "gig.%s", action_names[t->action]);
		if ((r = audit(db, t->actor, t->gig_id, action, from, to)) != 0)
			return r;
	}
	if ((r = gig_search_sync(db, t->gig_id, to)) != 0)
		return r;
	utf8_copy(t->to, sizeof t->to, to);
	log_info("gig %s gig=%lld actor=%lld %s -> %s", action_names[t->action],
	    (long long)t->gig_id, (long long)t->actor, from, to);
	return 0;
}

int
gig_transition(struct db *db, int64_t actor, int64_t gig_id, enum gig_action a,
    const char *reason, char to[16], struct gig_bad *bad)
{
	struct tr_ctx t = { actor, gig_id, a, NULL, 0, "" };
	int r;

	gig_bad_set(bad, NULL, -1, -1);
	if ((int)a < 0 || a >= GIG_EDIT)
		return JS_ERR_INVALID;
	if (a == GIG_REJECT) {
		if (reason == NULL)
			return gig_bad_set(bad, "reason", -1, -1), JS_ERR_INVALID;
		if ((r = account_text_clean(reason, GIG_REASON_MAX, 1, &t.reason)) != 0)
			return gig_bad_set(bad, "reason", -1, -1), r;
		if (t.reason[0] == '\0') {
			free(t.reason);
			return gig_bad_set(bad, "reason", -1, -1), JS_ERR_INVALID;
		}
	}
	r = db_tx(db, transition_tx, &t);
	free(t.reason);
	if (r == 0 && to != NULL)
		memcpy(to, t.to, sizeof t.to);
	return r;
}

int
gig_transition_allowed(struct db *db, int64_t actor, int64_t gig_id, enum gig_action a)
{
	struct tr_ctx t = { actor, gig_id, a, NULL, 1, "" };

	if ((int)a < 0 || a >= GIG_EDIT)
		return JS_ERR_INVALID;
	return transition_tx(db, &t);     /* reads only: no transaction needed */
}

int
gig_orderable(struct db *db, int64_t gig_id)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT g.status, u.status FROM " GIG_CARD_FROM
	    " WHERE g.id = $1", &st)) != 0 || (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	r = strcmp(db_col_text(st, 0), "active") == 0 &&
	    strcmp(db_col_text(st, 1), "active") == 0 ? 0 : JS_ERR_STATE;
	db_reset(st);
	return r;
}
