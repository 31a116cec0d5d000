/* text.h: UTF-8 text for terminals: validation, display width, sanitizing, grapheme
 * clusters and line wrapping (ICU), all agreeing with what ncursesw draws. */
#ifndef JS_TEXT_H
#define JS_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Is s[0..len) valid UTF-8 (no overlongs, surrogates, > U+10FFFF)? 1 or 0. */
int text_utf8_valid(const char *s, size_t len);

/*
 * Decode one code point at s (len bytes available). Returns its byte length (1..4) and
 * stores it in *cp, or 0 for invalid / truncated input.
 */
size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp);

/*
 * Display columns of a code point / string, as ncursesw lays them out: wcwidth() under
 * the process's UTF-8 locale (CJK wide = 2, combining = 0, ambiguous = 1). Control
 * characters count 0 (they never reach the screen: see text_sanitize).
 * text_width requires valid UTF-8 (invalid bytes count 1 each, as their '?' stand-in).
 */
int text_cp_width(uint32_t cp);
int text_width(const char *s, size_t len);

/*
 * Make user text safe to draw: drop C0/C1 controls (except '\n' when keep_newlines),
 * escape sequences (ESC and what follows up to its final byte), DEL, bidi overrides
 * and isolates (U+202A..202E, U+2066..2069), replace invalid bytes with U+FFFD.
 * Returns a new NUL-terminated string (caller frees) or NULL on out of memory.
 */
char *text_sanitize(const char *s, size_t len, int keep_newlines);

/*
 * Byte length of the longest prefix of s that fits in `cols` display columns without
 * splitting a grapheme cluster (ICU UBRK_CHARACTER); *used gets its width.
 */
size_t text_fit(const char *s, size_t len, int cols, int *used);

/*
 * Wrap text into lines of at most `cols` columns using ICU line breaks (Chinese breaks
 * between characters; Latin at spaces; over-long words are cut at grapheme boundaries;
 * '\n' forces a break). For each line calls emit(ud, start, nbytes) with the line
 * without its trailing spaces or newline. Returns the number of lines, or a negative
 * JS_ERR_* (JS_ERR_UTF8 for invalid input).
 */
typedef void (*text_line_fn)(void *ud, const char *line, size_t len);
int text_wrap(const char *s, size_t len, int cols, text_line_fn emit, void *ud);

#endif
