/* demo_sellers.c: the pool of seller accounts demo_gigs spreads its gigs over. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_gigs_impl.h"
#include "demo_rows.h"
#include "err.h"

static size_t
list_len(const char *const *l)
{
	size_t n = 0;

	while (l[n] != NULL)
		n++;
	return n;
}

struct sellers {
	uint64_t *rng, rng0;
	int64_t count, now, *ids;
};

static int
one_value(struct db *db, const char *sql, int64_t *v)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, sql, &st)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*v = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : JS_ERR_NOT_FOUND;
}

static int
sellers_tx(struct db *db, void *ud)
{
	struct sellers *s = ud;
	struct dg_rows users, prof, rep;
	int64_t base = 0, level[4], i, k, j;
	size_t nsur = list_len(dg_surnames), ngiv = list_len(dg_given);
	char handle[40], name[64];
	int r, nlevel = 0;

	*s->rng = s->rng0;
	if ((r = one_value(db, "SELECT coalesce(max(id), 0) FROM users", &base)) != 0)
		return r;
	for (k = 0; k < 4; k++) {
		static const char *const sql[4] = {
			"SELECT id FROM seller_levels WHERE rank = 0",
			"SELECT id FROM seller_levels WHERE rank = 1",
			"SELECT id FROM seller_levels WHERE rank = 2",
			"SELECT id FROM seller_levels WHERE rank = 3",
		};
		if (one_value(db, sql[k], &level[nlevel]) == 0)
			nlevel++;
	}
	dg_rows_init(&users, db, "INSERT INTO users (handle, display_name, is_client,"
	    " is_freelancer) VALUES ", " RETURNING id", 4, 16);
	dg_rows_init(&prof, db, "INSERT INTO profiles (user_id, online_at, headline) VALUES ",
	    "", 3, 21);
	dg_rows_init(&rep, db, "INSERT INTO reputation (user_id, level_id, rating_avg_x100,"
	    " rating_count, orders_completed) VALUES ", "", 5, 12);
	for (i = 0; i < s->count && r == 0; i += k) {
		k = s->count - i < 16 ? s->count - i : 16;
		for (j = 0; j < k && r == 0; j++) {
			snprintf(handle, sizeof handle, "demo%07lld", (long long)(base + i + j + 1));
			snprintf(name, sizeof name, "%s%s", dg_surnames[dg_rnd(s->rng, (int64_t)nsur)],
			    dg_given[dg_rnd(s->rng, (int64_t)ngiv)]);
			if ((r = dg_rows_text(&users, handle)) != 0 ||
			    (r = dg_rows_text(&users, name)) != 0 ||
			    (r = dg_rows_int(&users, 1)) != 0 || (r = dg_rows_int(&users, 1)) != 0)
				break;
		}
		if (r != 0 || (r = dg_rows_returning(&users, s->ids + i, (int)k)) != 0)
			break;
		for (j = 0; j < k && r == 0; j++) {
			int64_t lv = dg_rnd(s->rng, 10), rating = 400 + dg_rnd(s->rng, 101);

			lv = lv < 4 ? 0 : lv < 7 ? 1 : lv < 9 ? 2 : 3;
			if ((r = dg_rows_int(&prof, s->ids[i + j])) != 0 ||
			    (r = dg_rows_int(&prof, dg_rnd(s->rng, 100) < 15 ?
			    s->now - dg_rnd(s->rng, 600) : s->now - 3600 -
			    dg_rnd(s->rng, 30 * 86400))) != 0 ||
			    (r = dg_rows_text(&prof, "自由职业者")) != 0 ||
			    (r = dg_rows_int(&rep, s->ids[i + j])) != 0 ||
			    (nlevel > lv ? (r = dg_rows_int(&rep, level[lv])) :
			    (r = dg_rows_null(&rep))) != 0 ||
			    (r = dg_rows_int(&rep, rating)) != 0 ||
			    (r = dg_rows_int(&rep, 10 * lv * lv + dg_rnd(s->rng, 20))) != 0 ||
			    (r = dg_rows_int(&rep, 20 * lv * lv + dg_rnd(s->rng, 40))) != 0)
				break;
		}
	}
	if (r == 0 && (r = dg_rows_flush(&prof)) == 0)
		r = dg_rows_flush(&rep);
	dg_rows_free(&users);
	dg_rows_free(&prof);
	dg_rows_free(&rep);
	return r;
}

int
dg_sellers(struct db *db, uint64_t *rng, int64_t count, int64_t now, int64_t **ids,
    size_t *n)
{
	struct sellers s = { rng, *rng, count, now, NULL };
	int r;

	*ids = NULL;
	*n = 0;
	if ((s.ids = calloc((size_t)count, sizeof *s.ids)) == NULL)
		return JS_ERR_NOMEM;
	if ((r = db_tx(db, sellers_tx, &s)) != 0) {
		free(s.ids);
		return r;
	}
	*ids = s.ids;
	*n = (size_t)count;
	return 0;
}
