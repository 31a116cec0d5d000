/* cmd_migrate.c: `jishictl migrate`: apply the built-in schema migrations. */
#include <stdio.h>

#include "ctl.h"
#include "migrate.h"

static int
cmd_migrate(struct ctl *ctl, int argc, char **argv)
{
	char err[512];
	int applied, version, r;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: jishictl migrate\n");
		return 2;
	}
	if ((r = ctl_open_db(ctl, 1)) != 0)
		return r;
	if (migrate_run(ctl->db, migrations_builtin, migrations_builtin_count, &applied,
	    err, sizeof err) != 0) {
		fprintf(stderr, "jishictl: %s\n", err);
		return 1;
	}
	if (migrate_version(ctl->db, &version) != 0)
		return 1;
	printf("migrate: applied %d migration%s, schema at version %d\n", applied,
	    applied == 1 ? "" : "s", version);
	return 0;
}

const struct ctl_cmd ctl_cmd_migrate = {
	"migrate", "", "apply pending schema migrations", cmd_migrate,
};
