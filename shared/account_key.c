/* account_key.c: the SSH keys of an account: checks, list, add, relabel, remove. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "err.h"
#include "log.h"

/* Key algorithms a client may register (what OpenSSH offers today). */
static const char *const key_types[] = {
	"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
	"ssh-rsa", "rsa-sha2-256", "rsa-sha2-512", "sk-ssh-ed25519@openssh.com",
	"sk-ecdsa-sha2-nistp256@openssh.com",
};

#define KEY_B64_MAX 8192          /* a 16384-bit RSA key is about 2,800 characters */

/* Non-empty base64 (padding allowed) of at most max bytes? */
static int
b64_valid(const char *s, size_t max)
{
	size_t i;

	if (s == NULL || s[0] == '\0')
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];

		if (i >= max || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '='))
			return 0;
	}
	return 1;
}

int
account_key_check(const char *type, const char *b64, const char *fp)
{
	struct account_key k;
	size_t i;
	int known = 0;

	for (i = 0; type != NULL && i < sizeof key_types / sizeof key_types[0]; i++)
		known |= strcmp(type, key_types[i]) == 0;
	if (!known || !b64_valid(b64, KEY_B64_MAX) || fp == NULL ||
	    strncmp(fp, "SHA256:", 7) != 0 || strlen(fp) >= sizeof k.fingerprint ||
	    !b64_valid(fp + 7, sizeof k.fingerprint))
		return JS_ERR_INVALID;
	return 0;
}

int
account_keys_list(struct db *db, int64_t actor, int64_t user, struct account_key *out,
    size_t max, size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = account_actor_may(db, actor, user)) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT id, key_type, fingerprint, label, created_at,"
	    " COALESCE(last_used_at, 0) FROM ssh_keys WHERE user_id = $1 ORDER BY id",
	    &st)) != 0 || (r = db_bind_int64(st, 1, user)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		struct account_key *k = &out[(*n)++];

		memset(k, 0, sizeof *k);
		k->id = db_col_int64(st, 0);
		snprintf(k->type, sizeof k->type, "%s", db_col_text(st, 1));
		snprintf(k->fingerprint, sizeof k->fingerprint, "%s", db_col_text(st, 2));
		snprintf(k->label, sizeof k->label, "%s", db_col_text(st, 3));
		k->created_at = db_col_int64(st, 4);
		k->last_used_at = db_col_int64(st, 5);
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

struct key_add {
	int64_t actor, user;
	const char *type, *b64, *fp;
	const char *label;
};

static int
key_add_tx(struct db *db, void *ud)
{
	struct key_add *a = ud;
	struct db_stmt *st;
	int r;

	if ((r = account_actor_may(db, a->actor, a->user)) != 0)
		return r;
	/* Lock the account row: concurrent adds then count one after the other. */
	if ((r = db_prepare(db, "SELECT id FROM users WHERE id = $1 FOR UPDATE",
	    &st)) != 0 || (r = db_bind_int64(st, 1, a->user)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	db_reset(st);
	if ((r = db_prepare(db, "SELECT COUNT(*) FROM ssh_keys WHERE user_id = $1",
	    &st)) != 0 || (r = db_bind_int64(st, 1, a->user)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	r = db_col_int64(st, 0) >= ACCOUNT_KEYS_MAX ? JS_ERR_TOO_BIG : 0;
	db_reset(st);
	if (r != 0)
		return r;
	if ((r = db_prepare(db, "INSERT INTO ssh_keys (user_id, key_type, key_blob,"
	    " fingerprint, label, created_at) VALUES ($1, $2, $3, $4, $5, $6)", &st)) != 0)
		return r;
	if ((r = db_bind_int64(st, 1, a->user)) != 0 ||
	    (r = db_bind_text(st, 2, a->type)) != 0 ||
	    (r = db_bind_text(st, 3, a->b64)) != 0 ||
	    (r = db_bind_text(st, 4, a->fp)) != 0 ||
	    (r = db_bind_text(st, 5, a->label)) != 0 ||
	    (r = db_bind_int64(st, 6, (int64_t)time(NULL))) != 0)
		return r;
	return db_step_done(st);
}

int
account_key_add(struct db *db, int64_t actor, int64_t user, const char *type,
    const char *b64, const char *fp, const char *label)
{
	struct key_add a = { actor, user, type, b64, fp, NULL };
	char *clean = NULL;
	int r;

	if ((r = account_key_check(type, b64, fp)) != 0 ||
	    (r = account_text_clean(label ? label : "", ACCOUNT_LABEL_MAX, 0, &clean)) != 0)
		return r;
	a.label = clean;
	/* Nested inside a caller's transaction (sign-up, link code) it is a savepoint. */
	if ((r = db_tx(db, key_add_tx, &a)) == 0)
		log_info("key added user=%lld fp=%s", (long long)user, fp);
	free(clean);
	return r;
}

/* The account that owns key_id. */
static int
key_owner(struct db *db, int64_t key_id, int64_t *user)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT user_id FROM ssh_keys WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, key_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	*user = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}

int
account_key_label(struct db *db, int64_t actor, int64_t key_id, const char *label)
{
	struct db_stmt *st;
	char *clean = NULL;
	int64_t user;
	int r;

	if ((r = account_text_clean(label ? label : "", ACCOUNT_LABEL_MAX, 0, &clean)) != 0)
		return r;
	if ((r = key_owner(db, key_id, &user)) == 0 &&
	    (r = account_actor_may(db, actor, user)) == 0 &&
	    (r = db_prepare(db, "UPDATE ssh_keys SET label = $1 WHERE id = $2", &st)) == 0 &&
	    (r = db_bind_text(st, 1, clean)) == 0 && (r = db_bind_int64(st, 2, key_id)) == 0)
		r = db_step_done(st);
	free(clean);
	return r;
}

struct key_remove {
	int64_t actor, key_id, user;
};

static int
key_remove_tx(struct db *db, void *ud)
{
	struct key_remove *k = ud;
	struct db_stmt *st;
	int64_t user, keys;
	int r, has_password;

	if ((r = key_owner(db, k->key_id, &user)) != 0 ||
	    (r = account_actor_may(db, k->actor, user)) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END"
	    " FROM users WHERE id = $1 FOR UPDATE", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, user)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	has_password = db_col_int64(st, 0) == 1;
	db_reset(st);
	if ((r = db_prepare(db, "SELECT COUNT(*) FROM ssh_keys WHERE user_id = $1",
	    &st)) != 0 || (r = db_bind_int64(st, 1, user)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	keys = db_col_int64(st, 0);
	db_reset(st);
	/* The last way in stays: without it the account could never log in again. */
	if (keys <= 1 && !has_password)
		return JS_ERR_STATE;
	if ((r = db_prepare(db, "DELETE FROM ssh_keys WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, k->key_id)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	k->user = user;
	return 0;
}

int
account_key_remove(struct db *db, int64_t actor, int64_t key_id)
{
	struct key_remove k = { actor, key_id, 0 };
	int r;

	if ((r = db_tx(db, key_remove_tx, &k)) == 0)
		log_info("key removed user=%lld key=%lld actor=%lld", (long long)k.user,
		    (long long)key_id, (long long)actor);
	return r;
}
