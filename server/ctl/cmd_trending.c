/* cmd_trending.c: `jishictl trending-refresh`: recompute the trending gigs now (the
 * worker does this as a job; this is for operators, scripts and `make run`). */
#include <stdio.h>
#include <time.h>

#include "ctl.h"
#include "discovery.h"
#include "err.h"

static int
cmd_trending(struct ctl *ctl, int argc, char **argv)
{
	int64_t rows = 0;
	int r;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: jishictl trending-refresh\n");
		return 2;
	}
	if ((r = ctl_open_db(ctl, 0)) != 0)
		return r;
	if ((r = discovery_trending_refresh(ctl->db, (int64_t)time(NULL), &rows)) != 0) {
		fprintf(stderr, "jishictl: trending-refresh: %s: %s\n", js_strerror(r),
		    db_errmsg(ctl->db));
		return 1;
	}
	printf("trending-refresh: %lld gigs ranked\n", (long long)rows);
	return 0;
}

const struct ctl_cmd ctl_cmd_trending = {
	"trending-refresh", "", "recompute trending gigs (per category, time-decayed)",
	cmd_trending,
};
