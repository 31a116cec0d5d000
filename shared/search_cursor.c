/* search_cursor.c: the opaque "next page" cursor search_gigs hands out and takes back. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "search.h"
#include "search_impl.h"

/*
 * "<sort letter>.k1.k2.id.hi.lo": the letter ties a cursor to its sort order (a cursor
 * of another order is refused, not misread); every number is checked, none trusted to
 * be in range (they are only bound as parameters).
 */
static const char sort_letter[SEARCH_SORT_COUNT] = { 'r', 'a', 'd', 't', 'n' };

int
search_cursor_parse(const char *s, enum search_sort sort, struct search_cursor *c)
{
	int64_t *v[5] = { &c->k1, &c->k2, &c->id, &c->hi, &c->lo };
	char *end;
	int i;

	if (strlen(s) >= SEARCH_CURSOR_MAX || s[0] != sort_letter[sort] || s[1] != '.')
		return JS_ERR_INVALID;
	s += 2;
	for (i = 0; i < 5; i++) {
		if (!((*s >= '0' && *s <= '9') || *s == '-'))
			return JS_ERR_INVALID;
		errno = 0;
		*v[i] = strtoll(s, &end, 10);
		if (errno != 0 || *end != (i == 4 ? '\0' : '.'))
			return JS_ERR_INVALID;
		s = end + (i < 4);
	}
	return 0;
}

void
search_cursor_format(char *out, size_t len, enum search_sort sort,
    const struct search_cursor *c)
{
	snprintf(out, len, "%c.%" PRId64 ".%" PRId64 ".%" PRId64 ".%" PRId64 ".%" PRId64,
	    sort_letter[sort], c->k1, c->k2, c->id, c->hi, c->lo);
}
