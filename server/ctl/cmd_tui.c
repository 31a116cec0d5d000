/* cmd_tui.c: `jishictl tui --as HANDLE`: the TUI on this terminal for a local operator;
 * `--new [--pubkey FILE]` shows what an unknown key sees (sign-up, link a device). */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "account.h"
#include "ctl.h"
#include "err.h"
#include "log.h"
#include "order.h"
#include "i18n.h"
#include "tui.h"

struct pubkey {
	char type[64];
	char b64[8200];
	char fp[80];
};

/* Read an OpenSSH public key line ("type base64 comment") and compute its SHA256
 * fingerprint as ssh-keygen -l prints it. 0 or -1. */
static int
read_pubkey(const char *path, struct pubkey *k)
{
	unsigned char blob[6200], hash[crypto_hash_sha256_BYTES];
	char line[8400], *save = NULL, *type, *b64;
	size_t n;
	FILE *f;
	int ok;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	ok = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	if (!ok || (type = strtok_r(line, " \t\n", &save)) == NULL ||
	    (b64 = strtok_r(NULL, " \t\n", &save)) == NULL ||
	    strlen(type) >= sizeof k->type || strlen(b64) >= sizeof k->b64)
		return -1;
	memcpy(k->type, type, strlen(type) + 1);
	memcpy(k->b64, b64, strlen(b64) + 1);
	if (sodium_base642bin(blob, sizeof blob, k->b64, strlen(k->b64), NULL, &n, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	crypto_hash_sha256(hash, blob, n);
	memcpy(k->fp, "SHA256:", 7);
	sodium_bin2base64(k->fp + 7, sizeof k->fp - 7, hash, sizeof hash,
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	return 0;
}

static int
cmd_tui(struct ctl *ctl, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as", required_argument, NULL, 'a' },
		{ "idle", required_argument, NULL, 'i' },
		{ "new", no_argument, NULL, 'n' },
		{ "pubkey", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct tui_params p = { 0 };
	struct order_conf oc;
	char cerr[256];
	struct account acct = { 0 };
	static struct pubkey key;
	const char *handle = NULL, *keyfile = NULL;
	char *end;
	long idle = 0;
	int64_t sid = 0;
	int c, r, status, bad = 0, fresh = 0;

	setlocale(LC_ALL, "C.UTF-8");
	i18n_init();
	i18n_set_lang(i18n_lang_from_hint(getenv("LANG")));
	optind = 0;
	while ((c = getopt_long(argc, argv, "+a:i:nk:", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			handle = optarg;
			break;
		case 'n':
			fresh = 1;
			break;
		case 'k':
			keyfile = optarg;
			break;
		case 'i':
			idle = strtol(optarg, &end, 10);
			if (*end != '\0' || idle < 0 || idle > 86400)
				bad = 1;
			break;
		default:
			bad = 1;
		}
	}
	if (bad || (handle == NULL) == !fresh || (keyfile != NULL && !fresh) ||
	    optind != argc) {
		fprintf(stderr, "%s\n", _("usage: jishictl tui --as HANDLE [--idle SECONDS]\n"
		    "       jishictl tui --new [--pubkey FILE] [--idle SECONDS]"));
		return 2;
	}
	if (keyfile != NULL && (sodium_init() < 0 || read_pubkey(keyfile, &key) != 0)) {
		fprintf(stderr, _("jishictl: %s is not an OpenSSH public key\n"), keyfile);
		return 1;
	}
	if (order_conf_load(ctl->conf, &oc, cerr, sizeof cerr) != 0) {
		fprintf(stderr, "jishictl: %s\n", cerr);
		return 1;
	}
	if ((r = ctl_open_db(ctl, 0)) != 0)
		return r;
	if (!fresh && ((r = account_by_handle(ctl->db, handle, &acct)) != 0 ||
	    strcmp(acct.status, "active") != 0)) {
		fprintf(stderr, _("jishictl: no active account with handle %s\n"), handle);
		return 1;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s\n", _("jishictl: tui needs a terminal"));
		return 1;
	}
	if (!fresh && session_begin(ctl->db, acct.id, "local", 0, "local", getenv("TERM"),
	    (int)getpid(), 0, &sid) != 0)
		sid = 0;
	if (keyfile != NULL) {
		p.key_type = key.type;
		p.key_b64 = key.b64;
		p.key_fp = key.fp;
	}
	p.db_url = ctl->db_url;
	p.account_id = acct.id;
	p.term = getenv("TERM");
	p.no_color = getenv("NO_COLOR") != NULL && *getenv("NO_COLOR") != '\0';
	p.lang_hint = getenv("LANG");
	p.remote_addr = "local";
	p.idle_timeout = (int)idle;
	p.session_id = sid;
	p.orders = &oc;
	/* The UI owns this terminal now: a log line written to it would land in the
	 * middle of the screen. Logs go to syslog while it runs. */
	if (isatty(STDERR_FILENO))
		log_init("jishictl", LOG_LVL_WARN, 1);
	status = tui_run(&p);
	if (sid != 0)
		session_end(ctl->db, sid, status == 0 ? "quit" : "ended");
	return status;
}

const struct ctl_cmd ctl_cmd_tui = {
	"tui", "--as HANDLE | --new", "run the terminal UI here (as that account)", cmd_tui,
};
