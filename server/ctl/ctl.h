/* ctl.h: jishictl, the administrator's command line: shared state and the command table. */
#ifndef JS_CTL_H
#define JS_CTL_H

#include "conf.h"
#include "db.h"

struct ctl {
	struct conf *conf;
	const char *db_url;       /* resolved: --db > JISHI_DB > [db] url > default */
	struct db *db;            /* opened by ctl_open_db */
};

struct ctl_cmd {
	const char *name;
	const char *usage;        /* arguments after the command name */
	const char *summary;
	int (*run)(struct ctl *ctl, int argc, char **argv);   /* exit status */
};

extern const struct ctl_cmd ctl_cmd_migrate;
extern const struct ctl_cmd ctl_cmd_seed_demo;
extern const struct ctl_cmd ctl_cmd_ledger_check;
extern const struct ctl_cmd ctl_cmd_tui;
extern const struct ctl_cmd ctl_cmd_search;
extern const struct ctl_cmd ctl_cmd_trending;
extern const struct ctl_cmd ctl_cmd_worker;

/*
 * Open ctl->db. Unless `allow_old` is set, refuse (with a message telling to run
 * `jishictl migrate`) a database whose schema is older than this program's.
 * Returns 0, or prints why and returns an exit status.
 */
int ctl_open_db(struct ctl *ctl, int allow_old);

#endif
