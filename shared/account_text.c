/* account_text.c: what user text may hold before it is stored: names, labels, e-mail. */
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "err.h"
#include "utf8.h"

/* Code points that must never reach a terminal from user text: C0 (but '\n' where
 * lines are allowed), DEL, C1, line/paragraph separators and bidi controls. */
static int
cp_forbidden(uint32_t c, int multiline)
{
	if (c == '\n')
		return !multiline;
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 ||
	    utf8_is_bidi_control(c);
}

int
account_text_clean(const char *s, size_t max_chars, int multiline, char **out)
{
	const char *p, *end, *q;
	size_t chars = 0, n;
	uint32_t c;

	*out = NULL;
	if (s == NULL)
		return JS_ERR_INVALID;
	p = s;
	end = p + strlen(s);
	while (p < end && (*p == ' ' || (multiline && *p == '\n')))
		p++;
	while (end > p && (end[-1] == ' ' || (multiline && end[-1] == '\n')))
		end--;
	for (q = p; q < end; q += n) {
		if ((n = utf8_decode(q, (size_t)(end - q), &c)) == 0)
			return JS_ERR_UTF8;
		if (cp_forbidden(c, multiline))
			return JS_ERR_INVALID;
		if (++chars > max_chars)
			return JS_ERR_TOO_BIG;
	}
	if ((*out = strndup(p, (size_t)(end - p))) == NULL)
		return JS_ERR_NOMEM;
	return 0;
}

int
account_email_clean(const char *s, char out[ACCOUNT_EMAIL_MAX + 1])
{
	size_t len, i, n, at = 0, ats = 0;
	uint32_t c;

	if (s == NULL || (len = strlen(s)) < 3 || len > ACCOUNT_EMAIL_MAX)
		return JS_ERR_INVALID;
	for (i = 0; i < len; i += n) {
		if ((n = utf8_decode(s + i, len - i, &c)) == 0)
			return JS_ERR_INVALID;
		/* Spaces of any width are as wrong as controls. */
		if (c <= 0x20 || cp_forbidden(c, 0) || c == 0xa0 || c == 0x3000)
			return JS_ERR_INVALID;
		if (c == '@')
			at = i, ats++;
		if (c >= 'A' && c <= 'Z')
			out[i] = (char)(c - 'A' + 'a');
		else
			memcpy(out + i, s + i, n);
	}
	out[len] = '\0';
	if (ats != 1 || at == 0 || at + 1 >= len)
		return JS_ERR_INVALID;
	/* The domain: a dot inside it, not at either end, never two in a row. */
	if (strchr(out + at + 1, '.') == NULL || out[at + 1] == '.' ||
	    out[len - 1] == '.' || strstr(out + at + 1, "..") != NULL)
		return JS_ERR_INVALID;
	return 0;
}
