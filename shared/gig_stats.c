/* gig_stats.c: the seller dashboard from gig_stats_daily (7/30/90-day windows, a daily
 * series) and counting placed orders there. */
#include <string.h>

#include "account.h"
#include "err.h"
#include "gig.h"
#include "gig_impl.h"

static const int windows[3] = { 7, 30, 90 };

int64_t
gig_day_start(int64_t t)
{
	int64_t local = t + GIG_TZ_OFFSET, day = local / GIG_DAY_SECS;

	if (local % GIG_DAY_SECS < 0)
		day--;                         /* floor for times before 1970 */
	return day * GIG_DAY_SECS - GIG_TZ_OFFSET;
}

/* Fill one dashboard row from gig_stats_daily. */
static int
dash_fill(struct db *db, int64_t now, struct gig_dash *d)
{
	struct db_stmt *st;
	int64_t today = gig_day_start(now);
	int64_t from = today - (int64_t)(windows[2] - 1) * GIG_DAY_SECS;
	int i, r;

	for (i = 0; i < 3; i++) {
		memset(&d->w[i], 0, sizeof d->w[i]);
		d->w[i].days = windows[i];
	}
	memset(d->views, 0, sizeof d->views);
	memset(d->impressions, 0, sizeof d->impressions);
	memset(d->orders, 0, sizeof d->orders);
	d->series_day0 = today - (int64_t)(GIG_DASH_SERIES - 1) * GIG_DAY_SECS;
	if ((r = db_prepare(db, "SELECT day, impressions, views, order_clicks, orders, revenue"
	    " FROM gig_stats_daily WHERE gig_id = $1 AND day >= $2 AND day <= $3", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, d->gig_id)) != 0 ||
	    (r = db_bind_int64(st, 2, from)) != 0 || (r = db_bind_int64(st, 3, today)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW) {
		int64_t day = db_col_int64(st, 0), age = (today - day) / GIG_DAY_SECS;

		for (i = 0; i < 3; i++) {
			if (age >= windows[i])
				continue;
			d->w[i].impressions += db_col_int64(st, 1);
			d->w[i].views += db_col_int64(st, 2);
			d->w[i].order_clicks += db_col_int64(st, 3);
			d->w[i].orders += db_col_int64(st, 4);
			d->w[i].revenue += db_col_int64(st, 5);
		}
		if (age < GIG_DASH_SERIES) {
			d->impressions[GIG_DASH_SERIES - 1 - age] += db_col_int64(st, 1);
			d->views[GIG_DASH_SERIES - 1 - age] += db_col_int64(st, 2);
			d->orders[GIG_DASH_SERIES - 1 - age] += db_col_int64(st, 4);
		}
	}
	if (r < 0)
		return r;
	for (i = 0; i < 3; i++)
		d->w[i].conversion_bps = d->w[i].views > 0 ?
		    (int)(d->w[i].orders * 10000 / d->w[i].views) : 0;
	return 0;
}

int
gig_dashboard(struct db *db, int64_t actor, int64_t seller, int64_t now,
    struct gig_dash *out, size_t max, size_t *n)
{
	struct db_stmt *st;
	size_t i;
	int r;

	*n = 0;
	if ((r = account_actor_may(db, actor, seller)) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT id, title, status FROM gigs WHERE seller_id = $1"
	    " AND status <> 'deleted' ORDER BY created_at DESC, id DESC LIMIT $2", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, seller)) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)max)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		struct gig_dash *d = &out[(*n)++];

		memset(d, 0, sizeof *d);
		d->gig_id = db_col_int64(st, 0);
		utf8_copy(d->title, sizeof d->title, db_col_text(st, 1));
		utf8_copy(d->status, sizeof d->status, db_col_text(st, 2));
	}
	db_reset(st);
	if (r < 0)
		return r;
	for (i = 0; i < *n; i++)
		if ((r = dash_fill(db, now, &out[i])) != 0)
			return r;
	return 0;
}

int
gig_dashboard_one(struct db *db, int64_t actor, int64_t gig_id, int64_t now,
    struct gig_dash *out)
{
	struct db_stmt *st;
	int64_t seller;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = db_prepare(db, "SELECT seller_id, title, status FROM gigs WHERE id = $1",
	    &st)) != 0 || (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	seller = db_col_int64(st, 0);
	out->gig_id = gig_id;
	utf8_copy(out->title, sizeof out->title, db_col_text(st, 1));
	utf8_copy(out->status, sizeof out->status, db_col_text(st, 2));
	db_reset(st);
	if ((r = account_actor_may(db, actor, seller)) != 0) {
		memset(out, 0, sizeof *out);
		return r;
	}
	return dash_fill(db, now, out);
}

/*
 * The day's order count and revenue of a gig, one upsert. defer 0: the row comes from
 * `gigs` (none for a missing gig: JS_ERR_NOT_FOUND), run now; defer 1: from VALUES, run
 * with the next statement that waits (a missing gig then fails the foreign key).
 */
static int
stats_order(struct db *db, int64_t gig_id, int64_t revenue, int64_t now, int defer)
{
	struct db_stmt *st;
	int r;

	if (revenue < 0)
		return JS_ERR_INVALID;
	if ((r = db_prepare(db, defer ? "INSERT INTO gig_stats_daily (gig_id, day, orders,"
	    " revenue) VALUES ($1, $2, 1, $3) ON CONFLICT (gig_id, day) DO UPDATE SET"
	    " orders = gig_stats_daily.orders + 1,"
	    " revenue = gig_stats_daily.revenue + excluded.revenue" :
	    "INSERT INTO gig_stats_daily (gig_id, day, orders, revenue)"
	    " SELECT id, CAST($2 AS BIGINT), 1, CAST($3 AS BIGINT) FROM gigs WHERE id = $1"
	    " ON CONFLICT (gig_id, day) DO UPDATE SET orders = gig_stats_daily.orders + 1,"
	    " revenue = gig_stats_daily.revenue + excluded.revenue", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, gig_id)) != 0 ||
	    (r = db_bind_int64(st, 2, gig_day_start(now))) != 0 ||
	    (r = db_bind_int64(st, 3, revenue)) != 0)
		return r;
	if (defer)
		return db_step_defer(st);
	if ((r = db_step_done(st)) != 0)
		return r;
	return db_changes(st) == 0 ? JS_ERR_NOT_FOUND : 0;
}

int
gig_stats_order(struct db *db, int64_t gig_id, int64_t revenue, int64_t now)
{
	return stats_order(db, gig_id, revenue, now, 0);
}

int
gig_stats_order_defer(struct db *db, int64_t gig_id, int64_t revenue, int64_t now)
{
	return stats_order(db, gig_id, revenue, now, 1);
}
