/* cmd_search.c: `jishictl search`: ranked gig search for scripts and tests; index rebuild. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "err.h"
#include "money.h"
#include "search.h"

#define SEARCH_CTL_MAX 1000        /* --limit: hits printed at most (several pages) */

static const struct {
	const char *name;
	enum search_sort sort;
} sorts[] = {
	{ "relevance", SEARCH_SORT_RELEVANCE }, { "price", SEARCH_SORT_PRICE_ASC },
	{ "price-desc", SEARCH_SORT_PRICE_DESC }, { "rating", SEARCH_SORT_RATING },
	{ "newest", SEARCH_SORT_NEWEST },
};

static int
usage(void)
{
	fprintf(stderr, "usage: jishictl search [--category SLUG] [--limit N] [--json]\n"
	    "         [--sort relevance|price|price-desc|rating|newest] [--price-min FEN]\n"
	    "         [--price-max FEN] [--days N] [--level N] [--rating X100] [--online]\n"
	    "         QUERY\n"
	    "       jishictl search --suggest PREFIX\n"
	    "       jishictl search --reindex\n"
	    "       jishictl search --price-order\n");
	return 2;
}

static int
price_order_tx(struct db *db, void *ud)
{
	return search_price_rebuild(db, 1, ud);
}

/* --price-order: what the worker's search.price_order job does when the order has
 * decayed, now, whatever the order (PostgreSQL; SQLite has nothing to reorder). */
static int
price_order_now(struct ctl *ctl)
{
	int rebuilt = 0, r;

	if ((r = db_tx(ctl->db, price_order_tx, &rebuilt)) != 0) {
		fprintf(stderr, "jishictl: search --price-order: %s: %s\n", js_strerror(r),
		    db_errmsg(ctl->db));
		return 1;
	}
	printf("search: %s\n", rebuilt ? "gig_search_price rewritten in price order" :
	    "nothing to reorder on this store");
	return 0;
}

static int
num(const char *s, long long lo, long long hi, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && *v >= lo && *v <= hi;
}

static void
print_hit(const struct search_hit *h, int json, json_t *arr)
{
	char price[32];

	if (money_format_plain(h->price_from, price, sizeof price) != 0)
		snprintf(price, sizeof price, "?");
	if (json) {
		json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:i, s:I}",
		    "id", (json_int_t)h->gig_id, "title", h->title,
		    "price_from", (json_int_t)h->price_from, "price", price,
		    "seller", h->seller_handle, "seller_name", h->seller_name,
		    "rating_x100", h->rating_x100, "score", (json_int_t)h->score));
		return;
	}
	/* One hit a line, tab-separated: controls in a title become spaces. */
	{
		char title[SEARCH_TITLE_LEN];
		size_t k;

		memcpy(title, h->title, sizeof title);
		for (k = 0; title[k] != '\0'; k++)
			if ((unsigned char)title[k] < 0x20 || title[k] == 0x7F)
				title[k] = ' ';
		printf("%lld\t%s\t%s\t%s\n", (long long)h->gig_id, title, price,
		    h->seller_handle);
	}
}

static int
run_search(struct ctl *ctl, const char *query, const struct search_filter *f,
    enum search_sort sort, long long limit, int json)
{
	struct search_hit *hits = calloc(100, sizeof *hits);
	char cursor[SEARCH_CURSOR_MAX] = "", next[SEARCH_CURSOR_MAX];
	json_t *arr = json ? json_array() : NULL;
	long long shown = 0;
	size_t n, i;
	int r = 0;

	if (hits == NULL || (json && arr == NULL)) {
		fprintf(stderr, "jishictl: search: out of memory\n");
		free(hits);
		return 1;
	}
	do {
		size_t want = limit - shown < 100 ? (size_t)(limit - shown) : 100;

		if ((r = search_gigs(ctl->db, query, f, sort, cursor, hits, want, &n, next,
		    sizeof next)) != 0)
			break;
		for (i = 0; i < n; i++)
			print_hit(&hits[i], json, arr);
		shown += (long long)n;
		memcpy(cursor, next, sizeof cursor);
	} while (cursor[0] != '\0' && shown < limit);
	if (r == 0 && json) {
		char *s = json_dumps(arr, JSON_COMPACT);

		if (s != NULL)
			printf("%s\n", s);
		free(s);
	}
	json_decref(arr);
	free(hits);
	if (r != 0) {
		fprintf(stderr, "jishictl: search: %s%s%s\n", js_strerror(r),
		    r == JS_ERR_DB || r == JS_ERR_BUSY ? ": " : "",
		    r == JS_ERR_DB || r == JS_ERR_BUSY ? db_errmsg(ctl->db) : "");
		return 1;
	}
	return 0;
}

static int
cmd_search(struct ctl *ctl, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "category", required_argument, NULL, 'c' },
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "sort", required_argument, NULL, 's' },
		{ "price-min", required_argument, NULL, 'p' },
		{ "price-max", required_argument, NULL, 'P' },
		{ "days", required_argument, NULL, 'd' },
		{ "level", required_argument, NULL, 'l' },
		{ "rating", required_argument, NULL, 'r' },
		{ "online", no_argument, NULL, 'o' },
		{ "suggest", no_argument, NULL, 'S' },
		{ "reindex", no_argument, NULL, 'R' },
		{ "price-order", no_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 },
	};
	struct search_filter f = { 0 };
	enum search_sort sort = SEARCH_SORT_RELEVANCE;
	const char *slug = NULL;
	long long limit = 20, v;
	int json = 0, suggest = 0, reindex = 0, price_order = 0, c, r;
	size_t i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			slug = optarg;
			break;
		case 'n':
			if (!num(optarg, 1, SEARCH_CTL_MAX, &limit))
				return usage();
			break;
		case 'j':
			json = 1;
			break;
		case 'o':
			f.online_only = 1;
			break;
		case 'S':
			suggest = 1;
			break;
		case 'R':
			reindex = 1;
			break;
		case 'O':
			price_order = 1;
			break;
		case 's':
			for (i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
				if (strcmp(sorts[i].name, optarg) == 0)
					break;
			if (i == sizeof sorts / sizeof sorts[0])
				return usage();
			sort = sorts[i].sort;
			break;
		case 'p':
		case 'P':
		case 'd':
		case 'l':
		case 'r':
			if (!num(optarg, 0, c == 'l' ? 3 : c == 'r' ? 500 : (long long)1 << 50, &v))
				return usage();
			if (c == 'p')
				f.price_min = v;
			else if (c == 'P')
				f.price_max = v;
			else if (c == 'd')
				f.delivery_days_max = (int)v;
			else if (c == 'l')
				f.seller_level_min = (int)v;
			else
				f.rating_min_x100 = (int)v;
			break;
		default:
			return usage();
		}
	}
	if (reindex || price_order ? optind != argc || reindex + price_order > 1 :
	    optind != argc - 1)
		return usage();
	if ((r = ctl_open_db(ctl, 0)) != 0)
		return r;
	if (price_order)
		return price_order_now(ctl);
	if (reindex) {
		int64_t count;

		if ((r = search_reindex_all(ctl->db, &count)) != 0) {
			fprintf(stderr, "jishictl: search --reindex: %s: %s\n", js_strerror(r),
			    db_errmsg(ctl->db));
			return 1;
		}
		printf("search: indexed %lld active gigs\n", (long long)count);
		return 0;
	}
	if (suggest) {
		char out[20][SEARCH_SUGGEST_LEN];
		size_t n;

		if ((r = search_suggest(ctl->db, argv[optind], out, 20, &n)) != 0) {
			fprintf(stderr, "jishictl: search --suggest: %s\n", js_strerror(r));
			return 1;
		}
		for (i = 0; i < n; i++)
			printf("%s\n", out[i]);
		return 0;
	}
	if (slug != NULL && (r = search_category_by_slug(ctl->db, slug, &f.category_id)) != 0) {
		fprintf(stderr, "jishictl: search: category '%s': %s\n", slug, js_strerror(r));
		return 1;
	}
	return run_search(ctl, argv[optind], &f, sort, limit, json);
}

const struct ctl_cmd ctl_cmd_search = {
	"search", "[OPTIONS] QUERY", "search active gigs (ranked); --suggest, --reindex, --price-order",
	cmd_search,
};
