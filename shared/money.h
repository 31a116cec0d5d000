/* money.h: amounts in integer fen (1/100 CNY): parsing user input and formatting for display. */
#ifndef JS_MONEY_H
#define JS_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Largest amount money_parse accepts, in fen (a sanity cap far above any real price:
 * 10^15 fen = 10 trillion yuan), so sums of a few amounts can never overflow int64. */
#define MONEY_MAX_FEN INT64_C(1000000000000000)

/*
 * Parse a non-negative yuan amount typed by a person into fen.
 * Accepts: "12", "12.5", "12.50", "0.05", "¥1,234.50", "￥1234.5" (full-width yen),
 * "1,234", surrounding ASCII spaces. Grouping commas must group by three.
 * Rejects (JS_ERR_INVALID): empty, signs, more than two decimals, "1.", ".5",
 * letters, misplaced commas, anything trailing. JS_ERR_OVERFLOW above MONEY_MAX_FEN.
 * On error *out is left untouched. `s` is NUL-terminated UTF-8.
 * Details: only ' ' counts as a space (not tabs or U+3000), and none may come between
 * the yen sign and the digits; leading zeros are fine without commas ("007") but a
 * grouped number may not start with 0 ("0,123"); a well-formed number too large is
 * JS_ERR_OVERFLOW however many digits it has. NULL s or out: JS_ERR_INVALID.
 */
int money_parse(const char *s, int64_t *out);

/*
 * Format fen as "¥1,234.50" (negative: "-¥1,234.50") into buf of size len.
 * Returns JS_ERR_TOO_BIG if it does not fit (buf then holds ""); 32 bytes always suffice.
 * The sign is U+00A5. Any int64 formats, INT64_MIN included. NULL buf: JS_ERR_INVALID.
 */
int money_format(int64_t fen, char *buf, size_t len);

/* Same without symbol or grouping: "1234.50", "-0.05" (for CSV, JSON, logs). */
int money_format_plain(int64_t fen, char *buf, size_t len);

/*
 * Share of an amount in basis points (1/100 of a percent), rounded half up to the fen:
 * money_bps(1001, 500) == 50 (50.05 rounds to 50), money_bps(1010, 500) == 51 (50.5 -> 51).
 * amount >= 0, 0 <= bps <= 10000; JS_ERR_INVALID otherwise (or when out is NULL).
 * Never overflows: the result is at most amount.
 */
int money_bps(int64_t amount, int bps, int64_t *out);

#endif
