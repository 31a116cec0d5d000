/* text_impl.h: what text.c shares with text_wrap.c; nothing else includes it. */
#ifndef JS_TEXT_IMPL_H
#define JS_TEXT_IMPL_H

#include <stddef.h>

#include <unicode/ubrk.h>

enum text_brk {
	TEXT_BRK_CHAR,		/* grapheme clusters */
	TEXT_BRK_LINE,		/* line break opportunities */
	TEXT_BRK_N
};

/*
 * The calling thread's break iterator of that kind, set on s[0..len) (valid UTF-8,
 * 0 < len <= INT32_MAX; offsets it returns are byte offsets into s). The iterator is
 * opened on first use and kept; if it is already in use further up the stack (a
 * text_wrap callback calling text_wrap), a clone is handed out instead. NULL on failure,
 * with a JS_ERR_* in *err. Give it back with text_brk_put before s goes away.
 */
UBreakIterator *text_brk_get(enum text_brk kind, const char *s, size_t len, int *err);
void text_brk_put(enum text_brk kind, UBreakIterator *bi);

/*
 * Byte length of the longest prefix of s made of whole grapheme clusters whose width
 * is at most cols and whose length is at most maxbytes; *used (may be NULL) gets the
 * width. Without ICU (it failed to open) a cluster is a code point and the zero-width
 * ones after it.
 */
size_t text_fit_bytes(const char *s, size_t len, int cols, size_t maxbytes, int *used);

#endif
