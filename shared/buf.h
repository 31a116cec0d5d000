/* buf.h: growable byte buffers and strings with a hard size cap. */
#ifndef JS_BUF_H
#define JS_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A buf owns `data` (NUL-terminated after every call, so it doubles as a string).
 * `max` is fixed at init: growth beyond it fails with JS_ERR_TOO_BIG and leaves the
 * buffer as it was, so outside input can never grow memory without bound.
 * A zeroed struct is not valid; call buf_init. buf_free releases data; the struct may
 * then be reused after another buf_init.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
};

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);            /* len = 0, memory kept */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Give up ownership of data (never NULL on success; caller frees). The buf is reset. */
char *buf_steal(struct buf *b);

#endif
