/* jishictl.c: entry point of the admin CLI: global options, then one command from the table. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "ctl.h"
#include "err.h"
#include "log.h"
#include "migrate.h"

#define CTL_DEFAULT_DB "sqlite:var/jishi.db"

static const struct ctl_cmd *const commands[] = {
	&ctl_cmd_migrate,
	&ctl_cmd_seed_demo,
	&ctl_cmd_ledger_check,
	&ctl_cmd_tui,
	&ctl_cmd_search,
	&ctl_cmd_trending,
	&ctl_cmd_worker,
};

static void
usage(FILE *f)
{
	size_t i, n = sizeof commands / sizeof commands[0];
	int wname = 0, wusage = 0;

	/* columns as wide as the widest name and usage (all ASCII) */
	for (i = 0; i < n; i++) {
		if ((int)strlen(commands[i]->name) > wname)
			wname = (int)strlen(commands[i]->name);
		if ((int)strlen(commands[i]->usage) > wusage)
			wusage = (int)strlen(commands[i]->usage);
	}
	fprintf(f, "usage: jishictl [--db URL] [--config FILE] [-v] COMMAND [ARGS]\n\n"
	    "commands:\n");
	for (i = 0; i < n; i++)
		fprintf(f, "  %-*s  %-*s  %s\n", wname, commands[i]->name, wusage,
		    commands[i]->usage, commands[i]->summary);
	fprintf(f, "\nThe database is --db, else $JISHI_DB, else [db] url in the config "
	    "file, else %s.\n", CTL_DEFAULT_DB);
}

int
ctl_open_db(struct ctl *ctl, int allow_old)
{
	char err[512];
	int have, want;

	if (db_open(ctl->db_url, &ctl->db, err, sizeof err) != 0) {
		fprintf(stderr, "jishictl: %s\n", err);
		return 1;
	}
	if (allow_old)
		return 0;
	want = migrations_builtin[migrations_builtin_count - 1].version;
	if (migrate_version(ctl->db, &have) != 0) {
		fprintf(stderr, "jishictl: cannot read the schema version: %s\n",
		    db_errmsg(ctl->db));
		return 1;
	}
	if (have < want) {
		fprintf(stderr, "jishictl: the database schema is at version %d, this program "
		    "needs %d: run `jishictl migrate` first\n", have, want);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl ctl = { 0 };
	const char *config = NULL;
	char err[512];
	size_t i;
	int c, status;

	log_init("jishictl", LOG_LVL_WARN, 0);
	if ((ctl.conf = conf_new()) == NULL) {
		fprintf(stderr, "jishictl: out of memory\n");
		return 1;
	}
	conf_alias(ctl.conf, "JISHI_DB", "db.url");
	while ((c = getopt_long(argc, argv, "+d:c:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			conf_set(ctl.conf, "db.url", optarg);
			break;
		case 'c':
			config = optarg;
			break;
		case 'v':
			log_set_level(LOG_LVL_INFO);
			break;
		case 'h':
			usage(stdout);
			conf_free(ctl.conf);
			return 0;
		default:
			usage(stderr);
			conf_free(ctl.conf);
			return 2;
		}
	}
	if (config != NULL && conf_load_file(ctl.conf, config, err, sizeof err) != 0) {
		fprintf(stderr, "jishictl: %s\n", err);
		conf_free(ctl.conf);
		return 1;
	}
	if (optind >= argc) {
		usage(stderr);
		conf_free(ctl.conf);
		return 2;
	}
	ctl.db_url = conf_get(ctl.conf, "db.url", CTL_DEFAULT_DB);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i]->name, argv[optind]) == 0)
			break;
	if (i == sizeof commands / sizeof commands[0]) {
		fprintf(stderr, "jishictl: unknown command '%s'\n\n", argv[optind]);
		usage(stderr);
		conf_free(ctl.conf);
		return 2;
	}
	status = commands[i]->run(&ctl, argc - optind, argv + optind);
	db_close(ctl.db);
	conf_free(ctl.conf);
	return status;
}
