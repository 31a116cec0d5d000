/* buf.c: growable byte buffers and strings with a hard size cap. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Make room for `extra` more bytes plus the terminating NUL. */
static int
buf_reserve(struct buf *b, size_t extra)
{
	/* One byte always goes to the NUL: a max of SIZE_MAX must not wrap max + 1. */
	size_t max = b->max < SIZE_MAX - 1 ? b->max : SIZE_MAX - 1;
	size_t need, ncap;
	char *p;

	if (extra > max || b->len > max - extra)
		return JS_ERR_TOO_BIG;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > ((size_t)-1) / 2 ? need : ncap * 2;
	if (ncap > max + 1)
		ncap = max + 1;
	if ((p = realloc(b->data, ncap)) == NULL)
		return JS_ERR_NOMEM;
	b->data = p;
	b->cap = ncap;
	return 0;
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	int r;

	if ((r = buf_reserve(b, n)) != 0)
		return r;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int
buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, r;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return JS_ERR_INVALID;
	if ((r = buf_reserve(b, (size_t)n)) != 0)
		return r;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

char *
buf_steal(struct buf *b)
{
	char *p;

	if (b->data == NULL) {
		if (buf_reserve(b, 0) != 0)
			return NULL;
		b->data[0] = '\0';   /* fresh memory: the empty string needs its NUL */
	}
	p = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
