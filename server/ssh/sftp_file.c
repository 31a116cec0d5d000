/* sftp_file.c: SFTP handles on the upload area: open a new upload (a temp file, capped as
 * it grows) or an existing one to read, read, write, fstat, and close, which commits a
 * new upload all or nothing (upload_commit). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "err.h"
#include "log.h"
#include "session.h"
#include "sftp_srv.h"
#include "upload.h"

#define SFTP_TYPES "PNG, JPEG, GIF, WebP, PDF, ZIP, MP3, WAV, OGG, MP4, WebM or UTF-8 text"

struct sftpd_handle *
sftpd_handle_new(struct session *s)
{
	size_t i;

	for (i = 0; i < SFTP_OPEN_MAX; i++) {
		struct sftpd_handle *f = &s->sftp->files[i];

		if (f->kind == SF_FREE) {
			memset(f, 0, sizeof *f);
			f->fd = -1;
			return f;
		}
	}
	return NULL;
}

ssh_string
sftpd_handle_string(struct session *s, struct sftpd_handle *f)
{
	return sftp_handle_alloc(s->sftp->sftp, f);
}

struct sftpd_handle *
sftpd_handle_of(struct session *s, sftp_client_message msg)
{
	struct sftpd_handle *f;
	size_t i;

	if (msg->handle == NULL)
		return NULL;
	f = sftp_handle(s->sftp->sftp, msg->handle);
	/* Only a pointer into our own table, to an open handle, is believed. */
	for (i = 0; i < SFTP_OPEN_MAX; i++)
		if (f == &s->sftp->files[i])
			return f->kind == SF_FREE ? NULL : f;
	return NULL;
}

void
sftpd_handle_release(struct session *s, struct sftpd_handle *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->kind == SF_WRITE && f->tmp[0] != '\0' && unlink(f->tmp) != 0 &&
	    errno != ENOENT)
		log_warn("unlink %s: %s", f->tmp, strerror(errno));
	free(f->list);
	sftp_handle_remove(s->sftp->sftp, f);
	memset(f, 0, sizeof *f);
	f->fd = -1;
	f->kind = SF_FREE;
}

static void
open_write(struct session *s, sftp_client_message msg, enum sftpd_where w,
    const char *raw)
{
	uint32_t fl = sftp_client_message_get_flags(msg);
	char name[UPLOAD_NAME_BUF], used_s[32], quota_s[32], text[600];
	struct upload_info u;
	struct sftpd_handle *f;
	int64_t used = 0;
	ssh_string h;
	int r;

	if (w == SP_ROOT) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "That is the upload area itself; name a file.");
		return;
	}
	if (w == SP_DEEP) {
		sftpd_status(s, msg, SSH_FX_PERMISSION_DENIED, "The upload area has no folders: "
		    "upload to its top level (e.g. scp FILE HOST: or put FILE).");
		return;
	}
	if (w == SP_BAD || upload_name_normalize(raw, name) != 0) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "That is not a usable file name.");
		return;
	}
	if (!(fl & SSH_FXF_CREAT) || (fl & SSH_FXF_APPEND)) {
		sftpd_status(s, msg, SSH_FX_OP_UNSUPPORTED, "Uploads cannot be changed or "
		    "resumed: upload the whole file again.");
		return;
	}
	if ((fl & SSH_FXF_EXCL) && sftpd_lookup(s, name, &u) == 0) {
		snprintf(text, sizeof text, "A file named \"%s\" exists already.", name);
		sftpd_status(s, msg, SSH_FX_FAILURE, text);
		return;
	}
	if ((r = upload_quota_used(s->db, s->account_id, &used)) != 0) {
		log_warn("sftp quota addr=%s: %s", s->addr, js_strerror(r));
		sftpd_status(s, msg, SSH_FX_FAILURE, "The upload area is unavailable, try again.");
		return;
	}
	if (used >= s->cfg->upload_quota) {
		sftpd_size_text(used, used_s, sizeof used_s);
		sftpd_size_text(s->cfg->upload_quota, quota_s, sizeof quota_s);
		snprintf(text, sizeof text, "%s: your upload area is full (%s of %s used). "
		    "Delete something first.", name, used_s, quota_s);
		log_info("upload refused addr=%s account=%s reason=quota-full", s->addr,
		    s->handle);
		sftpd_status(s, msg, SSH_FX_FAILURE, text);
		return;
	}
	if ((f = sftpd_handle_new(s)) == NULL) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "Too many open handles.");
		return;
	}
	if ((r = upload_tmp_create(s->cfg->data_dir, f->tmp, &f->fd)) != 0) {
		log_warn("sftp temp file addr=%s: %s", s->addr, js_strerror(r));
		sftpd_status(s, msg, SSH_FX_FAILURE, "The file could not be stored, try again.");
		return;
	}
	f->kind = SF_WRITE;
	snprintf(f->name, sizeof f->name, "%s", name);
	f->quota_left = s->cfg->upload_quota - used;
	if ((h = sftpd_handle_string(s, f)) == NULL) {
		sftpd_handle_release(s, f);
		sftpd_status(s, msg, SSH_FX_FAILURE, "Too many open handles.");
		return;
	}
	sftp_reply_handle(msg, h);
	ssh_string_free(h);
}

static void
open_read(struct session *s, sftp_client_message msg, enum sftpd_where w,
    const char *raw)
{
	char path[UPLOAD_PATH_MAX];
	struct upload_info u;
	struct sftpd_handle *f;
	ssh_string h;
	int r, fd;

	if (w == SP_ROOT) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "That is a folder, not a file.");
		return;
	}
	if (w != SP_FILE || (r = sftpd_lookup(s, raw, &u)) == JS_ERR_NOT_FOUND) {
		sftp_reply_status(msg, SSH_FX_NO_SUCH_FILE, "No such file.");
		return;
	}
	if (r != 0 || upload_path(s->cfg->data_dir, u.stored_name, path) != 0 ||
	    (fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		log_warn("sftp open addr=%s id=%lld failed", s->addr, (long long)u.id);
		sftpd_status(s, msg, SSH_FX_FAILURE, "The file cannot be read now.");
		return;
	}
	if ((f = sftpd_handle_new(s)) == NULL) {
		close(fd);
		sftpd_status(s, msg, SSH_FX_FAILURE, "Too many open handles.");
		return;
	}
	f->kind = SF_READ;
	f->fd = fd;
	f->info = u;
	if ((h = sftpd_handle_string(s, f)) == NULL) {
		sftpd_handle_release(s, f);
		sftpd_status(s, msg, SSH_FX_FAILURE, "Too many open handles.");
		return;
	}
	sftp_reply_handle(msg, h);
	ssh_string_free(h);
}

void
sftpd_op_open(struct session *s, sftp_client_message msg)
{
	uint32_t fl = sftp_client_message_get_flags(msg);
	char raw[SFTP_COMP_BUF];
	enum sftpd_where w = sftpd_resolve(sftp_client_message_get_filename(msg), raw);

	if ((fl & SSH_FXF_READ) && (fl & SSH_FXF_WRITE)) {
		sftpd_status(s, msg, SSH_FX_OP_UNSUPPORTED, "Open a file either to read or to "
		    "write, not both.");
		return;
	}
	if (fl & SSH_FXF_WRITE)
		open_write(s, msg, w, raw);
	else
		open_read(s, msg, w, raw);
}

void
sftpd_op_read(struct session *s, sftp_client_message msg)
{
	struct sftpd_handle *f = sftpd_handle_of(s, msg);
	char buf[SFTP_READ_MAX];
	uint32_t want = msg->len < sizeof buf ? msg->len : (uint32_t)sizeof buf;
	ssize_t n;

	if (f == NULL || f->kind != SF_READ) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "Invalid handle.");
		return;
	}
	if (msg->offset > (uint64_t)INT64_MAX) {
		sftp_reply_status(msg, SSH_FX_EOF, NULL);
		return;
	}
	do
		n = pread(f->fd, buf, want, (off_t)msg->offset);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "The file cannot be read now.");
		return;
	}
	if (n == 0) {
		sftp_reply_status(msg, SSH_FX_EOF, NULL);
		return;
	}
	sftp_reply_data(msg, buf, (int)n);
}

/* Refuse the rest of an upload: the temp file is emptied at once, and every later
 * write and the close answer with the same reason (told on stderr once). */
static void
write_refuse(struct session *s, sftp_client_message msg, struct sftpd_handle *f,
    const char *why)
{
	snprintf(f->refusal, sizeof f->refusal, "%s: %s", f->name, why);
	if (ftruncate(f->fd, 0) != 0)
		log_warn("ftruncate %s: %s", f->tmp, strerror(errno));
	log_info("upload refused addr=%s account=%s reason=\"%s\"", s->addr, s->handle, why);
	sftpd_status(s, msg, SSH_FX_FAILURE, f->refusal);
}

/* Bytes written so far to the other uploads open on this channel: together they must
 * fit in the quota too, so parallel handles cannot fill the disk past it. */
static int64_t
pending_others(struct session *s, const struct sftpd_handle *self)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < SFTP_OPEN_MAX; i++) {
		const struct sftpd_handle *o = &s->sftp->files[i];

		if (o != self && o->kind == SF_WRITE && o->refusal[0] == '\0')
			sum += o->written;
	}
	return sum;
}

void
sftpd_op_write(struct session *s, sftp_client_message msg)
{
	struct sftpd_handle *f = sftpd_handle_of(s, msg);
	const char *p;
	char max_s[32], why[200];
	uint64_t off = msg->offset;
	size_t len, done = 0;
	ssize_t n;
	int64_t end;

	if (f == NULL || f->kind != SF_WRITE) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "Invalid handle.");
		return;
	}
	if (f->refusal[0] != '\0') {
		sftp_reply_status(msg, SSH_FX_FAILURE, f->refusal);
		return;
	}
	p = msg->data ? ssh_string_data(msg->data) : NULL;
	len = msg->data ? ssh_string_len(msg->data) : 0;
	end = off > (uint64_t)INT64_MAX - len ? INT64_MAX : (int64_t)(off + len);
	if (end > s->cfg->upload_max_file) {
		sftpd_size_text(s->cfg->upload_max_file, max_s, sizeof max_s);
		snprintf(why, sizeof why, "too large: a file may be at most %s.", max_s);
		write_refuse(s, msg, f, why);
		return;
	}
	if (end > f->quota_left - pending_others(s, f)) {
		write_refuse(s, msg, f, "it does not fit in your upload area's quota. "
		    "Delete something first.");
		return;
	}
	while (done < len) {
		n = pwrite(f->fd, p + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_warn("pwrite %s: %s", f->tmp, strerror(errno));
			write_refuse(s, msg, f, "could not be written (the server's disk may be "
			    "full).");
			return;
		}
		done += (size_t)n;
	}
	if (end > f->written)
		f->written = end;
	sftp_reply_status(msg, SSH_FX_OK, NULL);
}

/* Close an upload: commit it (all or nothing) and say how it went. */
static void
close_write(struct session *s, sftp_client_message msg, struct sftpd_handle *f)
{
	char text[600], lim[32];
	struct upload_info u;
	int64_t id = 0;
	int r;

	if (f->refusal[0] != '\0') {
		sftp_reply_status(msg, SSH_FX_FAILURE, f->refusal);
		sftpd_handle_release(s, f);
		return;
	}
	close(f->fd);
	f->fd = -1;
	r = upload_commit(s->db, s->account_id, f->tmp, f->name, s->cfg->data_dir,
	    s->cfg->upload_max_file, s->cfg->upload_quota, &id);
	f->tmp[0] = '\0';           /* consumed by upload_commit on every outcome */
	switch (r) {
	case 0:
		if (upload_get(s->db, s->account_id, id, &u) == 0) {
			log_info("upload stored addr=%s account=%s id=%lld size=%lld mime=%s",
			    s->addr, s->handle, (long long)id, (long long)u.size, u.mime);
			if (strcmp(u.name, f->name) != 0)
				sftpd_tell(s, "%s: stored as \"%s\" (that name was taken).",
				    f->name, u.name);
		}
		sftp_reply_status(msg, SSH_FX_OK, NULL);
		sftpd_handle_release(s, f);
		return;
	case JS_ERR_TOO_BIG:
		sftpd_size_text(s->cfg->upload_max_file, lim, sizeof lim);
		snprintf(text, sizeof text, "%s: too large: a file may be at most %s.", f->name,
		    lim);
		break;
	case JS_ERR_OVERFLOW:
		sftpd_size_text(s->cfg->upload_quota, lim, sizeof lim);
		snprintf(text, sizeof text, "%s: it does not fit in your upload area (quota "
		    "%s, at most %d files). Delete something first.", f->name, lim,
		    UPLOAD_LIST_MAX);
		break;
	case JS_ERR_INVALID:
		if (f->written == 0)
			snprintf(text, sizeof text, "%s: the file is empty; nothing was stored.",
			    f->name);
		else
			snprintf(text, sizeof text, "%s: this type of file is not accepted. "
			    "Upload " SFTP_TYPES ".", f->name);
		break;
	case JS_ERR_PERM:
		snprintf(text, sizeof text, "%s: permission denied: the account is not active.",
		    f->name);
		sftpd_status(s, msg, SSH_FX_PERMISSION_DENIED, text);
		sftpd_handle_release(s, f);
		return;
	default:
		log_warn("upload_commit addr=%s: %s", s->addr, js_strerror(r));
		snprintf(text, sizeof text, "%s: the file could not be stored, try again.",
		    f->name);
	}
	log_info("upload refused addr=%s account=%s reason=%s", s->addr, s->handle,
	    js_strerror(r));
	sftpd_status(s, msg, SSH_FX_FAILURE, text);
	sftpd_handle_release(s, f);
}

void
sftpd_op_close(struct session *s, sftp_client_message msg)
{
	struct sftpd_handle *f = sftpd_handle_of(s, msg);

	if (f == NULL) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "Invalid handle.");
		return;
	}
	if (f->kind == SF_WRITE) {
		close_write(s, msg, f);
		return;
	}
	sftpd_handle_release(s, f);
	sftp_reply_status(msg, SSH_FX_OK, NULL);
}

void
sftpd_op_fstat(struct session *s, sftp_client_message msg)
{
	struct sftp_attributes_struct a;
	struct sftpd_handle *f = sftpd_handle_of(s, msg);

	if (f == NULL) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "Invalid handle.");
		return;
	}
	if (f->kind == SF_DIR) {
		sftpd_attrs_dir(&a);
	} else if (f->kind == SF_READ) {
		sftpd_attrs_file(&f->info, &a);
	} else {
		struct upload_info u;

		memset(&u, 0, sizeof u);
		u.size = f->written;
		u.created_at = (int64_t)time(NULL);
		sftpd_attrs_file(&u, &a);
	}
	sftp_reply_attr(msg, &a);
}

void
sftpd_op_fsetstat(struct session *s, sftp_client_message msg)
{
	struct sftpd_handle *f = sftpd_handle_of(s, msg);
	int64_t size;

	if (f == NULL) {
		sftpd_status(s, msg, SSH_FX_FAILURE, "Invalid handle.");
		return;
	}
	size = f->kind == SF_WRITE ? f->written : f->kind == SF_READ ? f->info.size : -1;
	/* scp sets the size it has just written: that is no change and is accepted. */
	if (msg->attr != NULL && (msg->attr->flags & SSH_FILEXFER_ATTR_SIZE) &&
	    (size < 0 || msg->attr->size != (uint64_t)size)) {
		sftpd_status(s, msg, SSH_FX_OP_UNSUPPORTED, "Uploads cannot be truncated.");
		return;
	}
	/* Modes and times are accepted and ignored (scp -p, sftp put -p). */
	sftp_reply_status(msg, SSH_FX_OK, NULL);
}
