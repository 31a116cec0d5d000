/* jishid.c: the Jishi server: options and configuration, the store migrated at start, the
 * SSH listener bound, privileges dropped, then the master loop. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <libssh/server.h>

#include "conf.h"
#include "db.h"
#include "err.h"
#include "jishid.h"
#include "log.h"
#include "migrate.h"
#include "search.h"
#include "text.h"
#include "upload.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: jishid [--listen ADDR:PORT] [--data DIR] [--db URL] [--config FILE]\n"
	    "              [--host-key FILE]... [--user NAME] [--foreground] [-v]\n"
	    "Defaults: --listen 0.0.0.0:2222 --data var --db sqlite:DATA/jishi.db\n");
}

/* "ADDR:PORT", "[v6]:PORT" or ":PORT" into cfg. */
static int
parse_listen(const char *s, struct jishid_config *cfg, char *err, size_t errlen)
{
	const char *colon = strrchr(s, ':');
	char *end;
	long port;
	size_t alen;

	if (colon == NULL) {
		snprintf(err, errlen, "listen '%s': expected ADDR:PORT", s);
		return -1;
	}
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || port < 1 || port > 65535) {
		snprintf(err, errlen, "listen '%s': port must be 1..65535", s);
		return -1;
	}
	alen = (size_t)(colon - s);
	if (alen >= 2 && s[0] == '[' && s[alen - 1] == ']')
		s++, alen -= 2;
	if (alen >= sizeof cfg->listen_addr) {
		snprintf(err, errlen, "listen '%s': address too long", s);
		return -1;
	}
	if (alen == 0)
		snprintf(cfg->listen_addr, sizeof cfg->listen_addr, "0.0.0.0");
	else
		snprintf(cfg->listen_addr, sizeof cfg->listen_addr, "%.*s", (int)alen, s);
	cfg->listen_port = (int)port;
	return 0;
}

/*
 * A size in bytes: digits, optionally followed by K, M or G (also KiB, MiB, GiB; powers
 * of 1024), between 1 and max.
 */
static int
config_size(struct conf *c, const char *name, int64_t def, int64_t max, int64_t *out,
    char *err, size_t errlen)
{
	static const struct { const char *suffix; int64_t mul; } units[] = {
		{ "", 1 }, { "K", 1024 }, { "KiB", 1024 }, { "M", 1024 * 1024 },
		{ "MiB", 1024 * 1024 }, { "G", 1024 * 1024 * 1024 },
		{ "GiB", 1024 * 1024 * 1024 },
	};
	const char *s = conf_get(c, name, NULL);
	char *end;
	long long v;
	size_t i;

	*out = def;
	if (s == NULL)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(end, units[i].suffix) == 0)
			break;
	if (errno != 0 || end == s || v < 1 || i == sizeof units / sizeof units[0] ||
	    v > max / units[i].mul) {
		snprintf(err, errlen, "%s '%s': expected a size such as 20M (1 byte to %lld "
		    "bytes)", name, s, (long long)max);
		return -1;
	}
	*out = v * units[i].mul;
	return 0;
}

/* Resolve the configuration: flags > environment > file > defaults. */
static int
load_config(struct conf *c, struct jishid_config *cfg, char *err, size_t errlen)
{
	int64_t v;
	const char *s;

	if (parse_listen(conf_get(c, "ssh.listen", "0.0.0.0:2222"), cfg, err, errlen) != 0)
		return -1;
	snprintf(cfg->data_dir, sizeof cfg->data_dir, "%s",
	    conf_get(c, "server.data", "var"));
	s = conf_get(c, "db.url", NULL);
	if (s != NULL)
		snprintf(cfg->db_url, sizeof cfg->db_url, "%s", s);
	else
		snprintf(cfg->db_url, sizeof cfg->db_url, "sqlite:%s/jishi.db", cfg->data_dir);
	snprintf(cfg->run_user, sizeof cfg->run_user, "%s", conf_get(c, "server.user", ""));
	if (conf_get_int(c, "session.max_per_account", 5, 0, 1000, &v, err, errlen) != 0)
		return -1;
	cfg->max_sessions = (int)v;
	if (conf_get_int(c, "session.idle_timeout", 1800, 0, 7 * 86400, &v, err,
	    errlen) != 0)
		return -1;
	cfg->idle_timeout = (int)v;
	if (config_size(c, "uploads.max_file", UPLOAD_DEFAULT_MAX_FILE,
	    INT64_C(1) << 40, &cfg->upload_max_file, err, errlen) != 0 ||
	    config_size(c, "uploads.quota", UPLOAD_DEFAULT_QUOTA, INT64_C(1) << 50,
	    &cfg->upload_quota, err, errlen) != 0)
		return -1;
	if ((s = conf_get(c, "ssh.host_key", NULL)) != NULL && cfg->n_host_keys == 0) {
		snprintf(cfg->host_key[0], sizeof cfg->host_key[0], "%s", s);
		cfg->n_host_keys = 1;
	}
	if ((v = order_conf_load(c, &cfg->orders, err, errlen)) != 0) {
		if (v == JS_ERR_CONFIG)
			return -1;
		order_conf_defaults(&cfg->orders);
	}
	s = conf_get(c, "log.level", "info");
	if ((cfg->log_level = log_level_parse(s)) < 0) {
		snprintf(err, errlen, "log.level '%s': expected debug, info, warn or error", s);
		return -1;
	}
	return 0;
}

static int
migrate_store(const struct jishid_config *cfg)
{
	struct db *db;
	char err[512];
	int applied, r;

	if (strncmp(cfg->db_url, "sqlite:", 7) == 0 && mkdir(cfg->data_dir, 0700) != 0 &&
	    errno != EEXIST) {
		log_error("cannot create %s: %s", cfg->data_dir, strerror(errno));
		return -1;
	}
	if (db_open(cfg->db_url, &db, err, sizeof err) != 0) {
		log_error("store: %s", err);
		return -1;
	}
	r = migrate_run(db, migrations_builtin, migrations_builtin_count, &applied, err,
	    sizeof err);
	db_close(db);
	if (r != 0) {
		log_error("%s", err);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "config", required_argument, NULL, 'c' },
		{ "host-key", required_argument, NULL, 'k' },
		{ "user", required_argument, NULL, 'u' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct jishid_config cfg;
	struct conf *c;
	const char *config = NULL;
	char err[512];
	ssh_bind bind;
	int ch, verbose = 0;

	memset(&cfg, 0, sizeof cfg);
	log_init("jishid", LOG_LVL_INFO, 0);
	if ((c = conf_new()) == NULL)
		return 1;
	conf_alias(c, "JISHI_DB", "db.url");
	while ((ch = getopt_long(argc, argv, "l:d:b:c:k:u:fvh", opts, NULL)) != -1) {
		switch (ch) {
		case 'l': conf_set(c, "ssh.listen", optarg); break;
		case 'd': conf_set(c, "server.data", optarg); break;
		case 'b': conf_set(c, "db.url", optarg); break;
		case 'c': config = optarg; break;
		case 'u': conf_set(c, "server.user", optarg); break;
		case 'f': cfg.foreground = 1; break;
		case 'v': verbose = 1; break;
		case 'k':
			if (cfg.n_host_keys == 2) {
				fprintf(stderr, "jishid: at most two --host-key\n");
				return 2;
			}
			snprintf(cfg.host_key[cfg.n_host_keys++], sizeof cfg.host_key[0], "%s",
			    optarg);
			break;
		case 'h': usage(stdout); conf_free(c); return 0;
		default: usage(stderr); conf_free(c); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if ((config != NULL && conf_load_file(c, config, err, sizeof err) != 0) ||
	    load_config(c, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "jishid: %s\n", err);
		conf_free(c);
		return 1;
	}
	conf_free(c);
	log_init("jishid", verbose ? LOG_LVL_DEBUG : (enum log_level)cfg.log_level,
	    !cfg.foreground);
	if (migrate_store(&cfg) != 0)
		return 1;
	if (ssh_init() != SSH_OK || (bind = ssh_bind_new()) == NULL) {
		log_error("libssh initialisation failed");
		return 1;
	}
	ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BINDADDR, cfg.listen_addr);
	ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BINDPORT, &cfg.listen_port);
	if (hostkey_setup(bind, &cfg) != 0)
		return 1;
	if (ssh_bind_listen(bind) != SSH_OK) {
		log_error("cannot listen on %s:%d: %s", cfg.listen_addr, cfg.listen_port,
		    ssh_get_error(bind));
		return 1;
	}
	if (privdrop(&cfg) != 0)
		return 1;
	/* Uploads that sessions of an earlier run were writing when it stopped. */
	if (upload_tmp_clean(cfg.data_dir, 0, &ch) == 0 && ch > 0)
		log_info("removed %d unfinished uploads", ch);
	/* ICU is slow to open: do it once here so no session pays for it after fork. */
	if (text_init() != 0)
		log_warn("ICU break iterators could not be opened in advance");
	if (search_init() != 0)
		log_warn("ICU transliterator for pinyin could not be opened in advance");
	if (!cfg.foreground && daemon(1, 0) != 0) {
		log_error("daemon: %s", strerror(errno));
		return 1;
	}
	master_run(bind, &cfg);
	ssh_bind_free(bind);
	ssh_finalize();
	return 0;
}
