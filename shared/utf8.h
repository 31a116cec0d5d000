/* utf8.h: UTF-8 decoding, validation and encoding by hand: no locale, no ICU, fuzzed. */
#ifndef JS_UTF8_H
#define JS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Valid means Unicode's definition (RFC 3629): no overlong forms, no surrogates
 * (U+D800..DFFF), nothing above U+10FFFF, no truncated sequences. Noncharacters such
 * as U+FFFF are valid. None of these functions reads s[len] or beyond; s may be NULL
 * when len is 0.
 */

/* Decode one code point at s into *cp. Returns its length (1..4), or 0 for invalid or
 * truncated input and for len == 0 (*cp is then untouched). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/*
 * At an invalid sequence (utf8_decode returned 0, len > 0): how many bytes form its
 * "maximal subpart" (1..3), the unit that Unicode (ch. 3, U+FFFD substitution) and
 * WHATWG replace with one U+FFFD. E.g. E4 B8 'x' -> 2, ED A0 80 -> 1, C0 80 -> 1.
 */
size_t utf8_bad_len(const char *s, size_t len);

/* Offset of the first byte that starts an invalid sequence, or len if all is valid. */
size_t utf8_check(const char *s, size_t len);

/* Is s[0..len) valid UTF-8? 1 or 0. */
int utf8_valid(const char *s, size_t len);

/* Encode cp into out (no NUL). Returns 1..4, or 0 for a surrogate or cp > U+10FFFF. */
size_t utf8_encode(uint32_t cp, char out[4]);

/*
 * Outside text for a log or error message: copies at most `max` bytes of s into out,
 * writing '?' for each invalid byte and for each control (C0, DEL, C1) and bidi control
 * (U+061C, U+200E/F, U+202A..202E, U+2066..2069, which could reorder a terminal's line),
 * and "..." when s was cut. Never splits a character. out needs max + 7 bytes (room for
 * the last character, "..." and the NUL). Returns out, always NUL-terminated.
 */
#define UTF8_QUOTE_SIZE(max) ((max) + 7)
char *utf8_quote(const char *s, size_t len, size_t max, char *out);

/* Is cp a bidi control that text_sanitize and utf8_quote remove? 1 or 0. */
int utf8_is_bidi_control(uint32_t cp);

/*
 * Copy the string src (NULL reads as "") into dst of `size` bytes (size >= 1), always
 * NUL-terminated; when it does not fit it is cut before a UTF-8 lead byte, so a
 * multi-byte character is never split. Valid input gives valid output.
 */
void utf8_copy(char *dst, size_t size, const char *src);

#endif
