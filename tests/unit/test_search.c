/* test_search.c: gig search on SQLite and PostgreSQL: index, filters, sorts, keyset pages,
 * suggestions, history, the bulk generator's rows. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "demo_gigs.h"
#include "err.h"
#include "search.h"
#include "search_impl.h"
#include "testdb.h"

#define FILLER 40

static enum testdb_store store;

struct fx {
	struct db *db;
	char url[1024];
	int64_t now;
	int64_t c_design, c_logo, c_web, c_prog, c_site;
	int64_t s1, s2, buyer;             /* s1: top level, online; s2: new, offline */
	int64_t g_site, g_logo, g_mini, g_sentence, g_paused, g_deleted;
	int64_t filler[FILLER];
};

/* Run sql (with RETURNING id or a one-value SELECT) bound from fmt: i = int64, s = text. */
static int64_t
one(struct db *db, const char *sql, const char *fmt, ...)
{
	struct db_stmt *st;
	va_list ap;
	int64_t v = 0;
	int i, r;

	assert_int_equal(db_prepare(db, sql, &st), 0);
	va_start(ap, fmt);
	for (i = 0; fmt[i]; i++) {
		if (fmt[i] == 'i')
			r = db_bind_int64(st, i + 1, va_arg(ap, int64_t));
		else
			r = db_bind_text(st, i + 1, va_arg(ap, const char *));
		assert_int_equal(r, 0);
	}
	va_end(ap);
	r = db_step(st);
	assert_true(r >= 0);
	if (r == DB_ROW)
		v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

static int
index_tx(struct db *db, void *ud)
{
	return search_index_gig(db, *(int64_t *)ud);
}

static void
reindex(struct fx *f, int64_t gig)
{
	assert_int_equal(db_tx(f->db, index_tx, &gig), 0);
}

static int64_t
gig(struct fx *f, int64_t seller, int64_t cat, const char *title, const char *status,
    int64_t price, int64_t days, int64_t rating, int64_t nrating, int64_t orders,
    int64_t published, const char *tags)
{
	char buf[256], *p, *save = NULL;
	int64_t id;
	int pos = 0;

	id = one(f->db, "INSERT INTO gigs (seller_id, category_id, title, status, price_from,"
	    " delivery_days_min, rating_avg_x100, rating_count, orders_count, published_at,"
	    " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
	    "iissiiiiii", seller, cat, title, status, price, days, rating, nrating, orders,
	    published);
	snprintf(buf, sizeof buf, "%s", tags);
	for (p = strtok_r(buf, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save))
		one(f->db, "INSERT INTO gig_tags (gig_id, tag, position) VALUES ($1, $2, $3)"
		    " RETURNING id", "isi", id, p, (int64_t)pos++);
	reindex(f, id);
	return id;
}

static int64_t
category(struct fx *f, int64_t parent, const char *slug, const char *zh, const char *en)
{
	if (parent == 0)
		return one(f->db, "INSERT INTO categories (slug, name_zh, name_en) VALUES"
		    " ($1, $2, $3) RETURNING id", "sss", slug, zh, en);
	return one(f->db, "INSERT INTO categories (parent_id, slug, name_zh, name_en) VALUES"
	    " ($1, $2, $3, $4) RETURNING id", "isss", parent, slug, zh, en);
}

static int64_t
seller(struct fx *f, const char *handle, const char *name, int rank, int64_t online_at)
{
	int64_t id = one(f->db, "INSERT INTO users (handle, display_name, is_freelancer)"
	    " VALUES ($1, $2, 1) RETURNING id", "ss", handle, name);

	one(f->db, "INSERT INTO profiles (user_id, online_at) VALUES ($1, $2) RETURNING id",
	    "ii", id, online_at);
	one(f->db, "INSERT INTO reputation (user_id, level_id) SELECT $1, id FROM seller_levels"
	    " WHERE rank = $2 RETURNING id", "ii", id, (int64_t)rank);
	return id;
}

static int
setup(void **state)
{
	static struct fx f;
	int i;

	memset(&f, 0, sizeof f);
	search_tune(0, 0, 0, 0);
	f.db = testdb_open_new(store, f.url, sizeof f.url);
	f.now = (int64_t)time(NULL);
	f.c_design = category(&f, 0, "design", "设计", "Design");
	f.c_logo = category(&f, f.c_design, "logo-design", "Logo设计", "Logo Design");
	f.c_web = category(&f, f.c_design, "web-design", "网页设计", "Web Design");
	f.c_prog = category(&f, 0, "programming", "编程开发", "Programming");
	f.c_site = category(&f, f.c_prog, "website-dev", "网站开发", "Website Development");
	f.s1 = seller(&f, "wangfang", "王芳", 3, f.now - 60);
	f.s2 = seller(&f, "lihua", "李华", 0, f.now - 86400);
	f.buyer = one(f.db, "INSERT INTO users (handle, display_name) VALUES ('zhangwei',"
	    " '张伟') RETURNING id", "");
	f.g_site = gig(&f, f.s1, f.c_site, "企业网站设计与开发", "active", 150000, 7, 480, 12,
	    30, f.now - 10 * 86400, "网站,设计,前端");
	f.g_logo = gig(&f, f.s2, f.c_logo, "Logo 设计", "active", 30000, 3, 450, 4, 9,
	    f.now - 5 * 86400, "logo,品牌");
	f.g_mini = gig(&f, f.s2, f.c_site, "微信小程序开发", "active", 300000, 10, 0, 0, 0,
	    f.now - 2 * 86400, "小程序,微信");
	f.g_sentence = gig(&f, f.s1, f.c_web, "我想找一个会做网站设计的程序员", "active", 50000,
	    5, 300, 1, 1, f.now - 86400, "");
	f.g_paused = gig(&f, f.s1, f.c_site, "网站设计暂停中", "paused", 1000, 1, 500, 50, 99,
	    f.now, "网站");
	f.g_deleted = gig(&f, f.s2, f.c_logo, "Logo 设计已删除", "deleted", 1000, 1, 500, 50,
	    99, f.now, "logo");
	for (i = 0; i < FILLER; i++) {
		char title[64];

		snprintf(title, sizeof title, "测试服务第%d号", i);
		/* repeated prices, ratings and dates: the keysets must break ties by id */
		f.filler[i] = gig(&f, i % 2 ? f.s1 : f.s2, i % 3 ? f.c_logo : f.c_site, title,
		    "active", 1000 * (i % 7) + 500, 1 + i % 9, 100 * (i % 5), i % 4, i % 13,
		    f.now - 3600 * (i / 3), i % 2 ? "测试,工具" : "测试");
	}
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	search_tune(0, 0, 0, 0);
	db_close(f->db);
	testdb_drop(f->url);
	return 0;
}

/* All hits of a search (following cursors, page size `page`) into ids; their count. */
static size_t
all_hits(struct fx *f, const char *q, const struct search_filter *flt, enum search_sort s,
    size_t page, int64_t *ids, struct search_hit *hits, size_t cap)
{
	struct search_hit h[100];
	char cur[SEARCH_CURSOR_MAX] = "", next[SEARCH_CURSOR_MAX];
	size_t n, i, total = 0;
	int rounds = 0;

	do {
		assert_int_equal(search_gigs(f->db, q, flt, s, cur, h, page, &n, next,
		    sizeof next), 0);
		assert_true(n <= page);
		for (i = 0; i < n; i++) {
			assert_true(total < cap);
			if (hits != NULL)
				hits[total] = h[i];
			ids[total++] = h[i].gig_id;
		}
		memcpy(cur, next, sizeof cur);
		assert_true(++rounds < 1000);
	} while (cur[0] != '\0');
	return total;
}

static int
found(struct fx *f, const char *q, int64_t id)
{
	struct search_hit h[100];
	char cur[SEARCH_CURSOR_MAX] = "", next[SEARCH_CURSOR_MAX];
	size_t n, i;

	do {
		assert_int_equal(search_gigs(f->db, q, NULL, SEARCH_SORT_RELEVANCE, cur, h, 100,
		    &n, next, sizeof next), 0);
		for (i = 0; i < n; i++)
			if (h[i].gig_id == id)
				return 1;
		memcpy(cur, next, sizeof cur);
	} while (cur[0] != '\0');
	return 0;
}

static void
test_issue_examples(void **state)
{
	struct fx *f = *state;
	struct search_hit h[10];
	char next[SEARCH_CURSOR_MAX];
	size_t n;

	assert_true(found(f, "网站设计", f->g_site));
	assert_true(found(f, "设计", f->g_site));
	assert_true(found(f, "wangzhan", f->g_site));
	assert_true(found(f, "wzsj", f->g_site));
	assert_true(found(f, "Logo", f->g_logo));
	assert_true(found(f, "logo设计", f->g_logo));
	assert_true(found(f, "设计", f->g_logo));
	assert_true(found(f, "ＬＯＧＯ", f->g_logo));
	assert_true(found(f, "sheji", f->g_logo));
	assert_true(found(f, "程序员", f->g_sentence));
	assert_false(found(f, "程序员", f->g_mini));    /* 小程序 has 程序 but no 序员 */
	assert_false(found(f, "logo设计", f->g_site));
	assert_false(found(f, "wzsj", f->g_logo));
	/* the title match ranks first */
	assert_int_equal(search_gigs(f->db, "logo设计", NULL, SEARCH_SORT_RELEVANCE, NULL, h, 10,
	    &n, next, sizeof next), 0);
	assert_true(n >= 1);
	assert_int_equal(h[0].gig_id, f->g_logo);
	assert_string_equal(h[0].title, "Logo 设计");
	assert_string_equal(h[0].seller_handle, "lihua");
	assert_string_equal(h[0].seller_name, "李华");
	assert_int_equal(h[0].price_from, 30000);
	assert_true(next[0] != '\0');      /* the fillers in Logo设计 match by category */
	/* the index wrote the gig's pinyin */
	assert_int_equal(one(f->db, "SELECT count(*) FROM gigs WHERE id = $1 AND"
	    " pinyin = 'qiyewangzhanshejiyukaifa' AND pinyin_initials = 'qywzsjykf'", "i",
	    f->g_site), 1);
}

static void
test_inactive_not_found(void **state)
{
	struct fx *f = *state;

	assert_false(found(f, "网站设计", f->g_paused));
	assert_false(found(f, "暂停", f->g_paused));
	assert_false(found(f, "Logo", f->g_deleted));
	assert_false(found(f, "", f->g_paused));
	/* a status change alone hides a gig, even before anyone reindexes it */
	one(f->db, "UPDATE gigs SET status = 'paused' WHERE id = $1 RETURNING id", "i", f->g_site);
	assert_false(found(f, "网站设计", f->g_site));
	assert_false(found(f, "", f->g_site));
	one(f->db, "UPDATE gigs SET status = 'active' WHERE id = $1 RETURNING id", "i", f->g_site);
	assert_true(found(f, "网站设计", f->g_site));
	/* unindexed: gone from text search, still browsable */
	assert_int_equal(search_unindex_gig(f->db, f->g_site), 0);
	assert_int_equal(search_unindex_gig(f->db, f->g_site), 0);
	assert_false(found(f, "wangzhan", f->g_site));
	assert_true(found(f, "", f->g_site));
}

static int64_t
seller_of(struct fx *f, int64_t gig_id)
{
	return one(f->db, "SELECT seller_id FROM gigs WHERE id = $1", "i", gig_id);
}

/* A hit's seller card is the seller's, as the store has it (whichever statement read it). */
static void
check_seller(struct fx *f, const struct search_hit *x, int64_t now)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, "SELECT u.handle, u.display_name,"
	    " coalesce((SELECT sl.rank FROM reputation rp JOIN seller_levels sl"
	    " ON sl.id = rp.level_id WHERE rp.user_id = u.id), 0),"
	    " coalesce((SELECT p.online_at FROM profiles p WHERE p.user_id = u.id), 0)"
	    " FROM users u WHERE u.id = $1", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, x->seller_id), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(x->seller_handle, db_col_text(st, 0));
	assert_string_equal(x->seller_name, db_col_text(st, 1));
	assert_int_equal(x->seller_level, db_col_int64(st, 2));
	assert_int_equal(x->seller_online, db_col_int64(st, 3) >= now - SEARCH_ONLINE_SECS);
	db_reset(st);
}

static void
check_filter(struct fx *f, const char *q, const struct search_filter *flt, int want_some)
{
	struct search_hit h[100];
	int64_t ids[100];
	size_t n, i;
	int s;

	for (s = 0; s < SEARCH_SORT_COUNT; s++) {
		n = all_hits(f, q, flt, (enum search_sort)s, 7, ids, h, 100);
		if (want_some)
			assert_true(n > 0);
		for (i = 0; i < n; i++) {
			const struct search_hit *x = &h[i];

			/* every plan's hits come with their sellers */
			assert_true(x->seller_handle[0] != '\0');
			assert_true(x->seller_name[0] != '\0');
			check_seller(f, x, flt->now ? flt->now : (int64_t)time(NULL));
			if (flt->category_id == f->c_design)
				assert_true(x->category_id == f->c_logo || x->category_id == f->c_web ||
				    x->category_id == f->c_design);
			if (flt->category_id == f->c_site)
				assert_int_equal(x->category_id, f->c_site);
			if (flt->price_min)
				assert_true(x->price_from >= flt->price_min);
			if (flt->price_max)
				assert_true(x->price_from <= flt->price_max);
			if (flt->delivery_days_max)
				assert_true(x->delivery_days <= flt->delivery_days_max);
			if (flt->rating_min_x100)
				assert_true(x->rating_x100 >= flt->rating_min_x100);
			if (flt->seller_level_min) {
				assert_true(x->seller_level >= flt->seller_level_min);
				assert_int_equal(seller_of(f, x->gig_id), f->s1);
			}
			if (flt->online_only) {
				assert_true(x->seller_online);
				assert_int_equal(x->seller_id, f->s1);
			}
		}
	}
}

static void
test_filters(void **state)
{
	struct fx *f = *state;
	struct search_filter flt;
	static const char *const queries[] = { "", "测试", "设计", "ceshi" };
	size_t q;

	for (q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		int some = q != 2;

		memset(&flt, 0, sizeof flt);
		flt.category_id = f->c_design;           /* the parent: its sub-categories too */
		check_filter(f, queries[q], &flt, 1);
		flt.category_id = f->c_site;
		check_filter(f, queries[q], &flt, some);
		memset(&flt, 0, sizeof flt);
		flt.price_min = 2000;
		flt.price_max = 5500;
		check_filter(f, queries[q], &flt, some);
		memset(&flt, 0, sizeof flt);
		flt.delivery_days_max = 4;
		check_filter(f, queries[q], &flt, 1);
		memset(&flt, 0, sizeof flt);
		flt.rating_min_x100 = 300;
		check_filter(f, queries[q], &flt, 1);
		memset(&flt, 0, sizeof flt);
		flt.seller_level_min = 2;
		check_filter(f, queries[q], &flt, 1);
		memset(&flt, 0, sizeof flt);
		flt.online_only = 1;
		flt.now = f->now;
		check_filter(f, queries[q], &flt, 1);
	}
	/* the sub-category example: 设计 within design finds the logo gig, not the site */
	memset(&flt, 0, sizeof flt);
	flt.category_id = f->c_design;
	{
		int64_t ids[100];
		size_t n = all_hits(f, "设计", &flt, SEARCH_SORT_RELEVANCE, 100, ids, NULL, 100), i;
		int logo = 0, site = 0;

		for (i = 0; i < n; i++) {
			logo |= ids[i] == f->g_logo;
			site |= ids[i] == f->g_site;
		}
		assert_true(logo);
		assert_false(site);
	}
	assert_int_equal(search_category_by_slug(f->db, "logo-design", &flt.category_id), 0);
	assert_int_equal(flt.category_id, f->c_logo);
	assert_int_equal(search_category_by_slug(f->db, "nope", &flt.category_id),
	    JS_ERR_NOT_FOUND);
}

/* Is b after a in the order of sort s (ties broken by id, descending)? */
static int
in_order(enum search_sort s, const struct search_hit *a, const struct search_hit *b)
{
	int64_t ka = 0, kb = 0;

	switch (s) {
	case SEARCH_SORT_PRICE_ASC:
		if (a->price_from != b->price_from)
			return a->price_from < b->price_from;
		return a->gig_id < b->gig_id;
	case SEARCH_SORT_PRICE_DESC: ka = a->price_from; kb = b->price_from; break;
	case SEARCH_SORT_RATING:
		if (a->rating_x100 != b->rating_x100)
			return a->rating_x100 > b->rating_x100;
		ka = a->rating_count;
		kb = b->rating_count;
		break;
	case SEARCH_SORT_NEWEST: ka = a->published_at; kb = b->published_at; break;
	default: ka = a->score; kb = b->score; break;
	}
	return ka != kb ? ka > kb : a->gig_id > b->gig_id;
}

static void
test_sort_orders(void **state)
{
	struct fx *f = *state;
	static const char *const queries[] = { "", "测试", "设计", "wangzhan" };
	struct search_hit h[100];
	int64_t ids[100];
	size_t q, n, i;
	int s;

	for (q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		for (s = 0; s < SEARCH_SORT_COUNT; s++) {
			n = all_hits(f, queries[q], NULL, (enum search_sort)s, 100, ids, h, 100);
			assert_true(n > 0);
			for (i = 1; i < n; i++)
				if (!in_order((enum search_sort)s, &h[i - 1], &h[i]))
					fail_msg("query \"%s\" sort %d: %lld before %lld", queries[q], s,
					    (long long)h[i - 1].gig_id, (long long)h[i].gig_id);
		}
	}
	/* the newest gig first, the cheapest first, the best rated first */
	n = all_hits(f, "", NULL, SEARCH_SORT_PRICE_ASC, 100, ids, h, 100);
	assert_int_equal(h[0].price_from, 500);
	n = all_hits(f, "", NULL, SEARCH_SORT_PRICE_DESC, 100, ids, h, 100);
	assert_int_equal(ids[0], f->g_mini);
	n = all_hits(f, "", NULL, SEARCH_SORT_RATING, 100, ids, h, 100);
	assert_int_equal(ids[0], f->g_site);
	(void)n;
}

static void
check_pages_match(struct fx *f, const char *q, const struct search_filter *flt)
{
	int64_t one_page[100], paged[100];
	size_t n1, n2, page, i, j;
	int s;
	static const size_t sizes[] = { 1, 3, 7 };

	for (s = 0; s < SEARCH_SORT_COUNT; s++) {
		n1 = all_hits(f, q, flt, (enum search_sort)s, 100, one_page, NULL, 100);
		for (page = 0; page < 3; page++) {
			n2 = all_hits(f, q, flt, (enum search_sort)s, sizes[page], paged, NULL, 100);
			if (n1 != n2)
				fail_msg("\"%s\" sort %d page %zu: %zu hits, one page had %zu", q, s,
				    sizes[page], n2, n1);
			for (i = 0; i < n2; i++) {
				assert_int_equal(paged[i], one_page[i]);
				for (j = 0; j < i; j++)
					assert_true(paged[j] != paged[i]);   /* exactly once */
			}
		}
	}
}

static void
test_keyset_pages(void **state)
{
	struct fx *f = *state;
	struct search_filter flt = { 0 };
	static const char *const queries[] = { "", "测试", "设计", "ceshi", "gongju" };
	size_t q;

	for (q = 0; q < sizeof queries / sizeof queries[0]; q++)
		check_pages_match(f, queries[q], NULL);
	flt.price_min = 1500;
	flt.price_max = 4500;
	flt.rating_min_x100 = 100;
	check_pages_match(f, "测试", &flt);
	check_pages_match(f, "", &flt);
	/* small relevance windows and a small probe: every plan on tiny data */
	search_tune(4, 3, 5, 12);
	for (q = 0; q < sizeof queries / sizeof queries[0]; q++)
		check_pages_match(f, queries[q], NULL);
	check_pages_match(f, "测试", &flt);
	/* a filtered browse: walks of 5 rows where few pass, cursors between them */
	check_pages_match(f, "", &flt);
	search_tune(0, 0, 0, 0);
}

static void
test_plans_agree(void **state)
{
	struct fx *f = *state;
	int64_t a[100], b[100];
	size_t na, nb, i;
	int s;

	/*
	 * text-driven (few matches) and sort-index-driven (many) give the same pages; the
	 * walk tests each row's own tokens on SQLite (js_has_tokens), the index elsewhere:
	 * one term, pinyin, a tag's pinyin (every other filler), two terms, a word only the
	 * titles hold (服务: the walk reads the title column too)
	 */
	static const char *const queries[] = { "测试", "ceshi", "gongju", "测试 gongju", "服务" };
	static const size_t want[] = { FILLER, FILLER, FILLER / 2, FILLER / 2, FILLER };
	size_t q;

	for (q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		for (s = 1; s < SEARCH_SORT_COUNT; s++) {
			search_tune(0, 0, 0, 0);
			na = all_hits(f, queries[q], NULL, (enum search_sort)s, 5, a, NULL, 100);
			search_tune(0, 2, 0, 0);
			nb = all_hits(f, queries[q], NULL, (enum search_sort)s, 5, b, NULL, 100);
			if (na != want[q] || nb != na)
				fail_msg("\"%s\" sort %d: %zu hits by text, %zu by walk, want %zu",
				    queries[q], s, na, nb, want[q]);
			for (i = 0; i < na; i++)
				assert_int_equal(a[i], b[i]);
		}
	}
	search_tune(0, 0, 0, 0);
}

static void
test_bad_input(void **state)
{
	struct fx *f = *state;
	struct search_hit h[5];
	char next[SEARCH_CURSOR_MAX], big[SEARCH_QUERY_MAX + 2];
	static const char *const evil[] = {
		"\"' OR 1=1 --", "设计\" OR \"1", "a'b", "NEAR(a b)", "*", "^logo", "logo*",
		"'; DROP TABLE gigs; --", "a:*", "!设计", "(设计|网站)", "\\", "-logo", "a & b",
	};
	size_t n, i;

	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(search_gigs(f->db, "\xff\xfe", NULL, 0, NULL, h, 5, &n, next,
	    sizeof next), JS_ERR_UTF8);
	assert_int_equal(search_gigs(f->db, big, NULL, 0, NULL, h, 5, &n, next, sizeof next),
	    JS_ERR_TOO_BIG);
	assert_int_equal(search_gigs(f->db, "", NULL, 0, NULL, h, 0, &n, next, sizeof next),
	    JS_ERR_INVALID);
	assert_int_equal(search_gigs(f->db, "", NULL, 0, NULL, h, 5, &n, next, 10),
	    JS_ERR_INVALID);
	assert_int_equal(search_gigs(f->db, "", NULL, (enum search_sort)9, NULL, h, 5, &n, next,
	    sizeof next), JS_ERR_INVALID);
	assert_int_equal(search_gigs(f->db, "", NULL, SEARCH_SORT_PRICE_ASC, "r.1.2.3.4.5", h, 5,
	    &n, next, sizeof next), JS_ERR_INVALID);
	assert_int_equal(search_gigs(f->db, "", NULL, 0, "garbage", h, 5, &n, next,
	    sizeof next), JS_ERR_INVALID);
	assert_int_equal(search_gigs(f->db, "", NULL, 0, "r.1.2.3.4", h, 5, &n, next,
	    sizeof next), JS_ERR_INVALID);
	for (i = 0; i < sizeof evil / sizeof evil[0]; i++) {
		int s;

		for (s = 0; s < SEARCH_SORT_COUNT; s++)
			assert_int_equal(search_gigs(f->db, evil[i], NULL, (enum search_sort)s, NULL,
			    h, 5, &n, next, sizeof next), 0);
	}
	assert_int_equal(one(f->db, "SELECT count(*) FROM gigs", ""), 6 + FILLER);
	/* punctuation only is a browse */
	assert_int_equal(search_gigs(f->db, " ，。！？ ", NULL, 0, NULL, h, 5, &n, next,
	    sizeof next), 0);
	assert_int_equal(n, 5);
}

static void
test_reindex_after_edit(void **state)
{
	struct fx *f = *state;

	assert_int_equal(one(f->db, "SELECT gigs FROM search_terms WHERE term = '网站设计'", ""),
	    2);
	one(f->db, "UPDATE gigs SET title = '品牌标志设计' WHERE id = $1 RETURNING id", "i",
	    f->g_site);
	reindex(f, f->g_site);
	assert_true(found(f, "pinpai", f->g_site));
	assert_true(found(f, "品牌标志", f->g_site));
	assert_false(found(f, "wangzhansheji", f->g_site));
	assert_true(found(f, "网站", f->g_site));       /* still a tag */
	assert_int_equal(one(f->db, "SELECT count(*) FROM gigs WHERE id = $1 AND"
	    " pinyin = 'pinpaibiaozhisheji' AND pinyin_initials = 'ppbzsj'", "i", f->g_site), 1);
	/* term counts follow: the old title's word pair is uncounted, the new one counted */
	assert_int_equal(one(f->db, "SELECT gigs FROM search_terms WHERE term = '网站设计'", ""),
	    1);
	assert_int_equal(one(f->db, "SELECT gigs FROM search_terms WHERE term = '品牌'", ""), 2);
	reindex(f, f->g_site);
	assert_int_equal(one(f->db, "SELECT gigs FROM search_terms WHERE term = '品牌'", ""), 2);
	assert_int_equal(search_unindex_gig(f->db, f->g_site), 0);
	assert_int_equal(one(f->db, "SELECT gigs FROM search_terms WHERE term = '品牌'", ""), 1);
	assert_int_equal(search_index_gig(f->db, 999999), JS_ERR_NOT_FOUND);
}

static int
suggested(struct fx *f, const char *prefix, const char *want)
{
	char out[20][SEARCH_SUGGEST_LEN];
	size_t n, i;

	assert_int_equal(search_suggest(f->db, prefix, out, 20, &n), 0);
	for (i = 0; i < n; i++)
		if (strcmp(out[i], want) == 0)
			return 1;
	return 0;
}

static void
test_suggest(void **state)
{
	struct fx *f = *state;
	char out[5][SEARCH_SUGGEST_LEN], big[SEARCH_QUERY_MAX + 2];
	size_t n;
	int i;

	assert_true(suggested(f, "网", "网站"));
	assert_true(suggested(f, "网站", "网站设计"));
	assert_true(suggested(f, "wangz", "网站"));        /* pinyin prefix */
	assert_true(suggested(f, "wz", "网站"));           /* initials */
	assert_true(suggested(f, "WZSJ", "网站设计"));
	assert_true(suggested(f, "Lo", "logo"));
	assert_true(suggested(f, "ｌｏ", "logo"));
	assert_true(suggested(f, "xiaoc", "小程序"));
	assert_true(suggested(f, "设", "设计"));
	assert_false(suggested(f, "暂", "暂停"));          /* only active gigs' words */
	assert_false(suggested(f, "zzzz", "网站"));
	/* popular searches: after SEARCH_POPULAR_MIN searches with results */
	assert_false(suggested(f, "", "logo设计"));
	for (i = 0; i < SEARCH_POPULAR_MIN; i++)
		assert_int_equal(search_history_add(f->db, f->buyer, "Logo设计", 3), 0);
	assert_int_equal(search_history_add(f->db, f->buyer, "没有结果的搜索", 0), 0);
	assert_true(suggested(f, "", "logo设计"));
	assert_true(suggested(f, "logo", "logo设计"));
	assert_true(suggested(f, "lsj", "logo设计") || suggested(f, "logos", "logo设计") ||
	    suggested(f, "logo", "logo设计"));
	assert_false(suggested(f, "", "没有结果的搜索"));
	assert_int_equal(search_suggest(f->db, "网", out, 5, &n), 0);
	assert_true(n <= 5);
	assert_int_equal(search_suggest(f->db, "\xff", out, 5, &n), JS_ERR_UTF8);
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(search_suggest(f->db, big, out, 5, &n), JS_ERR_TOO_BIG);
	assert_int_equal(search_suggest(f->db, "a", out, 0, &n), JS_ERR_INVALID);
}

static void
test_history(void **state)
{
	struct fx *f = *state;
	struct search_history_item h[SEARCH_HISTORY_KEEP + 10];
	struct search_popular_item p[10];
	char q[32];
	size_t n;
	int i;

	assert_int_equal(search_history_add(f->db, f->buyer, "  网站设计 ", 12), 0);
	assert_int_equal(search_history_add(f->db, f->buyer, "logo", 3), 0);
	assert_int_equal(search_history_add(f->db, f->buyer, "网站设计", 11), 0);
	assert_int_equal(search_history_add(f->db, f->buyer, "   ", 1), 0);     /* ignored */
	assert_int_equal(search_history_add(f->db, f->s1, "别人的搜索", -1), 0);
	assert_int_equal(search_history_list(f->db, f->buyer, h, 10, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(h[0].query, "网站设计");   /* the repeat moved to the top */
	assert_int_equal(h[0].results, 11);
	assert_string_equal(h[1].query, "logo");
	assert_true(h[0].searched_at >= f->now);
	assert_int_equal(search_history_list(f->db, f->s1, h, 10, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].results, -1);
	assert_int_equal(search_history_add(f->db, f->buyer, "bad\xff", 1), JS_ERR_UTF8);
	/* popular counts: each search with results, by normalized text */
	assert_int_equal(search_popular_list(f->db, p, 10, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].query, "网站设计");
	assert_int_equal(p[0].count, 2);
	assert_string_equal(p[1].query, "logo");
	assert_int_equal(p[1].count, 1);
	/* clear one account: the other keeps its own, popular counts stay */
	assert_int_equal(search_history_clear(f->db, f->buyer), 0);
	assert_int_equal(search_history_list(f->db, f->buyer, h, 10, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(search_history_list(f->db, f->s1, h, 10, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(search_popular_list(f->db, p, 10, &n), 0);
	assert_int_equal(n, 2);
	/* the list keeps the newest SEARCH_HISTORY_KEEP */
	for (i = 0; i < SEARCH_HISTORY_KEEP + 5; i++) {
		snprintf(q, sizeof q, "查询%d", i);
		assert_int_equal(search_history_add(f->db, f->buyer, q, 0), 0);
	}
	assert_int_equal(search_history_list(f->db, f->buyer, h, SEARCH_HISTORY_KEEP + 10, &n),
	    0);
	assert_int_equal(n, SEARCH_HISTORY_KEEP);
	snprintf(q, sizeof q, "查询%d", SEARCH_HISTORY_KEEP + 4);
	assert_string_equal(h[0].query, q);
}

/* The index row of a gig in a comparable text form (store-specific SQL: a test). */
static void
index_row(struct fx *f, int64_t id, char *out, size_t len)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, store == TESTDB_PG ?
	    "SELECT CAST(tokens AS TEXT), terms, '' FROM gig_search WHERE gig_id = $1" :
	    "SELECT title, extra, terms FROM gig_fts WHERE rowid = $1", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(out, len, "%s|%s|%s", db_col_text(st, 0), db_col_text(st, 1),
	    db_col_text(st, 2));
	db_reset(st);
}

static void
terms_snapshot(struct fx *f, struct buf *b)
{
	struct db_stmt *st;

	buf_reset(b);
	assert_int_equal(db_prepare(f->db, "SELECT term, gigs FROM search_terms WHERE gigs > 0"
	    " ORDER BY id", &st), 0);
	while (db_step(st) == DB_ROW)
		assert_int_equal(buf_printf(b, "%s=%lld\n", db_col_text(st, 0),
		    (long long)db_col_int64(st, 1)), 0);
	db_reset(st);
}

static void
test_demo_gigs_match_index(void **state)
{
	struct fx *f = *state;
	struct demo_gigs_stats st;
	struct db_stmt *q;
	char before[8192], after[8192], py[1024], ini[256], want_py[1024], want_ini[256];
	struct buf t1, t2;
	int64_t ids[400], first;
	size_t n = 0, i;

	first = one(f->db, "SELECT max(id) FROM gigs", "");
	assert_int_equal(demo_gigs(f->db, 300, 42, &st), 0);
	assert_int_equal(st.gigs, 300);
	assert_true(st.active > 250 && st.active < 300);
	assert_true(st.sellers >= 10);
	assert_int_equal(db_prepare(f->db, "SELECT id, title, pinyin, pinyin_initials FROM gigs"
	    " WHERE id > $1 AND status = 'active' ORDER BY id", &q), 0);
	assert_int_equal(db_bind_int64(q, 1, first), 0);
	while (db_step(q) == DB_ROW && n < 400) {
		ids[n++] = db_col_int64(q, 0);
		/* pinyin joined from the word lists' entries == pinyin_of(title) */
		assert_int_equal(pinyin_of(db_col_text(q, 1), want_py, sizeof want_py, want_ini,
		    sizeof want_ini), 0);
		assert_string_equal(db_col_text(q, 2), want_py);
		assert_string_equal(db_col_text(q, 3), want_ini);
	}
	db_reset(q);
	assert_int_equal((int64_t)n, st.active);
	buf_init(&t1, 1 << 20);
	buf_init(&t2, 1 << 20);
	terms_snapshot(f, &t1);
	for (i = 0; i < n; i += 7) {
		index_row(f, ids[i], before, sizeof before);
		reindex(f, ids[i]);
		index_row(f, ids[i], after, sizeof after);
		assert_string_equal(before, after);
	}
	/* a full rebuild changes no count: the bulk path counted what the index counts */
	assert_int_equal(search_reindex_all(f->db, NULL), 0);
	terms_snapshot(f, &t2);
	assert_string_equal(t1.data, t2.data);
	buf_free(&t1);
	buf_free(&t2);
	(void)py;
	(void)ini;
	/* and the generated gigs are found */
	assert_true(found(f, "设计", ids[0]) || found(f, "", ids[0]));
	assert_int_equal(demo_gigs(f->db, 0, 1, NULL), JS_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_issue_examples, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inactive_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_orders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keyset_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plans_agree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reindex_after_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_suggest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_gigs_match_index, setup, teardown),
	};
	int failed;

	if (search_init() != 0) {
		fprintf(stderr, "test_search: ICU is missing\n");
		return 1;
	}
	store = TESTDB_SQLITE;
	failed = cmocka_run_group_tests_name("search/sqlite", tests, NULL, NULL);
	if (testdb_have_pg()) {
		store = TESTDB_PG;
		failed += cmocka_run_group_tests_name("search/postgresql", tests, NULL, NULL);
	}
	search_cleanup();
	return failed != 0;
}
