/* cmd_worker.c: `jishictl worker [--once]`: the job worker of jishid in the foreground,
 * for operators and tests; --once runs what is due now and exits. */
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "log.h"
#include "worker.h"

static int
cmd_worker(struct ctl *ctl, int argc, char **argv)
{
	struct worker_config wc;
	char err[512];
	int once = 0, r;

	if (argc == 2 && strcmp(argv[1], "--once") == 0)
		once = 1;
	else if (argc != 1) {
		fprintf(stderr, "usage: jishictl worker [--once]\n");
		return 2;
	}
	/* [worker] enabled is about jishid's child; run here, the operator asked for it. */
	if (worker_config_load(ctl->conf, &wc, err, sizeof err) != 0) {
		fprintf(stderr, "jishictl: %s\n", err);
		return 1;
	}
	if ((r = ctl_open_db(ctl, 0)) != 0)
		return r;
	/* One line per job is what this command is for. */
	log_set_level(LOG_LVL_INFO);
	return worker_run(ctl->db, &wc, once);
}

const struct ctl_cmd ctl_cmd_worker = {
	"worker", "[--once]", "run the job worker in the foreground (--once: what is due now)",
	cmd_worker,
};
