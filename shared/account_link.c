/* account_link.c: one-time device-link codes: issue (stored hashed), redeem to add a key. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "err.h"
#include "log.h"

/* No 0/O, 1/I/L: a code read aloud or copied from a phone cannot be mistaken. */
static const char link_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

#define LINK_HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

static int
link_sodium(void)
{
	static int ready;

	if (!ready) {
		if (sodium_init() < 0) {
			log_error("sodium_init failed");
			return JS_ERR_IO;
		}
		ready = 1;
	}
	return 0;
}

static void
link_hash(const char *code, char hex[LINK_HASH_HEX])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, (const unsigned char *)code, strlen(code));
	sodium_bin2hex(hex, LINK_HASH_HEX, digest, sizeof digest);
}

struct link_new {
	int64_t user;
	char *code;
};

static int
link_new_tx(struct db *db, void *ud)
{
	struct link_new *l = ud;
	int64_t now = (int64_t)time(NULL);
	char hex[LINK_HASH_HEX];
	struct db_stmt *st;
	size_t i;
	int r;

	if ((r = db_prepare(db, "SELECT id FROM users WHERE id = $1 AND status = 'active'"
	    " FOR UPDATE", &st)) != 0 || (r = db_bind_int64(st, 1, l->user)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	db_reset(st);
	/* A new code replaces the older unused ones. */
	if ((r = db_prepare(db, "DELETE FROM link_codes WHERE user_id = $1 AND"
	    " purpose = 'device_link' AND used_at IS NULL", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, l->user)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	for (i = 0; i < ACCOUNT_LINK_CODE_LEN; i++)
		l->code[i] = link_alphabet[randombytes_uniform(sizeof link_alphabet - 1)];
	l->code[ACCOUNT_LINK_CODE_LEN] = '\0';
	link_hash(l->code, hex);
	if ((r = db_prepare(db, "INSERT INTO link_codes (user_id, purpose, code_hash,"
	    " created_at, expires_at) VALUES ($1, 'device_link', $2, $3, $4)", &st)) != 0)
		return r;
	if ((r = db_bind_int64(st, 1, l->user)) != 0 ||
	    (r = db_bind_text(st, 2, hex)) != 0 ||
	    (r = db_bind_int64(st, 3, now)) != 0 ||
	    (r = db_bind_int64(st, 4, now + ACCOUNT_LINK_CODE_TTL)) != 0)
		return r;
	return db_step_done(st);
}

int
account_link_code_new(struct db *db, int64_t user, char code[ACCOUNT_LINK_CODE_LEN + 1])
{
	struct link_new l = { user, code };
	int r, tries;

	if ((r = link_sodium()) != 0)
		return r;
	/* A clash with a live code of someone else (1 in 31^8 per code) draws again. */
	for (tries = 0; tries < 3; tries++)
		if ((r = db_tx(db, link_new_tx, &l)) != JS_ERR_EXISTS)
			break;
	if (r != 0)
		code[0] = '\0';
	else
		log_info("link code issued user=%lld", (long long)user);
	return r;
}

/* Uppercase, trim spaces and check the alphabet; 0 if it cannot be a code. */
static int
link_normalize(const char *in, char out[ACCOUNT_LINK_CODE_LEN + 1])
{
	size_t len, i;

	if (in == NULL)
		return 0;
	while (*in == ' ')
		in++;
	len = strlen(in);
	while (len > 0 && in[len - 1] == ' ')
		len--;
	if (len != ACCOUNT_LINK_CODE_LEN)
		return 0;
	for (i = 0; i < len; i++) {
		char c = in[i] >= 'a' && in[i] <= 'z' ? (char)(in[i] - 'a' + 'A') : in[i];

		if (c == '\0' || strchr(link_alphabet, c) == NULL)
			return 0;
		out[i] = c;
	}
	out[len] = '\0';
	return 1;
}

struct link_redeem {
	char hash[LINK_HASH_HEX];
	const char *type, *b64, *fp, *addr;
	int64_t user;
};

static int
link_redeem_tx(struct db *db, void *ud)
{
	struct link_redeem *l = ud;
	int64_t now = (int64_t)time(NULL), code_id, key_id;
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT c.id, c.user_id FROM link_codes c"
	    " JOIN users u ON u.id = c.user_id WHERE c.code_hash = $1"
	    " AND c.purpose = 'device_link' AND c.used_at IS NULL AND c.expires_at > $2"
	    " AND u.status = 'active' FOR UPDATE", &st)) != 0 ||
	    (r = db_bind_text(st, 1, l->hash)) != 0 || (r = db_bind_int64(st, 2, now)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	code_id = db_col_int64(st, 0);
	l->user = db_col_int64(st, 1);
	db_reset(st);
	if ((r = account_key_add(db, l->user, l->user, l->type, l->b64, l->fp,
	    "linked device")) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT id FROM ssh_keys WHERE fingerprint = $1",
	    &st)) != 0 || (r = db_bind_text(st, 1, l->fp)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	key_id = db_col_int64(st, 0);
	db_reset(st);
	if ((r = db_prepare(db, "UPDATE link_codes SET used_at = $2, used_key_id = $3,"
	    " used_remote_addr = $4 WHERE id = $1 AND used_at IS NULL", &st)) != 0)
		return r;
	if ((r = db_bind_int64(st, 1, code_id)) != 0 ||
	    (r = db_bind_int64(st, 2, now)) != 0 ||
	    (r = db_bind_int64(st, 3, key_id)) != 0 ||
	    (r = db_bind_text(st, 4, l->addr)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	return db_changes(st) == 1 ? 0 : JS_ERR_NOT_FOUND;
}

int
account_link_code_redeem(struct db *db, const char *code, const char *key_type,
    const char *key_b64, const char *key_fp, const char *remote_addr, int64_t *user)
{
	char norm[ACCOUNT_LINK_CODE_LEN + 1], addr[65];
	struct link_redeem l;
	int r;

	memset(&l, 0, sizeof l);
	if ((r = account_key_check(key_type, key_b64, key_fp)) != 0)
		return r;
	if (!link_normalize(code, norm))
		return JS_ERR_NOT_FOUND;
	link_hash(norm, l.hash);
	snprintf(addr, sizeof addr, "%s", remote_addr ? remote_addr : "");
	l.type = key_type;
	l.b64 = key_b64;
	l.fp = key_fp;
	l.addr = remote_addr ? addr : NULL;
	if ((r = db_tx(db, link_redeem_tx, &l)) != 0)
		return r;
	log_info("link code redeemed user=%lld fp=%s", (long long)l.user, key_fp);
	if (user != NULL)
		*user = l.user;
	return 0;
}
