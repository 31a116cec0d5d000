/* ledger.c: double-entry postings applied once per idempotency key, in fixed lock order. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "err.h"
#include "ledger.h"
#include "log.h"

static int
posting_cmp(const void *a, const void *b)
{
	const struct ledger_posting *x = a, *y = b;

	if (x->account_id != y->account_id)
		return x->account_id < y->account_id ? -1 : 1;
	/* Credits before debits on one account, so an in-and-out never dips below zero. */
	if (x->amount != y->amount)
		return x->amount > y->amount ? -1 : 1;
	return 0;
}

/* Validate the request and copy its postings, sorted, into sorted[]. */
static int
ledger_req_check(const struct ledger_tx_req *req, struct ledger_posting *sorted)
{
	int64_t sum = 0;
	size_t i;

	if (req->idem_key == NULL || req->idem_key[0] == '\0' ||
	    strlen(req->idem_key) > LEDGER_MAX_KEY || req->kind == NULL ||
	    req->kind[0] == '\0' || strlen(req->kind) >= 32)
		return JS_ERR_INVALID;
	if (req->n < 2 || req->n > LEDGER_MAX_POSTINGS || req->postings == NULL)
		return JS_ERR_INVALID;
	for (i = 0; i < req->n; i++) {
		int64_t a = req->postings[i].amount;

		if (a == 0 || req->postings[i].account_id <= 0)
			return JS_ERR_INVALID;
		if (a > LEDGER_MAX_AMOUNT || a < -LEDGER_MAX_AMOUNT)
			return JS_ERR_OVERFLOW;
		sum += a;   /* |sum| <= 16 * 10^15: cannot overflow */
		sorted[i] = req->postings[i];
	}
	if (sum != 0)
		return JS_ERR_UNBALANCED;
	qsort(sorted, req->n, sizeof sorted[0], posting_cmp);
	return 0;
}

/*
 * Fingerprint of what the request asks for, so a reused key with a different request is
 * caught: SHA-256 over kind, reference and the sorted postings, as hex.
 */
static int
ledger_req_hash(const struct ledger_tx_req *req, const struct ledger_posting *sorted,
    char hex[crypto_hash_sha256_BYTES * 2 + 1])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	struct buf b;
	size_t i;
	int r;

	buf_init(&b, 4096);
	r = buf_printf(&b, "%s|%s|%lld", req->kind, req->ref_type ? req->ref_type : "",
	    (long long)req->ref_id);
	for (i = 0; r == 0 && i < req->n; i++)
		r = buf_printf(&b, "|%lld:%lld", (long long)sorted[i].account_id,
		    (long long)sorted[i].amount);
	if (r == 0) {
		crypto_hash_sha256(digest, (const unsigned char *)b.data, b.len);
		sodium_bin2hex(hex, crypto_hash_sha256_BYTES * 2 + 1, digest, sizeof digest);
	}
	buf_free(&b);
	return r;
}

struct post_ctx {
	const struct ledger_tx_req *req;
	struct ledger_posting sorted[LEDGER_MAX_POSTINGS];
	char hash[crypto_hash_sha256_BYTES * 2 + 1];
	int64_t tx_id;
	int replayed;
};

/* The key exists already: same request -> replay, different -> conflict. */
static int
ledger_post_existing(struct db *db, struct post_ctx *ctx)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT id, request_hash FROM ledger_tx WHERE idem_key = $1",
	    &st)) != 0 || (r = db_bind_text(st, 1, ctx->req->idem_key)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_BUSY;   /* its writer rolled back: go again */
	ctx->tx_id = db_col_int64(st, 0);
	r = strcmp(db_col_text(st, 1), ctx->hash) == 0 ? 0 : JS_ERR_CONFLICT;
	db_reset(st);
	ctx->replayed = (r == 0);
	return r;
}

/* An account refused a posting: say why (missing, currency, funds or overflow).
 * currency NULL: the transaction's currency is this account's own. */
static int
ledger_refusal(struct db *db, int64_t account_id, int64_t amount, const char *currency)
{
	struct db_stmt *st;
	int64_t balance;
	int r;

	if ((r = db_prepare(db, "SELECT currency, balance FROM ledger_accounts WHERE id = $1",
	    &st)) != 0 || (r = db_bind_int64(st, 1, account_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	if (currency != NULL && strcmp(db_col_text(st, 0), currency) != 0)
		r = JS_ERR_CURRENCY;
	else {
		balance = db_col_int64(st, 1);
		r = (balance + amount > LEDGER_MAX_BALANCE ||
		    balance + amount < -LEDGER_MAX_BALANCE) ? JS_ERR_OVERFLOW : JS_ERR_FUNDS;
	}
	db_reset(st);
	return r;
}

/* Bind the ledger_tx row (idem_key, request_hash, kind, ref_type, ref_id, memo,
 * created_at) to $first.. $first + 6. */
static int
bind_tx_row(struct db_stmt *st, int first, const struct post_ctx *ctx, int64_t now)
{
	const struct ledger_tx_req *req = ctx->req;
	int r;

	if ((r = db_bind_text(st, first, req->idem_key)) != 0 ||
	    (r = db_bind_text(st, first + 1, ctx->hash)) != 0 ||
	    (r = db_bind_text(st, first + 2, req->kind)) != 0 ||
	    (r = db_bind_text(st, first + 3, req->ref_type)) != 0 ||
	    (r = req->ref_type ? db_bind_int64(st, first + 4, req->ref_id) :
	    db_bind_null(st, first + 4)) != 0 ||
	    (r = db_bind_text(st, first + 5, req->memo)) != 0)
		return r;
	return db_bind_int64(st, first + 6, now);
}

#define TX_INSERT(a, b, c, d, e, f, g) "INSERT INTO ledger_tx (idem_key, request_hash," \
	" kind, ref_type, ref_id, memo, created_at) VALUES ($" a ", $" b ", $" c ", $" d \
	", $" e ", $" f ", $" g ") ON CONFLICT (idem_key) DO NOTHING RETURNING id"

/* One row per account changed: after[] and cur[] of it (cur[j][0] stays '\0' for an
 * account the guard refused). Columns from `col`: account id, balance, currency. */
static int
take_accounts(struct db_stmt *st, int col, const int64_t *id, size_t k, int64_t *after,
              char (*cur)[4])
{
	size_t j;
	int64_t a;

	if (db_col_is_null(st, col))    /* PostgreSQL: the transaction row, no account */
		return 0;
	a = db_col_int64(st, col);
	for (j = 0; j < k && id[j] != a; j++)
		;
	if (j == k || cur[j][0] != '\0')
		return JS_ERR_DB;
	after[j] = db_col_int64(st, col + 1);
	snprintf(cur[j], sizeof cur[j], "%s", db_col_text(st, col + 2));
	return 0;
}

/*
 * SQLite: the transaction row, then one guarded UPDATE per account (it has no round
 * trips to save and runs UPDATE ... FROM five times slower: measured). *fresh 0: the
 * key was there already.
 */
static int
post_sqlite(struct db *db, struct post_ctx *ctx, int64_t now, const int64_t *id,
            const int64_t *net, size_t k, int64_t *after, char (*cur)[4], int *fresh)
{
	struct db_stmt *st;
	size_t i;
	int r;

	if ((r = db_prepare(db, TX_INSERT("1", "2", "3", "4", "5", "6", "7"), &st)) != 0 ||
	    (r = bind_tx_row(st, 1, ctx, now)) != 0 || (r = db_step(st)) < 0)
		return r;
	if ((*fresh = r == DB_ROW) == 0)
		return 0;
	ctx->tx_id = db_col_int64(st, 0);
	db_reset(st);
	for (i = 0; i < k; i++) {
		if ((r = db_prepare(db, "UPDATE ledger_accounts SET balance = balance + $2"
		    " WHERE id = $1 AND (allow_negative = 1 OR balance + $2 >= 0)"
		    " AND balance + $2 BETWEEN $3 AND $4 RETURNING id, balance, currency",
		    &st)) != 0 ||
		    (r = db_bind_int64(st, 1, id[i])) != 0 ||
		    (r = db_bind_int64(st, 2, net[i])) != 0 ||
		    (r = db_bind_int64(st, 3, -LEDGER_MAX_BALANCE)) != 0 ||
		    (r = db_bind_int64(st, 4, LEDGER_MAX_BALANCE)) != 0 ||
		    (r = db_step(st)) < 0)
			return r;
		r = r == DB_ROW ? take_accounts(st, 0, id, k, after, cur) : 0;
		db_reset(st);
		if (r != 0)
			return r;
	}
	return 0;
}

/*
 * PostgreSQL: the whole posting in one statement, one round trip: `WITH t AS (INSERT
 * INTO ledger_tx ...), v AS (VALUES accounts' net amounts), u AS (UPDATE
 * ledger_accounts ... FROM v, t), p AS (VALUES postings), INSERT INTO ledger_postings
 * ... SELECT t.id, u.id, u.balance, u.currency FROM t LEFT JOIN u`. No row: the key
 * was there already (nothing was updated, as t was empty). The postings go in only
 * when every account took its amount and all share one currency (else the caller
 * refuses and rolls back); each one's balance_after is its account's new balance less
 * the postings after it on that account (p is in ledger order). The accounts' rows are
 * locked in the VALUES (id) order the join follows (another order could only
 * deadlock, which db_tx retries). The ids are also an IN list: an index condition on
 * ledger_accounts whatever its statistics say (a plan cached while the table was small
 * joined a sequential scan of it, every posting reading the whole table until an
 * ANALYZE).
 */
static int
post_pg(struct db *db, struct post_ctx *ctx, int64_t now, const int64_t *id,
        const int64_t *net, size_t k, int64_t *after, char (*cur)[4], int *fresh)
{
	const struct ledger_posting *p = ctx->sorted;
	size_t i, n = ctx->req->n, pbase = 10 + 2 * k;
	struct db_stmt *st;
	struct buf b;
	int r;

	*fresh = 0;
	buf_init(&b, 8192);
	r = buf_puts(&b, "WITH t AS (" TX_INSERT("1", "2", "3", "4", "5", "6", "7")
	    "), v (id, amount) AS (VALUES");
	for (i = 0; r == 0 && i < k; i++)
		r = buf_printf(&b, "%s (CAST($%zu AS BIGINT), CAST($%zu AS BIGINT))",
		    i ? "," : "", 10 + 2 * i, 11 + 2 * i);
	if (r == 0)
		r = buf_puts(&b, "), u AS (UPDATE ledger_accounts SET balance ="
		    " ledger_accounts.balance + v.amount FROM v, t WHERE ledger_accounts.id = v.id"
		    " AND ledger_accounts.id IN (");
	for (i = 0; r == 0 && i < k; i++)
		r = buf_printf(&b, "%s$%zu", i ? ", " : "", 10 + 2 * i);
	if (r == 0)
		r = buf_puts(&b, ") AND (ledger_accounts.allow_negative = 1 OR"
		    " ledger_accounts.balance + v.amount >= 0) AND ledger_accounts.balance +"
		    " v.amount BETWEEN $8 AND $9 RETURNING ledger_accounts.id,"
		    " ledger_accounts.balance, ledger_accounts.currency),"
		    " p (ord, account_id, amount) AS (VALUES");
	for (i = 0; r == 0 && i < n; i++)
		r = buf_printf(&b, "%s (%zu, CAST($%zu AS BIGINT), CAST($%zu AS BIGINT))",
		    i ? "," : "", i, pbase + 2 * i, pbase + 1 + 2 * i);
	if (r == 0)
		r = buf_printf(&b, "), w AS (INSERT INTO ledger_postings (tx_id, account_id,"
		    " amount, balance_after, created_at) SELECT t.id, p.account_id, p.amount,"
		    " u.balance - COALESCE(SUM(p.amount) OVER (PARTITION BY p.account_id ORDER BY"
		    " p.ord ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0), $7 FROM p"
		    " JOIN u ON u.id = p.account_id CROSS JOIN t WHERE (SELECT count(*) FROM u) ="
		    " %zu AND (SELECT count(DISTINCT currency) FROM u) = 1)"
		    " SELECT t.id, u.id, u.balance, u.currency FROM t LEFT JOIN u ON true", k);
	if (r == 0)
		r = db_prepare(db, b.data, &st);
	buf_free(&b);
	if (r != 0 || (r = bind_tx_row(st, 1, ctx, now)) != 0 ||
	    (r = db_bind_int64(st, 8, -LEDGER_MAX_BALANCE)) != 0 ||
	    (r = db_bind_int64(st, 9, LEDGER_MAX_BALANCE)) != 0)
		return r;
	for (i = 0; i < k; i++)
		if ((r = db_bind_int64(st, (int)(10 + 2 * i), id[i])) != 0 ||
		    (r = db_bind_int64(st, (int)(11 + 2 * i), net[i])) != 0)
			return r;
	for (i = 0; i < n; i++)
		if ((r = db_bind_int64(st, (int)(pbase + 2 * i), p[i].account_id)) != 0 ||
		    (r = db_bind_int64(st, (int)(pbase + 1 + 2 * i), p[i].amount)) != 0)
			return r;
	while ((r = db_step(st)) == DB_ROW) {
		*fresh = 1;
		ctx->tx_id = db_col_int64(st, 0);
		if ((r = take_accounts(st, 1, id, k, after, cur)) != 0) {
			db_reset(st);
			return r;
		}
	}
	return r < 0 ? r : 0;
}

/*
 * Record the transaction and apply all postings: each account's net amount, the
 * accounts in id order. Every account must be in the first account's currency, stay
 * within its floor and LEDGER_MAX_BALANCE. With credits sorted before debits on one
 * account, its lowest point is its final balance, so checking that is checking every
 * step. balance[i] gets the balance after posting i; a refused posting is explained
 * by ledger_refusal (the caller's rollback undoes the rest). *fresh 0: the key was
 * there already and nothing was done.
 */
static int
ledger_apply_all(struct db *db, struct post_ctx *ctx, int64_t now, int64_t *balance,
                 int *fresh)
{
	const struct ledger_posting *p = ctx->sorted;
	int64_t id[LEDGER_MAX_POSTINGS], net[LEDGER_MAX_POSTINGS], after[LEDGER_MAX_POSTINGS];
	char cur[LEDGER_MAX_POSTINGS][4];
	size_t i, k = 0, n = ctx->req->n;
	int r;

	for (i = 0; i < n; i++) {            /* p is sorted: one entry per account */
		if (k == 0 || id[k - 1] != p[i].account_id) {
			id[k] = p[i].account_id;
			net[k++] = 0;
		}
		net[k - 1] += p[i].amount;
	}
	for (i = 0; i < k; i++)
		cur[i][0] = '\0';
	r = db_dialect(db) == DB_PG ? post_pg(db, ctx, now, id, net, k, after, cur, fresh) :
	    post_sqlite(db, ctx, now, id, net, k, after, cur, fresh);
	if (r != 0 || !*fresh)
		return r;
	/* The first account's currency is the transaction's. */
	for (i = 0; i < k; i++)
		if (cur[i][0] == '\0')
			return ledger_refusal(db, id[i], net[i], i == 0 || cur[0][0] == '\0' ?
			    NULL : cur[0]);
	for (i = 1; i < k; i++)
		if (strcmp(cur[i], cur[0]) != 0)
			return JS_ERR_CURRENCY;
	/* Each posting's balance_after: the account's final balance, walked back. */
	for (i = n, k = k - 1; i-- > 0;) {
		balance[i] = after[k];
		after[k] -= p[i].amount;
		if (i > 0 && p[i - 1].account_id != p[i].account_id)
			k--;
	}
	return 0;
}

/* INSERT of n postings: $1 tx id, $2 time, then account, amount, balance_after each. */
static int
postings_sql(char *sql, size_t len, size_t n)
{
	size_t i, off;
	int w;

	w = snprintf(sql, len, "INSERT INTO ledger_postings (tx_id, account_id, amount,"
	    " balance_after, created_at) VALUES");
	for (i = 0, off = (size_t)w; w > 0 && off < len && i < n; i++, off += (size_t)w)
		w = snprintf(sql + off, len - off, "%s ($1, $%zu, $%zu, $%zu, $2)",
		    i ? "," : "", 3 + 3 * i, 4 + 3 * i, 5 + 3 * i);
	return w > 0 && off < len ? 0 : JS_ERR_INVALID;
}

static int
ledger_post_tx(struct db *db, void *ud)
{
	struct post_ctx *ctx = ud;
	const struct ledger_tx_req *req = ctx->req;
	int64_t now = (int64_t)time(NULL), balance[LEDGER_MAX_POSTINGS];
	char sql[128 + 32 * LEDGER_MAX_POSTINGS];
	struct db_stmt *st;
	size_t i;
	int r, fresh = 0;

	ctx->replayed = 0;
	if ((r = ledger_apply_all(db, ctx, now, balance, &fresh)) != 0)
		return r;
	if (!fresh)
		return ledger_post_existing(db, ctx);
	if (db_dialect(db) == DB_PG)
		return 0;              /* post_pg wrote the postings */
	/* The postings in one statement (one per posting size, prepared once each).
	 * Deferred: on PostgreSQL it travels with the next statement that waits (at the
	 * latest the end of the savepoint / transaction), where an error of it would
	 * surface. */
	if ((r = postings_sql(sql, sizeof sql, req->n)) != 0 ||
	    (r = db_prepare(db, sql, &st)) != 0 ||
	    (r = db_bind_int64(st, 1, ctx->tx_id)) != 0 ||
	    (r = db_bind_int64(st, 2, now)) != 0)
		return r;
	for (i = 0; i < req->n; i++)
		if ((r = db_bind_int64(st, (int)(3 + 3 * i), ctx->sorted[i].account_id)) != 0 ||
		    (r = db_bind_int64(st, (int)(4 + 3 * i), ctx->sorted[i].amount)) != 0 ||
		    (r = db_bind_int64(st, (int)(5 + 3 * i), balance[i])) != 0)
			return r;
	return db_step_defer(st);
}

int
ledger_post(struct db *db, const struct ledger_tx_req *req, int64_t *tx_id,
    int *replayed)
{
	struct post_ctx ctx;
	int r;

	memset(&ctx, 0, sizeof ctx);
	ctx.req = req;
	if ((r = ledger_req_check(req, ctx.sorted)) != 0 ||
	    (r = ledger_req_hash(req, ctx.sorted, ctx.hash)) != 0)
		return r;
	if ((req->flags & LEDGER_NO_SAVEPOINT) && db_in_tx(db))
		r = ledger_post_tx(db, &ctx);    /* the caller's rollback undoes a refusal */
	else
		r = db_tx(db, ledger_post_tx, &ctx);
	if (r != 0) {
		log_debug("refused key=%s: %s", req->idem_key, js_strerror(r));
		return r;
	}
	if (tx_id != NULL)
		*tx_id = ctx.tx_id;
	if (replayed != NULL)
		*replayed = ctx.replayed;
	return 0;
}
