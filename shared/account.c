/* account.c: handle rules, sign-up, account lookups, passwords, locale and TUI preferences. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "err.h"
#include "ledger.h"
#include "log.h"
#include "profile.h"

/* Names that would let an account pass for the platform, its staff or the system. */
static const char *const reserved_handles[] = {
	"admin", "administrator", "root", "jishi", "support", "system", "help", "staff",
	"moderator", "official", "api", "www", "mail", "null", "nobody", "sshd",
	"postgres", "guest", "new", "signup", "login",
	"logout", "register", "anonymous", "daemon", "operator", "security", "abuse",
	"postmaster", "hostmaster", "webmaster", "noreply", "no-reply", "info",
	"service", "services", "kefu", "guanliyuan", "billing", "payment", "payments",
	"wallet", "alipay", "wechat", "weixin", "settings", "account", "accounts",
	"user", "users", "everyone", "undefined", "test", "jishid", "jishictl",
};
/* Prefixes no handle may start with (jishi-team, official_xx). */
static const char *const reserved_prefixes[] = { "jishi", "official" };

static const char *const ui_themes[] = { "auto", "dark", "light", "mono" };

#define ACCOUNT_COLS "id, handle, display_name, is_client, is_freelancer, is_admin," \
	" status, locale, CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END, ui_mouse," \
	" ui_theme"

/* A hash verified for unknown handles, so they cost what known ones do. */
static char dummy_hash[crypto_pwhash_STRBYTES];

static int
account_sodium(void)
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

int
account_handle_check(const char *h)
{
	size_t i, len;

	if (h == NULL)
		return JS_ERR_INVALID;
	len = strlen(h);
	if (len < ACCOUNT_HANDLE_MIN || len > ACCOUNT_HANDLE_MAX || h[0] < 'a' || h[0] > 'z')
		return JS_ERR_INVALID;
	for (i = 0; i < len; i++)
		if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= '0' && h[i] <= '9') ||
		    h[i] == '_' || h[i] == '-'))
			return JS_ERR_INVALID;
	for (i = 0; i < sizeof reserved_handles / sizeof reserved_handles[0]; i++)
		if (strcmp(h, reserved_handles[i]) == 0)
			return JS_ERR_PERM;
	for (i = 0; i < sizeof reserved_prefixes / sizeof reserved_prefixes[0]; i++)
		if (strncmp(h, reserved_prefixes[i], strlen(reserved_prefixes[i])) == 0)
			return JS_ERR_PERM;
	return 0;
}

/* Does a row come back for sql with text $1? 1, 0 or a negative error. */
static int
row_exists(struct db *db, const char *sql, const char *key)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, sql, &st)) != 0 || (r = db_bind_text(st, 1, key)) != 0)
		return r;
	r = db_step(st);
	db_reset(st);
	return r < 0 ? r : r == DB_ROW;
}

int
account_handle_available(struct db *db, const char *handle)
{
	int r;

	if ((r = account_handle_check(handle)) != 0)
		return r;
	if ((r = row_exists(db, "SELECT 1 FROM users WHERE handle = $1", handle)) < 0)
		return r;
	return r ? JS_ERR_EXISTS : 0;
}

static int
locale_valid(const char *l)
{
	return l != NULL && (strcmp(l, "zh_CN") == 0 || strcmp(l, "en") == 0);
}

static int
password_valid(const char *pw)
{
	size_t n;

	if (pw == NULL)
		return 0;
	n = strlen(pw);
	return n >= ACCOUNT_PASSWORD_MIN && n <= ACCOUNT_PASSWORD_MAX;
}

static int
password_hash(const char *pw, char out[crypto_pwhash_STRBYTES])
{
	int r;

	if ((r = account_sodium()) != 0)
		return r;
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		log_error("crypto_pwhash_str: out of memory");
		return JS_ERR_NOMEM;
	}
	return 0;
}

int
account_actor_may(struct db *db, int64_t actor, int64_t user)
{
	struct db_stmt *st;
	int r, admin;

	if (actor <= 0)
		return JS_ERR_PERM;
	if ((r = db_prepare(db, "SELECT is_admin FROM users WHERE id = $1"
	    " AND status = 'active'", &st)) != 0 || (r = db_bind_int64(st, 1, actor)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_PERM;
	admin = db_col_int64(st, 0) == 1;
	db_reset(st);
	return actor == user || admin ? 0 : JS_ERR_PERM;
}

struct signup_ctx {
	const struct account_signup *s;
	char *name;
	char email[ACCOUNT_EMAIL_MAX + 1];
	char hash[crypto_pwhash_STRBYTES];
	int64_t id;
	const char *bad;
};

/* Field checks in the order of the form; the first bad field wins. */
static int
signup_validate(struct signup_ctx *c)
{
	const struct account_signup *s = c->s;
	int r, has_key = s->key_type || s->key_b64 || s->key_fp;

	if ((r = account_handle_check(s->handle)) != 0)
		return c->bad = "handle", r;
	if ((r = account_text_clean(s->display_name, ACCOUNT_NAME_MAX, 0, &c->name)) != 0)
		return c->bad = "display_name", r;
	if (c->name[0] == '\0')
		return c->bad = "display_name", JS_ERR_INVALID;
	if ((s->is_client != 0 && s->is_client != 1) ||
	    (s->is_freelancer != 0 && s->is_freelancer != 1) ||
	    (!s->is_client && !s->is_freelancer))
		return c->bad = "roles", JS_ERR_INVALID;
	if (!locale_valid(s->locale))
		return c->bad = "locale", JS_ERR_INVALID;
	if (s->email != NULL && account_email_clean(s->email, c->email) != 0)
		return c->bad = "email", JS_ERR_INVALID;
	if (s->password != NULL && !password_valid(s->password))
		return c->bad = "password", JS_ERR_INVALID;
	/* Without a key or a password nobody could ever log in to the account. */
	if ((has_key && account_key_check(s->key_type, s->key_b64, s->key_fp) != 0) ||
	    (!has_key && s->password == NULL))
		return c->bad = "key", JS_ERR_INVALID;
	return 0;
}

static int
signup_tx(struct db *db, void *ud)
{
	struct signup_ctx *c = ud;
	const struct account_signup *s = c->s;
	int64_t now = (int64_t)time(NULL), acct;
	struct db_stmt *st;
	int r;

	c->bad = NULL;
	/* Name the taken field; the unique constraints still guard against races. */
	if ((r = row_exists(db, "SELECT 1 FROM users WHERE handle = $1", s->handle)) != 0)
		return r < 0 ? r : (c->bad = "handle", JS_ERR_EXISTS);
	if (s->email != NULL && (r = row_exists(db, "SELECT 1 FROM users WHERE email = $1",
	    c->email)) != 0)
		return r < 0 ? r : (c->bad = "email", JS_ERR_EXISTS);
	if (s->key_fp != NULL && (r = row_exists(db, "SELECT 1 FROM ssh_keys"
	    " WHERE fingerprint = $1", s->key_fp)) != 0)
		return r < 0 ? r : (c->bad = "key", JS_ERR_EXISTS);
	if ((r = db_prepare(db, "INSERT INTO users (handle, display_name, is_client,"
	    " is_freelancer, locale, email, password_hash, created_at, updated_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id", &st)) != 0)
		return r;
	if ((r = db_bind_text(st, 1, s->handle)) != 0 ||
	    (r = db_bind_text(st, 2, c->name)) != 0 ||
	    (r = db_bind_int64(st, 3, s->is_client)) != 0 ||
	    (r = db_bind_int64(st, 4, s->is_freelancer)) != 0 ||
	    (r = db_bind_text(st, 5, s->locale)) != 0 ||
	    (r = db_bind_text(st, 6, s->email ? c->email : NULL)) != 0 ||
	    (r = db_bind_text(st, 7, s->password ? c->hash : NULL)) != 0 ||
	    (r = db_bind_int64(st, 8, now)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	c->id = db_col_int64(st, 0);
	db_reset(st);
	if ((r = db_prepare(db, "INSERT INTO profiles (user_id, created_at, updated_at)"
	    " VALUES ($1, $2, $2)", &st)) != 0 || (r = db_bind_int64(st, 1, c->id)) != 0 ||
	    (r = db_bind_int64(st, 2, now)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if ((r = ledger_account(db, "user", c->id, "available", "CNY", &acct)) != 0 ||
	    (r = ledger_account(db, "user", c->id, "pending", "CNY", &acct)) != 0)
		return r;
	if (s->key_type != NULL && (r = account_key_add(db, c->id, c->id, s->key_type,
	    s->key_b64, s->key_fp, NULL)) != 0) {
		if (r == JS_ERR_EXISTS)
			c->bad = "key";
		return r;
	}
	return profile_completion_refresh(db, c->id, NULL);
}

int
account_signup(struct db *db, const struct account_signup *s, int64_t *id,
    const char **bad_field)
{
	struct signup_ctx c;
	int r;

	memset(&c, 0, sizeof c);
	c.s = s;
	if ((r = signup_validate(&c)) == 0 &&
	    (s->password == NULL || (r = password_hash(s->password, c.hash)) == 0) &&
	    (r = db_tx(db, signup_tx, &c)) == 0) {
		*id = c.id;
		log_info("signed up handle=%s id=%lld", s->handle, (long long)c.id);
	}
	sodium_memzero(c.hash, sizeof c.hash);
	free(c.name);
	if (bad_field != NULL)
		*bad_field = c.bad;
	return r;
}

/* Fill out from a row selected with ACCOUNT_COLS first. */
static void
account_row(struct db_stmt *st, struct account *out)
{
	memset(out, 0, sizeof *out);
	out->id = db_col_int64(st, 0);
	snprintf(out->handle, sizeof out->handle, "%s", db_col_text(st, 1));
	snprintf(out->display_name, sizeof out->display_name, "%s", db_col_text(st, 2));
	out->is_client = (int)db_col_int64(st, 3);
	out->is_freelancer = (int)db_col_int64(st, 4);
	out->is_admin = (int)db_col_int64(st, 5);
	snprintf(out->status, sizeof out->status, "%s", db_col_text(st, 6));
	snprintf(out->locale, sizeof out->locale, "%s", db_col_text(st, 7));
	out->has_password = (int)db_col_int64(st, 8);
	out->ui_mouse = (int)db_col_int64(st, 9);
	snprintf(out->ui_theme, sizeof out->ui_theme, "%s", db_col_text(st, 10));
}

int
account_by_id(struct db *db, int64_t id, struct account *out)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT " ACCOUNT_COLS " FROM users WHERE id = $1",
	    &st)) != 0 || (r = db_bind_int64(st, 1, id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	account_row(st, out);
	db_reset(st);
	return 0;
}

/* Lowercase a handle for lookup; 0 if it cannot be one (too long, NULL). */
static int
handle_lower(const char *h, char out[ACCOUNT_HANDLE_MAX + 1])
{
	size_t i;

	if (h == NULL || strlen(h) > ACCOUNT_HANDLE_MAX)
		return 0;
	for (i = 0; h[i] != '\0'; i++)
		out[i] = h[i] >= 'A' && h[i] <= 'Z' ? (char)(h[i] - 'A' + 'a') : h[i];
	out[i] = '\0';
	return 1;
}

/* Account by handle, and its password hash ("" if none) when hash is not NULL. */
static int
account_by_handle_hash(struct db *db, const char *handle, struct account *out,
    char hash[crypto_pwhash_STRBYTES])
{
	char h[ACCOUNT_HANDLE_MAX + 1];
	struct db_stmt *st;
	int r;

	if (!handle_lower(handle, h))
		return JS_ERR_NOT_FOUND;
	if ((r = db_prepare(db, "SELECT " ACCOUNT_COLS ", password_hash FROM users"
	    " WHERE handle = $1", &st)) != 0 || (r = db_bind_text(st, 1, h)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	account_row(st, out);
	if (hash != NULL) {
		const char *ph = db_col_text(st, 11);

		hash[0] = '\0';
		if (ph != NULL && strlen(ph) < crypto_pwhash_STRBYTES)
			memcpy(hash, ph, strlen(ph) + 1);
	}
	db_reset(st);
	return 0;
}

int
account_by_handle(struct db *db, const char *handle, struct account *out)
{
	return account_by_handle_hash(db, handle, out, NULL);
}

int
account_by_key(struct db *db, const char *fingerprint, struct account *out)
{
	struct db_stmt *st;
	int64_t user;
	int r;

	if (fingerprint == NULL)
		return JS_ERR_NOT_FOUND;
	if ((r = db_prepare(db, "UPDATE ssh_keys SET last_used_at = $2"
	    " WHERE fingerprint = $1 RETURNING user_id", &st)) != 0 ||
	    (r = db_bind_text(st, 1, fingerprint)) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)time(NULL))) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	user = db_col_int64(st, 0);
	if ((r = db_step_done(st)) != 0)
		return r;
	return account_by_id(db, user, out);
}

int
account_password_verify(struct db *db, const char *handle, const char *password,
    struct account *out)
{
	char hash[crypto_pwhash_STRBYTES];
	struct account a;
	int r, usable, ok;

	if ((r = account_sodium()) != 0)
		return r;
	if (dummy_hash[0] == '\0') {
		unsigned char rnd[16];
		char hex[sizeof rnd * 2 + 1];

		randombytes_buf(rnd, sizeof rnd);
		sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
		if ((r = password_hash(hex, dummy_hash)) != 0)
			return r;
	}
	r = account_by_handle_hash(db, handle, &a, hash);
	if (r != 0 && r != JS_ERR_NOT_FOUND)
		return r;
	/* Exactly one argon2id verification on every path, so time tells nothing. */
	usable = r == 0 && hash[0] != '\0' && strcmp(a.status, "active") == 0 &&
	    password_valid(password);
	ok = crypto_pwhash_str_verify(usable ? hash : dummy_hash,
	    password_valid(password) ? password : "-", password_valid(password) ?
	    strlen(password) : 1) == 0;
	sodium_memzero(hash, sizeof hash);
	if (!usable || !ok)
		return JS_ERR_PERM;
	if (out != NULL)
		*out = a;
	return 0;
}

int
account_password_set(struct db *db, int64_t actor, int64_t user, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	struct db_stmt *st;
	int r;

	if (!password_valid(password))
		return JS_ERR_INVALID;
	if ((r = account_actor_may(db, actor, user)) != 0 ||
	    (r = password_hash(password, hash)) != 0)
		return r;
	if ((r = db_prepare(db, "UPDATE users SET password_hash = $1, updated_at = $2"
	    " WHERE id = $3", &st)) == 0 && (r = db_bind_text(st, 1, hash)) == 0 &&
	    (r = db_bind_int64(st, 2, (int64_t)time(NULL))) == 0 &&
	    (r = db_bind_int64(st, 3, user)) == 0 && (r = db_step_done(st)) == 0 &&
	    db_changes(st) == 0)
		r = JS_ERR_NOT_FOUND;
	sodium_memzero(hash, sizeof hash);
	if (r == 0)
		log_info("password set user=%lld actor=%lld", (long long)user,
		    (long long)actor);
	return r;
}

int
account_set_locale(struct db *db, int64_t actor, int64_t user, const char *locale)
{
	struct db_stmt *st;
	int r;

	if (!locale_valid(locale))
		return JS_ERR_INVALID;
	if ((r = account_actor_may(db, actor, user)) != 0 ||
	    (r = db_prepare(db, "UPDATE users SET locale = $1, updated_at = $2"
	    " WHERE id = $3", &st)) != 0 || (r = db_bind_text(st, 1, locale)) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)time(NULL))) != 0 ||
	    (r = db_bind_int64(st, 3, user)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	return db_changes(st) == 0 ? JS_ERR_NOT_FOUND : 0;
}

int
account_set_display_name(struct db *db, int64_t actor, int64_t user, const char *name)
{
	struct db_stmt *st;
	char *clean = NULL;
	int r;

	if (name == NULL)
		return JS_ERR_INVALID;
	if ((r = account_text_clean(name, ACCOUNT_NAME_MAX, 0, &clean)) != 0)
		return r;
	if (clean[0] == '\0') {
		free(clean);
		return JS_ERR_INVALID;
	}
	if ((r = account_actor_may(db, actor, user)) == 0 &&
	    (r = db_prepare(db, "UPDATE users SET display_name = $1, updated_at = $2"
	    " WHERE id = $3", &st)) == 0 && (r = db_bind_text(st, 1, clean)) == 0 &&
	    (r = db_bind_int64(st, 2, (int64_t)time(NULL))) == 0 &&
	    (r = db_bind_int64(st, 3, user)) == 0 && (r = db_step_done(st)) == 0 &&
	    db_changes(st) == 0)
		r = JS_ERR_NOT_FOUND;
	free(clean);
	return r;
}

int
account_set_ui(struct db *db, int64_t actor, int64_t user, int mouse, const char *theme)
{
	struct db_stmt *st;
	size_t i;
	int r, known = 0;

	for (i = 0; theme != NULL && i < sizeof ui_themes / sizeof ui_themes[0]; i++)
		known |= strcmp(theme, ui_themes[i]) == 0;
	if (!known || (mouse != 0 && mouse != 1))
		return JS_ERR_INVALID;
	if ((r = account_actor_may(db, actor, user)) != 0 ||
	    (r = db_prepare(db, "UPDATE users SET ui_mouse = $1, ui_theme = $2,"
	    " updated_at = $3 WHERE id = $4", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, mouse)) != 0 || (r = db_bind_text(st, 2, theme)) != 0 ||
	    (r = db_bind_int64(st, 3, (int64_t)time(NULL))) != 0 ||
	    (r = db_bind_int64(st, 4, user)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	return db_changes(st) == 0 ? JS_ERR_NOT_FOUND : 0;
}
