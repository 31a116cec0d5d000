/* search_price.c: price buckets, price keys, id blocks: the tokens behind ordered pages. */
#include <stdio.h>
#include <string.h>

#include "search.h"
#include "search_impl.h"

#define PRICE_KEY_MAX 2147483647          /* prices above this share the top key */
#define PRICE_ID_MAX 4294967295LL         /* gigs above this id get no price row */

int64_t
search_price_key(int64_t price, int64_t id)
{
	int64_t p = price < 0 ? 0 : price > PRICE_KEY_MAX ? PRICE_KEY_MAX : price;

	id = id < 0 ? 0 : id > PRICE_ID_MAX ? PRICE_ID_MAX : id;
	return (int64_t)((uint64_t)p << 32 | (uint64_t)id);
}

void
search_bucket_of(int64_t price, int *o, int *e)
{
	uint64_t p = price > 0 ? (uint64_t)price : 0;
	int k = 0;

	if (p < 8) {
		*o = 0;
		*e = (int)p;
		return;
	}
	while (k < 62 && (p >> (k + 1)) != 0)
		k++;
	*o = k;
	*e = (int)((p >> (k - 3)) & 7);
}

int64_t
search_bucket_low(int o, int e)
{
	if (o <= 0)
		return e < 8 ? e : 8;
	if (o < 3)
		return 8;
	if (e >= 8)
		return o >= 62 ? INT64_MAX : (int64_t)1 << (o + 1);
	return (int64_t)(8 + e) << (o - 3);
}

void
search_price_tokens(int64_t price, char *out, size_t len)
{
	int o, e;

	search_bucket_of(price, &o, &e);
	snprintf(out, len, "zzp%d zzp%dq%d", o, o, e);
}

void
search_block_token(int64_t id, char *out, size_t len)
{
	snprintf(out, len, "zzb%lld", (long long)((id < 0 ? 0 : id) >> SEARCH_BLOCK_SHIFT));
}

int
search_bucket_token(const char *tok)
{
	return strncmp(tok, "zz", 2) == 0 && (tok[2] == 'p' || tok[2] == 'b') &&
	    tok[3] >= '0' && tok[3] <= '9';
}
