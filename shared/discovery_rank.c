/* discovery_rank.c: trending (views and orders with time decay, refreshed as a job) and
 * recommendations from what an account viewed and ordered. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "discovery.h"
#include "err.h"
#include "gig_impl.h"
#include "log.h"

#define RECOMMEND_HISTORY_SECS (90 * GIG_DAY_SECS)

_Static_assert(DISCOVERY_TRENDING_HALF_LIFE == 3, "the decay factor assumes 3 days");

struct trend_row {
	int64_t gig_id, category_id;
	double score;
};

struct trend_ctx {
	int64_t now, rows;
	struct trend_row *v;
	size_t n, cap;
};

/* What one day of one gig is worth before decay, x1000. */
static double
day_points(int64_t impressions, int64_t views, int64_t clicks, int64_t orders)
{
	return (double)views * 1000.0 + (double)clicks * 3000.0 + (double)orders * 10000.0 +
	    (double)impressions * 50.0;
}

static int
trend_collect(struct db *db, struct trend_ctx *t)
{
	struct db_stmt *st;
	double w[DISCOVERY_TRENDING_DAYS];
	int64_t today = gig_day_start(t->now);
	int i, r;

	/* 0.5^(age / 3 days), by repeated multiplication (no libm needed) */
	w[0] = 1.0;
	for (i = 1; i < DISCOVERY_TRENDING_DAYS; i++)
		w[i] = w[i - 1] * 0.7937005259840998;         /* 2^(-1/3) */
	if ((r = db_prepare(db, "SELECT s.gig_id, g.category_id, s.day, s.impressions,"
	    " s.views, s.order_clicks, s.orders FROM gig_stats_daily s"
	    " JOIN gigs g ON g.id = s.gig_id JOIN users u ON u.id = g.seller_id"
	    " WHERE s.day >= $1 AND s.day <= $2 AND " GIG_LISTABLE
	    " ORDER BY s.gig_id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, today - (int64_t)(DISCOVERY_TRENDING_DAYS - 1) *
	    GIG_DAY_SECS)) != 0 || (r = db_bind_int64(st, 2, today)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW) {
		int64_t gig = db_col_int64(st, 0);
		int64_t age = (today - db_col_int64(st, 2)) / GIG_DAY_SECS;

		if (t->n == 0 || t->v[t->n - 1].gig_id != gig) {
			if (t->n == t->cap) {
				size_t cap = t->cap ? t->cap * 2 : 256;
				struct trend_row *v = realloc(t->v, cap * sizeof *v);

				if (v == NULL) {
					db_reset(st);
					return JS_ERR_NOMEM;
				}
				t->v = v;
				t->cap = cap;
			}
			t->v[t->n].gig_id = gig;
			t->v[t->n].category_id = db_col_int64(st, 1);
			t->v[t->n++].score = 0;
		}
		t->v[t->n - 1].score += w[age] * day_points(db_col_int64(st, 3),
		    db_col_int64(st, 4), db_col_int64(st, 5), db_col_int64(st, 6));
	}
	return r < 0 ? r : 0;
}

static int
trend_tx(struct db *db, void *ud)
{
	struct trend_ctx *t = ud;
	struct db_stmt *st;
	size_t i;
	int r;

	t->n = 0;
	t->rows = 0;
	if ((r = trend_collect(db, t)) != 0)
		return r;
	if ((r = db_prepare(db, "DELETE FROM gig_trending", &st)) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	for (i = 0; i < t->n; i++) {
		int64_t score = (int64_t)(t->v[i].score + 0.5);

		if (score <= 0)
			continue;
		if ((r = db_prepare(db, "INSERT INTO gig_trending (gig_id, category_id,"
		    " score_x1000, refreshed_at) VALUES ($1, $2, $3, $4)", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, t->v[i].gig_id)) != 0 ||
		    (r = db_bind_int64(st, 2, t->v[i].category_id)) != 0 ||
		    (r = db_bind_int64(st, 3, score)) != 0 ||
		    (r = db_bind_int64(st, 4, t->now)) != 0 || (r = db_step_done(st)) != 0)
			return r;
		t->rows++;
	}
	return 0;
}

int
discovery_trending_refresh(struct db *db, int64_t now, int64_t *rows)
{
	struct trend_ctx t;
	int r;

	memset(&t, 0, sizeof t);
	t.now = now;
	r = db_tx(db, trend_tx, &t);
	free(t.v);
	if (r == 0) {
		log_info("trending refreshed rows=%lld", (long long)t.rows);
		if (rows != NULL)
			*rows = t.rows;
	}
	return r;
}

/* Trending cards in a category (0: all), leaving out the viewer's own gigs and the ones
 * the viewer ordered (viewer 0: none). */
static int
trending_list(struct db *db, int64_t category_id, int64_t viewer, struct gig_card *out,
    size_t max, size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = db_prepare(db, "SELECT " GIG_CARD_COLS ", COALESCE(g.published_at, 0),"
	    " t.score_x1000 FROM gig_trending t JOIN gigs g ON g.id = t.gig_id"
	    " JOIN users u ON u.id = g.seller_id JOIN categories k ON k.id = g.category_id"
	    " WHERE " GIG_LISTABLE " AND ($1 = 0 OR k.id = $1 OR k.parent_id = $1)"
	    " AND g.seller_id <> $2 AND NOT EXISTS (SELECT 1 FROM orders o"
	    "  WHERE o.buyer_id = $2 AND o.gig_id = g.id)"
	    " ORDER BY t.score_x1000 DESC, g.published_at DESC, g.id DESC LIMIT $3",
	    &st)) != 0 || (r = db_bind_int64(st, 1, category_id)) != 0 ||
	    (r = db_bind_int64(st, 2, viewer)) != 0 ||
	    (r = db_bind_int64(st, 3, (int64_t)max)) != 0)
		return r;
	return gig_cards_fill(st, out, max, n);
}

int
discovery_trending(struct db *db, int64_t category_id, struct gig_card *out, size_t max,
    size_t *n)
{
	return trending_list(db, category_id, 0, out, max, n);
}

/* Most ordered, then newest active gigs; the viewer's own and ordered ones left out. */
static int
popular_list(struct db *db, int64_t viewer, struct gig_card *out, size_t max, size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = db_prepare(db, "SELECT " GIG_CARD_COLS ", COALESCE(g.published_at, 0), 0"
	    " FROM " GIG_CARD_FROM " WHERE " GIG_LISTABLE " AND g.seller_id <> $1"
	    " AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.buyer_id = $1 AND o.gig_id = g.id)"
	    " ORDER BY g.orders_count DESC, g.published_at DESC, g.id DESC LIMIT $2",
	    &st)) != 0 || (r = db_bind_int64(st, 1, viewer)) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)max)) != 0)
		return r;
	return gig_cards_fill(st, out, max, n);
}

static int
has_history(struct db *db, int64_t viewer, int64_t since, int *yes)
{
	struct db_stmt *st;
	int r;

	*yes = 0;
	if ((r = db_prepare(db, "SELECT (SELECT COUNT(*) FROM gig_views WHERE viewer_id = $1"
	    " AND viewed_at >= $2) + (SELECT COUNT(*) FROM orders WHERE buyer_id = $1"
	    " AND gig_id IS NOT NULL)", &st)) != 0 || (r = db_bind_int64(st, 1, viewer)) != 0 ||
	    (r = db_bind_int64(st, 2, since)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	*yes = db_col_int64(st, 0) > 0;
	db_reset(st);
	return 0;
}

/* Gigs matching the categories and tags of the viewer's history, best first. */
static int
matched_list(struct db *db, int64_t viewer, int64_t since, struct gig_card *out,
    size_t max, size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = db_prepare(db, "WITH seen AS ("
	    "  SELECT gig_id, 1 AS w FROM gig_views WHERE viewer_id = $1 AND viewed_at >= $2"
	    "  UNION ALL"
	    "  SELECT gig_id, 3 AS w FROM orders WHERE buyer_id = $1 AND gig_id IS NOT NULL),"
	    " cats AS (SELECT g.category_id AS cid, SUM(s.w) AS w FROM seen s"
	    "  JOIN gigs g ON g.id = s.gig_id GROUP BY g.category_id),"
	    " tags AS (SELECT t.tag AS tag, SUM(s.w) AS w FROM seen s"
	    "  JOIN gig_tags t ON t.gig_id = s.gig_id GROUP BY t.tag),"
	    " scored AS (SELECT g.id AS gid,"
	    "  2 * COALESCE((SELECT c.w FROM cats c WHERE c.cid = g.category_id), 0)"
	    "  + COALESCE((SELECT SUM(tg.w) FROM gig_tags gt JOIN tags tg ON tg.tag = gt.tag"
	    "   WHERE gt.gig_id = g.id), 0) AS score"
	    "  FROM " GIG_CARD_FROM " WHERE " GIG_LISTABLE " AND g.seller_id <> $1"
	    "  AND NOT EXISTS (SELECT 1 FROM seen s WHERE s.gig_id = g.id))"
	    " SELECT " GIG_CARD_COLS ", COALESCE(g.published_at, 0), sc.score * 1000"
	    " FROM scored sc JOIN gigs g ON g.id = sc.gid JOIN users u ON u.id = g.seller_id"
	    " LEFT JOIN gig_trending tr ON tr.gig_id = g.id WHERE sc.score > 0"
	    " ORDER BY sc.score DESC, COALESCE(tr.score_x1000, 0) DESC, g.id DESC LIMIT $3",
	    &st)) != 0 || (r = db_bind_int64(st, 1, viewer)) != 0 ||
	    (r = db_bind_int64(st, 2, since)) != 0 ||
	    (r = db_bind_int64(st, 3, (int64_t)max)) != 0)
		return r;
	return gig_cards_fill(st, out, max, n);
}

/* Append the cards of more[0..m) that out[0..*n) lacks, up to max. */
static void
append_new(struct gig_card *out, size_t *n, size_t max, const struct gig_card *more,
    size_t m)
{
	size_t i, j;

	for (i = 0; i < m && *n < max; i++) {
		for (j = 0; j < *n; j++)
			if (out[j].id == more[i].id)
				break;
		if (j == *n) {
			out[(*n)++] = more[i];
			out[*n - 1].score_x1000 = 0;
		}
	}
}

int
discovery_recommended(struct db *db, int64_t viewer, struct gig_card *out, size_t max,
    size_t *n, int *cold)
{
	struct gig_card *tmp;
	int64_t since = (int64_t)time(NULL) - RECOMMEND_HISTORY_SECS;
	size_t m;
	int hist = 0, r;

	*n = 0;
	if (cold != NULL)
		*cold = 1;
	if (max == 0)
		return 0;
	if (viewer > 0 && (r = has_history(db, viewer, since, &hist)) != 0)
		return r;
	if (hist && (r = matched_list(db, viewer, since, out, max, n)) != 0)
		return r;
	if (cold != NULL)
		*cold = !hist;
	if (*n == max)
		return 0;
	if ((tmp = calloc(max, sizeof *tmp)) == NULL)
		return JS_ERR_NOMEM;
	if ((r = trending_list(db, 0, viewer, tmp, max, &m)) == 0) {
		append_new(out, n, max, tmp, m);
		if (*n < max && (r = popular_list(db, viewer, tmp, max, &m)) == 0)
			append_new(out, n, max, tmp, m);
	}
	free(tmp);
	return r;
}
