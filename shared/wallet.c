/* wallet.c: an account's money as the ledger holds it (available, pending, in escrow),
 * its history, and the sandbox top-up that stands in for real payments in demos. */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "ledger.h"
#include "utf8.h"
#include "wallet.h"

#define WALLET_KEY_MAX 128            /* bytes of a caller's top-up key */

/* The actor is `user` or an active admin; JS_ERR_PERM otherwise. */
static int
may_see(struct db *db, int64_t actor, int64_t user)
{
	struct db_stmt *st;
	int r;

	if (actor <= 0 || user <= 0)
		return JS_ERR_PERM;
	if (actor == user)
		return 0;
	if ((r = db_prepare(db, "SELECT 1 FROM users WHERE id = $1 AND is_admin = 1 AND "
	                    "status = 'active'", &st)) != 0 || (r = db_bind_int64(st, 1, actor)) != 0)
		return r;
	r = db_step(st);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : JS_ERR_PERM;
}

/* The user's account of `purpose` without creating it (a read path): 0 when none. */
static int
find_account(struct db *db, int64_t user, const char *purpose, int64_t *id,
             int64_t *balance)
{
	struct db_stmt *st;
	int r;

	*id = *balance = 0;
	if ((r = db_prepare(db, "SELECT id, balance FROM ledger_accounts WHERE owner_type = "
	                    "'user' AND owner_id = $1 AND purpose = $2 AND currency = 'CNY'",
	                    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, user)) != 0 || (r = db_bind_text(st, 2, purpose)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW) {
		*id = db_col_int64(st, 0);
		*balance = db_col_int64(st, 1);
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

struct get_args {
	int64_t user;
	struct wallet *w;
};

static int
get_tx(struct db *db, void *ud)
{
	struct get_args *a = ud;
	struct db_stmt *st;
	int64_t id;
	int r;

	if ((r = find_account(db, a->user, "available", &id, &a->w->available)) != 0 ||
	    (r = find_account(db, a->user, "pending", &id, &a->w->pending)) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT COALESCE(sum(a.balance), 0) FROM orders o JOIN "
	                    "ledger_accounts a ON a.owner_type = 'order' AND a.owner_id = o.id "
	                    "AND a.purpose = 'escrow' WHERE o.buyer_id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, a->user)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		a->w->escrow = db_col_int64(st, 0);
	db_reset(st);
	return r < 0 ? r : 0;
}

int
wallet_get(struct db *db, int64_t actor, int64_t user, struct wallet *out)
{
	struct get_args a = { user, out };
	int r;

	if (db == NULL || out == NULL)
		return JS_ERR_INVALID;
	memset(out, 0, sizeof *out);
	if ((r = may_see(db, actor, user)) != 0)
		return r;
	/* One snapshot: money moving between the books is never seen twice or not at all. */
	if (db_in_tx(db))
		return get_tx(db, &a);
	return db_tx_snapshot(db, get_tx, &a);
}

int
wallet_history(struct db *db, int64_t actor, int64_t user, enum wallet_book book,
               int64_t before, struct ledger_entry *out, size_t max, size_t *n)
{
	int64_t id, balance;
	int r;

	if (n != NULL)
		*n = 0;
	if (db == NULL || n == NULL || (book != WALLET_AVAILABLE && book != WALLET_PENDING))
		return JS_ERR_INVALID;
	if ((r = may_see(db, actor, user)) != 0 ||
	    (r = find_account(db, user, book == WALLET_AVAILABLE ? "available" : "pending",
	                      &id, &balance)) != 0)
		return r;
	if (id == 0)                   /* never had money in this book */
		return 0;
	return ledger_history(db, id, before, out, max, n);
}

int
wallet_topup_sandbox(struct db *db, int enabled, int64_t actor, int64_t amount,
                     const char *idem_key)
{
	struct ledger_posting p[2];
	struct ledger_tx_req req;
	char key[WALLET_KEY_MAX + 48];
	int64_t clearing, avail;
	struct db_stmt *st;
	size_t len;
	int r;

	if (db == NULL)
		return JS_ERR_INVALID;
	if (!enabled)
		return JS_ERR_PERM;
	if (amount < 1 || amount > WALLET_TOPUP_MAX || idem_key == NULL ||
	    (len = strlen(idem_key)) == 0 || len > WALLET_KEY_MAX || !utf8_valid(idem_key, len))
		return JS_ERR_INVALID;
	if (actor <= 0)
		return JS_ERR_PERM;
	if ((r = db_prepare(db, "SELECT 1 FROM users WHERE id = $1 AND status = 'active'",
	                    &st)) != 0 || (r = db_bind_int64(st, 1, actor)) != 0)
		return r;
	r = db_step(st);
	db_reset(st);
	if (r != DB_ROW)
		return r < 0 ? r : JS_ERR_PERM;
	if ((r = ledger_account(db, "platform", 0, "clearing:sandbox", "CNY", &clearing)) != 0 ||
	    (r = ledger_account(db, "user", actor, "available", "CNY", &avail)) != 0)
		return r;
	/* Scoped by account, so two accounts' keys never collide. */
	snprintf(key, sizeof key, "topup:sandbox:%lld:%s", (long long)actor, idem_key);
	p[0] = (struct ledger_posting){ clearing, -amount };
	p[1] = (struct ledger_posting){ avail, amount };
	memset(&req, 0, sizeof req);
	req.idem_key = key;
	req.kind = "topup";
	req.ref_type = "user";
	req.ref_id = actor;
	req.memo = "sandbox top-up";
	req.postings = p;
	req.n = 2;
	return ledger_post(db, &req, NULL, NULL);
}
