/*
 * bench_search.c: search latency at scale next to SQLite FTS5's trigram tokenizer, and
 * the time to build the index.
 *
 *   bench_search SIZE[,SIZE...]        e.g. bench_search 100000,1000000
 *
 * For each size (ascending) and each store (BENCH_SEARCH_STORES, default "sqlite pg";
 * pg only when JISHI_TEST_PG is set), the database grows to SIZE synthetic gigs
 * (demo_gigs, the same seed on both stores, so the same titles), then 50 mixed queries
 * (Chinese words, pinyin, mixed, with filters and sorts; the first page of 20) run
 * BENCH_SEARCH_RUNS times each (default 5) after one warm-up. On SQLite the same
 * titles also go into a plain FTS5 trigram table, queried the same way (the query
 * text as a trigram phrase, or LIKE for fewer than 3 characters, with the same filters,
 * order and page size): the reference. Lines printed (figures, never asserted):
 *
 *   build STORE N SECONDS GIGS_PER_S INDEX_SECONDS REBUILD_SECONDS
 *     (INDEX_SECONDS: tokens, pinyin, search rows and terms; REBUILD_SECONDS: the
 *     secondary indexes of gigs rebuilt after a bulk load, demo_gigs.h; both included
 *     in SECONDS, which covers the growth to N)
 *   trigram_build N SECONDS
 *   latency STORE N P50_MS P99_MS MAX_MS
 *   latency trigram N P50_MS P99_MS MAX_MS
 *   worst STORE N RATIO MS TRIGRAM_MS QUERY       (the 3 highest per-query ratios)
 *   slower3x STORE N COUNT                        (queries slower than 3x trigram)
 *
 * BENCH_SEARCH_URL_SQLITE / BENCH_SEARCH_URL_PG: use that existing database as it is
 * (no growing) instead of a fresh one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "demo_gigs.h"
#include "demo_seed.h"
#include "err.h"
#include "log.h"
#include "search.h"
#include "proc.h"
#include "testdb.h"

#define PAGE 20
#define MAXRUNS 50

struct bq {
	const char *q, *cat;
	int64_t pmin, pmax;
	int days, level, rating, online;
	enum search_sort sort;
};

static const struct bq queries[] = {
	{ "设计" }, { "网站" }, { "网站设计" }, { "小程序" }, { "翻译" }, { "剪辑" },
	{ "短视频" }, { "商标" }, { "插画" }, { "文案" }, { "配音" }, { "编曲" }, { "合同" },
	{ "税务" }, { "电商" }, { "运营" }, { "包装设计" }, { "企业官网" }, { "微信小程序开发" },
	{ "论文润色" }, { "品牌标识" }, { "数据采集" }, { "抖音视频" }, { "原创音乐" },
	{ "商业计划书" }, { "sheji" }, { "wangzhan" }, { "xiaochengxu" }, { "fanyi" },
	{ "jianji" }, { "wzsj" }, { "xcx" }, { "logo" }, { "python" }, { "app" }, { "seo" },
	{ "logo设计" }, { "App开发" }, { "SEO优化" }, { "Python脚本" },
	{ "设计", "design" },
	{ "网站", NULL, 50000, 300000 },
	{ "翻译", NULL, 0, 0, 0, 0, 450 },
	{ "剪辑", NULL, 0, 0, 3 },
	{ "开发", NULL, 0, 0, 0, 2 },
	{ "设计", NULL, 0, 0, 0, 0, 0, 1 },
	{ "小程序", NULL, 0, 0, 0, 0, 0, 0, SEARCH_SORT_PRICE_ASC },
	{ "网站", NULL, 0, 0, 0, 0, 0, 0, SEARCH_SORT_NEWEST },
	{ "logo", NULL, 0, 0, 0, 0, 0, 0, SEARCH_SORT_RATING },
	{ "", "programming", 100000, 0, 0, 0, 0, 0, SEARCH_SORT_PRICE_ASC },
};
#define NQ (sizeof queries / sizeof queries[0])

static int runs = 5;

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
pct(double *v, size_t n, double p)
{
	size_t i = (size_t)(p * (double)n + 0.999999);   /* nearest rank, 1-based */

	i = i > 0 ? i - 1 : 0;

	qsort(v, n, sizeof *v, cmp_double);
	return v[i < n ? i : n - 1];
}

static void
filter_of(struct db *db, const struct bq *q, struct search_filter *f)
{
	memset(f, 0, sizeof *f);
	if (q->cat != NULL && search_category_by_slug(db, q->cat, &f->category_id) != 0)
		proc_die("category", q->cat);
	f->price_min = q->pmin;
	f->price_max = q->pmax;
	f->delivery_days_max = q->days;
	f->seller_level_min = q->level;
	f->rating_min_x100 = q->rating;
	f->online_only = q->online;
}

/* Our search: ms per run of query i into t[]. */
static void
time_ours(struct db *db, size_t i, double *t)
{
	struct search_hit hits[PAGE];
	struct search_filter f;
	char next[SEARCH_CURSOR_MAX];
	size_t n;
	int k, r;

	filter_of(db, &queries[i], &f);
	for (k = -1; k < runs; k++) {
		double t0 = proc_now();

		if ((r = search_gigs(db, queries[i].q, &f, queries[i].sort, NULL, hits, PAGE, &n,
		    next, sizeof next)) != 0)
			proc_die(queries[i].q, js_strerror(r));
		if (k >= 0)
			t[k] = (proc_now() - t0) * 1e3;
	}
}

/*
 * The reference ("the same question asked the plain way"): a SQLite FTS5 table with the
 * stock trigram tokenizer over the same active gigs' titles and their pinyin / initials
 * (gigs.pinyin, gigs.pinyin_initials, so that "sheji" and "wzsj" find what our pinyin
 * tokens find), queried with the whole query as one substring: MATCH '"q"' (any column)
 * for 3+ characters; for 1-2 characters, which the trigram index cannot serve, LIKE
 * '%q%' over those columns (FTS5 then scans the table). Every match is then joined to
 * gigs and treated exactly as search_gigs treats its candidates: the same filters
 * (category and its sub-categories, price, delivery, rating, seller level, online), the
 * same order with the same key expressions (relevance: the static quality of
 * gigs_active_rank plus the title points a gig gets when its title holds the query),
 * the first 20, and each hit's seller (handle, name, level, online) as fill_sellers
 * reads them. Unlike search_gigs it has no bounded plans: it ranks or sorts every match.
 */
#define TRI_QUALITY "(coalesce(g.published_at, g.created_at) / 8640" \
	" + g.rating_avg_x100 * (CASE WHEN g.rating_count >= 20 THEN 20 ELSE g.rating_count END) * 3 / 100" \
	" + (CASE WHEN g.orders_count >= 1000 THEN 200 WHEN g.orders_count >= 100 THEN 150" \
	" WHEN g.orders_count >= 10 THEN 100 WHEN g.orders_count >= 1 THEN 50 ELSE 0 END))"

static const char *const tri_order[SEARCH_SORT_COUNT] = {
	TRI_QUALITY " + 300 + (CASE WHEN length(g.title) <= 8 THEN 60"
	" WHEN length(g.title) <= 16 THEN 30 ELSE 0 END) DESC, g.id DESC",
	"g.price_from, g.id", "g.price_from DESC, g.id DESC",
	"g.rating_avg_x100 DESC, g.rating_count DESC, g.id DESC",
	"coalesce(g.published_at, g.created_at) DESC, g.id DESC",
};

/* The reference: the same question asked of the trigram table (SQLite store only). */
static void
time_trigram(struct db *db, size_t i, double *t)
{
	const struct bq *q = &queries[i];
	struct search_filter f;
	struct db_stmt *st;
	char sql[4096], pat[SEARCH_QUERY_MAX + 8];
	int k, r, chars = 0;
	const char *p;

	for (p = q->q; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	filter_of(db, q, &f);
	snprintf(sql, sizeof sql, "SELECT g.id, g.title, g.price_from, u.handle,"
	    " u.display_name, coalesce((SELECT sl.rank FROM reputation rp JOIN seller_levels sl"
	    " ON sl.id = rp.level_id WHERE rp.user_id = u.id), 0), coalesce((SELECT"
	    " p.online_at FROM profiles p WHERE p.user_id = u.id), 0) FROM %s"
	    " JOIN users u ON u.id = g.seller_id WHERE g.status = 'active'"
	    " AND ($1 = 0 OR g.category_id IN (SELECT c.id FROM categories c WHERE c.id = $1"
	    " OR c.parent_id = $1 OR c.parent_id IN (SELECT c2.id FROM categories c2"
	    " WHERE c2.parent_id = $1))) AND g.price_from >= $2 AND g.price_from <= $3"
	    " AND g.delivery_days_min <= $4 AND g.rating_avg_x100 >= $5"
	    " AND ($6 = 0 OR (SELECT sl.rank FROM reputation rp JOIN seller_levels sl"
	    " ON sl.id = rp.level_id WHERE rp.user_id = g.seller_id) >= $6)"
	    " AND ($7 = 0 OR (SELECT online_at FROM profiles p WHERE p.user_id = g.seller_id)"
	    " >= $7) %s ORDER BY %s LIMIT 20",
	    chars == 0 ? "gigs g" : "bench_tri CROSS JOIN gigs g ON g.id = bench_tri.rowid",
	    chars == 0 ? "AND $8 = ''" : chars >= 3 ? "AND bench_tri MATCH $8" :
	    "AND (bench_tri.title LIKE $8 OR bench_tri.pinyin LIKE $8"
	    " OR bench_tri.initials LIKE $8)", tri_order[q->sort]);
	if (chars >= 3) {
		snprintf(pat, sizeof pat, "\"%s\"", q->q);   /* bench queries hold no quote */
	} else if (chars > 0) {
		snprintf(pat, sizeof pat, "%%%s%%", q->q);
	} else {
		pat[0] = '\0';
	}
	for (k = -1; k < runs; k++) {
		double t0 = proc_now();

		if ((r = db_prepare(db, sql, &st)) != 0 ||
		    (r = db_bind_int64(st, 1, f.category_id)) != 0 ||
		    (r = db_bind_int64(st, 2, f.price_min)) != 0 ||
		    (r = db_bind_int64(st, 3, f.price_max ? f.price_max : INT64_MAX)) != 0 ||
		    (r = db_bind_int64(st, 4, f.delivery_days_max ? f.delivery_days_max :
		    INT64_MAX)) != 0 || (r = db_bind_int64(st, 5, f.rating_min_x100)) != 0 ||
		    (r = db_bind_int64(st, 6, f.seller_level_min)) != 0 ||
		    (r = db_bind_int64(st, 7, f.online_only ? (int64_t)time(NULL) -
		    SEARCH_ONLINE_SECS : 0)) != 0 || (r = db_bind_text(st, 8, pat)) != 0)
			proc_die("trigram", db_errmsg(db));
		while ((r = db_step(st)) == DB_ROW)
			;
		if (r < 0)
			proc_die("trigram", db_errmsg(db));
		if (k >= 0)
			t[k] = (proc_now() - t0) * 1e3;
	}
}

struct store {
	const char *name;
	enum testdb_store kind;
	char url[1024];
	struct db *db;
	int64_t gigs;              /* generated so far */
	double build_s, index_s;   /* totals for what exists now */
	double rebuild_s;          /* of which rebuilding secondary indexes (bulk loads) */
	int reuse;
};

static void
grow(struct store *s, int64_t n)
{
	struct demo_gigs_stats st;
	struct demo_seed_stats ds;
	char err[512];
	int r;

	if (s->db == NULL) {
		const char *u = getenv(s->kind == TESTDB_PG ? "BENCH_SEARCH_URL_PG" :
		    "BENCH_SEARCH_URL_SQLITE");

		if (u != NULL && u[0] != '\0') {
			snprintf(s->url, sizeof s->url, "%s", u);
			s->reuse = 1;
		} else {
			testdb_create(s->kind, s->url, sizeof s->url);
		}
		if (db_open(s->url, &s->db, err, sizeof err) != 0)
			proc_die("open", err);
		if (s->reuse)
			return;
		if ((r = demo_seed(s->db, &ds)) != 0 || (r = search_reindex_all(s->db, NULL)) != 0)
			proc_die("demo_seed", db_errmsg(s->db));
	}
	if (s->reuse || n <= s->gigs)
		return;
	if ((r = demo_gigs(s->db, n - s->gigs, (uint64_t)(1000 + s->gigs), &st)) != 0)
		proc_die("demo_gigs", db_errmsg(s->db));
	s->gigs = n;
	s->build_s += st.seconds;
	s->index_s += st.index_seconds;
	s->rebuild_s += st.rebuild_seconds;
	/* fresh statistics, as autovacuum / a maintenance job would have them */
	if (s->kind == TESTDB_PG && db_exec(s->db, "VACUUM ANALYZE gig_search, gig_search_price")
	    != 0)
		proc_die("vacuum", db_errmsg(s->db));
	if (db_exec(s->db, "ANALYZE") != 0)
		proc_die("analyze", db_errmsg(s->db));
	printf("build %s %lld %.1f %.0f %.1f %.1f\n", s->name, (long long)n, s->build_s,
	    (double)n / s->build_s, s->index_s, s->rebuild_s);
	fflush(stdout);
}

static double tri_ms[NQ][MAXRUNS];
static int have_tri;

static void
trigram_build(struct store *s, int64_t n)
{
	double t0 = proc_now();
	static double total;

	if (db_exec(s->db, "CREATE VIRTUAL TABLE IF NOT EXISTS bench_tri USING fts5(title,"
	    " pinyin, initials, tokenize='trigram'); INSERT INTO bench_tri (rowid, title, pinyin,"
	    " initials) SELECT id, title, pinyin, pinyin_initials FROM gigs WHERE status = 'active'"
	    " AND id > (SELECT coalesce(max(rowid), 0) FROM bench_tri)") != 0)
		proc_die("trigram table", db_errmsg(s->db));
	total += proc_now() - t0;
	printf("trigram_build %lld %.1f\n", (long long)n, total);
}

static void
measure(struct store *s, int64_t n)
{
	static double all[NQ * MAXRUNS], med[NQ];
	double t[MAXRUNS], ratio[NQ], tri_med[NQ];
	size_t i, k, m = 0, worst[3] = { 0, 0, 0 };
	int slower = 0, j;

	for (i = 0; i < NQ; i++) {
		time_ours(s->db, i, t);
		for (k = 0; k < (size_t)runs; k++)
			all[m++] = t[k];
		med[i] = pct(t, (size_t)runs, 0.5);
		if (getenv("BENCH_SEARCH_VERBOSE") != NULL)
			fprintf(stderr, "query %s %zu %.2f ms %s\n", s->name, i, med[i], queries[i].q);
	}
	printf("latency %s %lld %.2f %.2f %.2f\n", s->name, (long long)n, pct(all, m, 0.5),
	    pct(all, m, 0.99), pct(all, m, 1.0));
	if (s->kind == TESTDB_SQLITE) {
		trigram_build(s, n);
		for (i = 0, m = 0; i < NQ; i++) {
			time_trigram(s->db, i, tri_ms[i]);
			for (k = 0; k < (size_t)runs; k++)
				all[m++] = tri_ms[i][k];
		}
		have_tri = 1;
		printf("latency trigram %lld %.2f %.2f %.2f\n", (long long)n, pct(all, m, 0.5),
		    pct(all, m, 0.99), pct(all, m, 1.0));
	}
	if (!have_tri)
		return;
	for (i = 0; i < NQ; i++) {
		memcpy(t, tri_ms[i], sizeof t);
		tri_med[i] = pct(t, (size_t)runs, 0.5);
		/* a reference under 0.05 ms (no match at all) would make any ratio huge */
		ratio[i] = med[i] / (tri_med[i] > 0.05 ? tri_med[i] : 0.05);
		slower += ratio[i] > 3.0;
		for (j = 0; j < 3; j++) {
			if (ratio[i] > ratio[worst[j]] || i == 0) {
				memmove(worst + j + 1, worst + j, (size_t)(2 - j) * sizeof worst[0]);
				worst[j] = i;
				break;
			}
		}
	}
	for (j = 0; j < 3; j++)
		printf("worst %s %lld %.2f %.2f %.2f %s%s%s\n", s->name, (long long)n,
		    ratio[worst[j]], med[worst[j]], tri_med[worst[j]],
		    queries[worst[j]].q[0] ? queries[worst[j]].q : "(browse)",
		    queries[worst[j]].cat || queries[worst[j]].pmin || queries[worst[j]].rating ||
		    queries[worst[j]].days || queries[worst[j]].level || queries[worst[j]].online ?
		    " +filter" : "", queries[worst[j]].sort ? " +sort" : "");
	printf("slower3x %s %lld %d\n", s->name, (long long)n, slower);
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	struct store stores[2] = {
		{ "sqlite", TESTDB_SQLITE, "", NULL, 0, 0, 0, 0, 0 },
		{ "pg", TESTDB_PG, "", NULL, 0, 0, 0, 0, 0 },
	};
	const char *which = getenv("BENCH_SEARCH_STORES");
	char *sizes, *p, *save = NULL;
	int s;

	proc_name("bench_search");
	if (argc != 2)
		proc_die("usage", "bench_search SIZE[,SIZE...]");
	if (getenv("BENCH_SEARCH_RUNS") != NULL)
		runs = atoi(getenv("BENCH_SEARCH_RUNS"));
	if (runs < 1 || runs > MAXRUNS)
		proc_die("BENCH_SEARCH_RUNS", "1..50");
	if (which == NULL)
		which = "sqlite pg";
	log_init("bench_search", LOG_LVL_WARN, 0);
	if (search_init() != 0)
		proc_die("search_init", "ICU");
	if ((sizes = strdup(argv[1])) == NULL)
		proc_die("strdup", "out of memory");
	for (p = strtok_r(sizes, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
		int64_t n = atoll(p);

		if (n < 1000)
			proc_die("size", p);
		have_tri = 0;
		for (s = 0; s < 2; s++) {
			if (strstr(which, stores[s].name) == NULL ||
			    (s == 1 && !testdb_have_pg()))
				continue;
			grow(&stores[s], n);
			measure(&stores[s], n);
		}
	}
	for (s = 0; s < 2; s++) {
		db_close(stores[s].db);
		if (stores[s].db != NULL && !stores[s].reuse && getenv("BENCH_SEARCH_KEEP") == NULL)
			testdb_drop(stores[s].url);
	}
	free(sizes);
	search_cleanup();
	return 0;
}
