/* privdrop.c: a root-started jishid hands its data dir to the configured user and becomes
 * that user, after the port is bound and the host keys are loaded. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jishid.h"
#include "log.h"

/* The SQLite store and its WAL files must stay writable by the new user. */
static void
chown_store(const struct jishid_config *cfg, uid_t uid, gid_t gid)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char path[1200];
	size_t i;

	if (chown(cfg->data_dir, uid, gid) != 0)
		log_warn("chown %s: %s", cfg->data_dir, strerror(errno));
	if (strncmp(cfg->db_url, "sqlite:", 7) != 0)
		return;
	for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(path, sizeof path, "%s%s", cfg->db_url + 7, suffix[i]);
		if (chown(path, uid, gid) != 0 && errno != ENOENT)
			log_warn("chown %s: %s", path, strerror(errno));
	}
}

int
privdrop(const struct jishid_config *cfg)
{
	struct passwd *pw;

	if (geteuid() != 0)
		return 0;
	if (cfg->run_user[0] == '\0') {
		log_warn("running as root: set user = NAME in [server] to drop privileges");
		return 0;
	}
	if ((pw = getpwnam(cfg->run_user)) == NULL) {
		log_error("user %s does not exist", cfg->run_user);
		return -1;
	}
	chown_store(cfg, pw->pw_uid, pw->pw_gid);
	if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0) {
		log_error("cannot become %s: %s", cfg->run_user, strerror(errno));
		return -1;
	}
	if (setuid(0) == 0) {
		log_error("privileges could be regained after dropping them");
		return -1;
	}
	log_info("dropped privileges user=%s uid=%ld", cfg->run_user, (long)pw->pw_uid);
	return 0;
}
