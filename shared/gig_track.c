/* gig_track.c: impressions, views and order clicks buffered in memory, flushed in one
 * transaction into gig_stats_daily and gig_views. */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "gig.h"
#include "gig_track.h"
#include "log.h"

enum { ENT_COUNT, ENT_VIEW };

struct gig_track_entry {
	int kind;                  /* ENT_COUNT: sums per (gig, day); ENT_VIEW: one view */
	int64_t gig_id, day;
	int64_t impressions, clicks;       /* ENT_COUNT */
	int64_t viewer, at;                /* ENT_VIEW */
};

struct gig_track {
	struct gig_track_entry *e;
	size_t n, cap;
	uint64_t dropped;
};

int
gig_track_new(size_t cap, struct gig_track **out)
{
	struct gig_track *t;

	*out = NULL;
	if (cap == 0)
		cap = GIG_TRACK_DEFAULT_CAP;
	if ((t = calloc(1, sizeof *t)) == NULL || (t->e = calloc(cap, sizeof *t->e)) == NULL) {
		free(t);
		return JS_ERR_NOMEM;
	}
	t->cap = cap;
	*out = t;
	return 0;
}

void
gig_track_free(struct gig_track *t)
{
	if (t == NULL)
		return;
	free(t->e);
	free(t);
}

size_t
gig_track_pending(const struct gig_track *t)
{
	return t->n;
}

uint64_t
gig_track_dropped(const struct gig_track *t)
{
	return t->dropped;
}

/* The (gig, day) sum entry, made when missing; NULL when the buffer is full. Searched
 * from the newest entry: a page counts the same few gigs again and again. */
static struct gig_track_entry *
count_entry(struct gig_track *t, int64_t gig_id, int64_t day)
{
	size_t i;

	for (i = t->n; i-- > 0;)
		if (t->e[i].kind == ENT_COUNT && t->e[i].gig_id == gig_id && t->e[i].day == day)
			return &t->e[i];
	if (t->n == t->cap)
		return NULL;
	memset(&t->e[t->n], 0, sizeof t->e[0]);
	t->e[t->n].kind = ENT_COUNT;
	t->e[t->n].gig_id = gig_id;
	t->e[t->n].day = day;
	return &t->e[t->n++];
}

static int
count_add(struct gig_track *t, int64_t gig_id, int64_t now, int click)
{
	struct gig_track_entry *e;

	if (gig_id <= 0)
		return JS_ERR_INVALID;
	if ((e = count_entry(t, gig_id, gig_day_start(now))) == NULL) {
		t->dropped++;
		return JS_ERR_TOO_BIG;
	}
	if (click)
		e->clicks++;
	else
		e->impressions++;
	return 0;
}

int
gig_track_impression(struct gig_track *t, int64_t gig_id, int64_t now)
{
	return count_add(t, gig_id, now, 0);
}

int
gig_track_order_click(struct gig_track *t, int64_t gig_id, int64_t now)
{
	return count_add(t, gig_id, now, 1);
}

int
gig_track_view(struct gig_track *t, int64_t gig_id, int64_t viewer, int64_t now)
{
	struct gig_track_entry *e;

	if (gig_id <= 0 || viewer < 0)
		return JS_ERR_INVALID;
	if (t->n == t->cap) {
		t->dropped++;
		return JS_ERR_TOO_BIG;
	}
	e = &t->e[t->n++];
	memset(e, 0, sizeof *e);
	e->kind = ENT_VIEW;
	e->gig_id = gig_id;
	e->day = gig_day_start(now);
	e->viewer = viewer;
	e->at = now;
	return 0;
}

static int
flush_count(struct db *db, const struct gig_track_entry *e)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "INSERT INTO gig_stats_daily (gig_id, day, impressions,"
	    " order_clicks) SELECT id, CAST($2 AS BIGINT), CAST($3 AS BIGINT),"
	    " CAST($4 AS BIGINT) FROM gigs WHERE id = $1"
	    " ON CONFLICT (gig_id, day) DO UPDATE SET"
	    " impressions = gig_stats_daily.impressions + excluded.impressions,"
	    " order_clicks = gig_stats_daily.order_clicks + excluded.order_clicks",
	    &st)) != 0 || (r = db_bind_int64(st, 1, e->gig_id)) != 0 ||
	    (r = db_bind_int64(st, 2, e->day)) != 0 ||
	    (r = db_bind_int64(st, 3, e->impressions)) != 0 ||
	    (r = db_bind_int64(st, 4, e->clicks)) != 0)
		return r;
	return db_step_done(st);
}

/* One view: counted unless the viewer is the gig's seller; a gig_views row when the
 * viewer is a known account. */
static int
flush_view(struct db *db, const struct gig_track_entry *e)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "INSERT INTO gig_stats_daily (gig_id, day, views)"
	    " SELECT id, CAST($2 AS BIGINT), 1 FROM gigs WHERE id = $1 AND seller_id <> $3"
	    " ON CONFLICT (gig_id, day) DO UPDATE SET views = gig_stats_daily.views + 1",
	    &st)) != 0 || (r = db_bind_int64(st, 1, e->gig_id)) != 0 ||
	    (r = db_bind_int64(st, 2, e->day)) != 0 ||
	    (r = db_bind_int64(st, 3, e->viewer)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if (e->viewer == 0 || db_changes(st) == 0)
		return 0;
	if ((r = db_prepare(db, "INSERT INTO gig_views (viewer_id, gig_id, viewed_at)"
	    " SELECT id, CAST($2 AS BIGINT), CAST($3 AS BIGINT) FROM users WHERE id = $1",
	    &st)) != 0 || (r = db_bind_int64(st, 1, e->viewer)) != 0 ||
	    (r = db_bind_int64(st, 2, e->gig_id)) != 0 ||
	    (r = db_bind_int64(st, 3, e->at)) != 0)
		return r;
	return db_step_done(st);
}

static int
flush_tx(struct db *db, void *ud)
{
	struct gig_track *t = ud;
	size_t i;
	int r;

	for (i = 0; i < t->n; i++) {
		const struct gig_track_entry *e = &t->e[i];

		r = e->kind == ENT_COUNT ? flush_count(db, e) : flush_view(db, e);
		if (r != 0)
			return r;
	}
	return 0;
}

int
gig_track_flush(struct gig_track *t, struct db *db)
{
	int r;

	if (t->n == 0)
		return 0;
	if ((r = db_tx(db, flush_tx, t)) != 0) {
		log_warn("flush of %zu entries failed: %s", t->n, js_strerror(r));
		return r;
	}
	t->n = 0;
	return 0;
}
