/* upload.c: an account's upload area: name normalization, temp files and where a
 * stored file lives. upload_store.c commits files and keeps their rows (list, get,
 * rename, delete). Knows files and the store; nothing of SFTP. */
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

int
upload_sodium(void)
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

/* Byte offset of the first code point after `chars` code points of s (or its end). */
static size_t
utf8_offset(const char *s, size_t chars)
{
	size_t off = 0;

	while (s[off] != '\0' && chars > 0) {
		off++;
		while (((unsigned char)s[off] & 0xc0) == 0x80)
			off++;
		chars--;
	}
	return off;
}

static size_t
utf8_count(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Start of the extension of name ("." included) when it is short enough to keep, else
 * the end of name. A leading dot is not an extension. */
static size_t
ext_start(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (dot == NULL || dot == name || utf8_count(dot + 1) > UPLOAD_EXT_MAX ||
	    dot[1] == '\0')
		return strlen(name);
	return (size_t)(dot - name);
}

/*
 * stem + suffix + extension in at most UPLOAD_NAME_MAX code points: the stem is cut (and
 * trailing spaces dropped) to make room. suffix may be "".
 */
void
upload_name_compose(const char *name, const char *suffix, char out[UPLOAD_NAME_BUF])
{
	size_t ext = ext_start(name), room, stem_chars, cut;
	const char *e = name + ext;
	char stem[UPLOAD_NAME_BUF];

	room = UPLOAD_NAME_MAX - utf8_count(e) - utf8_count(suffix);
	memcpy(stem, name, ext);
	stem[ext] = '\0';
	stem_chars = utf8_count(stem);
	cut = stem_chars > room ? utf8_offset(stem, room) : ext;
	while (cut > 0 && stem[cut - 1] == ' ')
		cut--;
	stem[cut] = '\0';
	snprintf(out, UPLOAD_NAME_BUF, "%s%s%s", stem, suffix, e);
}

int
upload_name_normalize(const char *raw, char out[UPLOAD_NAME_BUF])
{
	const char *base, *p;
	char *clean;
	size_t len, start, end;

	out[0] = '\0';
	if (raw == NULL)
		return JS_ERR_INVALID;
	if ((len = strlen(raw)) > UPLOAD_PATH_MAX)
		return JS_ERR_TOO_BIG;
	for (base = p = raw; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if ((clean = text_sanitize(base, strlen(base), 0)) == NULL)
		return JS_ERR_NOMEM;
	/* Leading spaces, dots and '~' (no hidden names, no "..", no home alias). */
	len = strlen(clean);
	start = strspn(clean, " .~");
	end = len;
	while (end > start && clean[end - 1] == ' ')
		end--;
	clean[end] = '\0';
	if (end == start) {
		free(clean);
		return JS_ERR_INVALID;
	}
	memmove(clean, clean + start, end - start + 1);
	if (utf8_count(clean) > UPLOAD_NAME_MAX || strlen(clean) >= UPLOAD_NAME_BUF)
		upload_name_compose(clean, "", out);
	else
		utf8_copy(out, UPLOAD_NAME_BUF, clean);
	free(clean);
	return out[0] == '\0' ? JS_ERR_INVALID : 0;
}

/* ---- files ---- */

int
upload_mkdir(const char *path)
{
	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return 0;
	log_warn("mkdir %s: %s", path, strerror(errno));
	return JS_ERR_IO;
}

void
upload_random_hex(char out[33])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char rnd[16];
	size_t i;

	randombytes_buf(rnd, sizeof rnd);
	for (i = 0; i < sizeof rnd; i++) {
		out[2 * i] = hex[rnd[i] >> 4];
		out[2 * i + 1] = hex[rnd[i] & 15];
	}
	out[32] = '\0';
}

int
upload_tmp_create(const char *data_dir, char path[UPLOAD_PATH_MAX], int *fd)
{
	char dir[UPLOAD_PATH_MAX], rnd[33];
	int r, n;

	*fd = -1;
	path[0] = '\0';
	if ((r = upload_sodium()) != 0)
		return r;
	if ((size_t)snprintf(dir, sizeof dir, "%s/uploads", data_dir) >= sizeof dir)
		return JS_ERR_TOO_BIG;
	if ((r = upload_mkdir(data_dir)) != 0 || (r = upload_mkdir(dir)) != 0)
		return r;
	if ((size_t)snprintf(dir, sizeof dir, "%s/uploads/tmp", data_dir) >= sizeof dir)
		return JS_ERR_TOO_BIG;
	if ((r = upload_mkdir(dir)) != 0)
		return r;
	upload_random_hex(rnd);
	n = snprintf(path, UPLOAD_PATH_MAX, "%s/%ld.%s", dir, (long)getpid(), rnd);
	if (n < 0 || n >= UPLOAD_PATH_MAX)
		return JS_ERR_TOO_BIG;
	*fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (*fd < 0) {
		log_warn("open %s: %s", path, strerror(errno));
		path[0] = '\0';
		return JS_ERR_IO;
	}
	return 0;
}

int
upload_tmp_clean(const char *data_dir, int pid, int *removed)
{
	char dir[UPLOAD_PATH_MAX], path[UPLOAD_PATH_MAX], prefix[32];
	struct dirent *de;
	DIR *d;
	int n = 0;

	if (removed != NULL)
		*removed = 0;
	if ((size_t)snprintf(dir, sizeof dir, "%s/uploads/tmp", data_dir) >= sizeof dir)
		return JS_ERR_TOO_BIG;
	snprintf(prefix, sizeof prefix, "%d.", pid);
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : JS_ERR_IO;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (pid != 0 && strncmp(de->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path)
			continue;
		if (unlink(path) == 0)
			n++;
		else
			log_warn("unlink %s: %s", path, strerror(errno));
	}
	closedir(d);
	if (removed != NULL)
		*removed = n;
	return 0;
}

int
upload_path(const char *data_dir, const char *stored_name, char out[UPLOAD_PATH_MAX])
{
	size_t i;
	int n;

	out[0] = '\0';
	if (stored_name == NULL || strlen(stored_name) != 35 || stored_name[2] != '/')
		return JS_ERR_INVALID;
	for (i = 0; i < 35; i++)
		if (i != 2 && strchr("0123456789abcdef", stored_name[i]) == NULL)
			return JS_ERR_INVALID;
	if (stored_name[0] != stored_name[3] || stored_name[1] != stored_name[4])
		return JS_ERR_INVALID;
	n = snprintf(out, UPLOAD_PATH_MAX, "%s/uploads/%s", data_dir, stored_name);
	if (n < 0 || n >= UPLOAD_PATH_MAX) {
		out[0] = '\0';
		return JS_ERR_TOO_BIG;
	}
	return 0;
}

