/* upload.h: files an account put into its own upload area (by SFTP): type sniffing, name
 * normalization, the all-or-nothing commit of a temp file, listing, rename and delete. */
#ifndef JS_UPLOAD_H
#define JS_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/*
 * Storage: DATA/uploads/<2 hex>/<32 hex> (mode 0600; the 2 hex are the first two of the
 * 32 random ones), outside any served path; uploads.stored_name holds "<2 hex>/<32 hex>".
 * Files being written live in DATA/uploads/tmp/<pid>.<32 hex> until upload_commit moves
 * them into place (or the writer, or the master after the writer died, removes them).
 * An upload is never executed and never written raw to a terminal: only its normalized
 * name (safe to draw) and its sniffed type are shown.
 *
 * Accounts see only their own uploads; an admin may see and change anyone's. Only
 * uploads with status 'active' are listed, looked up, renamed or counted against the
 * quota; a deleted upload keeps its row (status 'deleted', deleted_at) but not its file.
 * Names are unique among one account's active uploads.
 */
#define UPLOAD_NAME_MAX 100                  /* characters (code points) of a name */
#define UPLOAD_NAME_BUF (UPLOAD_NAME_MAX * 4 + 1)
#define UPLOAD_EXT_MAX 16                    /* characters of an extension kept on cutting */
#define UPLOAD_MIME_BUF 32
#define UPLOAD_STORED_BUF 40                 /* "ab/" + 32 hex + NUL */
#define UPLOAD_PATH_MAX 4096
#define UPLOAD_SNIFF_BYTES 64                /* upload_sniff needs at most this many bytes */
#define UPLOAD_DEFAULT_MAX_FILE (INT64_C(20) * 1024 * 1024)    /* [uploads] max_file */
#define UPLOAD_DEFAULT_QUOTA (INT64_C(200) * 1024 * 1024)      /* [uploads] quota */
#define UPLOAD_LIST_MAX 1000                 /* most uploads one account may have active */

struct upload_info {
	int64_t id;
	int64_t user_id;
	char name[UPLOAD_NAME_BUF];          /* normalized original name; safe to draw */
	char mime[UPLOAD_MIME_BUF];          /* one of upload_sniff's answers */
	int64_t size;                        /* bytes */
	char sha256[65];                     /* lowercase hex */
	char stored_name[UPLOAD_STORED_BUF]; /* "ab/ab0f...": under DATA/uploads */
	int64_t created_at;                  /* unix seconds */
};

/*
 * The content type of a file from its first n bytes (pass at least UPLOAD_SNIFF_BYTES
 * when the file is that long): "image/png", "image/jpeg", "image/gif", "image/webp",
 * "application/pdf", "application/zip", "audio/mpeg", "audio/wav", "audio/ogg",
 * "video/mp4", "video/webm", or "text/plain" (no NUL and no control but TAB, LF, CR,
 * FF, ESC excluded; valid UTF-8 except that a sequence cut at the end of the head is
 * allowed; a leading BOM is fine). NULL: not one of these (also for n == 0).
 * upload_commit also checks that a whole text/plain file is valid UTF-8.
 * Returns a static string; never allocates.
 */
const char *upload_sniff(const void *head, size_t n);

/*
 * The plain-text rule of upload_sniff applied to a whole file fed in chunks of any size
 * (a character may be cut between chunks): begin, feed each chunk, then end says 1 when
 * everything was text (and no character was left cut at the end), else 0.
 */
struct upload_text_check {
	unsigned char carry[4];
	size_t ncarry;
	int ok;
};
void upload_text_begin(struct upload_text_check *c);
void upload_text_feed(struct upload_text_check *c, const void *data, size_t n);
int upload_text_end(const struct upload_text_check *c);

/*
 * Normalize a name a client gave: the part after the last '/' or '\\', sanitized
 * (text_sanitize: C0/C1 controls, escape sequences and bidi controls removed, invalid
 * UTF-8 replaced), ASCII spaces and leading dots trimmed, at most UPLOAD_NAME_MAX
 * characters (a longer name is cut before its extension, which is kept when it has at
 * most UPLOAD_EXT_MAX characters). "../../etc/passwd" becomes "passwd".
 * JS_ERR_INVALID when nothing is left (e.g. "", "/", "..", " . "); JS_ERR_TOO_BIG when
 * raw is longer than UPLOAD_PATH_MAX bytes. out gets a NUL-terminated UTF-8 string.
 */
int upload_name_normalize(const char *raw, char out[UPLOAD_NAME_BUF]);

/*
 * Create a temp file DATA/uploads/tmp/<pid>.<32 hex> (O_EXCL, mode 0600, the
 * directories made 0700 as needed) for writing. path gets its name, *fd the open
 * descriptor (the caller closes it and, unless upload_commit took the file, unlinks it).
 * JS_ERR_IO on failure.
 */
int upload_tmp_create(const char *data_dir, char path[UPLOAD_PATH_MAX], int *fd);
/*
 * Remove temp files: those of process `pid`, or all of them when pid is 0 (at server
 * start). *removed (may be NULL) gets the count. A missing directory is not an error.
 */
int upload_tmp_clean(const char *data_dir, int pid, int *removed);

/*
 * Take the finished temp file tmp_path as a new upload of `user` named original_name
 * (normalized here with upload_name_normalize; if the user has an active upload of that
 * name, " (2)", " (3)", ... is put before the extension). All or nothing:
 *  - the file must be at most max_file bytes (JS_ERR_TOO_BIG), the user's active
 *    uploads plus this one at most quota bytes (JS_ERR_OVERFLOW), and the user may
 *    have at most UPLOAD_LIST_MAX active uploads (JS_ERR_OVERFLOW too);
 *  - its type is sniffed from its content (JS_ERR_INVALID: empty file, unknown type, or
 *    text that is not UTF-8 throughout), its sha256 computed;
 *  - the file is fsynced, moved to DATA/uploads/<2 hex>/<32 hex> (0600) and the row
 *    inserted; when anything fails, no row exists and the moved file is removed.
 * The temp file is consumed on every outcome: moved into place or unlinked.
 * The user must be an active account (JS_ERR_PERM). *id (may be NULL) gets the new id.
 * Limits <= 0 mean the defaults above.
 */
int upload_commit(struct db *db, int64_t user, const char *tmp_path,
                  const char *original_name, const char *data_dir, int64_t max_file,
                  int64_t quota, int64_t *id);

/*
 * The user's active uploads (actor must be the user or an admin: JS_ERR_PERM), newest
 * first: up to max into out[], *n gets how many were stored.
 */
int upload_list(struct db *db, int64_t actor, int64_t user, struct upload_info *out,
                size_t max, size_t *n);
/*
 * One active upload by id. JS_ERR_NOT_FOUND when there is none (or it is deleted);
 * JS_ERR_PERM when it is someone else's and the actor is not an admin.
 */
int upload_get(struct db *db, int64_t actor, int64_t id, struct upload_info *out);
/* One of the user's active uploads by its exact (normalized) name; like upload_get. */
int upload_get_by_name(struct db *db, int64_t actor, int64_t user, const char *name,
                       struct upload_info *out);

/*
 * Delete an upload: the row is marked 'deleted' (deleted_at set), then its file is
 * removed. Rows that refer to it (avatar, portfolio item) keep the id but upload_get
 * no longer finds it. JS_ERR_NOT_FOUND / JS_ERR_PERM as upload_get.
 */
int upload_delete(struct db *db, int64_t actor, int64_t id, const char *data_dir);
/*
 * Rename an active upload (new_name normalized as above). JS_ERR_EXISTS when another
 * active upload of the same account has that name (renaming to its own name is 0);
 * JS_ERR_INVALID for a name that normalizes to nothing. JS_ERR_NOT_FOUND / JS_ERR_PERM.
 */
int upload_rename(struct db *db, int64_t actor, int64_t id, const char *new_name);

/* Bytes of the user's active uploads (the quota's use). */
int upload_quota_used(struct db *db, int64_t user, int64_t *bytes);

/*
 * The file of a stored upload: DATA/uploads/<stored_name>. JS_ERR_INVALID for a
 * stored_name not of the form "<2 hex>/<32 hex>"; JS_ERR_TOO_BIG if it does not fit.
 */
int upload_path(const char *data_dir, const char *stored_name, char out[UPLOAD_PATH_MAX]);

#endif
