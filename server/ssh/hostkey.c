/* hostkey.c: the server's host keys: ed25519 (and RSA for old clients), made on first start. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <libssh/server.h>

#include "jishid.h"
#include "log.h"

struct keyspec {
	const char *file;
	enum ssh_keytypes_e type;
	int bits;
};

static const struct keyspec default_keys[] = {
	{ "ssh_host_ed25519_key", SSH_KEYTYPE_ED25519, 0 },
	{ "ssh_host_rsa_key", SSH_KEYTYPE_RSA, 3072 },
};

/* Make the key file at path unless it exists; always leave it mode 0600. */
static int
hostkey_generate(const char *path, const struct keyspec *k)
{
	ssh_key key = NULL;
	mode_t old;
	int r;

	if (access(path, F_OK) == 0)
		return chmod(path, 0600) == 0 ? 0 : -1;
	if (ssh_pki_generate(k->type, k->bits, &key) != SSH_OK) {
		log_error("cannot generate %s", path);
		return -1;
	}
	old = umask(077);
	r = ssh_pki_export_privkey_file(key, NULL, NULL, NULL, path);
	umask(old);
	ssh_key_free(key);
	if (r != SSH_OK) {
		log_error("cannot write host key %s", path);
		return -1;
	}
	log_info("generated host key file=%s", path);
	return 0;
}

static int
hostkey_load(ssh_bind bind, const char *path)
{
	ssh_key key = NULL;
	struct stat st;

	if (stat(path, &st) != 0) {
		log_error("host key %s: %s", path, strerror(errno));
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		log_error("host key %s is readable by others (mode %o): chmod 600 it", path,
		    (unsigned)(st.st_mode & 0777));
		return -1;
	}
	if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, &key) != SSH_OK) {
		log_error("cannot read host key %s", path);
		return -1;
	}
	/* The bind takes ownership of the key. */
	if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_IMPORT_KEY, key) != SSH_OK) {
		log_error("cannot use host key %s: %s", path, ssh_get_error(bind));
		ssh_key_free(key);
		return -1;
	}
	return 0;
}

int
hostkey_setup(ssh_bind bind, const struct jishid_config *cfg)
{
	char path[1200];
	size_t i;
	int n;

	if (cfg->n_host_keys > 0) {
		for (n = 0; n < cfg->n_host_keys; n++)
			if (hostkey_load(bind, cfg->host_key[n]) != 0)
				return -1;
		return 0;
	}
	for (i = 0; i < sizeof default_keys / sizeof default_keys[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", cfg->data_dir, default_keys[i].file);
		if (hostkey_generate(path, &default_keys[i]) != 0 ||
		    hostkey_load(bind, path) != 0)
			return -1;
	}
	return 0;
}
