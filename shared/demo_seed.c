/* demo_seed.c: demonstration data (categories, users, gigs, wallet top-ups); idempotent. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "demo_seed.h"
#include "err.h"
#include "ledger.h"

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

struct demo_package {
	const char *name;
	int64_t price;
	int days, revisions;
};

struct demo_gig {
	const char *seller, *category, *title, *description;
	const char *tags[5];
	struct demo_package pkg[3];       /* basic, standard, premium */
};

static const struct demo_gig demo_gigs[] = {
	{ "wangfang", "website-dev", "企业网站设计与开发",
	  "响应式企业官网，从设计到上线一站式服务。包含首页、产品页、关于我们与联系表单。",
	  { "网站", "设计", "前端", "响应式" },
	  { { "基础版", 150000, 7, 2 }, { "标准版", 380000, 14, 3 },
	    { "高级版", 800000, 21, -1 } } },
	{ "lihua", "logo-design", "Logo 设计",
	  "原创 Logo 设计，提供源文件与多种配色方案，适合初创品牌。",
	  { "logo", "品牌", "设计" },
	  { { "基础版", 30000, 3, 2 }, { "标准版", 80000, 5, 5 },
	    { "高级版", 200000, 7, -1 } } },
	{ "lihua", "mini-program", "微信小程序开发",
	  "点餐、预约、商城类微信小程序开发，含后台管理与部署。",
	  { "小程序", "微信", "开发" },
	  { { "基础版", 300000, 10, 2 }, { "标准版", 800000, 20, 3 },
	    { "高级版", 1500000, 30, 5 } } },
	{ "chenjing", "translation", "中英文翻译（商务与技术）",
	  "商务合同、技术文档、产品说明的中英互译，母语级润色。",
	  { "翻译", "英语", "商务" },
	  { { "千字", 20000, 2, 1 }, { "五千字", 90000, 4, 2 },
	    { "万字", 170000, 7, 3 } } },
	{ "wangfang", "video-editing", "短视频剪辑与包装",
	  "抖音、视频号短视频剪辑，字幕、配乐、转场与封面设计。",
	  { "视频", "剪辑", "抖音" },
	  { { "单条", 10000, 1, 1 }, { "五条", 45000, 3, 2 },
	    { "十条", 85000, 5, 3 } } },
	{ "alice", "copywriting", "Professional English copywriting",
	  "Website copy, product descriptions and newsletters by a native speaker.",
	  { "copywriting", "english", "marketing" },
	  { { "Basic", 40000, 3, 1 }, { "Standard", 100000, 5, 2 },
	    { "Premium", 220000, 7, 3 } } },
};

static const char *const tiers[3] = { "basic", "standard", "premium" };

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

static int
seed_users(struct db *db, struct demo_seed_stats *stats)
{
	struct db_stmt *st;
	int64_t uid, avail, pending, clearing;
	char key[96];
	size_t i;
	int r, replayed;

	if ((r = ledger_account(db, "platform", 0, "clearing:sandbox", "CNY",
	    &clearing)) != 0)
		return r;
	for (i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
		const struct demo_user *u = &demo_users[i];

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
	}
	return 0;
}

static int
seed_gig_children(struct db *db, const struct demo_gig *g, int64_t gig)
{
	struct db_stmt *st;
	int i, r;

	for (i = 0; i < 3; i++) {
		if ((r = db_prepare(db, "INSERT INTO gig_packages (gig_id, tier, name, price,"
		    " delivery_days, revisions) VALUES ($1, $2, $3, $4, $5, $6)", &st)) != 0)
			return r;
		if ((r = db_bind_int64(st, 1, gig)) != 0 ||
		    (r = db_bind_text(st, 2, tiers[i])) != 0 ||
		    (r = db_bind_text(st, 3, g->pkg[i].name)) != 0 ||
		    (r = db_bind_int64(st, 4, g->pkg[i].price)) != 0 ||
		    (r = db_bind_int64(st, 5, g->pkg[i].days)) != 0 ||
		    (r = db_bind_int64(st, 6, g->pkg[i].revisions)) != 0 ||
		    (r = db_step_done(st)) != 0)
			return r;
	}
	for (i = 0; i < 5 && g->tags[i] != NULL; i++) {
		if ((r = db_prepare(db, "INSERT INTO gig_tags (gig_id, tag, position)"
		    " VALUES ($1, $2, $3)", &st)) != 0)
			return r;
		if ((r = db_bind_int64(st, 1, gig)) != 0 ||
		    (r = db_bind_text(st, 2, g->tags[i])) != 0 ||
		    (r = db_bind_int64(st, 3, i)) != 0 || (r = db_step_done(st)) != 0)
			return r;
	}
	return 0;
}

static int
seed_gigs(struct db *db, struct demo_seed_stats *stats)
{
	struct db_stmt *st;
	int64_t seller, cat, gig;
	size_t i;
	int r;

	for (i = 0; i < sizeof demo_gigs / sizeof demo_gigs[0]; i++) {
		const struct demo_gig *g = &demo_gigs[i];

		if ((r = lookup_id(db, "SELECT id FROM users WHERE handle = $1", g->seller,
		    &seller)) != 0 || (r = lookup_id(db, "SELECT id FROM categories"
		    " WHERE slug = $1", g->category, &cat)) != 0)
			return r;
		if ((r = db_prepare(db, "SELECT id FROM gigs WHERE seller_id = $1"
		    " AND title = $2", &st)) != 0 || (r = db_bind_int64(st, 1, seller)) != 0 ||
		    (r = db_bind_text(st, 2, g->title)) != 0)
			return r;
		if ((r = db_step(st)) == DB_ROW) {
			db_reset(st);
			continue;
		}
		if (r < 0)
			return r;
		if ((r = db_prepare(db, "INSERT INTO gigs (seller_id, category_id, title,"
		    " description, status, price_from, delivery_days_min, published_at)"
		    " VALUES ($1, $2, $3, $4, 'active', $5, $6, $7) RETURNING id",
		    &st)) != 0)
			return r;
		if ((r = db_bind_int64(st, 1, seller)) != 0 ||
		    (r = db_bind_int64(st, 2, cat)) != 0 ||
		    (r = db_bind_text(st, 3, g->title)) != 0 ||
		    (r = db_bind_text(st, 4, g->description)) != 0 ||
		    (r = db_bind_int64(st, 5, g->pkg[0].price)) != 0 ||
		    (r = db_bind_int64(st, 6, g->pkg[0].days)) != 0 ||
		    (r = db_bind_int64(st, 7, (int64_t)time(NULL))) != 0 ||
		    (r = step_id(st, &gig)) != 0)
			return r;
		if ((r = seed_gig_children(db, g, gig)) != 0)
			return r;
		stats->gigs++;
	}
	return 0;
}

static int
demo_seed_tx(struct db *db, void *ud)
{
	struct demo_seed_stats *stats = ud;
	int r;

	memset(stats, 0, sizeof *stats);
	if ((r = seed_categories(db, stats)) != 0 || (r = seed_users(db, stats)) != 0 ||
	    (r = seed_gigs(db, stats)) != 0)
		return r;
	return 0;
}

int
demo_seed(struct db *db, struct demo_seed_stats *stats)
{
	return db_tx(db, demo_seed_tx, stats);
}
