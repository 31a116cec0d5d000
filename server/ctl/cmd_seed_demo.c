/* cmd_seed_demo.c: `jishictl seed-demo`: load the demonstration marketplace (idempotent). */
#include <stdio.h>

#include "ctl.h"
#include "demo_seed.h"
#include "err.h"

static int
cmd_seed_demo(struct ctl *ctl, int argc, char **argv)
{
	struct demo_seed_stats s;
	int r;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: jishictl seed-demo\n");
		return 2;
	}
	if ((r = ctl_open_db(ctl, 0)) != 0)
		return r;
	if ((r = demo_seed(ctl->db, &s)) != 0) {
		fprintf(stderr, "jishictl: seed-demo: %s: %s\n", js_strerror(r),
		    db_errmsg(ctl->db));
		return 1;
	}
	printf("seed-demo: added %d categories, %d users, %d gigs, %d wallet top-ups\n",
	    s.categories, s.users, s.gigs, s.topups);
	return 0;
}

const struct ctl_cmd ctl_cmd_seed_demo = {
	"seed-demo", "", "load demonstration data (safe to repeat)", cmd_seed_demo,
};
