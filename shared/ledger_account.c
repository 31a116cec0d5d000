/* ledger_account.c: the ledger's accounts: which may exist, finding or making one, and
 * reading balances and history (the postings themselves are ledger.c's). */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "ledger.h"
#include "utf8.h"

struct account_kind {
	const char *owner_type;
	const char *purpose;
	int allow_negative;
	int shards;                   /* platform: owner_id 0..shards-1 */
};

/* Every account the ledger knows; only outside-money clearing accounts go negative. */
static const struct account_kind account_kinds[] = {
	{ "user", "available", 0, 0 },
	{ "user", "pending", 0, 0 },
	{ "order", "escrow", 0, 0 },
	{ "platform", "fees", 0, LEDGER_PLATFORM_SHARDS },
	{ "platform", "commission", 0, LEDGER_PLATFORM_SHARDS },
	{ "platform", "payouts:in_flight", 0, 1 },
	{ "platform", "clearing:alipay", 1, 1 },
	{ "platform", "clearing:wechat", 1, 1 },
	{ "platform", "clearing:sandbox", 1, 1 },
};

static const struct account_kind *
account_kind_find(const char *owner_type, const char *purpose)
{
	size_t i;

	for (i = 0; i < sizeof account_kinds / sizeof account_kinds[0]; i++)
		if (strcmp(account_kinds[i].owner_type, owner_type) == 0 &&
		    strcmp(account_kinds[i].purpose, purpose) == 0)
			return &account_kinds[i];
	return NULL;
}

static int
currency_valid(const char *c)
{
	return c != NULL && strlen(c) == 3 && c[0] >= 'A' && c[0] <= 'Z' &&
	    c[1] >= 'A' && c[1] <= 'Z' && c[2] >= 'A' && c[2] <= 'Z';
}

/* The account's id, or JS_ERR_NOT_FOUND. */
static int
account_find(struct db *db, const char *owner_type, int64_t owner_id, const char *purpose,
    const char *currency, int64_t *id)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT id FROM ledger_accounts WHERE owner_type = $1 AND"
	    " owner_id = $2 AND purpose = $3 AND currency = $4", &st)) != 0)
		return r;
	if ((r = db_bind_text(st, 1, owner_type)) != 0 ||
	    (r = db_bind_int64(st, 2, owner_id)) != 0 ||
	    (r = db_bind_text(st, 3, purpose)) != 0 ||
	    (r = db_bind_text(st, 4, currency)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	}
	*id = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}

static const struct account_kind *
account_kind_check(const char *owner_type, int64_t owner_id, const char *purpose,
    const char *currency)
{
	const struct account_kind *k = account_kind_find(owner_type, purpose);

	if (k == NULL || !currency_valid(currency) || owner_id < 0)
		return NULL;
	if (k->shards > 0 ? owner_id >= k->shards : owner_id == 0)
		return NULL;
	return k;
}

/*
 * INSERT ... ON CONFLICT DO NOTHING: safe under concurrent creators. id NULL: deferred
 * (db_step_defer), nothing read back. Else *id: the new account's, or when it was there
 * already (a concurrent creator won) the existing one's.
 */
static int
account_insert(struct db *db, const struct account_kind *k, int64_t owner_id,
    const char *currency, int64_t *id)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, id == NULL ? "INSERT INTO ledger_accounts (owner_type,"
	    " owner_id, purpose, currency, allow_negative) VALUES ($1, $2, $3, $4, $5)"
	    " ON CONFLICT (owner_type, owner_id, purpose, currency) DO NOTHING" :
	    "INSERT INTO ledger_accounts (owner_type, owner_id, purpose, currency,"
	    " allow_negative) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (owner_type, owner_id,"
	    " purpose, currency) DO NOTHING RETURNING id", &st)) != 0 ||
	    (r = db_bind_text(st, 1, k->owner_type)) != 0 ||
	    (r = db_bind_int64(st, 2, owner_id)) != 0 ||
	    (r = db_bind_text(st, 3, k->purpose)) != 0 ||
	    (r = db_bind_text(st, 4, currency)) != 0 ||
	    (r = db_bind_int64(st, 5, k->allow_negative)) != 0)
		return r;
	if (id == NULL)
		return db_step_defer(st);
	if ((r = db_step(st)) == DB_ROW) {
		*id = db_col_int64(st, 0);
		db_reset(st);
		return 0;
	}
	db_reset(st);
	if (r < 0)
		return r;
	return account_find(db, k->owner_type, owner_id, k->purpose, currency, id);
}

int
ledger_account(struct db *db, const char *owner_type, int64_t owner_id,
    const char *purpose, const char *currency, int64_t *id)
{
	const struct account_kind *k;
	int r;

	if ((k = account_kind_check(owner_type, owner_id, purpose, currency)) == NULL)
		return JS_ERR_INVALID;
	/* Read first: the account almost always exists (this is on every money path).
	 * When it does not, insert it (account_insert: correct under concurrent creators,
	 * the loser's insert does nothing and it reads the winner's row). */
	if ((r = account_find(db, owner_type, owner_id, purpose, currency, id)) !=
	    JS_ERR_NOT_FOUND)
		return r;
	return account_insert(db, k, owner_id, currency, id);
}

int
ledger_account_new(struct db *db, const char *owner_type, int64_t owner_id,
    const char *purpose, const char *currency, int64_t *id)
{
	const struct account_kind *k;

	if ((k = account_kind_check(owner_type, owner_id, purpose, currency)) == NULL)
		return JS_ERR_INVALID;
	return account_insert(db, k, owner_id, currency, id);
}

int
ledger_account_ensure(struct db *db, const char *owner_type, int64_t owner_id,
    const char *purpose, const char *currency)
{
	const struct account_kind *k;

	if ((k = account_kind_check(owner_type, owner_id, purpose, currency)) == NULL)
		return JS_ERR_INVALID;
	return account_insert(db, k, owner_id, currency, NULL);
}

int
ledger_platform_balance(struct db *db, const char *purpose, const char *currency,
                        int64_t *balance)
{
	struct db_stmt *st;
	int r;

	*balance = 0;
	if ((r = db_prepare(db, "SELECT COALESCE(SUM(balance), 0) FROM ledger_accounts"
	    " WHERE owner_type = 'platform' AND purpose = $1 AND currency = $2", &st)) != 0 ||
	    (r = db_bind_text(st, 1, purpose)) != 0 || (r = db_bind_text(st, 2, currency)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*balance = db_col_int64(st, 0);
	db_reset(st);
	return r < 0 ? r : 0;
}

int
ledger_balance(struct db *db, int64_t account_id, int64_t *balance)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT balance FROM ledger_accounts WHERE id = $1",
	    &st)) != 0 || (r = db_bind_int64(st, 1, account_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	*balance = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}

int
ledger_history(struct db *db, int64_t account_id, int64_t before,
    struct ledger_entry *out, size_t max, size_t *n)
{
	struct db_stmt *st;
	const char *s;
	int r;

	*n = 0;
	if ((r = db_prepare(db, "SELECT p.id, p.tx_id, p.amount, p.balance_after,"
	    " p.created_at, t.kind, t.memo FROM ledger_postings p"
	    " JOIN ledger_tx t ON t.id = p.tx_id"
	    " WHERE p.account_id = $1 AND ($2 = 0 OR p.id < $2)"
	    " ORDER BY p.id DESC LIMIT $3", &st)) != 0)
		return r;
	if ((r = db_bind_int64(st, 1, account_id)) != 0 ||
	    (r = db_bind_int64(st, 2, before)) != 0 ||
	    (r = db_bind_int64(st, 3, (int64_t)max)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		struct ledger_entry *e = &out[(*n)++];

		e->posting_id = db_col_int64(st, 0);
		e->tx_id = db_col_int64(st, 1);
		e->amount = db_col_int64(st, 2);
		e->balance_after = db_col_int64(st, 3);
		e->created_at = db_col_int64(st, 4);
		snprintf(e->kind, sizeof e->kind, "%s", db_col_text(st, 5));
		s = db_col_text(st, 6);
		utf8_copy(e->memo, sizeof e->memo, s);   /* a cut never splits a character */
	}
	db_reset(st);
	return r < 0 ? r : 0;
}
