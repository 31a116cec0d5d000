/* search_sellers.c: the sellers of a page of search hits, read in one query. */
#include <stdint.h>
#include <string.h>

#include "search.h"
#include "search_impl.h"
#include "search_sql.h"
#include "utf8.h"

/*
 * Seller handle, name, level and presence of each hit: one query for up to SQ_SELLERS
 * distinct sellers (a round trip each cost PostgreSQL pages ~20 of them).
 */
int
search_fill_sellers(struct db *db, struct search_hit *h, size_t n, int64_t now)
{
	int64_t ids[SQ_SELLERS];
	struct db_stmt *st;
	size_t i, j, k, from = 0;
	int r;

	while (from < n) {
		for (k = 0, i = from; i < n && k < SQ_SELLERS; i++) {
			for (j = 0; j < k && ids[j] != h[i].seller_id; j++)
				;
			if (j == k)
				ids[k++] = h[i].seller_id;
		}
		if ((r = db_prepare(db, sq_seller, &st)) != 0)
			return r;
		for (j = 0; j < SQ_SELLERS; j++)
			if ((r = db_bind_int64(st, (int)j + 1, j < k ? ids[j] : 0)) != 0)
				return r;
		while ((r = db_step(st)) == DB_ROW) {
			int64_t id = db_col_int64(st, 0);

			for (j = from; j < i; j++) {
				if (h[j].seller_id != id)
					continue;
				utf8_copy(h[j].seller_handle, sizeof h[j].seller_handle,
				    db_col_text(st, 1));
				utf8_copy(h[j].seller_name, sizeof h[j].seller_name,
				    db_col_text(st, 2));
				h[j].seller_level = (int)db_col_int64(st, 3);
				h[j].seller_online = db_col_int64(st, 4) >= now - SEARCH_ONLINE_SECS;
			}
		}
		db_reset(st);
		if (r < 0)
			return r;
		from = i;
	}
	return 0;
}
