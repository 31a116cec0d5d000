/* upload_sniff.c: the content type of an upload from its first bytes (magic numbers), and
 * the plain-text rule (UTF-8 without control characters). No other type is accepted. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "upload.h"
#include "utf8.h"

/* A fixed signature at a fixed offset. */
struct magic {
	size_t off;
	const char *bytes;
	size_t len;
	const char *mime;
};

#define M(off, lit, mime) { off, lit, sizeof lit - 1, mime }
static const struct magic magics[] = {
	M(0, "\x89PNG\r\n\x1a\n", "image/png"),
	M(0, "\xff\xd8\xff", "image/jpeg"),
	M(0, "GIF87a", "image/gif"),
	M(0, "GIF89a", "image/gif"),
	M(0, "%PDF-", "application/pdf"),
	M(0, "PK\x03\x04", "application/zip"),
	M(0, "PK\x05\x06", "application/zip"),       /* an empty archive */
	M(0, "OggS", "audio/ogg"),
};
#undef M

/* MP4 / ISO-BMFF major brands taken as video/mp4 (HEIF/AVIF images are not). */
static const char *const mp4_brands[] = {
	"isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "dash",
	"M4V ", "M4VP", "f4v ", "mmp4", "3gp4", "3gp5", "3gp6", "3g2a", "MSNV",
};

/* RIFF container: "RIFF" size form-type. */
static const char *
sniff_riff(const unsigned char *p, size_t n)
{
	if (n < 12 || memcmp(p, "RIFF", 4) != 0)
		return NULL;
	if (memcmp(p + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (memcmp(p + 8, "WAVE", 4) == 0)
		return "audio/wav";
	return NULL;
}

/* ISO base media file: a first box of type "ftyp" with a known major brand. */
static const char *
sniff_mp4(const unsigned char *p, size_t n)
{
	uint32_t box;
	size_t i;

	if (n < 12 || memcmp(p + 4, "ftyp", 4) != 0)
		return NULL;
	box = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	if (box < 12 || box > 4096)
		return NULL;
	for (i = 0; i < sizeof mp4_brands / sizeof mp4_brands[0]; i++)
		if (memcmp(p + 8, mp4_brands[i], 4) == 0)
			return "video/mp4";
	return NULL;
}

/* EBML header (1A 45 DF A3) whose DocType element (42 82) says "webm". */
static const char *
sniff_webm(const unsigned char *p, size_t n)
{
	size_t i;

	if (n < 4 || memcmp(p, "\x1a\x45\xdf\xa3", 4) != 0)
		return NULL;
	for (i = 4; i + 7 <= n; i++)
		if (p[i] == 0x42 && p[i + 1] == 0x82 && p[i + 2] == 0x84 &&
		    memcmp(p + i + 3, "webm", 4) == 0)
			return "video/webm";
	return NULL;
}

/*
 * MP3: an ID3v2 tag ("ID3", major version 2..4, revision below FF, four syncsafe size
 * bytes), or else an MPEG-1/2/2.5 audio layer III frame header: 11 sync bits, a version
 * that is not the reserved 01, layer bits 01 (III), a bitrate index that is neither 0000
 * (free) nor 1111 (bad), a sampling index that is not 11 (reserved).
 */
static const char *
sniff_mp3(const unsigned char *p, size_t n)
{
	if (n >= 10 && memcmp(p, "ID3", 3) == 0)
		return p[3] >= 2 && p[3] <= 4 && p[4] != 0xff && ((p[6] | p[7] | p[8] | p[9]) &
		    0x80) == 0 ? "audio/mpeg" : NULL;
	if (n < 4 || p[0] != 0xff || (p[1] & 0xe0) != 0xe0)
		return NULL;
	if ((p[1] & 0x18) == 0x08 || (p[1] & 0x06) != 0x02)
		return NULL;
	if ((p[2] & 0xf0) == 0xf0 || (p[2] & 0xf0) == 0x00 || (p[2] & 0x0c) == 0x0c)
		return NULL;
	return "audio/mpeg";
}

/* Is p[0..n) free of control bytes (all below 0x20 but TAB, LF, FF, CR; and DEL)? */
static int
text_no_controls(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\f' &&
		    p[i] != '\r') || p[i] == 0x7f)
			return 0;
	return 1;
}

/*
 * Length of the valid UTF-8 prefix of p[0..n) that ends on a character boundary, when
 * the rest (0..3 bytes) could still be the start of a character cut by the end of the
 * buffer; SIZE_MAX when p holds an invalid sequence before that.
 */
static size_t
text_valid_prefix(const unsigned char *p, size_t n)
{
	size_t bad = utf8_check((const char *)p, n);

	if (bad == n)
		return n;
	if (n - bad < 4 && utf8_bad_len((const char *)p + bad, n - bad) == n - bad)
		return bad;
	return SIZE_MAX;
}

static const char *
sniff_text(const unsigned char *p, size_t n)
{
	if (!text_no_controls(p, n) || text_valid_prefix(p, n) == SIZE_MAX)
		return NULL;
	return "text/plain";
}

void
upload_text_begin(struct upload_text_check *c)
{
	memset(c, 0, sizeof *c);
	c->ok = 1;
}

void
upload_text_feed(struct upload_text_check *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	unsigned char joint[8];
	size_t take, used, k;

	if (!c->ok || n == 0)
		return;
	if (!text_no_controls(p, n)) {
		c->ok = 0;
		return;
	}
	/* Finish a character cut by the previous chunk with the first bytes of this one. */
	if (c->ncarry > 0) {
		take = n < 4 ? n : 4;
		memcpy(joint, c->carry, c->ncarry);
		memcpy(joint + c->ncarry, p, take);
		k = c->ncarry + take;
		used = text_valid_prefix(joint, k);
		if (used == SIZE_MAX || used <= c->ncarry) {
			/* Still cut (a 1-byte chunk) or invalid. */
			if (used != SIZE_MAX && k < 4 && take == n) {
				memcpy(c->carry, joint, k);
				c->ncarry = k;
				return;
			}
			c->ok = 0;
			return;
		}
		/* The character ended inside this chunk at used - ncarry. */
		p += used - c->ncarry;
		n -= used - c->ncarry;
		c->ncarry = 0;
	}
	used = text_valid_prefix(p, n);
	if (used == SIZE_MAX) {
		c->ok = 0;
		return;
	}
	c->ncarry = n - used;
	memcpy(c->carry, p + used, c->ncarry);
}

int
upload_text_end(const struct upload_text_check *c)
{
	return c->ok && c->ncarry == 0;
}

const char *
upload_sniff(const void *head, size_t n)
{
	const unsigned char *p = head;
	const char *mime;
	size_t i;

	if (head == NULL || n == 0)
		return NULL;
	for (i = 0; i < sizeof magics / sizeof magics[0]; i++)
		if (n >= magics[i].off + magics[i].len &&
		    memcmp(p + magics[i].off, magics[i].bytes, magics[i].len) == 0)
			return magics[i].mime;
	if ((mime = sniff_riff(p, n)) != NULL || (mime = sniff_mp4(p, n)) != NULL ||
	    (mime = sniff_webm(p, n)) != NULL || (mime = sniff_mp3(p, n)) != NULL)
		return mime;
	return sniff_text(p, n);
}
