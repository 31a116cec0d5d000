/* upload_store.c: the store side of the upload area: the all-or-nothing commit of a
 * finished temp file (size, quota, sniffed type, sha256, move into place, row), list,
 * get, rename, delete and the quota. upload.c holds names and temp files. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "err.h"
#include "log.h"
#include "text.h"
#include "upload.h"
#include "upload_impl.h"
#include "utf8.h"

#define UPLOAD_COLS "id, user_id, original_name, mime_type, size_bytes, sha256," \
	" stored_name, created_at"

/* What upload_commit learns from reading the whole temp file. */
struct file_facts {
	int64_t size;
	const char *mime;
	char sha256[65];
};

static int
file_examine(int fd, int64_t max_file, struct file_facts *f)
{
	unsigned char buf[65536], head[UPLOAD_SNIFF_BYTES], digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state sha;
	struct upload_text_check text;
	size_t nhead = 0, i;
	ssize_t n;

	memset(f, 0, sizeof *f);
	crypto_hash_sha256_init(&sha);
	upload_text_begin(&text);
	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return JS_ERR_IO;
		if (n == 0)
			break;
		f->size += n;
		if (f->size > max_file)
			return JS_ERR_TOO_BIG;
		if (nhead < sizeof head) {
			size_t k = sizeof head - nhead < (size_t)n ? sizeof head - nhead : (size_t)n;

			memcpy(head + nhead, buf, k);
			nhead += k;
		}
		crypto_hash_sha256_update(&sha, buf, (unsigned long long)n);
		upload_text_feed(&text, buf, (size_t)n);
	}
	if (f->size == 0 || (f->mime = upload_sniff(head, nhead)) == NULL)
		return JS_ERR_INVALID;
	if (strcmp(f->mime, "text/plain") == 0 && !upload_text_end(&text))
		return JS_ERR_INVALID;
	crypto_hash_sha256_final(&sha, digest);
	for (i = 0; i < sizeof digest; i++)
		snprintf(f->sha256 + 2 * i, 3, "%02x", digest[i]);
	return 0;
}

/* fsync a directory so a rename into it survives a crash. */
static void
dir_sync(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

struct commit_ctx {
	int64_t user, quota, size, id;
	const char *name, *mime, *sha256, *stored;
	char final_name[UPLOAD_NAME_BUF];
};

static int
query_one_int(struct db *db, const char *sql, int64_t a, int64_t *v)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, sql, &st)) != 0 || (r = db_bind_int64(st, 1, a)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	*v = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}

/* Does user have an active upload named name (other than upload `except`)? */
static int
name_taken(struct db *db, int64_t user, const char *name, int64_t except, int *taken)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT COUNT(*) FROM uploads WHERE user_id = $1"
	    " AND status = 'active' AND original_name = $2 AND id <> $3", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, user)) != 0 || (r = db_bind_text(st, 2, name)) != 0 ||
	    (r = db_bind_int64(st, 3, except)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	*taken = db_col_int64(st, 0) > 0;
	db_reset(st);
	return 0;
}

/* Lock the user's row (one writer of an account's uploads at a time); with
 * need_active, the account must be active (JS_ERR_PERM). */
static int
user_lock(struct db *db, int64_t user, int need_active)
{
	struct db_stmt *st;
	int r, active;

	if ((r = db_prepare(db, "SELECT status FROM users WHERE id = $1 FOR UPDATE",
	    &st)) != 0 || (r = db_bind_int64(st, 1, user)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_PERM;
	active = strcmp(db_col_text(st, 0) ? db_col_text(st, 0) : "", "active") == 0;
	db_reset(st);
	return active || !need_active ? 0 : JS_ERR_PERM;
}

static int
commit_tx(struct db *db, void *ud)
{
	struct commit_ctx *c = ud;
	struct db_stmt *st;
	int64_t used, count, k;
	char suffix[24];
	int r, taken = 1;

	if ((r = user_lock(db, c->user, 1)) != 0 ||
	    (r = upload_quota_used(db, c->user, &used)) != 0 ||
	    (r = query_one_int(db, "SELECT COUNT(*) FROM uploads WHERE user_id = $1"
	    " AND status = 'active'", c->user, &count)) != 0)
		return r;
	if (used > c->quota - c->size || count >= UPLOAD_LIST_MAX)
		return JS_ERR_OVERFLOW;
	/* At most UPLOAD_LIST_MAX names are taken, so one of the first that many + 1 is free. */
	for (k = 1; taken && k <= UPLOAD_LIST_MAX + 1; k++) {
		snprintf(suffix, sizeof suffix, " (%lld)", (long long)k);
		upload_name_compose(c->name, k == 1 ? "" : suffix, c->final_name);
		if ((r = name_taken(db, c->user, c->final_name, 0, &taken)) != 0)
			return r;
	}
	if (taken)
		return JS_ERR_OVERFLOW;
	if ((r = db_prepare(db, "INSERT INTO uploads (user_id, original_name, stored_name,"
	    " mime_type, size_bytes, sha256, status, created_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, 'active', $7) RETURNING id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, c->user)) != 0 ||
	    (r = db_bind_text(st, 2, c->final_name)) != 0 ||
	    (r = db_bind_text(st, 3, c->stored)) != 0 ||
	    (r = db_bind_text(st, 4, c->mime)) != 0 ||
	    (r = db_bind_int64(st, 5, c->size)) != 0 ||
	    (r = db_bind_text(st, 6, c->sha256)) != 0 ||
	    (r = db_bind_int64(st, 7, (int64_t)time(NULL))) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	c->id = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}

int
upload_commit(struct db *db, int64_t user, const char *tmp_path,
    const char *original_name, const char *data_dir, int64_t max_file, int64_t quota,
    int64_t *id)
{
	char name[UPLOAD_NAME_BUF], rnd[33], stored[UPLOAD_STORED_BUF];
	char dir[UPLOAD_PATH_MAX], final[UPLOAD_PATH_MAX];
	struct commit_ctx c;
	struct file_facts f;
	struct stat sb;
	int fd = -1, r;

	if (id != NULL)
		*id = 0;
	if (max_file <= 0)
		max_file = UPLOAD_DEFAULT_MAX_FILE;
	if (quota <= 0)
		quota = UPLOAD_DEFAULT_QUOTA;
	if ((r = upload_sodium()) != 0 || (r = upload_name_normalize(original_name, name)) != 0)
		goto discard;
	if ((fd = open(tmp_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		r = errno == ENOENT ? JS_ERR_NOT_FOUND : JS_ERR_IO;
		goto discard;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		r = JS_ERR_IO;
		goto discard;
	}
	if (sb.st_size > max_file) {
		r = JS_ERR_TOO_BIG;
		goto discard;
	}
	if ((r = file_examine(fd, max_file, &f)) != 0)
		goto discard;
	if (f.size > quota) {
		r = JS_ERR_OVERFLOW;
		goto discard;
	}
	if (fsync(fd) != 0 || fchmod(fd, 0600) != 0) {
		r = JS_ERR_IO;
		goto discard;
	}
	close(fd);
	fd = -1;
	upload_random_hex(rnd);
	snprintf(stored, sizeof stored, "%.2s/%s", rnd, rnd);
	if ((size_t)snprintf(dir, sizeof dir, "%s/uploads/%.2s", data_dir, rnd) >=
	    sizeof dir || upload_path(data_dir, stored, final) != 0) {
		r = JS_ERR_TOO_BIG;
		goto discard;
	}
	if ((r = upload_mkdir(dir)) != 0)
		goto discard;
	if (rename(tmp_path, final) != 0) {
		log_warn("rename %s: %s", tmp_path, strerror(errno));
		r = JS_ERR_IO;
		goto discard;
	}
	dir_sync(dir);
	memset(&c, 0, sizeof c);
	c.user = user;
	c.quota = quota;
	c.size = f.size;
	c.name = name;
	c.mime = f.mime;
	c.sha256 = f.sha256;
	c.stored = stored;
	if ((r = db_tx(db, commit_tx, &c)) != 0) {
		if (unlink(final) != 0)
			log_warn("unlink %s: %s", final, strerror(errno));
		return r;
	}
	if (id != NULL)
		*id = c.id;
	return 0;
discard:
	if (fd >= 0)
		close(fd);
	if (unlink(tmp_path) != 0 && errno != ENOENT)
		log_warn("unlink %s: %s", tmp_path, strerror(errno));
	return r;
}

/* ---- reading and changing ---- */

static void
row_read(struct db_stmt *st, struct upload_info *out)
{
	memset(out, 0, sizeof *out);
	out->id = db_col_int64(st, 0);
	out->user_id = db_col_int64(st, 1);
	utf8_copy(out->name, sizeof out->name, db_col_text(st, 2));
	utf8_copy(out->mime, sizeof out->mime, db_col_text(st, 3));
	out->size = db_col_int64(st, 4);
	utf8_copy(out->sha256, sizeof out->sha256, db_col_text(st, 5));
	utf8_copy(out->stored_name, sizeof out->stored_name, db_col_text(st, 6));
	out->created_at = db_col_int64(st, 7);
}

int
upload_list(struct db *db, int64_t actor, int64_t user, struct upload_info *out,
    size_t max, size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = account_actor_may(db, actor, user)) != 0)
		return r;
	if (max == 0)
		return 0;
	if ((r = db_prepare(db, "SELECT " UPLOAD_COLS " FROM uploads WHERE user_id = $1"
	    " AND status = 'active' ORDER BY created_at DESC, id DESC LIMIT $2", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, user)) != 0 ||
	    (r = db_bind_int64(st, 2, max > INT64_MAX ? INT64_MAX : (int64_t)max)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW && *n < max)
		row_read(st, &out[(*n)++]);
	db_reset(st);
	return r < 0 ? r : 0;
}

/* One active upload by id, checked against the actor. */
static int
get_checked(struct db *db, int64_t actor, int64_t id, struct upload_info *out,
    int for_update)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, for_update ? "SELECT " UPLOAD_COLS " FROM uploads"
	    " WHERE id = $1 AND status = 'active' FOR UPDATE" : "SELECT " UPLOAD_COLS
	    " FROM uploads WHERE id = $1 AND status = 'active'", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	row_read(st, out);
	db_reset(st);
	return account_actor_may(db, actor, out->user_id);
}

int
upload_get(struct db *db, int64_t actor, int64_t id, struct upload_info *out)
{
	struct upload_info u;
	int r;

	if ((r = get_checked(db, actor, id, &u, 0)) != 0)
		return r;
	*out = u;
	return 0;
}

int
upload_get_by_name(struct db *db, int64_t actor, int64_t user, const char *name,
    struct upload_info *out)
{
	struct db_stmt *st;
	int r;

	if ((r = account_actor_may(db, actor, user)) != 0)
		return r;
	if (name == NULL)
		return JS_ERR_NOT_FOUND;
	if ((r = db_prepare(db, "SELECT " UPLOAD_COLS " FROM uploads WHERE user_id = $1"
	    " AND status = 'active' AND original_name = $2 ORDER BY id LIMIT 1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, user)) != 0 || (r = db_bind_text(st, 2, name)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	row_read(st, out);
	db_reset(st);
	return 0;
}

struct change_ctx {
	int64_t actor, id;
	const char *new_name;                /* NULL: delete */
	struct upload_info u;
};

static int
change_tx(struct db *db, void *ud)
{
	struct change_ctx *c = ud;
	struct db_stmt *st;
	int r, taken;

	if ((r = get_checked(db, c->actor, c->id, &c->u, 0)) != 0 ||
	    (r = user_lock(db, c->u.user_id, 0)) != 0 ||
	    (r = get_checked(db, c->actor, c->id, &c->u, 1)) != 0)
		return r;
	if (c->new_name == NULL) {
		if ((r = db_prepare(db, "UPDATE uploads SET status = 'deleted', deleted_at = $2"
		    " WHERE id = $1", &st)) != 0 || (r = db_bind_int64(st, 1, c->id)) != 0 ||
		    (r = db_bind_int64(st, 2, (int64_t)time(NULL))) != 0)
			return r;
		return db_step_done(st);
	}
	if (strcmp(c->u.name, c->new_name) == 0)
		return 0;
	if ((r = name_taken(db, c->u.user_id, c->new_name, c->id, &taken)) != 0)
		return r;
	if (taken)
		return JS_ERR_EXISTS;
	if ((r = db_prepare(db, "UPDATE uploads SET original_name = $2 WHERE id = $1",
	    &st)) != 0 || (r = db_bind_int64(st, 1, c->id)) != 0 ||
	    (r = db_bind_text(st, 2, c->new_name)) != 0)
		return r;
	return db_step_done(st);
}

int
upload_delete(struct db *db, int64_t actor, int64_t id, const char *data_dir)
{
	struct change_ctx c = { actor, id, NULL, { 0 } };
	char path[UPLOAD_PATH_MAX];
	int r;

	if ((r = db_tx(db, change_tx, &c)) != 0)
		return r;
	/* The row says deleted first: a crash between leaves an orphan file, never a row
	 * that points at nothing. */
	if (upload_path(data_dir, c.u.stored_name, path) == 0 && unlink(path) != 0 &&
	    errno != ENOENT)
		log_warn("unlink %s: %s", path, strerror(errno));
	return 0;
}

int
upload_rename(struct db *db, int64_t actor, int64_t id, const char *new_name)
{
	char name[UPLOAD_NAME_BUF];
	struct change_ctx c = { actor, id, name, { 0 } };
	int r;

	if ((r = upload_name_normalize(new_name, name)) != 0)
		return r;
	return db_tx(db, change_tx, &c);
}

int
upload_quota_used(struct db *db, int64_t user, int64_t *bytes)
{
	*bytes = 0;
	return query_one_int(db, "SELECT COALESCE(SUM(size_bytes), 0) FROM uploads"
	    " WHERE user_id = $1 AND status = 'active'", user, bytes);
}
