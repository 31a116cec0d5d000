/* cmd_seed_demo.c: `jishictl seed-demo [--gigs N]`: the demonstration marketplace (idempotent),
 * and optionally N synthetic gigs for benchmarks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "demo_gigs.h"
#include "demo_seed.h"
#include "err.h"
#include "search.h"

static int
usage(void)
{
	fprintf(stderr, "usage: jishictl seed-demo [--gigs N] [--seed S]\n");
	return 2;
}

static int
parse_count(const char *s, long long lo, long long hi, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && *v >= lo && *v <= hi;
}

static int
cmd_seed_demo(struct ctl *ctl, int argc, char **argv)
{
	struct demo_seed_stats s;
	struct demo_gigs_stats g;
	long long gigs = 0, seed = 1;
	int64_t indexed;
	int i, r;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--gigs") == 0 && i + 1 < argc) {
			if (!parse_count(argv[++i], 1, 100000000, &gigs))
				return usage();
		} else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			if (!parse_count(argv[++i], 0, (long long)INT64_MAX, &seed))
				return usage();
		} else {
			return usage();
		}
	}
	if ((r = ctl_open_db(ctl, 0)) != 0)
		return r;
	if ((r = demo_seed(ctl->db, &s)) != 0) {
		fprintf(stderr, "jishictl: seed-demo: %s: %s\n", js_strerror(r),
		    db_errmsg(ctl->db));
		return 1;
	}
	printf("seed-demo: added %d categories, %d users, %d gigs, %d wallet top-ups,"
	    " %d orders, %d offers\n", s.categories, s.users, s.gigs, s.topups, s.orders,
	    s.offers);
	/* demo_seed writes gigs without their search rows: index what it just added. */
	if (s.gigs > 0 && (r = search_reindex_all(ctl->db, &indexed)) != 0) {
		fprintf(stderr, "jishictl: seed-demo: search index: %s: %s\n", js_strerror(r),
		    db_errmsg(ctl->db));
		return 1;
	}
	if (gigs == 0)
		return 0;
	if ((r = demo_gigs(ctl->db, gigs, (uint64_t)seed, &g)) != 0) {
		fprintf(stderr, "jishictl: seed-demo: --gigs: %s: %s\n", js_strerror(r),
		    r == JS_ERR_STATE ? "no categories" : db_errmsg(ctl->db));
		return 1;
	}
	printf("seed-demo: generated %lld gigs (%lld active, indexed) for %lld sellers,"
	    " %lld suggestion terms, in %.2f s (%.0f gigs/s; search index %.2f s,"
	    " secondary indexes rebuilt %.2f s)\n", (long long)g.gigs,
	    (long long)g.active, (long long)g.sellers, (long long)g.terms, g.seconds,
	    g.seconds > 0 ? (double)g.gigs / g.seconds : 0.0, g.index_seconds,
	    g.rebuild_seconds);
	return 0;
}

const struct ctl_cmd ctl_cmd_seed_demo = {
	"seed-demo", "[--gigs N]", "load demonstration data (safe to repeat); N more gigs",
	cmd_seed_demo,
};
