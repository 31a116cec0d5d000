/* sftp_path.c: SFTP requests that name paths in the flat virtual upload area: realpath,
 * stat, setstat, directory listings, remove, rename, and the refusals (folders, links). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libssh/libssh.h>

#include "err.h"
#include "log.h"
#include "session.h"
#include "sftp_srv.h"
#include "upload.h"

#define SFTP_DEPTH_MAX 64

enum sftpd_where
sftpd_resolve(const char *raw, char name[SFTP_COMP_BUF])
{
	const char *p = raw, *e, *comp[SFTP_DEPTH_MAX];
	size_t len, clen[SFTP_DEPTH_MAX];
	int depth = 0, first = 1;

	name[0] = '\0';
	if (raw == NULL || strlen(raw) > UPLOAD_PATH_MAX)
		return SP_BAD;
	while (*p != '\0') {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		e = p + strcspn(p, "/");
		len = (size_t)(e - p);
		if (len == 1 && p[0] == '.') {
			/* this folder */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (depth > 0)
				depth--;            /* never above the area */
		} else if (first && len == 1 && p[0] == '~') {
			/* the home folder is the area */
		} else {
			if (depth == SFTP_DEPTH_MAX)
				return SP_BAD;
			comp[depth] = p;
			clen[depth++] = len;
		}
		first = 0;
		p = e;
	}
	if (depth == 0)
		return SP_ROOT;
	if (depth > 1)
		return SP_DEEP;
	memcpy(name, comp[0], clen[0]);
	name[clen[0]] = '\0';
	return SP_FILE;
}

void
sftpd_size_text(int64_t bytes, char *out, size_t len)
{
	if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
		snprintf(out, len, "%lld MiB", (long long)(bytes / (1024 * 1024)));
	else if (bytes >= 1024 * 1024)
		snprintf(out, len, "%.1f MiB", (double)bytes / (1024.0 * 1024.0));
	else if (bytes >= 1024)
		snprintf(out, len, "%lld KiB", (long long)(bytes / 1024));
	else
		snprintf(out, len, "%lld bytes", (long long)bytes);
}

void
sftpd_attrs_dir(struct sftp_attributes_struct *a)
{
	memset(a, 0, sizeof *a);
	a->flags = SSH_FILEXFER_ATTR_SIZE | SSH_FILEXFER_ATTR_PERMISSIONS |
	    SSH_FILEXFER_ATTR_ACMODTIME;
	a->type = SSH_FILEXFER_TYPE_DIRECTORY;
	a->permissions = S_IFDIR | 0700;
	a->atime = a->mtime = (uint32_t)time(NULL);
}

void
sftpd_attrs_file(const struct upload_info *u, struct sftp_attributes_struct *a)
{
	memset(a, 0, sizeof *a);
	a->flags = SSH_FILEXFER_ATTR_SIZE | SSH_FILEXFER_ATTR_PERMISSIONS |
	    SSH_FILEXFER_ATTR_ACMODTIME;
	a->type = SSH_FILEXFER_TYPE_REGULAR;
	a->size = (uint64_t)u->size;
	a->permissions = S_IFREG | 0600;
	a->atime = a->mtime = (uint32_t)u->created_at;
}

int
sftpd_lookup(struct session *s, const char *name, struct upload_info *out)
{
	char norm[UPLOAD_NAME_BUF];
	int r;

	r = upload_get_by_name(s->db, s->account_id, s->account_id, name, out);
	if (r == JS_ERR_NOT_FOUND && upload_name_normalize(name, norm) == 0 &&
	    strcmp(norm, name) != 0)
		r = upload_get_by_name(s->db, s->account_id, s->account_id, norm, out);
	return r;
}

/* Status for a failed lookup. */
static void
lookup_failed(struct session *s, sftp_client_message msg, int r)
{
	if (r == JS_ERR_NOT_FOUND)
		sftpd_status(s, msg, SSH_FX_NO_SUCH_FILE, "No such file.");
	else {
		log_warn("sftp lookup addr=%s: %s", s->addr, js_strerror(r));
		sftpd_status(s, msg, SSH_FX_FAILURE, "The upload area is unavailable, try again.");
	}
}

void
sftpd_op_realpath(struct session *s, sftp_client_message msg)
{
	struct sftp_attributes_struct a;
	struct upload_info u;
	char name[SFTP_COMP_BUF], path[SFTP_COMP_BUF + 1];

	switch (sftpd_resolve(sftp_client_message_get_filename(msg), name)) {
	case SP_ROOT:
		sftpd_attrs_dir(&a);
		sftp_reply_name(msg, "/", &a);
		return;
	case SP_FILE:
		memset(&a, 0, sizeof a);
		if (sftpd_lookup(s, name, &u) == 0)
			sftpd_attrs_file(&u, &a);
		snprintf(path, sizeof path, "/%s", name);
		sftp_reply_name(msg, path, &a);
		return;
	case SP_DEEP:
		sftpd_status(s, msg, SSH_FX_NO_SUCH_FILE, "No such folder: the upload area has "
		    "no folders.");
		return;
	case SP_BAD:
		break;
	}
	sftpd_status(s, msg, SSH_FX_FAILURE, "That path is too long.");
}

void
sftpd_op_stat(struct session *s, sftp_client_message msg)
{
	struct sftp_attributes_struct a;
	struct upload_info u;
	char name[SFTP_COMP_BUF];
	int r;

	switch (sftpd_resolve(sftp_client_message_get_filename(msg), name)) {
	case SP_ROOT:
		sftpd_attrs_dir(&a);
		sftp_reply_attr(msg, &a);
		return;
	case SP_FILE:
		if ((r = sftpd_lookup(s, name, &u)) != 0) {
			lookup_failed(s, msg, r);
			return;
		}
		sftpd_attrs_file(&u, &a);
		sftp_reply_attr(msg, &a);
		return;
	default:
		sftp_reply_status(msg, SSH_FX_NO_SUCH_FILE, "No such file.");
	}
}

void
sftpd_op_setstat(struct session *s, sftp_client_message msg)
{
	struct upload_info u;
	char name[SFTP_COMP_BUF];
	enum sftpd_where w;
	int r;

	memset(&u, 0, sizeof u);
	switch ((w = sftpd_resolve(sftp_client_message_get_filename(msg), name))) {
	case SP_ROOT:
		break;
	case SP_FILE:
		if ((r = sftpd_lookup(s, name, &u)) != 0) {
			lookup_failed(s, msg, r);
			return;
		}
		break;
	default:
		sftp_reply_status(msg, SSH_FX_NO_SUCH_FILE, "No such file.");
		return;
	}
	if (msg->attr != NULL && (msg->attr->flags & SSH_FILEXFER_ATTR_SIZE) &&
	    (w != SP_FILE || msg->attr->size != (uint64_t)u.size)) {
		sftpd_status(s, msg, SSH_FX_OP_UNSUPPORTED, "Uploads cannot be changed.");
		return;
	}
	/* Modes, owners and times are accepted and ignored, so scp -p works. */
	sftp_reply_status(msg, SSH_FX_OK, NULL);
}

void
sftpd_op_opendir(struct session *s, sftp_client_message msg)
{
	struct sftpd_handle *f;
	struct upload_info u;
	char name[SFTP_COMP_BUF];
	ssh_string h;
	size_t i, dirs = 0;
	int r;

	switch (sftpd_resolve(sftp_client_message_get_filename(msg), name)) {
	case SP_ROOT:
		break;
	case SP_FILE:
		if ((r = sftpd_lookup(s, name, &u)) != 0)
			lookup_failed(s, msg, r);
		else
			sftpd_status(s, msg, SSH_FX_FAILURE, "That is a file, not a folder.");
		return;
	default:
		sftp_reply_status(msg, SSH_FX_NO_SUCH_FILE, "No such folder.");
		return;
	}
	for (i = 0; i < SFTP_OPEN_MAX; i++)
		dirs += s->sftp->files[i].kind == SF_DIR;
	if (dirs >= SFTP_DIRS_MAX || (f = sftpd_handle_new(s)) == NULL) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "Too many open handles.");
		return;
	}
	if ((f->list = calloc(UPLOAD_LIST_MAX, sizeof *f->list)) == NULL ||
	    (r = upload_list(s->db, s->account_id, s->account_id, f->list, UPLOAD_LIST_MAX,
	    &f->n)) != 0) {
		free(f->list);
		f->list = NULL;
		sftpd_status(s, msg, SSH_FX_FAILURE, "The upload area is unavailable, try again.");
		return;
	}
	f->kind = SF_DIR;
	if ((h = sftpd_handle_string(s, f)) == NULL) {
		sftpd_handle_release(s, f);
		sftpd_status(s, msg, SSH_FX_FAILURE, "Too many open handles.");
		return;
	}
	sftp_reply_handle(msg, h);
	ssh_string_free(h);
}

/* An ls -l line for an upload. */
static void
longname(const struct session *s, const struct upload_info *u, char *out, size_t len)
{
	char when[32];
	time_t t = (time_t)u->created_at;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(when, sizeof when, "%b %d %H:%M", &tm) == 0)
		snprintf(when, sizeof when, "-");
	snprintf(out, len, "-rw-------    1 %-8s %-8s %12lld %s %s", s->handle, s->handle,
	    (long long)u->size, when, u->name);
}

void
sftpd_op_readdir(struct session *s, sftp_client_message msg)
{
	struct sftp_attributes_struct a;
	struct sftpd_handle *f = sftpd_handle_of(s, msg);
	char line[UPLOAD_NAME_BUF + 128];
	int k;

	if (f == NULL || f->kind != SF_DIR) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "Invalid handle.");
		return;
	}
	if (f->pos >= f->n) {
		sftp_reply_status(msg, SSH_FX_EOF, NULL);
		return;
	}
	for (k = 0; k < SFTP_NAMES_PER_READDIR && f->pos < f->n; k++, f->pos++) {
		sftpd_attrs_file(&f->list[f->pos], &a);
		longname(s, &f->list[f->pos], line, sizeof line);
		if (sftp_reply_names_add(msg, f->list[f->pos].name, line, &a) != 0)
			break;
	}
	sftp_reply_names(msg);
}

void
sftpd_op_remove(struct session *s, sftp_client_message msg)
{
	struct upload_info u;
	char name[SFTP_COMP_BUF];
	int r;

	switch (sftpd_resolve(sftp_client_message_get_filename(msg), name)) {
	case SP_ROOT:
		sftpd_status(s, msg, SSH_FX_PERMISSION_DENIED, "The upload area itself cannot "
		    "be removed.");
		return;
	case SP_FILE:
		break;
	default:
		sftp_reply_status(msg, SSH_FX_NO_SUCH_FILE, "No such file.");
		return;
	}
	if ((r = sftpd_lookup(s, name, &u)) != 0 ||
	    (r = upload_delete(s->db, s->account_id, u.id, s->cfg->data_dir)) != 0) {
		lookup_failed(s, msg, r);
		return;
	}
	log_info("upload deleted addr=%s account=%s id=%lld", s->addr, s->handle,
	    (long long)u.id);
	sftp_reply_status(msg, SSH_FX_OK, NULL);
}

/* RENAME and posix-rename@openssh.com: the new path is the `skip`-th string + 1. */
static void
rename_common(struct session *s, sftp_client_message msg, int skip)
{
	char from[SFTP_COMP_BUF], to[SFTP_COMP_BUF], norm[UPLOAD_NAME_BUF], text[600];
	const char *newpath = sftp_client_message_get_data(msg);
	struct upload_info u;
	int r;

	if (sftpd_wire_has_nul(msg, skip) || sftpd_wire_has_nul(msg, skip + 1)) {
		sftpd_status(s, msg, SSH_FX_PERMISSION_DENIED, "A file name may not contain a "
		    "NUL byte.");
		return;
	}
	if (sftpd_resolve(sftp_client_message_get_filename(msg), from) != SP_FILE) {
		sftp_reply_status(msg, SSH_FX_NO_SUCH_FILE, "No such file.");
		return;
	}
	switch (sftpd_resolve(newpath, to)) {
	case SP_FILE:
		break;
	case SP_DEEP:
		sftpd_status(s, msg, SSH_FX_PERMISSION_DENIED, "The upload area has no folders.");
		return;
	default:
		sftpd_status(s, msg, SSH_FX_FAILURE, "Give the file a new name.");
		return;
	}
	if ((r = sftpd_lookup(s, from, &u)) != 0) {
		lookup_failed(s, msg, r);
		return;
	}
	if (upload_name_normalize(to, norm) != 0) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "That is not a usable file name.");
		return;
	}
	r = upload_rename(s->db, s->account_id, u.id, norm);
	if (r == JS_ERR_EXISTS) {
		snprintf(text, sizeof text, "A file named \"%s\" exists already.", norm);
		sftpd_status(s, msg, SSH_FX_FAILURE, text);
		return;
	}
	if (r != 0) {
		lookup_failed(s, msg, r);
		return;
	}
	log_info("upload renamed addr=%s account=%s id=%lld", s->addr, s->handle,
	    (long long)u.id);
	sftp_reply_status(msg, SSH_FX_OK, NULL);
}

void
sftpd_op_rename(struct session *s, sftp_client_message msg)
{
	rename_common(s, msg, 0);
}

void
sftpd_op_refuse(struct session *s, sftp_client_message msg)
{
	switch (sftp_client_message_get_type(msg)) {
	case SSH_FXP_MKDIR:
	case SSH_FXP_RMDIR:
		sftpd_status(s, msg, SSH_FX_PERMISSION_DENIED, "The upload area has no folders.");
		break;
	case SSH_FXP_SYMLINK:
		sftpd_status(s, msg, SSH_FX_PERMISSION_DENIED, "Links are not allowed in the "
		    "upload area.");
		break;
	default:    /* READLINK */
		sftpd_status(s, msg, SSH_FX_OP_UNSUPPORTED, "There are no links in the upload "
		    "area.");
	}
}

void
sftpd_op_extended(struct session *s, sftp_client_message msg)
{
	const char *what = sftp_client_message_get_submessage(msg);

	if (what != NULL && strcmp(what, "posix-rename@openssh.com") == 0)
		rename_common(s, msg, 1);
	else if (what != NULL && strcmp(what, "hardlink@openssh.com") == 0)
		sftpd_status(s, msg, SSH_FX_PERMISSION_DENIED, "Links are not allowed in the "
		    "upload area.");
	else
		sftp_reply_status(msg, SSH_FX_OP_UNSUPPORTED, "Not supported here.");
}
