/* demo_seed.c: demonstration data (categories, sellers with profiles, ~200 gigs through
 * the gig module, wallet top-ups); idempotent. The big tables are in demo_gigs_data.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo_gigs_data.h"
#include "demo_seed.h"
#include "discovery.h"
#include "err.h"
#include "gig.h"
#include "ledger.h"
#include "log.h"
#include "profile.h"

struct demo_category {
	const char *slug, *parent, *name_zh, *name_en;
};

static const struct demo_category demo_categories[] = {
	{ "design", NULL, "设计", "Design" },
	{ "logo-design", "design", "Logo设计", "Logo Design" },
	{ "web-design", "design", "网页设计", "Web Design" },
	{ "illustration", "design", "插画绘制", "Illustration" },
	{ "packaging", "design", "包装设计", "Packaging Design" },
	{ "programming", NULL, "编程开发", "Programming & Tech" },
	{ "website-dev", "programming", "网站开发", "Website Development" },
	{ "mini-program", "programming", "小程序开发", "Mini Programs" },
	{ "mobile-app", "programming", "移动应用", "Mobile Apps" },
	{ "automation", "programming", "脚本与自动化", "Scripts & Automation" },
	{ "writing", NULL, "文案翻译", "Writing & Translation" },
	{ "copywriting", "writing", "文案撰写", "Copywriting" },
	{ "translation", "writing", "翻译", "Translation" },
	{ "proofreading", "writing", "校对润色", "Proofreading" },
	{ "marketing", NULL, "营销推广", "Digital Marketing" },
	{ "social-media", "marketing", "社交媒体运营", "Social Media" },
	{ "seo", "marketing", "搜索引擎优化", "SEO" },
	{ "ecommerce", "marketing", "电商运营", "E-commerce" },
	{ "video-audio", NULL, "视频音频", "Video & Audio" },
	{ "video-editing", "video-audio", "视频剪辑", "Video Editing" },
	{ "voice-over", "video-audio", "配音", "Voice Over" },
	{ "music", "video-audio", "音乐制作", "Music Production" },
	{ "business", NULL, "商务咨询", "Business" },
	{ "business-plan", "business", "商业计划书", "Business Plans" },
	{ "legal", "business", "法律咨询", "Legal Consulting" },
	{ "finance", "business", "财务咨询", "Financial Consulting" },
};

struct demo_user {
	const char *handle, *name, *locale;
	int client, freelancer, admin;
	int64_t topup;                    /* fen put in the wallet from the sandbox */
};

static const struct demo_user demo_users[] = {
	{ "admin", "管理员", "zh_CN", 0, 0, 1, 0 },
	{ "lihua", "李华", "zh_CN", 0, 1, 0, 0 },
	{ "wangfang", "王芳", "zh_CN", 0, 1, 0, 0 },
	{ "zhangwei", "张伟", "zh_CN", 1, 0, 0, 500000 },
	{ "chenjing", "陈静", "zh_CN", 1, 1, 0, 200000 },
	{ "alice", "Alice Chen", "en", 1, 1, 0, 100000 },
};

/* Run st (already bound) and return the id in its first column through *id. */
static int
step_id(struct db_stmt *st, int64_t *id)
{
	int r = db_step(st);

	if (r != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	*id = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}

static int
lookup_id(struct db *db, const char *sql, const char *key, int64_t *id)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, sql, &st)) != 0 || (r = db_bind_text(st, 1, key)) != 0)
		return r;
	return step_id(st, id);
}

static int
seed_categories(struct db *db, struct demo_seed_stats *stats)
{
	struct db_stmt *st;
	int64_t parent;
	size_t i;
	int r;

	for (i = 0; i < sizeof demo_categories / sizeof demo_categories[0]; i++) {
		const struct demo_category *c = &demo_categories[i];

		if (c->parent != NULL && (r = lookup_id(db, "SELECT id FROM categories"
		    " WHERE slug = $1", c->parent, &parent)) != 0)
			return r;
		if ((r = db_prepare(db, "INSERT INTO categories (parent_id, slug, name_zh,"
		    " name_en, sort_order) VALUES ($1, $2, $3, $4, $5)"
		    " ON CONFLICT (slug) DO NOTHING", &st)) != 0)
			return r;
		if ((r = c->parent ? db_bind_int64(st, 1, parent) : db_bind_null(st, 1)) != 0 ||
		    (r = db_bind_text(st, 2, c->slug)) != 0 ||
		    (r = db_bind_text(st, 3, c->name_zh)) != 0 ||
		    (r = db_bind_text(st, 4, c->name_en)) != 0 ||
		    (r = db_bind_int64(st, 5, (int64_t)i)) != 0 ||
		    (r = db_step_done(st)) != 0)
			return r;
		stats->categories += (int)db_changes(st);
	}
	return 0;
}

/* One account: the users row, an empty profile, its wallet and an optional top-up. */
static int
seed_one_user(struct db *db, const struct demo_user *u, int64_t clearing,
    struct demo_seed_stats *stats)
{
	struct db_stmt *st;
	int64_t uid, avail, pending;
	char key[96];
	int r, replayed;

	if ((r = db_prepare(db, "INSERT INTO users (handle, display_name, is_client,"
	    " is_freelancer, is_admin, locale) VALUES ($1, $2, $3, $4, $5, $6)"
	    " ON CONFLICT (handle) DO NOTHING", &st)) != 0)
		return r;
	if ((r = db_bind_text(st, 1, u->handle)) != 0 ||
	    (r = db_bind_text(st, 2, u->name)) != 0 ||
	    (r = db_bind_int64(st, 3, u->client)) != 0 ||
	    (r = db_bind_int64(st, 4, u->freelancer)) != 0 ||
	    (r = db_bind_int64(st, 5, u->admin)) != 0 ||
	    (r = db_bind_text(st, 6, u->locale)) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	stats->users += (int)db_changes(st);
	if ((r = lookup_id(db, "SELECT id FROM users WHERE handle = $1", u->handle,
	    &uid)) != 0)
		return r;
	if ((r = db_prepare(db, "INSERT INTO profiles (user_id) VALUES ($1)"
	    " ON CONFLICT (user_id) DO NOTHING", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, uid)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if ((r = ledger_account(db, "user", uid, "available", "CNY", &avail)) != 0 ||
	    (r = ledger_account(db, "user", uid, "pending", "CNY", &pending)) != 0)
		return r;
	if (u->topup > 0) {
		struct ledger_posting p[2] = {
			{ clearing, -u->topup }, { avail, u->topup },
		};
		struct ledger_tx_req req = {
			.idem_key = key, .kind = "topup", .ref_type = "user",
			.ref_id = uid, .memo = "demo top-up (sandbox)",
			.postings = p, .n = 2,
		};

		snprintf(key, sizeof key, "demo:topup:%s", u->handle);
		if ((r = ledger_post(db, &req, NULL, &replayed)) != 0)
			return r;
		stats->topups += !replayed;
	}
	return 0;
}

static int
is_demo_user(const char *handle)
{
	size_t i;

	for (i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++)
		if (strcmp(demo_users[i].handle, handle) == 0)
			return 1;
	return 0;
}

/* A seller's public face: profile text (only while its headline is empty, so an edited
 * profile is never overwritten) and a reputation row at level 'new'. */
static int
seed_seller_profile(struct db *db, const struct demo_seller *s)
{
	struct profile_update pu = {
		.headline = s->headline, .bio = s->bio, .location = s->location,
		.languages = s->languages,
	};
	struct db_stmt *st;
	int64_t uid;
	int r, empty;

	if ((r = lookup_id(db, "SELECT id FROM users WHERE handle = $1", s->handle,
	    &uid)) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT CASE WHEN headline = '' THEN 1 ELSE 0 END"
	    " FROM profiles WHERE user_id = $1",
	    &st)) != 0 || (r = db_bind_int64(st, 1, uid)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	empty = db_col_int64(st, 0) != 0;
	db_reset(st);
	if (empty && (r = profile_update(db, uid, uid, &pu, NULL)) != 0)
		return r;
	if ((r = db_prepare(db, "INSERT INTO reputation (user_id, level_id)"
	    " SELECT CAST($1 AS BIGINT), id FROM seller_levels WHERE code = 'new'"
	    " ON CONFLICT (user_id) DO NOTHING", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, uid)) != 0)
		return r;
	return db_step_done(st);
}

static int
seed_users(struct db *db, struct demo_seed_stats *stats)
{
	int64_t clearing;
	size_t i;
	int r;

	if ((r = ledger_account(db, "platform", 0, "clearing:sandbox", "CNY",
	    &clearing)) != 0)
		return r;
	for (i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++)
		if ((r = seed_one_user(db, &demo_users[i], clearing, stats)) != 0)
			return r;
	for (i = 0; i < demo_sellers_n; i++) {
		const struct demo_seller *s = &demo_sellers[i];
		struct demo_user u = { s->handle, s->name, s->locale, 1, 1, 0, 0 };

		if (!is_demo_user(s->handle) &&
		    (r = seed_one_user(db, &u, clearing, stats)) != 0)
			return r;
		if ((r = seed_seller_profile(db, s)) != 0)
			return r;
	}
	return 0;
}

/* ---- gigs: built from demo_gigs_data.c's rows and per-category templates ---- */

static const int demo_revisions[4][3] = { { 1, 3, -1 }, { 2, 5, -1 }, { 1, 2, 3 },
	{ 0, 2, 5 } };

/* A price derived from another, in whole tens of yuan, at least ¥10. */
static int64_t
round_ten_yuan(int64_t fen)
{
	int64_t r = (fen + 500) / 1000 * 1000;

	return r < 1000 ? 1000 : r;
}

static const struct demo_cat_tpl *
cat_tpl(const char *slug)
{
	size_t i;

	for (i = 0; i < demo_cat_tpls_n; i++)
		if (strcmp(demo_cat_tpls[i].slug, slug) == 0)
			return &demo_cat_tpls[i];
	return NULL;
}

static int
is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static void
demo_description(const struct demo_gig_row *g, const struct demo_lang_tpl *t, int en,
    size_t idx, struct gig_content *c)
{
	size_t n = 0;

	if (g->desc != NULL) {
		snprintf(c->description, sizeof c->description, "%s", g->desc);
		return;
	}
	while (n < 3 && t->desc[n] != NULL)
		n++;
	snprintf(c->description, sizeof c->description, "%s\n\n%s", t->desc[idx % n],
	    en ? demo_closing_en[idx % 2] : demo_closing_zh[idx % 3]);
}

static void
demo_packages(const struct demo_gig_row *g, const struct demo_lang_tpl *t, size_t idx,
    struct gig_content *c)
{
	struct gig_requirement names;
	int i;

	memset(&names, 0, sizeof names);
	if (g->pkgs != NULL)
		(void)gig_choices_parse(g->pkgs, &names);    /* "a,b,c": same splitting */
	for (i = 0; i < 3; i++) {
		struct gig_package *p = &c->pkg[i];

		p->present = 1;
		snprintf(p->name, sizeof p->name, "%s",
		    names.n_choices == 3 ? names.choices[i] : t->pkg_names[i]);
		p->price = (int64_t)g->price[i] * 100;
		p->delivery_days = g->days[i];
		p->revisions = demo_revisions[idx % 4][i];
		(void)gig_features_parse(t->features[i], p);
	}
}

static void
demo_extras(const struct demo_gig_row *g, const struct demo_lang_tpl *t, int en,
    size_t idx, struct gig_content *c)
{
	int64_t basic = (int64_t)g->price[0] * 100;
	int min_days = g->days[0], i;

	for (i = 1; i < 3; i++)
		if (g->days[i] < min_days)
			min_days = g->days[i];
	if (min_days >= 2) {
		struct gig_extra *e = &c->extras[c->n_extras++];

		strcpy(e->kind, "fast_delivery");
		snprintf(e->title, sizeof e->title, "%s", en ? "Express delivery" : "加急交付");
		e->price = round_ten_yuan(basic * 3 / 10);
		e->added_days = -(min_days / 2);
	}
	if (idx % 2 == 0) {
		struct gig_extra *e = &c->extras[c->n_extras++];

		strcpy(e->kind, "extra_revision");
		snprintf(e->title, sizeof e->title, "%s", en ? "One more revision" : "额外修改一次");
		e->price = round_ten_yuan(basic / 10);
		e->added_days = 1;
	}
	if (t->extra_title != NULL) {
		struct gig_extra *e = &c->extras[c->n_extras++];

		strcpy(e->kind, "custom");
		snprintf(e->title, sizeof e->title, "%s", t->extra_title);
		snprintf(e->description, sizeof e->description, "%s", t->extra_desc);
		e->price = round_ten_yuan(basic * 4 / 10);
		e->added_days = 1 + (int)(idx % 2);
	}
}

/* The whole content of demo gig number idx. */
static int
demo_content(const struct demo_gig_row *g, size_t idx, int64_t category,
    struct gig_content *c)
{
	const struct demo_cat_tpl *ct = cat_tpl(g->category);
	const struct demo_lang_tpl *t;
	int en = is_ascii(g->title), i;

	if (ct == NULL)
		return JS_ERR_NOT_FOUND;
	t = en ? &ct->en : &ct->zh;
	memset(c, 0, sizeof *c);
	c->category_id = category;
	snprintf(c->title, sizeof c->title, "%s", g->title);
	demo_description(g, t, en, idx, c);
	(void)gig_tags_parse(g->tags, c);
	demo_packages(g, t, idx, c);
	demo_extras(g, t, en, idx, c);
	for (i = 0; i < 3 && t->reqs[i].question != NULL; i++) {
		struct gig_requirement *q = &c->reqs[c->n_reqs++];

		snprintf(q->question, sizeof q->question, "%s", t->reqs[i].question);
		snprintf(q->kind, sizeof q->kind, "%s", t->reqs[i].kind);
		q->required = t->reqs[i].required;
		if (t->reqs[i].choices != NULL)
			(void)gig_choices_parse(t->reqs[i].choices, q);
	}
	for (i = 0; i < 2 && t->faq[i].q != NULL; i++) {
		snprintf(c->faq[i].question, sizeof c->faq[i].question, "%s", t->faq[i].q);
		snprintf(c->faq[i].answer, sizeof c->faq[i].answer, "%s", t->faq[i].a);
		c->n_faq++;
	}
	return 0;
}

/* Two weeks of plausible impressions, views and clicks for a new demo gig, so that the
 * dashboards and trending are not empty (no orders: those come from real orders). */
static int
demo_stats(struct db *db, int64_t gig, size_t idx, int64_t now)
{
	struct db_stmt *st;
	int64_t today = gig_day_start(now);
	int age, r;

	for (age = 0; age < 14; age++) {
		uint32_t h = (uint32_t)(idx * 2654435761u) ^ (uint32_t)(age * 40503u);
		int64_t imp, views, clicks;

		h ^= h >> 13;
		h *= 0x5bd1e995u;
		h ^= h >> 15;
		imp = 20 + h % 150;
		views = imp * (8 + (h >> 8) % 20) / 100;
		clicks = views * ((h >> 16) % 6) / 20;
		if ((r = db_prepare(db, "INSERT INTO gig_stats_daily (gig_id, day, impressions,"
		    " views, order_clicks) VALUES ($1, $2, $3, $4, $5)"
		    " ON CONFLICT (gig_id, day) DO NOTHING", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, gig)) != 0 ||
		    (r = db_bind_int64(st, 2, today - (int64_t)age * GIG_DAY_SECS)) != 0 ||
		    (r = db_bind_int64(st, 3, imp)) != 0 || (r = db_bind_int64(st, 4, views)) != 0 ||
		    (r = db_bind_int64(st, 5, clicks)) != 0 || (r = db_step_done(st)) != 0)
			return r;
	}
	return 0;
}

/* Create, publish (approving it when moderation is on) and count one demo gig. */
static int
seed_one_gig(struct db *db, const struct demo_gig_row *g, size_t idx, int64_t admin,
    struct gig_content *c, struct demo_seed_stats *stats)
{
	struct db_stmt *st;
	struct gig_bad bad;
	int64_t seller, cat, gig;
	char to[16];
	int r;

	if ((r = lookup_id(db, "SELECT id FROM users WHERE handle = $1", g->seller,
	    &seller)) != 0 || (r = lookup_id(db, "SELECT id FROM categories"
	    " WHERE slug = $1", g->category, &cat)) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT id FROM gigs WHERE seller_id = $1 AND title = $2",
	    &st)) != 0 || (r = db_bind_int64(st, 1, seller)) != 0 ||
	    (r = db_bind_text(st, 2, g->title)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW) {
		db_reset(st);
		return 0;
	}
	if (r < 0 || (r = demo_content(g, idx, cat, c)) != 0)
		return r;
	if ((r = gig_create(db, seller, c, &gig, &bad)) != 0) {
		log_error("demo gig \"%s\": %s field=%s index=%d", g->title, js_strerror(r),
		    bad.field ? bad.field : "-", bad.index);
		return r;
	}
	if ((r = gig_transition(db, seller, gig, GIG_SUBMIT, NULL, to, NULL)) != 0)
		return r;
	if (strcmp(to, "pending_review") == 0 &&
	    (r = gig_transition(db, admin, gig, GIG_APPROVE, NULL, to, NULL)) != 0)
		return r;
	if ((r = demo_stats(db, gig, idx, (int64_t)time(NULL))) != 0)
		return r;
	stats->gigs++;
	return 0;
}

static int
seed_gigs(struct db *db, struct demo_seed_stats *stats)
{
	struct gig_content *c;
	int64_t admin;
	size_t i;
	int r = 0;

	if ((r = lookup_id(db, "SELECT id FROM users WHERE handle = $1", "admin", &admin)) != 0)
		return r;
	if ((c = malloc(sizeof *c)) == NULL)
		return JS_ERR_NOMEM;
	for (i = 0; i < demo_gig_rows_n && r == 0; i++)
		r = seed_one_gig(db, &demo_gig_rows[i], i, admin, c, stats);
	free(c);
	if (r == 0 && stats->gigs > 0)
		r = discovery_trending_refresh(db, (int64_t)time(NULL), NULL);
	return r;
}

static int
demo_seed_tx(struct db *db, void *ud)
{
	struct demo_seed_stats *stats = ud;
	int r;

	memset(stats, 0, sizeof *stats);
	if ((r = seed_categories(db, stats)) != 0 || (r = seed_users(db, stats)) != 0 ||
	    (r = seed_gigs(db, stats)) != 0 || (r = demo_orders(db, 0, stats)) != 0)
		return r;
	return 0;
}

int
demo_seed(struct db *db, struct demo_seed_stats *stats)
{
	return db_tx(db, demo_seed_tx, stats);
}
