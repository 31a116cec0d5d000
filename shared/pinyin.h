/* pinyin.h: toneless pinyin of Han characters, from ICU's Han-Latin transliterator, cached. */
#ifndef JS_PINYIN_H
#define JS_PINYIN_H

#include <stddef.h>
#include <stdint.h>

/*
 * ICU's Han-Latin maps character by character (银行 -> yín xíng, 长城 -> zhǎng chéng: no
 * word context), so a per-code-point cache gives exactly what transliterating whole
 * texts would, at a hash-free array lookup instead of ~8 µs a character. The cache
 * covers U+3400..U+9FFF (CJK Extension A and the Unified block, what NFKC leaves of
 * real-world titles); rarer ideographs are transliterated on each call.
 * Tones are dropped and ü is written v (lv, nv), as pinyin input methods do.
 * State is per process (Jishi processes are single-threaded); pinyin_open() is the
 * ~112 ms part, done by search_init() or on first use.
 */

/* Open the transliterator (idempotent). 0, JS_ERR_NOMEM, JS_ERR_IO. */
int pinyin_open(void);
/* Close it and drop the cache. */
void pinyin_close(void);

/*
 * Pinyin of code point cp: 1 and *py / *len set (lowercase ASCII letters, borrowed,
 * valid until pinyin_close), 0 when cp has none (not Han, or ICU left it as it was),
 * or a negative JS_ERR_* (ICU could not be opened).
 */
int pinyin_cp(uint32_t cp, const char **py, size_t *len);

/* Is cp a Han ideograph (ICU script Han)? */
int pinyin_is_han(uint32_t cp);

#endif
