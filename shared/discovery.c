/* discovery.c: the category tree with counts, category listings, recently viewed gigs and
 * favorites. Trending and recommendations are in discovery_rank.c. */
#include <string.h>
#include <time.h>

#include "err.h"
#include "discovery.h"
#include "gig_impl.h"

int
discovery_categories(struct db *db, struct discovery_category *out, size_t max, size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = db_prepare(db, "SELECT c.id, COALESCE(c.parent_id, 0), c.slug, c.name_zh,"
	    " c.name_en, (SELECT COUNT(*) FROM " GIG_CARD_FROM " JOIN categories k"
	    "  ON k.id = g.category_id WHERE " GIG_LISTABLE
	    "  AND (k.id = c.id OR k.parent_id = c.id))"
	    " FROM categories c LEFT JOIN categories p ON p.id = c.parent_id"
	    " WHERE c.is_active = 1 AND (p.id IS NULL OR p.is_active = 1)"
	    " ORDER BY COALESCE(p.sort_order, c.sort_order), COALESCE(p.id, c.id),"
	    " CASE WHEN c.parent_id IS NULL THEN 0 ELSE 1 END, c.sort_order, c.id", &st)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		struct discovery_category *c = &out[(*n)++];

		memset(c, 0, sizeof *c);
		c->id = db_col_int64(st, 0);
		c->parent_id = db_col_int64(st, 1);
		utf8_copy(c->slug, sizeof c->slug, db_col_text(st, 2));
		utf8_copy(c->name_zh, sizeof c->name_zh, db_col_text(st, 3));
		utf8_copy(c->name_en, sizeof c->name_en, db_col_text(st, 4));
		c->depth = c->parent_id != 0;
		c->gig_count = db_col_int64(st, 5);
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

int
discovery_category_gigs(struct db *db, int64_t category_id, size_t offset,
    struct gig_card *out, size_t max, size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = db_prepare(db, "SELECT " GIG_CARD_COLS ", COALESCE(g.published_at, 0), 0"
	    " FROM " GIG_CARD_FROM " JOIN categories k ON k.id = g.category_id"
	    " WHERE " GIG_LISTABLE " AND (k.id = $1 OR k.parent_id = $1)"
	    " ORDER BY g.orders_count DESC, g.published_at DESC, g.id DESC"
	    " LIMIT $2 OFFSET $3", &st)) != 0 || (r = db_bind_int64(st, 1, category_id)) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)max)) != 0 ||
	    (r = db_bind_int64(st, 3, (int64_t)offset)) != 0)
		return r;
	return gig_cards_fill(st, out, max, n);
}

int
discovery_recent(struct db *db, int64_t viewer, struct gig_card *out, size_t max,
    size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if (viewer <= 0)
		return JS_ERR_INVALID;
	if ((r = db_prepare(db, "SELECT " GIG_CARD_COLS ", v.last, 0 FROM"
	    " (SELECT gig_id, MAX(viewed_at) AS last, MAX(id) AS last_id FROM gig_views"
	    "  WHERE viewer_id = $1 GROUP BY gig_id) v"
	    " JOIN gigs g ON g.id = v.gig_id JOIN users u ON u.id = g.seller_id"
	    " WHERE g.status IN ('active', 'paused') AND u.status = 'active'"
	    " ORDER BY v.last DESC, v.last_id DESC LIMIT $2", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, viewer)) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)max)) != 0)
		return r;
	return gig_cards_fill(st, out, max, n);
}

/* ---- favorites ---- */

struct fav_ctx {
	int64_t actor, gig_id;
	int add;
};

static int
fav_tx(struct db *db, void *ud)
{
	struct fav_ctx *f = ud;
	struct gig_actor a;
	struct db_stmt *st;
	int r;

	if ((r = gig_actor_get(db, f->actor, &a)) != 0)
		return r;
	if (f->add) {
		if ((r = db_prepare(db, "SELECT status FROM gigs WHERE id = $1", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, f->gig_id)) != 0)
			return r;
		if ((r = db_step(st)) != DB_ROW)
			return r < 0 ? r : JS_ERR_NOT_FOUND;
		r = strcmp(db_col_text(st, 0), "active") == 0 ||
		    strcmp(db_col_text(st, 0), "paused") == 0 ? 0 : JS_ERR_STATE;
		db_reset(st);
		if (r != 0)
			return r;
		if ((r = db_prepare(db, "INSERT INTO favorites (user_id, gig_id, created_at)"
		    " VALUES ($1, $2, $3) ON CONFLICT (user_id, gig_id) DO NOTHING", &st)) != 0 ||
		    (r = db_bind_int64(st, 3, (int64_t)time(NULL))) != 0)
			return r;
	} else if ((r = db_prepare(db, "DELETE FROM favorites WHERE user_id = $1"
	    " AND gig_id = $2", &st)) != 0)
		return r;
	if ((r = db_bind_int64(st, 1, f->actor)) != 0 ||
	    (r = db_bind_int64(st, 2, f->gig_id)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if (db_changes(st) == 0)
		return f->add ? 0 : JS_ERR_NOT_FOUND;
	if ((r = db_prepare(db, "UPDATE gigs SET favorites_count = CASE"
	    " WHEN favorites_count + $2 < 0 THEN 0 ELSE favorites_count + $2 END"
	    " WHERE id = $1", &st)) != 0 || (r = db_bind_int64(st, 1, f->gig_id)) != 0 ||
	    (r = db_bind_int64(st, 2, f->add ? 1 : -1)) != 0)
		return r;
	return db_step_done(st);
}

int
discovery_favorite_add(struct db *db, int64_t actor, int64_t gig_id)
{
	struct fav_ctx f = { actor, gig_id, 1 };

	return db_tx(db, fav_tx, &f);
}

int
discovery_favorite_remove(struct db *db, int64_t actor, int64_t gig_id)
{
	struct fav_ctx f = { actor, gig_id, 0 };

	return db_tx(db, fav_tx, &f);
}

int
discovery_favorite_has(struct db *db, int64_t actor, int64_t gig_id, int *yes)
{
	struct db_stmt *st;
	int r;

	*yes = 0;
	if ((r = db_prepare(db, "SELECT 1 FROM favorites WHERE user_id = $1 AND gig_id = $2",
	    &st)) != 0 || (r = db_bind_int64(st, 1, actor)) != 0 ||
	    (r = db_bind_int64(st, 2, gig_id)) != 0)
		return r;
	if ((r = db_step(st)) < 0)
		return r;
	*yes = r == DB_ROW;
	db_reset(st);
	return 0;
}

int
discovery_favorites(struct db *db, int64_t actor, struct gig_card *out, size_t max,
    size_t *n)
{
	struct gig_actor a;
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = gig_actor_get(db, actor, &a)) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT " GIG_CARD_COLS ", f.created_at, 0 FROM favorites f"
	    " JOIN gigs g ON g.id = f.gig_id JOIN users u ON u.id = g.seller_id"
	    " WHERE f.user_id = $1 AND g.status <> 'deleted'"
	    " ORDER BY f.created_at DESC, f.id DESC LIMIT $2", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, actor)) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)max)) != 0)
		return r;
	return gig_cards_fill(st, out, max, n);
}
