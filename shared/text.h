/* text.h: UTF-8 text for terminals: validation, display width, sanitizing, grapheme
 * clusters and line wrapping (ICU), all agreeing with what ncursesw draws. */
#ifndef JS_TEXT_H
#define JS_TEXT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Locale: widths come from wcwidth(), so the process must have set a UTF-8 LC_CTYPE
 * (jishid and jishictl call setlocale(LC_CTYPE, "C.UTF-8")); under "C" every non-ASCII
 * character would count 1. text_utf8_* and text_sanitize do not depend on the locale.
 *
 * Threads: the ICU break iterators behind text_fit, text_truncate, text_pad and
 * text_wrap are opened lazily, once per thread, and reused (opening one costs a fraction
 * of a millisecond; see text_cleanup). A process that forks may open them in the parent.
 *
 * Widths glibc 2.36 gives that callers should know: ambiguous-width characters (… “ ”
 * · — and most Greek/Cyrillic) are 1 column, although terminals set to "ambiguous =
 * wide" draw them as 2; ❤ + VS16 (U+FE0F) is 1 + 0 = 1 while many terminals draw 2;
 * a flag such as 🇨🇳 is two regional indicators of 1 each = 2; a ZWJ sequence such as
 * 👨‍👩‍👧 is the sum of its parts (2 + 0 + 2 + 0 + 2 = 6) while terminals draw 2 to 6.
 * We count what ncursesw counts (it lays cells out by the same wcwidth()), so the
 * screen stays consistent; keep such characters out of UI chrome.
 */

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
 * characters (C0, DEL, C1) count 0 (they never reach the screen: see text_sanitize).
 * A printable code point for which wcwidth() says -1 (unassigned in glibc's tables,
 * U+2028/2029, noncharacters) counts 1, as do surrogates and values above U+10FFFF.
 * text_width requires valid UTF-8 (invalid bytes count 1 each, as their '?' stand-in);
 * it saturates at INT32_MAX.
 */
int text_cp_width(uint32_t cp);
int text_width(const char *s, size_t len);

/*
 * Make user text safe to draw. Removed entirely: C0 controls, DEL and C1 controls
 * (U+0080..009F); escape sequences with all they carry: CSI (ESC [ params intermediates
 * final), OSC (ESC ] ... BEL or ST), DCS / SOS / PM / APC (ESC P, X, ^, _ ... ST),
 * ESC + intermediates + final (ESC ( B) and two-byte ESC x, and the same introduced by
 * the C1 forms U+009B, 009D, 0090, 0098, 009E, 009F; an unterminated string runs to the
 * end of the input (what a terminal would swallow); CAN / SUB abort one. Also removed:
 * bidi embeddings, overrides and isolates (U+202A..202E, U+2066..2069) and the marks
 * U+200E, U+200F, U+061C.
 * Changed: TAB becomes one space; '\n' is kept when keep_newlines, else dropped (CR is
 * always dropped, so CRLF becomes '\n'); U+2028 / U+2029 become '\n' or are dropped
 * likewise; each invalid sequence (its maximal subpart, as Unicode recommends) becomes
 * U+FFFD. Everything else, combining marks and zero-width characters included, is kept.
 * s may hold NUL bytes (they are C0: dropped). The output is valid UTF-8, holds no byte
 * below 0x20 but '\n', and is at most 3 * len bytes plus the NUL.
 * Returns a new NUL-terminated string (caller frees) or NULL on out of memory (or len
 * above SIZE_MAX / 3). Callers cap len: this function does not.
 */
char *text_sanitize(const char *s, size_t len, int keep_newlines);

/*
 * Byte length of the longest prefix of s that fits in `cols` display columns without
 * splitting a grapheme cluster (ICU UBRK_CHARACTER); *used (may be NULL) gets its width.
 * A cluster's width is the sum of its code points' widths (what ncursesw will use).
 * Returns 0 (and *used = 0) when cols <= 0 or the first cluster is wider than cols.
 * Never fails: if ICU cannot open its iterator, a cluster is a code point plus the
 * zero-width code points after it.
 */
size_t text_fit(const char *s, size_t len, int cols, int *used);

/*
 * Copy s into out so that it fits in `cols` columns and in outlen bytes (NUL included),
 * cutting only at grapheme-cluster boundaries. When anything is cut, spaces before the
 * cut are dropped and "…" (U+2026, 1 column under glibc) ends the result, so the text
 * then takes at most cols columns ellipsis included ("abcdef", 4 -> "abc…"; "中文字",
 * 5 -> "中文…"; "中文字", 4 -> "中…"); cols 0 gives "". No character takes more than 2
 * bytes a column, so with outlen >= 2 * cols + 4 only zero-width marks hit the byte limit.
 * Returns the width of out (0..cols), or JS_ERR_INVALID (cols < 0, out NULL, outlen < 4)
 * or JS_ERR_UTF8 (s is not valid UTF-8; out is then ""). s should be sanitized.
 */
int text_truncate(const char *s, size_t len, int cols, char *out, size_t outlen);

/*
 * A table cell: text_truncate into cols columns, then spaces to exactly cols columns,
 * after the text (right == 0) or before it (right != 0, for numbers). out needs at
 * least cols + 4 bytes; the text gets outlen - cols of them. Returns cols, or the
 * errors of text_truncate.
 */
int text_pad(const char *s, size_t len, int cols, int right, char *out, size_t outlen);

/*
 * Wrap text into lines of at most `cols` columns using ICU line breaks (Chinese breaks
 * between characters; Latin at spaces; over-long words are cut at grapheme boundaries;
 * '\n' forces a break). For each line calls emit(ud, start, nbytes) with the line
 * without its trailing spaces or newline. Returns the number of lines, or a negative
 * JS_ERR_* (JS_ERR_UTF8 for invalid input).
 * Details: cols must be >= 2 (else JS_ERR_INVALID), so that any wide character fits;
 * lines point into s (borrowed, not NUL-terminated). "" gives 0 lines, "\n" one empty
 * line, "a\n" one line, "a\n\nb" three. A line never starts with what ICU forbids there
 * (closing punctuation such as ，。！？」）) unless a whole word does not fit in cols.
 * Spaces that start a paragraph are kept (an indent), except when a too-long word
 * pushes them onto a line of their own, which is then not emitted. A cluster wider than
 * cols (a ZWJ sequence whose wcwidth sum exceeds it) is cut between code points.
 * Errors: JS_ERR_TOO_BIG (len > INT32_MAX), JS_ERR_NOMEM / JS_ERR_IO (ICU could not
 * open its line iterator: lines of earlier paragraphs may already have been emitted).
 * emit may call any text_* function, text_wrap included. s should be sanitized:
 * controls are passed through, 0 columns wide.
 */
typedef void (*text_line_fn)(void *ud, const char *line, size_t len);
int text_wrap(const char *s, size_t len, int cols, text_line_fn emit, void *ud);

/*
 * Open the calling thread's ICU break iterators now rather than on first use (~0.3 ms
 * the first time in a process, mostly ICU loading its data): jishid's master may call
 * it before fork so that no session pays it on its first frame. Optional. Returns 0,
 * JS_ERR_NOMEM, or JS_ERR_IO (ICU data missing).
 */
int text_init(void);

/*
 * Close the calling thread's cached ICU break iterators (for valgrind-clean exits; a
 * later call simply reopens them). It does not call u_cleanup(): other modules may
 * still use ICU.
 */
void text_cleanup(void);

#endif
