/* ledger_check.c: prove the ledger's invariants (docs/ledger.md) over one snapshot. */
#include <stddef.h>
#include <string.h>

#include "err.h"
#include "ledger.h"

struct check {
	const char *sql;          /* returns offending ids (count them) or one number */
	size_t field;             /* offset of the counter in struct ledger_report */
	int is_count;             /* the query returns offenders, one per row */
};

#define F(x) offsetof(struct ledger_report, x)

static const struct check checks[] = {
	{ "SELECT COUNT(*) FROM ledger_tx", F(transactions), 0 },
	{ "SELECT COUNT(*) FROM ledger_postings", F(postings), 0 },
	{ "SELECT COUNT(*) FROM ledger_accounts", F(accounts), 0 },
	{ "SELECT COALESCE(SUM(balance), 0) FROM ledger_accounts", F(total), 0 },
	{ "SELECT tx_id FROM ledger_postings GROUP BY tx_id HAVING SUM(amount) <> 0",
	  F(unbalanced_tx), 1 },
	{ "SELECT t.id FROM ledger_tx t LEFT JOIN ledger_postings p ON p.tx_id = t.id"
	  " GROUP BY t.id HAVING COUNT(p.id) < 2", F(short_tx), 1 },
	{ "SELECT p.tx_id FROM ledger_postings p JOIN ledger_accounts a"
	  " ON a.id = p.account_id GROUP BY p.tx_id HAVING COUNT(DISTINCT a.currency) > 1",
	  F(mixed_currency_tx), 1 },
	{ "SELECT a.id FROM ledger_accounts a LEFT JOIN (SELECT account_id, SUM(amount) AS s"
	  " FROM ledger_postings GROUP BY account_id) p ON p.account_id = a.id"
	  " WHERE a.balance <> COALESCE(p.s, 0)", F(balance_mismatch), 1 },
	{ "SELECT id FROM ledger_accounts WHERE allow_negative = 0 AND balance < 0",
	  F(negative_accounts), 1 },
	{ "SELECT id FROM ledger_accounts WHERE allow_negative = 1"
	  " AND (owner_type <> 'platform' OR purpose NOT LIKE 'clearing:%')",
	  F(bad_negative_flag), 1 },
	/* A paid (or later refunded) intent was applied by exactly one payment tx. */
	{ "SELECT i.id FROM payment_intents i WHERE i.status IN ('paid', 'refunded')"
	  " AND (i.ledger_tx_id IS NULL OR (SELECT COUNT(*) FROM ledger_tx t"
	  " WHERE t.kind = 'payment' AND t.ref_type = 'payment_intent'"
	  " AND t.ref_id = i.id) <> 1)", F(intents_unapplied), 1 },
	{ "SELECT i.id FROM payment_intents i WHERE i.status NOT IN ('paid', 'refunded')"
	  " AND (i.ledger_tx_id IS NOT NULL OR EXISTS (SELECT 1 FROM ledger_tx t"
	  " WHERE t.kind = 'payment' AND t.ref_type = 'payment_intent'"
	  " AND t.ref_id = i.id))", F(intents_misapplied), 1 },
};

static int
ledger_check_tx(struct db *db, void *ud)
{
	struct ledger_report *rep = ud;
	struct db_stmt *st;
	int64_t *field;
	size_t i;
	int r;

	for (i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		field = (int64_t *)(void *)((char *)rep + checks[i].field);
		if ((r = db_prepare(db, checks[i].sql, &st)) != 0)
			return r;
		while ((r = db_step(st)) == DB_ROW) {
			if (!checks[i].is_count) {
				*field = db_col_int64(st, 0);
				continue;
			}
			if (rep->first_bad_id == 0)
				rep->first_bad_id = db_col_int64(st, 0);
			(*field)++;
		}
		if (r < 0)
			return r;
	}
	return 0;
}

int
ledger_check(struct db *db, struct ledger_report *rep)
{
	memset(rep, 0, sizeof *rep);
	return db_tx_snapshot(db, ledger_check_tx, rep);
}

int
ledger_report_bad(const struct ledger_report *rep)
{
	return rep->unbalanced_tx || rep->short_tx || rep->mixed_currency_tx ||
	    rep->balance_mismatch || rep->negative_accounts || rep->bad_negative_flag ||
	    rep->intents_unapplied || rep->intents_misapplied || rep->total != 0;
}
