/* test_upload.c: uploads: type sniffing (real magic numbers), the text rule, name
 * normalization, temp files, and commit / list / get / rename / delete with size and
 * quota limits exactly at the edge, on SQLite and PostgreSQL. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "db.h"
#include "err.h"
#include "fixture.h"
#include "upload.h"

/* ---- sniffing: a table of real file heads ---- */

#define B(lit) lit, sizeof lit - 1
static const struct sniff_case {
	const char *what;
	const char *head;
	size_t n;
	const char *mime;            /* NULL: refused */
} sniff_cases[] = {
	{ "png", B("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01"), "image/png" },
	{ "jpeg jfif", B("\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01"), "image/jpeg" },
	{ "jpeg exif", B("\xff\xd8\xff\xe1\x12\x34" "Exif\0\0"), "image/jpeg" },
	{ "gif87a", B("GIF87a\x01\0\x01\0\x80\0\0"), "image/gif" },
	{ "gif89a", B("GIF89a\x01\0\x01\0\x80\0\0"), "image/gif" },
	{ "webp", B("RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0"), "image/webp" },
	{ "pdf", B("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "application/pdf" },
	{ "zip", B("PK\x03\x04\x14\0\0\0\x08\0"), "application/zip" },
	{ "empty zip", B("PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"), "application/zip" },
	{ "mp3 id3v2.4", B("ID3\x04\0\0\0\0\x01\x7f"), "audio/mpeg" },
	{ "mp3 id3v2.3", B("ID3\x03\0\0\0\0\0\x23TIT2"), "audio/mpeg" },
	{ "mp3 frame mpeg1 128k", B("\xff\xfb\x90\x64\0\0\0\0"), "audio/mpeg" },
	{ "mp3 frame mpeg2 64k", B("\xff\xf3\x84\xc4\0\0\0\0"), "audio/mpeg" },
	{ "wav", B("RIFF\x24\x08\0\0WAVEfmt \x10\0\0\0"), "audio/wav" },
	{ "ogg", B("OggS\0\x02\0\0\0\0\0\0\0\0"), "audio/ogg" },
	{ "mp4 isom", B("\0\0\0\x20" "ftypisom\0\0\x02\0isomiso2avc1mp41"), "video/mp4" },
	{ "mp4 mp42", B("\0\0\0\x18" "ftypmp42\0\0\0\0mp42isom"), "video/mp4" },
	{ "webm", B("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04"
	    "\x42\xf3\x81\x08\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02"), "video/webm" },
	{ "ascii text", B("hello, world\n"), "text/plain" },
	{ "chinese text", B("你好，世界\r\n集市\t上传\n"), "text/plain" },
	{ "bom text", B("\xef\xbb\xbfhello\n"), "text/plain" },
	{ "text cut in a character", B("abc\xe4\xb8"), "text/plain" },
	{ "form feed", B("page 1\fpage 2\n"), "text/plain" },
	{ "shell script is text", B("#!/bin/sh\necho hi\n"), "text/plain" },
	/* refused */
	{ "elf", B("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"), NULL },
	{ "windows exe", B("MZ\x90\0\x03\0\0\0\x04\0\0\0"), NULL },
	{ "mach-o", B("\xcf\xfa\xed\xfe\x07\0\0\x01"), NULL },
	{ "matroska", B("\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x88matroska"), NULL },
	{ "heic", B("\0\0\0\x18" "ftypheic\0\0\0\0mif1heic"), NULL },
	{ "avif", B("\0\0\0\x1c" "ftypavif\0\0\0\0avifmif1"), NULL },
	{ "avi", B("RIFF\x24\0\0\0" "AVI LIST"), NULL },
	{ "aac adts", B("\xff\xf1\x50\x80\x02\x1f\xfc"), NULL },
	{ "mp3 frame reserved version", B("\xff\xeb\x90\x64"), NULL },
	{ "mp3 frame bad bitrate", B("\xff\xfb\xf0\x64"), NULL },
	{ "id3 bad version", B("ID3\x09\0\0\0\0\0\0"), NULL },
	{ "latin-1 text", B("caf\xe9 au lait\n"), NULL },
	{ "escape sequence", B("\x1b[31mred\x1b[0m\n"), NULL },
	{ "nul byte", B("abc\0def"), NULL },
	{ "del byte", B("abc\x7f"), NULL },
	{ "gzip", B("\x1f\x8b\x08\0\0\0\0\0"), NULL },
	{ "jpeg too short", B("\xff\xd8"), NULL },
	{ "empty", "", 0, NULL },
};
#undef B

static void
test_sniff_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof sniff_cases / sizeof sniff_cases[0]; i++) {
		const struct sniff_case *c = &sniff_cases[i];
		const char *got = upload_sniff(c->head, c->n);

		if ((got == NULL) != (c->mime == NULL) ||
		    (got != NULL && strcmp(got, c->mime) != 0))
			fail_msg("%s: got %s, want %s", c->what, got ? got : "NULL",
			    c->mime ? c->mime : "NULL");
	}
	assert_null(upload_sniff(NULL, 4));
}

/* Feed s in chunks of `step` bytes; 1 when the whole is text. */
static int
text_chunks(const char *s, size_t n, size_t step)
{
	struct upload_text_check c;
	size_t off;

	upload_text_begin(&c);
	for (off = 0; off < n; off += step)
		upload_text_feed(&c, s + off, n - off < step ? n - off : step);
	return upload_text_end(&c);
}

static void
test_text_stream(void **state)
{
	static const char good[] = "集市 upload 测试 😀 ok\n第二行\n";
	static const char bad_mid[] = "集市\xff集市";
	static const char cut_end[] = "集市\xe5\xb8";
	static const char ctl[] = "集市\x01";
	static const char surrogate[] = "ab\xed\xa0\x80";
	size_t step;

	(void)state;
	for (step = 1; step <= sizeof good; step++) {
		assert_int_equal(text_chunks(good, sizeof good - 1, step), 1);
		assert_int_equal(text_chunks(bad_mid, sizeof bad_mid - 1, step), 0);
		assert_int_equal(text_chunks(cut_end, sizeof cut_end - 1, step), 0);
		assert_int_equal(text_chunks(ctl, sizeof ctl - 1, step), 0);
		assert_int_equal(text_chunks(surrogate, sizeof surrogate - 1, step), 0);
	}
	assert_int_equal(text_chunks("", 0, 1), 1);
}

/* ---- names ---- */

static const struct name_case {
	const char *raw, *want;      /* want NULL: JS_ERR_INVALID */
} name_cases[] = {
	{ "logo.png", "logo.png" },
	{ "../../etc/passwd", "passwd" },
	{ "/etc/passwd", "passwd" },
	{ "..\\..\\windows\\system.ini", "system.ini" },
	{ "C:\\Users\\me\\简历.pdf", "简历.pdf" },
	{ "设计稿 最终版.png", "设计稿 最终版.png" },
	{ "网站设计/作品集/首页.jpg", "首页.jpg" },
	{ "  spaced name.txt  ", "spaced name.txt" },
	{ ".bashrc", "bashrc" },
	{ "...hidden.txt", "hidden.txt" },
	{ "~report.pdf", "report.pdf" },
	{ "a\x1b[31mred.txt", "ared.txt" },
	{ "evil\xe2\x80\xaegnp.exe", "evilgnp.exe" },
	{ "bell\x07.txt", "bell.txt" },
	{ "tab\there.txt", "tab here.txt" },
	{ "caf\xe9.txt", "caf\xef\xbf\xbd.txt" },
	{ "name.", "name." },
	{ "", NULL },
	{ ".", NULL },
	{ "..", NULL },
	{ "/", NULL },
	{ "dir/", NULL },
	{ " . ", NULL },
	{ "~", NULL },
	{ "\x1b[2J", NULL },
	{ "../", NULL },
};

static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void
test_name_normalize(void **state)
{
	char out[UPLOAD_NAME_BUF], raw[UPLOAD_PATH_MAX + 100];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof name_cases / sizeof name_cases[0]; i++) {
		r = upload_name_normalize(name_cases[i].raw, out);
		if (name_cases[i].want == NULL) {
			if (r != JS_ERR_INVALID)
				fail_msg("'%s': got %d '%s', want invalid", name_cases[i].raw, r, out);
		} else if (r != 0 || strcmp(out, name_cases[i].want) != 0) {
			fail_msg("'%s': got %d '%s', want '%s'", name_cases[i].raw, r, out,
			    name_cases[i].want);
		}
	}
	/* 150 letters + ".png": cut to 100 characters, the extension kept. */
	memset(raw, 'a', 150);
	strcpy(raw + 150, ".png");
	assert_int_equal(upload_name_normalize(raw, out), 0);
	assert_int_equal(chars(out), UPLOAD_NAME_MAX);
	assert_int_equal(strlen(out), 100);
	assert_string_equal(out + 96, ".png");
	/* Exactly 100 characters: unchanged. */
	memset(raw, 'b', 96);
	strcpy(raw + 96, ".txt");
	assert_int_equal(upload_name_normalize(raw, out), 0);
	assert_string_equal(out, raw);
	/* 120 CJK characters + ".jpeg": 95 + 5 characters. */
	raw[0] = '\0';
	for (i = 0; i < 120; i++)
		strcat(raw, "图");
	strcat(raw, ".jpeg");
	assert_int_equal(upload_name_normalize(raw, out), 0);
	assert_int_equal(chars(out), 100);
	assert_string_equal(out + 95 * 3, ".jpeg");
	/* An "extension" longer than UPLOAD_EXT_MAX is not kept: a plain cut. */
	memset(raw, 'c', 90);
	raw[90] = '.';
	memset(raw + 91, 'd', 30);
	raw[121] = '\0';
	assert_int_equal(upload_name_normalize(raw, out), 0);
	assert_int_equal(strlen(out), 100);
	assert_int_equal(memcmp(out, raw, 100), 0);
	/* A cut that leaves the stem ending in spaces drops them. */
	memset(raw, 'e', 95);
	memset(raw + 95, ' ', 10);
	strcpy(raw + 105, ".md");
	assert_int_equal(upload_name_normalize(raw, out), 0);
	assert_int_equal(strlen(out), 98);
	assert_string_equal(out + 95, ".md");
	/* Longer than a path may be. */
	memset(raw, 'x', UPLOAD_PATH_MAX + 1);
	raw[UPLOAD_PATH_MAX + 1] = '\0';
	assert_int_equal(upload_name_normalize(raw, out), JS_ERR_TOO_BIG);
	assert_int_equal(upload_name_normalize(NULL, out), JS_ERR_INVALID);
}

static void
test_path(void **state)
{
	char out[UPLOAD_PATH_MAX];

	(void)state;
	assert_int_equal(upload_path("/d", "ab/ab0123456789abcdef0123456789abcd", out), 0);
	assert_string_equal(out, "/d/uploads/ab/ab0123456789abcdef0123456789abcd");
	assert_int_equal(upload_path("/d", "ab/cd0123456789abcdef0123456789abcd", out),
	    JS_ERR_INVALID);
	assert_int_equal(upload_path("/d", "../ab0123456789abcdef0123456789abcd", out),
	    JS_ERR_INVALID);
	assert_int_equal(upload_path("/d", "AB/AB0123456789ABCDEF0123456789ABCD", out),
	    JS_ERR_INVALID);
	assert_int_equal(upload_path("/d", "ab/ab", out), JS_ERR_INVALID);
	assert_int_equal(upload_path("/d", NULL, out), JS_ERR_INVALID);
}

/* ---- the store ---- */

struct fx {
	struct db *db;
	char url[TFX_URL_MAX];
	char dir[64];
	int64_t alice, bob, admin;
};

static int
setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof f);
	f.db = tfx_open(f.url, sizeof f.url);
	snprintf(f.dir, sizeof f.dir, "/tmp/jishi-upload-XXXXXX");
	assert_non_null(mkdtemp(f.dir));
	f.alice = tfx_user(f.db, "alice", 1);
	f.bob = tfx_user(f.db, "bob", 1);
	f.admin = tfx_user(f.db, "boss", 1);
	tfx_make_admin(f.db, f.admin);
	*state = &f;
	return 0;
}

/* Remove dir and everything in it (two levels are all uploads ever make). */
static void
rm_tree(const char *dir)
{
	char path[UPLOAD_PATH_MAX];
	struct dirent *de;
	struct stat sb;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			rm_tree(path);
		else
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tfx_close(f->db, f->url);
	rm_tree(f->dir);
	return 0;
}

/* A finished temp file holding data[0..n). */
static void
mktmp(struct fx *f, const void *data, size_t n, char path[UPLOAD_PATH_MAX])
{
	int fd;

	assert_int_equal(upload_tmp_create(f->dir, path, &fd), 0);
	assert_true(fd >= 0);
	if (n > 0)
		assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
}

/* A PNG of exactly n bytes (n >= 16): the signature and IHDR start, then zeros. */
static unsigned char *
png(size_t n)
{
	unsigned char *p = calloc(1, n);

	assert_non_null(p);
	memcpy(p, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
	return p;
}

static int
commit_bytes(struct fx *f, int64_t user, const void *data, size_t n, const char *name,
    int64_t max_file, int64_t quota, int64_t *id)
{
	char tmp[UPLOAD_PATH_MAX];
	int r;

	mktmp(f, data, n, tmp);
	r = upload_commit(f->db, user, tmp, name, f->dir, max_file, quota, id);
	assert_int_equal(access(tmp, F_OK), -1);       /* consumed on every outcome */
	return r;
}

/* Files anywhere under DATA/uploads (temp files included). */
static int
count_files(const char *dir)
{
	char path[UPLOAD_PATH_MAX];
	struct dirent *de;
	struct stat sb;
	int n = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			n += count_files(path);
		else
			n++;
	}
	closedir(d);
	return n;
}

static int
upload_files(struct fx *f)
{
	char dir[UPLOAD_PATH_MAX];

	snprintf(dir, sizeof dir, "%s/uploads", f->dir);
	return count_files(dir);
}

static void
test_commit_png(void **state)
{
	struct fx *f = *state;
	unsigned char *p = png(5000), digest[crypto_hash_sha256_BYTES];
	char path[UPLOAD_PATH_MAX], hex[65];
	struct upload_info u;
	struct stat sb;
	int64_t id = 0, used;
	size_t i;

	assert_int_equal(commit_bytes(f, f->alice, p, 5000, "../../etc/logo.png", 0, 0, &id),
	    0);
	assert_true(id > 0);
	assert_int_equal(upload_get(f->db, f->alice, id, &u), 0);
	assert_string_equal(u.name, "logo.png");
	assert_string_equal(u.mime, "image/png");
	assert_int_equal(u.size, 5000);
	assert_int_equal(u.user_id, f->alice);
	crypto_hash_sha256(digest, p, 5000);
	for (i = 0; i < sizeof digest; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	assert_string_equal(u.sha256, hex);
	/* Stored under a random name, 0600, outside anything served. */
	assert_int_equal(strlen(u.stored_name), 35);
	assert_int_equal(upload_path(f->dir, u.stored_name, path), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, 5000);
	assert_int_equal(upload_files(f), 1);          /* no temp file left */
	assert_int_equal(upload_quota_used(f->db, f->alice, &used), 0);
	assert_int_equal(used, 5000);
	assert_int_equal(upload_get_by_name(f->db, f->alice, f->alice, "logo.png", &u), 0);
	assert_int_equal(u.id, id);
	free(p);
}

static void
test_duplicate_names(void **state)
{
	struct fx *f = *state;
	unsigned char *p = png(100);
	struct upload_info u;
	int64_t id[4], rid;

	assert_int_equal(commit_bytes(f, f->alice, p, 100, "logo.png", 0, 0, &id[0]), 0);
	assert_int_equal(commit_bytes(f, f->alice, p, 100, "logo.png", 0, 0, &id[1]), 0);
	assert_int_equal(commit_bytes(f, f->alice, p, 100, "dir/logo.png", 0, 0, &id[2]), 0);
	assert_int_equal(upload_get(f->db, f->alice, id[1], &u), 0);
	assert_string_equal(u.name, "logo (2).png");
	assert_int_equal(upload_get(f->db, f->alice, id[2], &u), 0);
	assert_string_equal(u.name, "logo (3).png");
	/* Another account's names do not count. */
	assert_int_equal(commit_bytes(f, f->bob, p, 100, "logo.png", 0, 0, &rid), 0);
	assert_int_equal(upload_get(f->db, f->bob, rid, &u), 0);
	assert_string_equal(u.name, "logo.png");
	/* A freed name is used again. */
	assert_int_equal(upload_delete(f->db, f->alice, id[1], f->dir), 0);
	assert_int_equal(commit_bytes(f, f->alice, p, 100, "logo.png", 0, 0, &id[3]), 0);
	assert_int_equal(upload_get(f->db, f->alice, id[3], &u), 0);
	assert_string_equal(u.name, "logo (2).png");
	/* Without an extension. */
	assert_int_equal(commit_bytes(f, f->alice, "notes\n", 6, "README", 0, 0, &rid), 0);
	assert_int_equal(commit_bytes(f, f->alice, "notes\n", 6, "README", 0, 0, &rid), 0);
	assert_int_equal(upload_get(f->db, f->alice, rid, &u), 0);
	assert_string_equal(u.name, "README (2)");
	assert_string_equal(u.mime, "text/plain");
	free(p);
}

static void
test_duplicate_long_name(void **state)
{
	struct fx *f = *state;
	char raw[200];
	struct upload_info u;
	int64_t id;

	memset(raw, 'n', 110);
	strcpy(raw + 110, ".txt");
	assert_int_equal(commit_bytes(f, f->alice, "x\n", 2, raw, 0, 0, &id), 0);
	assert_int_equal(commit_bytes(f, f->alice, "x\n", 2, raw, 0, 0, &id), 0);
	assert_int_equal(upload_get(f->db, f->alice, id, &u), 0);
	assert_int_equal(strlen(u.name), 100);
	assert_string_equal(u.name + 92, " (2).txt");
}

static void
test_max_file_edge(void **state)
{
	struct fx *f = *state;
	unsigned char *p = png(1001);
	int64_t id = 0;

	assert_int_equal(commit_bytes(f, f->alice, p, 1001, "big.png", 1000, 0, &id),
	    JS_ERR_TOO_BIG);
	assert_int_equal(id, 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM uploads"), 0);
	assert_int_equal(upload_files(f), 0);
	assert_int_equal(commit_bytes(f, f->alice, p, 1000, "edge.png", 1000, 0, &id), 0);
	assert_true(id > 0);
	assert_int_equal(upload_files(f), 1);
	free(p);
}

static void
test_quota_edge(void **state)
{
	struct fx *f = *state;
	unsigned char *p = png(1000);
	struct upload_info u;
	int64_t id, used;

	assert_int_equal(commit_bytes(f, f->alice, p, 1000, "a.png", 0, 3000, &id), 0);
	assert_int_equal(commit_bytes(f, f->alice, p, 1000, "b.png", 0, 3000, &id), 0);
	assert_int_equal(commit_bytes(f, f->alice, p, 999, "c.png", 0, 3000, &id), 0);
	/* 2999 used: one more byte fits exactly, two do not. */
	assert_int_equal(commit_bytes(f, f->alice, "xy", 2, "d.txt", 0, 3000, &id),
	    JS_ERR_OVERFLOW);
	assert_int_equal(commit_bytes(f, f->alice, "x", 1, "d.txt", 0, 3000, &id), 0);
	assert_int_equal(upload_quota_used(f->db, f->alice, &used), 0);
	assert_int_equal(used, 3000);
	assert_int_equal(commit_bytes(f, f->alice, "x", 1, "e.txt", 0, 3000, &id),
	    JS_ERR_OVERFLOW);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM uploads"
	    " WHERE status = 'active'"), 4);
	assert_int_equal(upload_files(f), 4);
	/* Another account has its own quota. */
	assert_int_equal(commit_bytes(f, f->bob, p, 1000, "a.png", 0, 3000, &id), 0);
	/* Deleting frees room. */
	assert_int_equal(upload_get_by_name(f->db, f->alice, f->alice, "d.txt", &u), 0);
	assert_int_equal(upload_delete(f->db, f->alice, u.id, f->dir), 0);
	assert_int_equal(upload_quota_used(f->db, f->alice, &used), 0);
	assert_int_equal(used, 2999);
	assert_int_equal(commit_bytes(f, f->alice, "x", 1, "e.txt", 0, 3000, &id), 0);
	/* A file larger than the whole quota. */
	assert_int_equal(commit_bytes(f, f->bob, p, 1000, "q.png", 0, 999, &id),
	    JS_ERR_OVERFLOW);
	free(p);
}

static void
test_file_count_cap(void **state)
{
	struct fx *f = *state;
	char sql[512];
	int64_t id;

	snprintf(sql, sizeof sql, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
	    " FROM n WHERE i < %d) INSERT INTO uploads (user_id, original_name, stored_name,"
	    " mime_type, size_bytes, sha256) SELECT %lld, 'f' || i, 's' || i, 'text/plain',"
	    " 1, '%064d' FROM n", UPLOAD_LIST_MAX, (long long)f->alice, 0);
	assert_int_equal(db_exec(f->db, sql), 0);
	assert_int_equal(commit_bytes(f, f->alice, "x", 1, "one more.txt", 0, 0, &id),
	    JS_ERR_OVERFLOW);
	assert_int_equal(upload_files(f), 0);
}

static void
test_types_refused(void **state)
{
	struct fx *f = *state;
	static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
	char *text;
	size_t i, n = 70000;
	int64_t id;

	assert_int_equal(commit_bytes(f, f->alice, elf, sizeof elf - 1, "a.out", 0, 0, &id),
	    JS_ERR_INVALID);
	assert_int_equal(commit_bytes(f, f->alice, "", 0, "empty.txt", 0, 0, &id),
	    JS_ERR_INVALID);
	/* Text whose head is fine but which is not UTF-8 further on. */
	text = malloc(n + 1);
	assert_non_null(text);
	memset(text, 'a', n);
	text[n - 10] = (char)0xff;
	assert_int_equal(commit_bytes(f, f->alice, text, n, "late.txt", 0, 0, &id),
	    JS_ERR_INVALID);
	text[n - 10] = 0x01;
	assert_int_equal(commit_bytes(f, f->alice, text, n, "late.txt", 0, 0, &id),
	    JS_ERR_INVALID);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM uploads"), 0);
	assert_int_equal(upload_files(f), 0);
	/* Chinese text across read-chunk boundaries (3-byte characters, 64 KiB reads). */
	for (i = 0; i + 3 <= n; i += 3)
		memcpy(text + i, "中", 3);
	assert_int_equal(commit_bytes(f, f->alice, text, i, "中文.txt", 0, 0, &id), 0);
	/* A name that normalizes to nothing. */
	assert_int_equal(commit_bytes(f, f->alice, "x", 1, "..", 0, 0, &id), JS_ERR_INVALID);
	assert_int_equal(upload_files(f), 1);
	free(text);
}

static void
test_inactive_and_missing(void **state)
{
	struct fx *f = *state;
	int64_t id;

	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'suspended'"
	    " WHERE handle = 'bob'"), 0);
	assert_int_equal(commit_bytes(f, f->bob, "x", 1, "x.txt", 0, 0, &id), JS_ERR_PERM);
	assert_int_equal(upload_files(f), 0);
	assert_int_equal(upload_commit(f->db, f->alice, "/nonexistent/tmp", "x.txt", f->dir,
	    0, 0, &id), JS_ERR_NOT_FOUND);
	assert_int_equal(commit_bytes(f, 999999, "x", 1, "x.txt", 0, 0, &id), JS_ERR_PERM);
}

static void
test_access(void **state)
{
	struct fx *f = *state;
	struct upload_info u, list[4];
	int64_t id;
	size_t n;

	assert_int_equal(commit_bytes(f, f->alice, "hi\n", 3, "hi.txt", 0, 0, &id), 0);
	assert_int_equal(upload_get(f->db, f->bob, id, &u), JS_ERR_PERM);
	assert_int_equal(upload_list(f->db, f->bob, f->alice, list, 4, &n), JS_ERR_PERM);
	assert_int_equal(n, 0);
	assert_int_equal(upload_get_by_name(f->db, f->bob, f->alice, "hi.txt", &u),
	    JS_ERR_PERM);
	assert_int_equal(upload_rename(f->db, f->bob, id, "mine.txt"), JS_ERR_PERM);
	assert_int_equal(upload_delete(f->db, f->bob, id, f->dir), JS_ERR_PERM);
	assert_int_equal(upload_get(f->db, f->admin, id, &u), 0);
	assert_int_equal(upload_list(f->db, f->admin, f->alice, list, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(upload_get(f->db, f->alice, id + 100, &u), JS_ERR_NOT_FOUND);
	assert_int_equal(upload_get_by_name(f->db, f->alice, f->alice, "nope", &u),
	    JS_ERR_NOT_FOUND);
	/* An admin may rename and delete anyone's. */
	assert_int_equal(upload_rename(f->db, f->admin, id, "renamed.txt"), 0);
	assert_int_equal(upload_delete(f->db, f->admin, id, f->dir), 0);
	assert_int_equal(upload_get(f->db, f->alice, id, &u), JS_ERR_NOT_FOUND);
	assert_int_equal(upload_delete(f->db, f->alice, id, f->dir), JS_ERR_NOT_FOUND);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM uploads"
	    " WHERE status = 'deleted' AND deleted_at IS NOT NULL"), 1);
	assert_int_equal(upload_files(f), 0);
}

static void
test_list_order(void **state)
{
	struct fx *f = *state;
	struct upload_info list[8];
	int64_t id;
	size_t n;

	assert_int_equal(commit_bytes(f, f->alice, "1\n", 2, "one.txt", 0, 0, &id), 0);
	assert_int_equal(commit_bytes(f, f->alice, "2\n", 2, "two.txt", 0, 0, &id), 0);
	assert_int_equal(commit_bytes(f, f->alice, "3\n", 2, "three.txt", 0, 0, &id), 0);
	assert_int_equal(upload_list(f->db, f->alice, f->alice, list, 8, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].name, "three.txt");
	assert_string_equal(list[2].name, "one.txt");
	assert_string_equal(list[1].mime, "text/plain");
	assert_int_equal(list[1].size, 2);
	assert_true(list[1].created_at > 0);
	assert_int_equal(upload_list(f->db, f->alice, f->alice, list, 2, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(upload_list(f->db, f->alice, f->alice, list, 0, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(upload_delete(f->db, f->alice, id, f->dir), 0);
	assert_int_equal(upload_list(f->db, f->alice, f->alice, list, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(upload_list(f->db, f->alice, f->bob, list, 8, &n), JS_ERR_PERM);
}

static void
test_rename(void **state)
{
	struct fx *f = *state;
	struct upload_info u;
	int64_t a, b;

	assert_int_equal(commit_bytes(f, f->alice, "a\n", 2, "a.txt", 0, 0, &a), 0);
	assert_int_equal(commit_bytes(f, f->alice, "b\n", 2, "b.txt", 0, 0, &b), 0);
	assert_int_equal(upload_rename(f->db, f->alice, a, "b.txt"), JS_ERR_EXISTS);
	assert_int_equal(upload_rename(f->db, f->alice, a, "a.txt"), 0);
	assert_int_equal(upload_rename(f->db, f->alice, a, ""), JS_ERR_INVALID);
	assert_int_equal(upload_rename(f->db, f->alice, a, "../../报价单.txt"), 0);
	assert_int_equal(upload_get(f->db, f->alice, a, &u), 0);
	assert_string_equal(u.name, "报价单.txt");
	assert_int_equal(upload_get_by_name(f->db, f->alice, f->alice, "报价单.txt", &u), 0);
	assert_int_equal(u.id, a);
	/* The old name is free again. */
	assert_int_equal(upload_rename(f->db, f->alice, b, "a.txt"), 0);
	assert_int_equal(upload_rename(f->db, f->alice, 987654, "z.txt"), JS_ERR_NOT_FOUND);
}

static void
test_tmp_clean(void **state)
{
	struct fx *f = *state;
	char path[UPLOAD_PATH_MAX], other[UPLOAD_PATH_MAX];
	int fd, n;

	mktmp(f, "x", 1, path);
	mktmp(f, "y", 1, path);
	snprintf(other, sizeof other, "%s/uploads/tmp/1.00112233445566778899aabbccddeeff",
	    f->dir);
	assert_true((fd = open(other, O_CREAT | O_WRONLY, 0600)) >= 0);
	close(fd);
	assert_int_equal(upload_tmp_clean(f->dir, (int)getpid(), &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(access(other, F_OK), 0);
	assert_int_equal(upload_tmp_clean(f->dir, 0, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(upload_files(f), 0);
	assert_int_equal(upload_tmp_clean("/nonexistent-jishi", 0, &n), 0);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_sniff_table),
		cmocka_unit_test(test_text_stream),
		cmocka_unit_test(test_name_normalize),
		cmocka_unit_test(test_path),
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_png, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_long_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_file_edge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quota_edge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_count_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inactive_and_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmp_clean, setup, teardown),
	};
	int failed;

	failed = cmocka_run_group_tests_name("upload", pure, NULL, NULL);
	failed += tfx_run_both("upload", tests, TFX_COUNT(tests));
	return failed != 0;
}
