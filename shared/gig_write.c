/* gig_write.c: creating, editing and duplicating gigs: the store side of a validated write. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "gig.h"
#include "gig_impl.h"
#include "log.h"
#include "search.h"

static const char *const tier_names[GIG_TIERS] = { "basic", "standard", "premium" };

const char *
gig_tier_name(enum gig_tier t)
{
	return (int)t >= 0 && t < GIG_TIERS ? tier_names[t] : NULL;
}

int
gig_step_id(struct db_stmt *st, int64_t *id)
{
	int r = db_step(st);

	if (r != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	*id = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}

int
gig_actor_get(struct db *db, int64_t actor, struct gig_actor *out)
{
	struct db_stmt *st;
	int r;

	memset(out, 0, sizeof *out);
	if (actor <= 0)
		return JS_ERR_PERM;
	if ((r = db_prepare(db, "SELECT is_admin, is_freelancer FROM users WHERE id = $1"
	    " AND status = 'active'", &st)) != 0 || (r = db_bind_int64(st, 1, actor)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_PERM;
	out->id = actor;
	out->admin = db_col_int64(st, 0) == 1;
	out->freelancer = db_col_int64(st, 1) == 1;
	db_reset(st);
	return 0;
}

int
gig_search_sync(struct db *db, int64_t gig_id, const char *status)
{
	int r;

	if (strcmp(status, "deleted") == 0)
		r = search_unindex_gig(db, gig_id);
	else
		r = search_index_gig(db, gig_id);
	if (r != 0)
		log_error("search sync gig=%lld status=%s: %s", (long long)gig_id, status,
		    js_strerror(r));
	return r;
}

int
gig_media_check(struct db *db, int64_t seller, int64_t upload_id, int need_image)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT user_id, status, mime_type FROM uploads WHERE id = $1",
	    &st)) != 0 || (r = db_bind_int64(st, 1, upload_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	if (db_col_int64(st, 0) != seller)
		r = JS_ERR_PERM;
	else if (strcmp(db_col_text(st, 1), "active") != 0)
		r = JS_ERR_STATE;
	else if (need_image && strncmp(db_col_text(st, 2), "image/", 6) != 0)
		r = JS_ERR_INVALID;
	else
		r = 0;
	db_reset(st);
	return r;
}

int
gig_check_refs(struct db *db, int64_t seller, const struct gig_content *c,
    struct gig_bad *bad)
{
	struct db_stmt *st;
	size_t i;
	int r;

	if ((r = db_prepare(db, "SELECT 1 FROM categories WHERE id = $1 AND is_active = 1"
	    " AND parent_id IS NOT NULL", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, c->category_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : (gig_bad_set(bad, "category", -1, -1), JS_ERR_INVALID);
	db_reset(st);
	for (i = 0; i < c->n_media; i++)
		if ((r = gig_media_check(db, seller, c->media[i].upload_id, i == 0)) != 0)
			return gig_bad_set(bad, "media", (int)i, -1), r;
	return 0;
}

/* A JSON array text of n strings of size bytes each at items (caller frees). */
static char *
json_list(const char *items, size_t size, size_t n)
{
	json_t *arr = json_array();
	char *s = NULL;
	size_t i;

	if (arr == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (json_array_append_new(arr, json_string(items + i * size)) != 0)
			goto out;
	s = json_dumps(arr, JSON_COMPACT);
out:
	json_decref(arr);
	return s;
}

static int
parts_delete(struct db *db, int64_t gig_id)
{
	static const char *const sql[] = {
		"DELETE FROM gig_packages WHERE gig_id = $1",
		"DELETE FROM gig_extras WHERE gig_id = $1",
		"DELETE FROM gig_requirements WHERE gig_id = $1",
		"DELETE FROM gig_tags WHERE gig_id = $1",
		"DELETE FROM gig_media WHERE gig_id = $1",
		"DELETE FROM gig_faq WHERE gig_id = $1",
	};
	struct db_stmt *st;
	size_t i;
	int r;

	for (i = 0; i < sizeof sql / sizeof sql[0]; i++)
		if ((r = db_prepare(db, sql[i], &st)) != 0 ||
		    (r = db_bind_int64(st, 1, gig_id)) != 0 || (r = db_step_done(st)) != 0)
			return r;
	return 0;
}

static int
packages_write(struct db *db, int64_t gig_id, const struct gig_content *c, int64_t now)
{
	struct db_stmt *st;
	char *features;
	int t, r;

	for (t = 0; t < GIG_TIERS; t++) {
		const struct gig_package *p = &c->pkg[t];

		if (!p->present)
			continue;
		if ((features = json_list(p->features[0], sizeof p->features[0],
		    p->n_features)) == NULL)
			return JS_ERR_NOMEM;
		if ((r = db_prepare(db, "INSERT INTO gig_packages (gig_id, tier, name,"
		    " description, price, delivery_days, revisions, features, created_at,"
		    " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)", &st)) == 0 &&
		    (r = db_bind_int64(st, 1, gig_id)) == 0 &&
		    (r = db_bind_text(st, 2, tier_names[t])) == 0 &&
		    (r = db_bind_text(st, 3, p->name)) == 0 &&
		    (r = db_bind_text(st, 4, p->description)) == 0 &&
		    (r = db_bind_int64(st, 5, p->price)) == 0 &&
		    (r = db_bind_int64(st, 6, p->delivery_days)) == 0 &&
		    (r = db_bind_int64(st, 7, p->revisions)) == 0 &&
		    (r = db_bind_text(st, 8, features)) == 0 &&
		    (r = db_bind_int64(st, 9, now)) == 0)
			r = db_step_done(st);
		free(features);
		if (r != 0)
			return r;
	}
	return 0;
}

static int
extras_reqs_write(struct db *db, int64_t gig_id, const struct gig_content *c, int64_t now)
{
	struct db_stmt *st;
	char *choices;
	size_t i;
	int r;

	for (i = 0; i < c->n_extras; i++) {
		const struct gig_extra *e = &c->extras[i];

		if ((r = db_prepare(db, "INSERT INTO gig_extras (gig_id, kind, title,"
		    " description, price, added_days, position, created_at)"
		    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, gig_id)) != 0 ||
		    (r = db_bind_text(st, 2, e->kind)) != 0 ||
		    (r = db_bind_text(st, 3, e->title)) != 0 ||
		    (r = db_bind_text(st, 4, e->description)) != 0 ||
		    (r = db_bind_int64(st, 5, e->price)) != 0 ||
		    (r = db_bind_int64(st, 6, e->added_days)) != 0 ||
		    (r = db_bind_int64(st, 7, (int64_t)i)) != 0 ||
		    (r = db_bind_int64(st, 8, now)) != 0 || (r = db_step_done(st)) != 0)
			return r;
	}
	for (i = 0; i < c->n_reqs; i++) {
		const struct gig_requirement *q = &c->reqs[i];

		choices = NULL;
		if (strcmp(q->kind, "choice") == 0 && (choices = json_list(q->choices[0],
		    sizeof q->choices[0], q->n_choices)) == NULL)
			return JS_ERR_NOMEM;
		if ((r = db_prepare(db, "INSERT INTO gig_requirements (gig_id, question, kind,"
		    " choices, required, position, created_at)"
		    " VALUES ($1, $2, $3, $4, $5, $6, $7)", &st)) == 0 &&
		    (r = db_bind_int64(st, 1, gig_id)) == 0 &&
		    (r = db_bind_text(st, 2, q->question)) == 0 &&
		    (r = db_bind_text(st, 3, q->kind)) == 0 &&
		    (r = db_bind_text(st, 4, choices)) == 0 &&
		    (r = db_bind_int64(st, 5, q->required)) == 0 &&
		    (r = db_bind_int64(st, 6, (int64_t)i)) == 0 &&
		    (r = db_bind_int64(st, 7, now)) == 0)
			r = db_step_done(st);
		free(choices);
		if (r != 0)
			return r;
	}
	return 0;
}

static int
tags_media_faq_write(struct db *db, int64_t gig_id, const struct gig_content *c,
    int64_t now)
{
	struct db_stmt *st;
	size_t i;
	int r;

	for (i = 0; i < c->n_tags; i++)
		if ((r = db_prepare(db, "INSERT INTO gig_tags (gig_id, tag, position)"
		    " VALUES ($1, $2, $3)", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, gig_id)) != 0 ||
		    (r = db_bind_text(st, 2, c->tags[i])) != 0 ||
		    (r = db_bind_int64(st, 3, (int64_t)i)) != 0 || (r = db_step_done(st)) != 0)
			return r;
	for (i = 0; i < c->n_media; i++)
		if ((r = db_prepare(db, "INSERT INTO gig_media (gig_id, upload_id, position,"
		    " is_cover, created_at) VALUES ($1, $2, $3, $4, $5)", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, gig_id)) != 0 ||
		    (r = db_bind_int64(st, 2, c->media[i].upload_id)) != 0 ||
		    (r = db_bind_int64(st, 3, (int64_t)i)) != 0 ||
		    (r = db_bind_int64(st, 4, i == 0)) != 0 ||
		    (r = db_bind_int64(st, 5, now)) != 0 || (r = db_step_done(st)) != 0)
			return r;
	for (i = 0; i < c->n_faq; i++)
		if ((r = db_prepare(db, "INSERT INTO gig_faq (gig_id, question, answer,"
		    " position) VALUES ($1, $2, $3, $4)", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, gig_id)) != 0 ||
		    (r = db_bind_text(st, 2, c->faq[i].question)) != 0 ||
		    (r = db_bind_text(st, 3, c->faq[i].answer)) != 0 ||
		    (r = db_bind_int64(st, 4, (int64_t)i)) != 0 || (r = db_step_done(st)) != 0)
			return r;
	return 0;
}

int
gig_parts_write(struct db *db, int64_t gig_id, const struct gig_content *c, int64_t now)
{
	int r;

	if ((r = parts_delete(db, gig_id)) != 0 || (r = packages_write(db, gig_id, c, now)) != 0 ||
	    (r = extras_reqs_write(db, gig_id, c, now)) != 0 ||
	    (r = tags_media_faq_write(db, gig_id, c, now)) != 0)
		return r;
	return 0;
}

struct write_ctx {
	int64_t actor, gig_id;
	const struct gig_content *c;     /* cleaned */
	struct gig_bad *bad;
};

static int
create_tx(struct db *db, void *ud)
{
	struct write_ctx *w = ud;
	struct gig_actor a;
	struct db_stmt *st;
	int64_t now = (int64_t)time(NULL), price_from;
	int days_min, r;

	if ((r = gig_actor_get(db, w->actor, &a)) != 0)
		return r;
	if (!a.freelancer)
		return JS_ERR_PERM;
	if ((r = gig_check_refs(db, w->actor, w->c, w->bad)) != 0)
		return r;
	gig_derive(w->c, &price_from, &days_min);
	if ((r = db_prepare(db, "INSERT INTO gigs (seller_id, category_id, title, description,"
	    " status, price_from, delivery_days_min, created_at, updated_at)"
	    " VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $7) RETURNING id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, w->actor)) != 0 ||
	    (r = db_bind_int64(st, 2, w->c->category_id)) != 0 ||
	    (r = db_bind_text(st, 3, w->c->title)) != 0 ||
	    (r = db_bind_text(st, 4, w->c->description)) != 0 ||
	    (r = db_bind_int64(st, 5, price_from)) != 0 ||
	    (r = db_bind_int64(st, 6, days_min)) != 0 ||
	    (r = db_bind_int64(st, 7, now)) != 0 || (r = gig_step_id(st, &w->gig_id)) != 0)
		return r;
	if ((r = gig_parts_write(db, w->gig_id, w->c, now)) != 0)
		return r;
	return gig_search_sync(db, w->gig_id, "draft");
}

/* The clean copy, then fn in a transaction; bad is cleared unless a field is at fault. */
static int
write_run(struct db *db, struct write_ctx *w, const struct gig_content *in, db_tx_fn fn)
{
	struct gig_content *clean;
	int r;

	gig_bad_set(w->bad, NULL, -1, -1);
	if (in == NULL)
		return JS_ERR_INVALID;
	if ((clean = malloc(sizeof *clean)) == NULL)
		return JS_ERR_NOMEM;
	if ((r = gig_clean(in, clean, w->bad)) == 0) {
		w->c = clean;
		r = db_tx(db, fn, w);
		if (r != 0 && w->bad != NULL && w->bad->field == NULL)
			gig_bad_set(w->bad, NULL, -1, -1);
	}
	free(clean);
	return r;
}

int
gig_create(struct db *db, int64_t actor, const struct gig_content *c, int64_t *id,
    struct gig_bad *bad)
{
	struct gig_bad local;
	struct write_ctx w = { actor, 0, NULL, bad ? bad : &local };
	int r;

	if ((r = write_run(db, &w, c, create_tx)) == 0) {
		log_info("gig created gig=%lld seller=%lld", (long long)w.gig_id,
		    (long long)actor);
		if (id != NULL)
			*id = w.gig_id;
	}
	return r;
}

int
gig_lock(struct db *db, int64_t gig_id, int64_t *seller, char status[16])
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT seller_id, status FROM gigs WHERE id = $1 FOR UPDATE",
	    &st)) != 0 || (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	*seller = db_col_int64(st, 0);
	utf8_copy(status, 16, db_col_text(st, 1));
	db_reset(st);
	return 0;
}

static int
update_tx(struct db *db, void *ud)
{
	struct write_ctx *w = ud;
	struct gig_actor a;
	struct db_stmt *st;
	char status[16];
	const char *to;
	int64_t seller, now = (int64_t)time(NULL), price_from;
	int days_min, mod, r;

	if ((r = gig_lock(db, w->gig_id, &seller, status)) != 0)
		return r;
	if ((r = gig_actor_get(db, w->actor, &a)) != 0)
		return r;
	if (seller != w->actor)
		return JS_ERR_PERM;
	if (strcmp(status, "deleted") == 0)
		return JS_ERR_STATE;
	if ((r = gig_check_refs(db, seller, w->c, w->bad)) != 0 ||
	    (r = gig_moderation_on(db, &mod)) != 0)
		return r;
	if (gig_rule_find(GIG_EDIT, status, 1, 0, mod, &to) != 0)
		to = status;        /* no row: an edit keeps the status */
	gig_derive(w->c, &price_from, &days_min);
	if ((r = db_prepare(db, "UPDATE gigs SET category_id = $2, title = $3,"
	    " description = $4, status = $5, price_from = $6, delivery_days_min = $7,"
	    " updated_at = $8 WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, w->gig_id)) != 0 ||
	    (r = db_bind_int64(st, 2, w->c->category_id)) != 0 ||
	    (r = db_bind_text(st, 3, w->c->title)) != 0 ||
	    (r = db_bind_text(st, 4, w->c->description)) != 0 ||
	    (r = db_bind_text(st, 5, to)) != 0 ||
	    (r = db_bind_int64(st, 6, price_from)) != 0 ||
	    (r = db_bind_int64(st, 7, days_min)) != 0 ||
	    (r = db_bind_int64(st, 8, now)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if ((r = gig_parts_write(db, w->gig_id, w->c, now)) != 0)
		return r;
	if (strcmp(to, status) != 0)
		log_info("gig edit gig=%lld %s -> %s", (long long)w->gig_id, status, to);
	return gig_search_sync(db, w->gig_id, to);
}

int
gig_update(struct db *db, int64_t actor, int64_t gig_id, const struct gig_content *c,
    struct gig_bad *bad)
{
	struct gig_bad local;
	struct write_ctx w = { actor, gig_id, NULL, bad ? bad : &local };

	return write_run(db, &w, c, update_tx);
}
