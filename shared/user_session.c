/* user_session.c: the registry of live logins, for the per-account session cap. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "err.h"
#include "log.h"

#define SESSION_FIELD_MAX 64

static const char *const auth_methods[] = { "publickey", "password", "link_code", "local" };

/* This host's name, so hosts sharing one PostgreSQL never close each other's rows. */
static const char *
session_host(void)
{
	static char host[256];

	if (host[0] == '\0') {
		if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
			snprintf(host, sizeof host, "localhost");
		host[sizeof host - 1] = '\0';
	}
	return host;
}

/* Copy s cut to SESSION_FIELD_MAX bytes of printable ASCII (others become '?'). */
static const char *
field_of(const char *s, char out[SESSION_FIELD_MAX + 1])
{
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; s[i] != '\0' && i < SESSION_FIELD_MAX; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	out[i] = '\0';
	return out;
}

struct session_new {
	int64_t user, key_id;
	const char *method, *addr, *term;
	int pid, max;
	int64_t id;
};

static int
session_begin_tx(struct db *db, void *ud)
{
	struct session_new *s = ud;
	int64_t now = (int64_t)time(NULL);
	struct db_stmt *st;
	int r;

	/* The account row is the lock: two logins at once count one after the other. */
	if ((r = db_prepare(db, "SELECT status FROM users WHERE id = $1 FOR UPDATE",
	    &st)) != 0 || (r = db_bind_int64(st, 1, s->user)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	r = strcmp(db_col_text(st, 0), "active") == 0 ? 0 : JS_ERR_PERM;
	db_reset(st);
	if (r != 0)
		return r;
	if (s->max > 0) {
		if ((r = db_prepare(db, "SELECT COUNT(*) FROM sessions WHERE user_id = $1"
		    " AND ended_at IS NULL", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, s->user)) != 0)
			return r;
		if ((r = db_step(st)) != DB_ROW)
			return r < 0 ? r : JS_ERR_DB;
		r = db_col_int64(st, 0) >= s->max ? JS_ERR_BUSY : 0;
		db_reset(st);
		/* Not db_tx's retryable busy (a full cap stays full): see session_begin. */
		if (r != 0)
			return 1;
	}
	if ((r = db_prepare(db, "INSERT INTO sessions (user_id, ssh_key_id, auth_method,"
	    " remote_addr, term, host, pid, started_at, last_seen_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id", &st)) != 0)
		return r;
	if ((r = db_bind_int64(st, 1, s->user)) != 0 ||
	    (r = s->key_id > 0 ? db_bind_int64(st, 2, s->key_id) : db_bind_null(st, 2)) != 0 ||
	    (r = db_bind_text(st, 3, s->method)) != 0 ||
	    (r = db_bind_text(st, 4, s->addr)) != 0 ||
	    (r = db_bind_text(st, 5, s->term)) != 0 ||
	    (r = db_bind_text(st, 6, session_host())) != 0 ||
	    (r = db_bind_int64(st, 7, s->pid)) != 0 ||
	    (r = db_bind_int64(st, 8, now)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	s->id = db_col_int64(st, 0);
	db_reset(st);
	if ((r = db_prepare(db, "UPDATE users SET last_login_at = $1 WHERE id = $2",
	    &st)) != 0 || (r = db_bind_int64(st, 1, now)) != 0 ||
	    (r = db_bind_int64(st, 2, s->user)) != 0)
		return r;
	return db_step_done(st);
}

int
session_begin(struct db *db, int64_t user, const char *method, int64_t key_id,
    const char *addr, const char *term, int pid, int max, int64_t *id)
{
	char a[SESSION_FIELD_MAX + 1], t[SESSION_FIELD_MAX + 1];
	struct session_new s;
	size_t i;
	int r, known = 0;

	for (i = 0; method != NULL && i < sizeof auth_methods / sizeof auth_methods[0]; i++)
		known |= strcmp(method, auth_methods[i]) == 0;
	if (!known)
		return JS_ERR_INVALID;
	memset(&s, 0, sizeof s);
	s.user = user;
	s.key_id = key_id;
	s.method = method;
	s.addr = field_of(addr, a);
	s.term = field_of(term, t);
	s.pid = pid;
	s.max = max;
	/* A full cap comes back as 1 (rolled back, nothing written): JS_ERR_BUSY from
	 * inside would make db_tx retry for nothing. */
	if ((r = db_tx(db, session_begin_tx, &s)) == 1) {
		log_info("session cap reached user=%lld max=%d", (long long)user, max);
		return JS_ERR_BUSY;
	}
	if (r == 0)
		*id = s.id;
	return r;
}

int
session_end(struct db *db, int64_t id, const char *reason)
{
	char why[SESSION_FIELD_MAX + 1];
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "UPDATE sessions SET ended_at = $2, end_reason = $3"
	    " WHERE id = $1 AND ended_at IS NULL", &st)) != 0)
		return r;
	if ((r = db_bind_int64(st, 1, id)) != 0 ||
	    (r = db_bind_int64(st, 2, (int64_t)time(NULL))) != 0 ||
	    (r = db_bind_text(st, 3, field_of(reason, why))) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	if (db_changes(st) > 0)
		return 0;
	/* Nothing open: closed already (fine) or no such session. */
	if ((r = db_prepare(db, "SELECT 1 FROM sessions WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, id)) != 0)
		return r;
	r = db_step(st);
	db_reset(st);
	return r < 0 ? r : r == DB_ROW ? 0 : JS_ERR_NOT_FOUND;
}

int
session_end_pid(struct db *db, int pid, const char *reason)
{
	char why[SESSION_FIELD_MAX + 1];
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "UPDATE sessions SET ended_at = $3, end_reason = $4"
	    " WHERE host = $1 AND pid = $2 AND ended_at IS NULL", &st)) != 0)
		return r;
	if ((r = db_bind_text(st, 1, session_host())) != 0 ||
	    (r = db_bind_int64(st, 2, pid)) != 0 ||
	    (r = db_bind_int64(st, 3, (int64_t)time(NULL))) != 0 ||
	    (r = db_bind_text(st, 4, field_of(reason, why))) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	if (db_changes(st) > 0)
		log_info("closed %lld session(s) of pid=%d", (long long)db_changes(st), pid);
	return 0;
}
