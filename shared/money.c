/* money.c: parse yuan amounts typed by people into integer fen, and format fen for display. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "money.h"

#define MONEY_YEN "\xc2\xa5"		/* U+00A5, the sign we print */
#define MONEY_YEN_FULL "\xef\xbf\xa5"	/* U+FFE5, what Chinese input methods type */
#define MONEY_MAX_YUAN (MONEY_MAX_FEN / 100)

static int
money_isdigit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* Length of the yen sign at s, or 0 if there is none. */
static size_t
money_yen_len(const char *s)
{
	if (strncmp(s, MONEY_YEN, sizeof MONEY_YEN - 1) == 0)
		return sizeof MONEY_YEN - 1;
	if (strncmp(s, MONEY_YEN_FULL, sizeof MONEY_YEN_FULL - 1) == 0)
		return sizeof MONEY_YEN_FULL - 1;
	return 0;
}

/*
 * Integer part: plain digits, or a first group of 1-3 digits followed by ",ddd" groups.
 * The value saturates at MONEY_MAX_YUAN + 1 so that a well-formed but huge number is
 * reported as an overflow rather than as garbage.
 */
static int
money_parse_yuan(const char **sp, int64_t *yuan)
{
	const char *s = *sp, *start = *sp;
	int64_t v = 0;
	size_t ndig = 0;
	int grouped = 0;

	for (;; s++) {
		if (money_isdigit(*s)) {
			v = v * 10 + (*s - '0');
			if (v > MONEY_MAX_YUAN)
				v = MONEY_MAX_YUAN + 1;
			ndig++;
			continue;
		}
		if (*s != ',')
			break;
		if (grouped) {
			if (ndig != 3)
				return JS_ERR_INVALID;
		} else if (ndig == 0 || ndig > 3 || *start == '0')
			return JS_ERR_INVALID;
		grouped = 1;
		ndig = 0;
	}
	if (ndig == 0 || (grouped && ndig != 3))
		return JS_ERR_INVALID;
	*sp = s;
	*yuan = v;
	return 0;
}

int
money_parse(const char *s, int64_t *out)
{
	int64_t yuan, cents = 0;
	int r;

	if (s == NULL || out == NULL)
		return JS_ERR_INVALID;
	while (*s == ' ')
		s++;
	s += money_yen_len(s);
	if ((r = money_parse_yuan(&s, &yuan)) != 0)
		return r;
	if (*s == '.') {
		s++;
		if (!money_isdigit(s[0]))
			return JS_ERR_INVALID;
		cents = (s[0] - '0') * 10;
		s++;
		if (money_isdigit(s[0])) {
			cents += s[0] - '0';
			s++;
		}
		if (money_isdigit(s[0]))
			return JS_ERR_INVALID;
	}
	while (*s == ' ')
		s++;
	if (*s != '\0')
		return JS_ERR_INVALID;
	/* yuan <= MONEY_MAX_YUAN + 1, so this cannot overflow int64 */
	if (yuan > MONEY_MAX_YUAN || yuan * 100 + cents > MONEY_MAX_FEN)
		return JS_ERR_OVERFLOW;
	*out = yuan * 100 + cents;
	return 0;
}

/* Shared by both formats; works on the unsigned magnitude so INT64_MIN needs no care. */
static int
money_format_any(int64_t fen, int pretty, char *buf, size_t len)
{
	char tmp[48];
	char *p = tmp + sizeof tmp;
	uint64_t mag, yuan;
	unsigned int cents, ndig = 0;
	size_t n;

	if (buf == NULL)
		return JS_ERR_INVALID;
	mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	yuan = mag / 100;
	cents = (unsigned int)(mag % 100);

	*--p = (char)('0' + cents % 10);
	*--p = (char)('0' + cents / 10);
	*--p = '.';
	do {
		if (pretty && ndig > 0 && ndig % 3 == 0)
			*--p = ',';
		*--p = (char)('0' + yuan % 10);
		yuan /= 10;
		ndig++;
	} while (yuan != 0);
	if (pretty) {
		p -= sizeof MONEY_YEN - 1;
		memcpy(p, MONEY_YEN, sizeof MONEY_YEN - 1);
	}
	if (fen < 0)
		*--p = '-';

	n = (size_t)(tmp + sizeof tmp - p);
	if (n >= len) {
		if (len > 0)
			buf[0] = '\0';
		return JS_ERR_TOO_BIG;
	}
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 0;
}

int
money_format(int64_t fen, char *buf, size_t len)
{
	return money_format_any(fen, 1, buf, len);
}

int
money_format_plain(int64_t fen, char *buf, size_t len)
{
	return money_format_any(fen, 0, buf, len);
}

int
money_bps(int64_t amount, int bps, int64_t *out)
{
	int64_t q, r;

	if (out == NULL || amount < 0 || bps < 0 || bps > 10000)
		return JS_ERR_INVALID;
	/*
	 * amount * bps may not fit in int64, so split amount = q * 10000 + r:
	 * q * bps <= amount, and r * bps + 5000 < 10^8.
	 */
	q = amount / 10000;
	r = amount % 10000;
	*out = q * bps + (r * bps + 5000) / 10000;
	return 0;
}
