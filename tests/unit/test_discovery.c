/* test_discovery.c: view/impression tracking and its flush, the seller dashboard, the
 * category tree, recently viewed, trending, recommendations and favorites, both stores. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "db.h"
#include "discovery.h"
#include "err.h"
#include "fixture.h"
#include "gig.h"
#include "gig_track.h"

#define DAY GIG_DAY_SECS

struct fx {
	struct db *db;
	char url[TFX_URL_MAX];
	int64_t s1, s2, b1, b2, admin;
	int64_t design, logo, web, prog, app, hidden;     /* categories */
	int64_t now;
	struct gig_content c;
	struct gig_card cards[32];
	struct gig_dash dash[8];
	struct discovery_category cats[32];
};

static int64_t
mkcat(struct db *db, int64_t parent, const char *slug, int sort)
{
	struct db_stmt *st;
	int64_t id;

	assert_int_equal(db_prepare(db, "INSERT INTO categories (parent_id, slug, name_zh,"
	    " name_en, sort_order) VALUES ($1, $2, $2, $2, $3) RETURNING id", &st), 0);
	assert_int_equal(parent ? db_bind_int64(st, 1, parent) : db_bind_null(st, 1), 0);
	assert_int_equal(db_bind_text(st, 2, slug), 0);
	assert_int_equal(db_bind_int64(st, 3, sort), 0);
	assert_int_equal(db_step(st), DB_ROW);
	id = db_col_int64(st, 0);
	db_reset(st);
	return id;
}

/* An active gig (submitted without moderation) with up to two tags. */
static int64_t
mkgig(struct fx *f, int64_t seller, int64_t cat, const char *title, const char *tag1,
    const char *tag2)
{
	struct gig_content *c = &f->c;
	char to[16];
	int64_t id = 0;

	memset(c, 0, sizeof *c);
	c->category_id = cat;
	snprintf(c->title, sizeof c->title, "%s", title);
	strcpy(c->description, "认真负责，按时交付。");
	if (tag1 != NULL)
		strcpy(c->tags[c->n_tags++], tag1);
	if (tag2 != NULL)
		strcpy(c->tags[c->n_tags++], tag2);
	strcpy(c->pkg[0].name, "基础版");
	c->pkg[0].price = 10000;
	c->pkg[0].delivery_days = 3;
	assert_int_equal(gig_create(f->db, seller, c, &id, NULL), 0);
	assert_int_equal(gig_transition(f->db, seller, id, GIG_SUBMIT, NULL, to, NULL), 0);
	assert_string_equal(to, "active");
	return id;
}

static void
exec_id(struct fx *f, const char *sql, int64_t id)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, sql, &st), 0);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_step_done(st), 0);
}

/* One gig_stats_daily row (replacing any), `age` days before f->now's day. */
static void
stats(struct fx *f, int64_t gig, int age, int64_t impressions, int64_t views,
    int64_t clicks, int64_t orders, int64_t revenue)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, "INSERT INTO gig_stats_daily (gig_id, day,"
	    " impressions, views, order_clicks, orders, revenue)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (gig_id, day) DO UPDATE SET"
	    " impressions = excluded.impressions, views = excluded.views,"
	    " order_clicks = excluded.order_clicks, orders = excluded.orders,"
	    " revenue = excluded.revenue", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, gig), 0);
	assert_int_equal(db_bind_int64(st, 2, gig_day_start(f->now) - (int64_t)age * DAY), 0);
	assert_int_equal(db_bind_int64(st, 3, impressions), 0);
	assert_int_equal(db_bind_int64(st, 4, views), 0);
	assert_int_equal(db_bind_int64(st, 5, clicks), 0);
	assert_int_equal(db_bind_int64(st, 6, orders), 0);
	assert_int_equal(db_bind_int64(st, 7, revenue), 0);
	assert_int_equal(db_step_done(st), 0);
}

static int64_t
stat_of(struct fx *f, int64_t gig, int64_t day, const char *col)
{
	char sql[160];
	struct db_stmt *st;
	int64_t v = -1;

	/* col is one of this file's literals, never outside input */
	snprintf(sql, sizeof sql, "SELECT %s FROM gig_stats_daily WHERE gig_id = $1"
	    " AND day = $2", col);
	assert_int_equal(db_prepare(f->db, sql, &st), 0);
	assert_int_equal(db_bind_int64(st, 1, gig), 0);
	assert_int_equal(db_bind_int64(st, 2, day), 0);
	if (db_step(st) == DB_ROW)
		v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

static int
setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof f);
	f.db = tfx_open(f.url, sizeof f.url);
	f.now = (int64_t)time(NULL);
	f.s1 = tfx_user(f.db, "sellerone", 1);
	f.s2 = tfx_user(f.db, "sellertwo", 1);
	f.b1 = tfx_user(f.db, "buyerone", 0);
	f.b2 = tfx_user(f.db, "buyertwo", 0);
	f.admin = tfx_user(f.db, "boss", 0);
	tfx_make_admin(f.db, f.admin);
	f.prog = mkcat(f.db, 0, "programming", 2);
	f.design = mkcat(f.db, 0, "design", 1);
	f.web = mkcat(f.db, f.design, "web", 2);
	f.logo = mkcat(f.db, f.design, "logo", 1);
	f.app = mkcat(f.db, f.prog, "app", 1);
	f.hidden = mkcat(f.db, f.prog, "hidden", 2);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tfx_close(f->db, f->url);
	return 0;
}

static void
test_day_start(void **state)
{
	(void)state;
	/* 2024-01-01 00:00 in Shanghai is 2023-12-31 16:00 UTC */
	assert_int_equal(gig_day_start(1704038400), 1704038400);
	assert_int_equal(gig_day_start(1704038400 + DAY - 1), 1704038400);
	assert_int_equal(gig_day_start(1704038399), 1704038400 - DAY);
	assert_int_equal(gig_day_start(0), -8 * 3600);
	assert_int_equal(gig_day_start(-1), -8 * 3600);
	assert_int_equal(gig_day_start(-8 * 3600 - 1), -8 * 3600 - DAY);
}

static void
test_track_flush(void **state)
{
	struct fx *f = *state;
	struct gig_track *t = NULL;
	int64_t a = mkgig(f, f->s1, f->logo, "极简Logo设计", "logo", NULL);
	int64_t b = mkgig(f, f->s2, f->web, "企业官网开发", "网站", NULL);
	int64_t today = gig_day_start(f->now);
	int i;

	assert_int_equal(gig_track_new(64, &t), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(gig_track_impression(t, a, f->now), 0);
	assert_int_equal(gig_track_impression(t, b, f->now), 0);
	assert_int_equal(gig_track_impression(t, b, f->now), 0);
	assert_int_equal(gig_track_impression(t, a, f->now - DAY), 0);
	assert_int_equal(gig_track_view(t, a, f->b1, f->now - 5), 0);
	assert_int_equal(gig_track_view(t, a, f->b1, f->now), 0);
	assert_int_equal(gig_track_view(t, a, 0, f->now), 0);          /* anonymous */
	assert_int_equal(gig_track_view(t, a, f->s1, f->now), 0);      /* its seller */
	assert_int_equal(gig_track_order_click(t, a, f->now), 0);
	assert_int_equal(gig_track_impression(t, 99999, f->now), 0);   /* no such gig */
	assert_int_equal(gig_track_impression(t, 0, f->now), JS_ERR_INVALID);
	assert_int_equal(gig_track_view(t, a, -1, f->now), JS_ERR_INVALID);
	/* sums per (gig, day): 4 entries, plus one per view */
	assert_int_equal(gig_track_pending(t), 4 + 4);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM gig_stats_daily"), 0);
	assert_int_equal(gig_track_flush(t, f->db), 0);
	assert_int_equal(gig_track_pending(t), 0);
	assert_int_equal(stat_of(f, a, today, "impressions"), 3);
	assert_int_equal(stat_of(f, a, today, "views"), 3);
	assert_int_equal(stat_of(f, a, today, "order_clicks"), 1);
	assert_int_equal(stat_of(f, a, today - DAY, "impressions"), 1);
	assert_int_equal(stat_of(f, a, today - DAY, "views"), 0);
	assert_int_equal(stat_of(f, b, today, "impressions"), 2);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gig_stats_daily"
	    " WHERE gig_id = $1", 99999), 0);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gig_views"
	    " WHERE viewer_id = $1", f->b1), 2);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gig_views"
	    " WHERE gig_id = $1", a), 2);
	/* an empty flush writes nothing; the next batch adds up */
	assert_int_equal(gig_track_flush(t, f->db), 0);
	assert_int_equal(stat_of(f, a, today, "impressions"), 3);
	assert_int_equal(gig_track_impression(t, a, f->now), 0);
	assert_int_equal(gig_track_impression(t, a, f->now), 0);
	assert_int_equal(gig_track_view(t, a, f->b2, f->now), 0);
	assert_int_equal(gig_track_flush(t, f->db), 0);
	assert_int_equal(stat_of(f, a, today, "impressions"), 5);
	assert_int_equal(stat_of(f, a, today, "views"), 4);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gig_views"
	    " WHERE gig_id = $1", a), 3);
	assert_int_equal(gig_track_dropped(t), 0);
	gig_track_free(t);
	gig_track_free(NULL);
}

static void
test_track_bounded(void **state)
{
	struct fx *f = *state;
	struct gig_track *t = NULL;
	int64_t g[5];
	int i;

	for (i = 0; i < 5; i++) {
		char title[64];

		snprintf(title, sizeof title, "小程序开发第%d号", i);
		g[i] = mkgig(f, f->s1, f->app, title, NULL, NULL);
	}
	assert_int_equal(gig_track_new(4, &t), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(gig_track_impression(t, g[i], f->now), 0);
	assert_int_equal(gig_track_impression(t, g[4], f->now), JS_ERR_TOO_BIG);
	assert_int_equal(gig_track_view(t, g[0], f->b1, f->now), JS_ERR_TOO_BIG);
	assert_int_equal(gig_track_order_click(t, g[4], f->now), JS_ERR_TOO_BIG);
	/* a gig already in the buffer still counts: it needs no new entry */
	assert_int_equal(gig_track_impression(t, g[0], f->now), 0);
	assert_int_equal(gig_track_order_click(t, g[1], f->now), 0);
	assert_int_equal(gig_track_pending(t), 4);
	assert_int_equal(gig_track_dropped(t), 3);
	assert_int_equal(gig_track_flush(t, f->db), 0);
	assert_int_equal(stat_of(f, g[0], gig_day_start(f->now), "impressions"), 2);
	assert_int_equal(stat_of(f, g[1], gig_day_start(f->now), "order_clicks"), 1);
	assert_int_equal(stat_of(f, g[4], gig_day_start(f->now), "impressions"), -1);
	assert_int_equal(gig_track_view(t, g[0], f->b1, f->now), 0);
	gig_track_free(t);
}

static void
test_dashboard(void **state)
{
	struct fx *f = *state;
	struct gig_dash *d = f->dash;
	int64_t a = mkgig(f, f->s1, f->logo, "品牌Logo设计", NULL, NULL);
	int64_t b = mkgig(f, f->s1, f->web, "响应式网站开发", NULL, NULL);
	int64_t c = mkgig(f, f->s1, f->web, "已删除的服务项目", NULL, NULL);
	int64_t other = mkgig(f, f->s2, f->web, "别人的网站服务", NULL, NULL);
	size_t n = 99;
	char to[16];

	/* age: impressions, views, clicks, orders, revenue */
	stats(f, a, 0, 100, 40, 8, 2, 60000);
	stats(f, a, 6, 50, 10, 2, 1, 30000);
	stats(f, a, 7, 30, 10, 1, 1, 30000);      /* outside 7 days */
	stats(f, a, 29, 20, 10, 1, 0, 0);
	stats(f, a, 30, 20, 5, 0, 1, 10000);      /* outside 30 days */
	stats(f, a, 89, 10, 5, 0, 0, 0);
	stats(f, a, 90, 999, 999, 999, 999, 999); /* outside 90 days */
	stats(f, a, -1, 7, 7, 7, 7, 7);           /* tomorrow: not counted */
	stats(f, other, 0, 5, 5, 5, 5, 5);
	assert_int_equal(gig_transition(f->db, f->s1, c, GIG_DELETE, NULL, to, NULL), 0);
	assert_int_equal(gig_dashboard(f->db, f->s2, f->s1, f->now, d, 8, &n), JS_ERR_PERM);
	assert_int_equal(gig_dashboard(f->db, f->admin, f->s1, f->now, d, 8, &n), 0);
	assert_int_equal(gig_dashboard(f->db, f->s1, f->s1, f->now, d, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].gig_id, b);
	assert_int_equal(d[1].gig_id, a);
	assert_int_equal(d[0].w[2].views, 0);
	assert_int_equal(d[0].w[2].conversion_bps, 0);
	d = &f->dash[1];
	assert_int_equal(d->w[0].days, 7);
	assert_int_equal(d->w[0].impressions, 150);
	assert_int_equal(d->w[0].views, 50);
	assert_int_equal(d->w[0].order_clicks, 10);
	assert_int_equal(d->w[0].orders, 3);
	assert_int_equal(d->w[0].revenue, 90000);
	assert_int_equal(d->w[0].conversion_bps, 600);          /* 3 / 50 = 6% */
	assert_int_equal(d->w[1].days, 30);
	assert_int_equal(d->w[1].impressions, 200);
	assert_int_equal(d->w[1].views, 70);
	assert_int_equal(d->w[1].orders, 4);
	assert_int_equal(d->w[1].revenue, 120000);
	assert_int_equal(d->w[1].conversion_bps, 571);          /* 4 / 70 */
	assert_int_equal(d->w[2].days, 90);
	assert_int_equal(d->w[2].impressions, 230);
	assert_int_equal(d->w[2].views, 80);
	assert_int_equal(d->w[2].orders, 5);
	assert_int_equal(d->w[2].revenue, 130000);
	/* the sparkline: oldest first, today last */
	assert_int_equal(d->series_day0, gig_day_start(f->now) - 29 * DAY);
	assert_int_equal(d->views[GIG_DASH_SERIES - 1], 40);
	assert_int_equal(d->views[GIG_DASH_SERIES - 1 - 6], 10);
	assert_int_equal(d->views[0], 10);
	assert_int_equal(d->impressions[GIG_DASH_SERIES - 1 - 7], 30);
	assert_int_equal(d->orders[GIG_DASH_SERIES - 1], 2);
	assert_int_equal(d->views[1], 0);
	/* one gig; placed orders count in today's row */
	assert_int_equal(gig_dashboard_one(f->db, f->s2, a, f->now, f->dash), JS_ERR_PERM);
	assert_int_equal(gig_dashboard_one(f->db, f->s1, 4242, f->now, f->dash),
	    JS_ERR_NOT_FOUND);
	assert_int_equal(gig_stats_order(f->db, a, 15000, f->now), 0);
	assert_int_equal(gig_stats_order(f->db, b, 20000, f->now), 0);
	assert_int_equal(gig_stats_order(f->db, 4242, 1, f->now), JS_ERR_NOT_FOUND);
	assert_int_equal(gig_stats_order(f->db, a, -1, f->now), JS_ERR_INVALID);
	assert_int_equal(gig_dashboard_one(f->db, f->s1, a, f->now, f->dash), 0);
	assert_int_equal(f->dash[0].w[0].orders, 4);
	assert_int_equal(f->dash[0].w[0].revenue, 105000);
	assert_string_equal(f->dash[0].title, "品牌Logo设计");
	assert_int_equal(gig_dashboard_one(f->db, f->admin, b, f->now, f->dash), 0);
	assert_int_equal(f->dash[0].w[0].orders, 1);
	assert_int_equal(f->dash[0].orders[GIG_DASH_SERIES - 1], 1);
}

static void
test_categories(void **state)
{
	struct fx *f = *state;
	struct discovery_category *c = f->cats;
	size_t n = 0;
	int64_t paused, draft;
	char to[16];

	mkgig(f, f->s1, f->logo, "Logo设计一号", NULL, NULL);
	mkgig(f, f->s1, f->logo, "Logo设计二号", NULL, NULL);
	mkgig(f, f->s2, f->web, "网站开发一号", NULL, NULL);
	mkgig(f, f->s2, f->app, "应用开发一号", NULL, NULL);
	mkgig(f, f->s2, f->hidden, "隐藏类目服务", NULL, NULL);
	paused = mkgig(f, f->s1, f->web, "暂停中的服务", NULL, NULL);
	assert_int_equal(gig_transition(f->db, f->s1, paused, GIG_PAUSE, NULL, to, NULL), 0);
	draft = mkgig(f, f->s1, f->app, "草稿状态服务", NULL, NULL);
	exec_id(f, "UPDATE gigs SET status = 'draft' WHERE id = $1", draft);
	/* a suspended seller's gigs do not count either */
	mkgig(f, tfx_user(f->db, "gone", 1), f->web, "停用卖家的服务", NULL, NULL);
	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'suspended'"
	    " WHERE handle = 'gone'"), 0);
	exec_id(f, "UPDATE categories SET is_active = 0 WHERE id = $1", f->hidden);
	assert_int_equal(discovery_categories(f->db, c, 32, &n), 0);
	assert_int_equal(n, 5);
	/* design (sort 1) first, its children by sort order, then programming */
	assert_int_equal(c[0].id, f->design);
	assert_int_equal(c[0].depth, 0);
	assert_int_equal(c[0].gig_count, 3);
	assert_int_equal(c[1].id, f->logo);
	assert_int_equal(c[1].depth, 1);
	assert_int_equal(c[1].parent_id, f->design);
	assert_int_equal(c[1].gig_count, 2);
	assert_int_equal(c[2].id, f->web);
	assert_int_equal(c[2].gig_count, 1);
	assert_int_equal(c[3].id, f->prog);
	assert_int_equal(c[3].parent_id, 0);
	assert_int_equal(c[3].gig_count, 2);        /* the hidden child's gig still counts */
	assert_int_equal(c[4].id, f->app);
	assert_int_equal(c[4].gig_count, 1);
	assert_string_equal(c[4].slug, "app");
	assert_int_equal(discovery_categories(f->db, c, 2, &n), 0);
	assert_int_equal(n, 2);
	/* listing a top-level category shows its children's gigs */
	assert_int_equal(discovery_category_gigs(f->db, f->design, 0, f->cards, 32, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(discovery_category_gigs(f->db, f->logo, 0, f->cards, 32, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(discovery_category_gigs(f->db, f->design, 2, f->cards, 32, &n), 0);
	assert_int_equal(n, 1);
}

static void
test_recent(void **state)
{
	struct fx *f = *state;
	struct gig_track *t = NULL;
	int64_t a = mkgig(f, f->s1, f->logo, "最近看过的一", NULL, NULL);
	int64_t b = mkgig(f, f->s1, f->web, "最近看过的二", NULL, NULL);
	int64_t c = mkgig(f, f->s2, f->app, "最近看过的三", NULL, NULL);
	int64_t d = mkgig(f, f->s2, f->app, "最近看过的四", NULL, NULL);
	size_t n = 0;
	char to[16];

	assert_int_equal(gig_track_new(0, &t), 0);
	assert_int_equal(gig_track_view(t, a, f->b1, f->now - 50), 0);
	assert_int_equal(gig_track_view(t, b, f->b1, f->now - 40), 0);
	assert_int_equal(gig_track_view(t, a, f->b1, f->now - 30), 0);
	assert_int_equal(gig_track_view(t, c, f->b1, f->now - 20), 0);
	assert_int_equal(gig_track_view(t, d, f->b1, f->now - 10), 0);
	assert_int_equal(gig_track_view(t, b, f->b2, f->now), 0);
	assert_int_equal(gig_track_flush(t, f->db), 0);
	gig_track_free(t);
	assert_int_equal(gig_transition(f->db, f->s2, c, GIG_PAUSE, NULL, to, NULL), 0);
	assert_int_equal(gig_transition(f->db, f->s2, d, GIG_DELETE, NULL, to, NULL), 0);
	assert_int_equal(discovery_recent(f->db, f->b1, f->cards, 32, &n), 0);
	assert_int_equal(n, 3);                     /* distinct; the deleted one is gone */
	assert_int_equal(f->cards[0].id, c);
	assert_string_equal(f->cards[0].status, "paused");
	assert_int_equal(f->cards[0].at, f->now - 20);
	assert_int_equal(f->cards[1].id, a);
	assert_int_equal(f->cards[1].at, f->now - 30);
	assert_int_equal(f->cards[2].id, b);
	assert_int_equal(discovery_recent(f->db, f->b1, f->cards, 1, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(discovery_recent(f->db, f->b2, f->cards, 32, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(discovery_recent(f->db, 0, f->cards, 32, &n), JS_ERR_INVALID);
}

static void
test_trending(void **state)
{
	struct fx *f = *state;
	int64_t a = mkgig(f, f->s1, f->logo, "趋势服务甲", NULL, NULL);
	int64_t b = mkgig(f, f->s1, f->web, "趋势服务乙", NULL, NULL);
	int64_t c = mkgig(f, f->s2, f->logo, "趋势服务丙", NULL, NULL);
	int64_t d = mkgig(f, f->s2, f->app, "趋势服务丁", NULL, NULL);
	int64_t e = mkgig(f, f->s2, f->app, "趋势服务戊", NULL, NULL);
	int64_t old = mkgig(f, f->s2, f->app, "很久以前的热门", NULL, NULL);
	int64_t rows = -1;
	size_t n = 0;
	char to[16];

	stats(f, a, 0, 0, 10, 0, 0, 0);             /* 10 views today: 10000 */
	stats(f, b, 6, 0, 30, 0, 0, 0);             /* 30 views 6 days ago: 30000 / 4 */
	stats(f, c, 0, 200, 8, 0, 1, 5000);         /* 8000 + 10000 + 200 * 50 = 28000 */
	stats(f, c, 3, 0, 4, 1, 0, 0);              /* (4000 + 3000) / 2 = 3500 */
	stats(f, d, 0, 0, 100, 0, 0, 0);            /* paused below: not trending */
	stats(f, old, 30, 0, 1000, 0, 50, 0);       /* older than the window */
	(void)e;
	assert_int_equal(gig_transition(f->db, f->s2, d, GIG_PAUSE, NULL, to, NULL), 0);
	assert_int_equal(discovery_trending(f->db, 0, f->cards, 32, &n), 0);
	assert_int_equal(n, 0);                     /* nothing until refreshed */
	assert_int_equal(discovery_trending_refresh(f->db, f->now, &rows), 0);
	assert_int_equal(rows, 3);
	assert_int_equal(discovery_trending(f->db, 0, f->cards, 32, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(f->cards[0].id, c);
	assert_true(f->cards[0].score_x1000 >= 31499 && f->cards[0].score_x1000 <= 31501);
	assert_int_equal(f->cards[1].id, a);
	assert_int_equal(f->cards[1].score_x1000, 10000);
	assert_int_equal(f->cards[2].id, b);
	assert_true(f->cards[2].score_x1000 >= 7499 && f->cards[2].score_x1000 <= 7501);
	/* per category: a sub-category, or a top-level one with its children */
	assert_int_equal(discovery_trending(f->db, f->logo, f->cards, 32, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(f->cards[0].id, c);
	assert_int_equal(discovery_trending(f->db, f->design, f->cards, 32, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(discovery_trending(f->db, f->prog, f->cards, 32, &n), 0);
	assert_int_equal(n, 0);
	/* a day later everything decays; a gig that became paused drops out on its own */
	assert_int_equal(discovery_trending_refresh(f->db, f->now + DAY, &rows), 0);
	assert_int_equal(tfx_int1(f->db, "SELECT score_x1000 FROM gig_trending"
	    " WHERE gig_id = $1", a), 7937);
	assert_int_equal(gig_transition(f->db, f->s2, c, GIG_PAUSE, NULL, to, NULL), 0);
	assert_int_equal(discovery_trending(f->db, 0, f->cards, 32, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(f->cards[0].id, a);
}

/* An order row for the recommendation history (no money involved here). */
static void
mkorder(struct fx *f, int64_t buyer, int64_t gig)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, "INSERT INTO orders (buyer_id, seller_id, gig_id,"
	    " title, subtotal, total, delivery_days) SELECT CAST($1 AS BIGINT), seller_id, id,"
	    " title, price_from, price_from, delivery_days_min FROM gigs WHERE id = $2", &st),
	    0);
	assert_int_equal(db_bind_int64(st, 1, buyer), 0);
	assert_int_equal(db_bind_int64(st, 2, gig), 0);
	assert_int_equal(db_step_done(st), 0);
}

static void
test_recommended(void **state)
{
	struct fx *f = *state;
	struct gig_track *t = NULL;
	int64_t logo1 = mkgig(f, f->s1, f->logo, "极简风Logo设计", "logo", "极简");
	int64_t logo2 = mkgig(f, f->s2, f->logo, "卡通Logo绘制", "logo", "卡通");
	int64_t web1 = mkgig(f, f->s2, f->web, "极简风官网", "极简", "网站");
	int64_t app1 = mkgig(f, f->s2, f->app, "安卓应用开发", "安卓", NULL);
	int64_t own = mkgig(f, f->s1, f->logo, "另一个极简Logo", "logo", "极简");
	size_t n = 0, i;
	int cold = -1;

	/* cold start without trending: most ordered, then newest */
	exec_id(f, "UPDATE gigs SET orders_count = 9 WHERE id = $1", app1);
	assert_int_equal(discovery_recommended(f->db, f->b1, f->cards, 3, &n, &cold), 0);
	assert_int_equal(cold, 1);
	assert_int_equal(n, 3);
	assert_int_equal(f->cards[0].id, app1);
	assert_int_equal(f->cards[1].id, own);
	/* cold start with trending: the trending list first */
	stats(f, web1, 0, 0, 50, 0, 0, 0);
	assert_int_equal(discovery_trending_refresh(f->db, f->now, NULL), 0);
	assert_int_equal(discovery_recommended(f->db, 0, f->cards, 2, &n, &cold), 0);
	assert_int_equal(cold, 1);
	assert_int_equal(n, 2);
	assert_int_equal(f->cards[0].id, web1);
	assert_int_equal(f->cards[0].score_x1000, 0);
	assert_int_equal(f->cards[1].id, app1);
	/* b1 looks at a minimalist logo: logo gigs and minimalist gigs come first, not
	 * the one already seen */
	assert_int_equal(gig_track_new(0, &t), 0);
	assert_int_equal(gig_track_view(t, logo1, f->b1, f->now), 0);
	assert_int_equal(gig_track_flush(t, f->db), 0);
	assert_int_equal(discovery_recommended(f->db, f->b1, f->cards, 32, &n, &cold), 0);
	assert_int_equal(cold, 0);
	assert_int_equal(n, 5);
	/* own: logo category (2) + logo + 极简 = 4; logo2: 2 + 1 = 3; web1: 极简 = 1 */
	assert_int_equal(f->cards[0].id, own);
	assert_int_equal(f->cards[0].score_x1000, 4000);
	assert_int_equal(f->cards[1].id, logo2);
	assert_int_equal(f->cards[1].score_x1000, 3000);
	assert_int_equal(f->cards[2].id, web1);
	assert_int_equal(f->cards[2].score_x1000, 1000);
	/* then fill-ins (trending, then popular), each gig once; the seen one last */
	assert_int_equal(f->cards[3].id, app1);
	assert_int_equal(f->cards[3].score_x1000, 0);
	assert_int_equal(f->cards[4].id, logo1);
	/* s1 never gets their own gigs */
	assert_int_equal(gig_track_view(t, logo2, f->s1, f->now), 0);
	assert_int_equal(gig_track_flush(t, f->db), 0);
	gig_track_free(t);
	assert_int_equal(discovery_recommended(f->db, f->s1, f->cards, 32, &n, &cold), 0);
	assert_int_equal(cold, 0);
	for (i = 0; i < n; i++)
		assert_int_not_equal(f->cards[i].seller_id, f->s1);
	/* an order weighs three views and takes the ordered gig out */
	mkorder(f, f->b2, app1);
	assert_int_equal(discovery_recommended(f->db, f->b2, f->cards, 32, &n, &cold), 0);
	assert_int_equal(cold, 0);
	for (i = 0; i < n; i++)
		assert_int_not_equal(f->cards[i].id, app1);
	assert_int_equal(discovery_recommended(f->db, f->b2, f->cards, 0, &n, &cold), 0);
	assert_int_equal(n, 0);
}

static void
test_favorites(void **state)
{
	struct fx *f = *state;
	int64_t a = mkgig(f, f->s1, f->logo, "收藏的服务一", NULL, NULL);
	int64_t b = mkgig(f, f->s2, f->web, "收藏的服务二", NULL, NULL);
	int64_t draft = mkgig(f, f->s2, f->web, "草稿里的服务", NULL, NULL);
	size_t n = 0;
	int yes = -1;
	char to[16];

	exec_id(f, "UPDATE gigs SET status = 'draft' WHERE id = $1", draft);
	assert_int_equal(discovery_favorite_add(f->db, f->b1, a), 0);
	assert_int_equal(discovery_favorite_add(f->db, f->b1, a), 0);   /* again: no change */
	assert_int_equal(discovery_favorite_add(f->db, f->b1, b), 0);
	assert_int_equal(discovery_favorite_add(f->db, f->b2, a), 0);
	assert_int_equal(discovery_favorite_add(f->db, f->b1, draft), JS_ERR_STATE);
	assert_int_equal(discovery_favorite_add(f->db, f->b1, 5151), JS_ERR_NOT_FOUND);
	assert_int_equal(discovery_favorite_add(f->db, 0, a), JS_ERR_PERM);
	assert_int_equal(tfx_int1(f->db, "SELECT favorites_count FROM gigs"
	    " WHERE id = $1", a), 2);
	assert_int_equal(tfx_int1(f->db, "SELECT favorites_count FROM gigs"
	    " WHERE id = $1", b), 1);
	assert_int_equal(discovery_favorite_has(f->db, f->b1, a, &yes), 0);
	assert_int_equal(yes, 1);
	assert_int_equal(discovery_favorite_has(f->db, f->b2, b, &yes), 0);
	assert_int_equal(yes, 0);
	assert_int_equal(discovery_favorites(f->db, f->b1, f->cards, 32, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(f->cards[0].id, b);        /* newest saved first */
	assert_int_equal(f->cards[1].id, a);
	assert_true(f->cards[1].at > 0);
	assert_int_equal(discovery_favorite_remove(f->db, f->b1, a), 0);
	assert_int_equal(discovery_favorite_remove(f->db, f->b1, a), JS_ERR_NOT_FOUND);
	assert_int_equal(tfx_int1(f->db, "SELECT favorites_count FROM gigs"
	    " WHERE id = $1", a), 1);
	assert_int_equal(discovery_favorites(f->db, f->b1, f->cards, 32, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(f->cards[0].id, b);
	/* a deleted gig leaves the list but keeps its row */
	assert_int_equal(gig_transition(f->db, f->s2, b, GIG_DELETE, NULL, to, NULL), 0);
	assert_int_equal(discovery_favorites(f->db, f->b1, f->cards, 32, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(discovery_favorites(f->db, 0, f->cards, 32, &n), JS_ERR_PERM);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_day_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_track_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_track_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dashboard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_categories, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recommended, setup, teardown),
		cmocka_unit_test_setup_teardown(test_favorites, setup, teardown),
	};

	return tfx_run_both("discovery", tests, TFX_COUNT(tests)) != 0;
}
