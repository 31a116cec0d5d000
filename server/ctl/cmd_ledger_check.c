/* cmd_ledger_check.c: `jishictl ledger-check`: prove the ledger invariants, exit 1 if broken. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ctl.h"
#include "err.h"
#include "ledger.h"

static int
cmd_ledger_check(struct ctl *ctl, int argc, char **argv)
{
	static const struct {
		const char *what;
		size_t off;
	} lines[] = {
		{ "unbalanced transactions", offsetof(struct ledger_report, unbalanced_tx) },
		{ "transactions with < 2 postings", offsetof(struct ledger_report, short_tx) },
		{ "mixed-currency transactions",
		  offsetof(struct ledger_report, mixed_currency_tx) },
		{ "balances != sum of postings",
		  offsetof(struct ledger_report, balance_mismatch) },
		{ "accounts below zero", offsetof(struct ledger_report, negative_accounts) },
		{ "user/order accounts allowed negative",
		  offsetof(struct ledger_report, bad_negative_flag) },
		{ "paid intents not applied exactly once",
		  offsetof(struct ledger_report, intents_unapplied) },
		{ "unpaid intents with a payment",
		  offsetof(struct ledger_report, intents_misapplied) },
	};
	struct ledger_report rep;
	size_t i;
	int r;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: jishictl ledger-check\n");
		return 2;
	}
	if ((r = ctl_open_db(ctl, 0)) != 0)
		return r;
	if ((r = ledger_check(ctl->db, &rep)) != 0) {
		fprintf(stderr, "jishictl: ledger-check: %s: %s\n", js_strerror(r),
		    db_errmsg(ctl->db));
		return 1;
	}
	printf("ledger-check: %lld transactions, %lld postings, %lld accounts\n",
	    (long long)rep.transactions, (long long)rep.postings, (long long)rep.accounts);
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		const int64_t *v = (const int64_t *)(const void *)((const char *)&rep +
		    lines[i].off);

		printf("  %-40s %lld%s\n", lines[i].what, (long long)*v, *v ? "  FAIL" : "");
	}
	printf("  %-40s %lld%s\n", "sum of all balances (must be 0)", (long long)rep.total,
	    rep.total ? "  FAIL" : "");
	if (ledger_report_bad(&rep)) {
		printf("ledger-check: FAILED (first offender id %lld)\n",
		    (long long)rep.first_bad_id);
		return 1;
	}
	printf("ledger-check: OK\n");
	return 0;
}

const struct ctl_cmd ctl_cmd_ledger_check = {
	"ledger-check", "", "prove the ledger invariants (exit 1 if broken)",
	cmd_ledger_check,
};
