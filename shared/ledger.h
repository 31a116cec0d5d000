/* ledger.h: the double-entry ledger: accounts, balanced idempotent postings, invariant checks. */
#ifndef JS_LEDGER_H
#define JS_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/*
 * Amounts are int64 fen. A ledger transaction is two or more postings that sum to zero;
 * a posting adds its amount to one account's balance. Account owners and purposes:
 *   user     available | pending           never below zero
 *   order    escrow                        never below zero
 *   platform fees | commission | payouts:in_flight       never below zero
 *   platform clearing:alipay | clearing:wechat | clearing:sandbox
 *            where outside money enters and leaves: these may go negative
 * (owner_id of platform accounts is 0, but for the shards of fees and commission.)
 *
 * The platform's fee and commission income is split over LEDGER_PLATFORM_SHARDS accounts
 * each (owner_id 0..N-1). Every order payment credits fees and every acceptance credits
 * commission; with one account each, its row lock, held until the commit is durable,
 * would serialize all of them. An order pays into shard order_id % N; a refund draws on
 * the account its payment credited (order_core.c). ledger_platform_balance sums them.
 */
#define LEDGER_PLATFORM_SHARDS 8

#define LEDGER_MAX_POSTINGS 16
#define LEDGER_MAX_KEY 200            /* bytes of an idempotency key */
/* Largest absolute posting amount and balance: far above any real figure and far
 * enough below INT64_MAX that no sum the ledger computes can overflow. */
#define LEDGER_MAX_AMOUNT INT64_C(1000000000000000)        /* 10^15 fen */
#define LEDGER_MAX_BALANCE INT64_C(1000000000000000000)    /* 10^18 fen */

struct ledger_posting {
	int64_t account_id;
	int64_t amount;               /* non-zero; + credit to the account, - debit */
};

struct ledger_tx_req {
	const char *idem_key;         /* unique per business event, e.g. "order:42:accept" */
	const char *kind;             /* "transfer", "payment", "escrow_release", ... */
	const char *ref_type;         /* what caused it (may be NULL), e.g. "order" */
	int64_t ref_id;
	const char *memo;             /* may be NULL */
	const struct ledger_posting *postings;
	size_t n;
	unsigned flags;               /* LEDGER_* below, 0 for the default */
};

/*
 * The caller runs ledger_post inside its own transaction and gives up (returns the
 * error from its db_tx function) on any error of it: ledger_post then skips its
 * savepoint, two statements fewer. A refusal then leaves this transaction's partial
 * writes in the caller's transaction, which the caller's rollback undoes; so only for
 * callers that never go on after an error (the order transitions). Outside a
 * transaction the flag changes nothing.
 */
#define LEDGER_NO_SAVEPOINT 0x1u

/*
 * Find or create the account (owner_type, owner_id, purpose, currency) and return its
 * id. JS_ERR_INVALID for an owner/purpose pair not in the table above.
 * Runs in the caller's transaction if there is one.
 */
int ledger_account(struct db *db, const char *owner_type, int64_t owner_id,
                   const char *purpose, const char *currency, int64_t *id);

/*
 * Create the account, expected not to exist yet (an order's escrow, made with an order
 * paid at once), and return its id: one INSERT ... RETURNING, where ledger_account
 * first looks. Finds it when it exists after all. Same checks as ledger_account.
 */
int ledger_account_new(struct db *db, const char *owner_type, int64_t owner_id,
                       const char *purpose, const char *currency, int64_t *id);

/*
 * Make sure the account exists, when the caller does not need its id now (an order's
 * escrow, made with the order). Same checks as ledger_account; inside a transaction the
 * INSERT ... ON CONFLICT DO NOTHING is deferred (db_step_defer).
 */
int ledger_account_ensure(struct db *db, const char *owner_type, int64_t owner_id,
                          const char *purpose, const char *currency);

/*
 * Apply one balanced transaction exactly once per idempotency key.
 * Checks: 2..LEDGER_MAX_POSTINGS postings, each non-zero and within LEDGER_MAX_AMOUNT,
 * sum zero (JS_ERR_UNBALANCED), all accounts exist (JS_ERR_NOT_FOUND) in one currency
 * (JS_ERR_CURRENCY), no account that may not go negative would (JS_ERR_FUNDS), no
 * balance beyond LEDGER_MAX_BALANCE (JS_ERR_OVERFLOW).
 * Accounts are updated in ascending id order, so concurrent posters never deadlock.
 * If the key was applied before with the same request, nothing changes: *tx_id is the
 * first transaction and *replayed is 1. The same key with a different request is
 * JS_ERR_CONFLICT. A refused request records nothing, so it may be retried later.
 * Runs inside the caller's transaction (as a savepoint, unless LEDGER_NO_SAVEPOINT)
 * when there is one, so a business change and its money movement commit together;
 * otherwise in its own. The postings are written with db_step_defer: an error of
 * theirs surfaces by the end of the savepoint or the caller's transaction at the latest.
 * tx_id and replayed may be NULL.
 */
int ledger_post(struct db *db, const struct ledger_tx_req *req, int64_t *tx_id,
                int *replayed);

/* The platform's balance of purpose ("fees", "commission", ...) over all its shards. */
int ledger_platform_balance(struct db *db, const char *purpose, const char *currency,
                            int64_t *balance);
int ledger_balance(struct db *db, int64_t account_id, int64_t *balance);

/* One line of an account's history, newest first. */
struct ledger_entry {
	int64_t posting_id;
	int64_t tx_id;
	int64_t amount;
	int64_t balance_after;
	int64_t created_at;
	char kind[32];
	char memo[128];
};

/*
 * Up to `max` entries of the account's history older than posting `before` (0: from the
 * newest), into out[]; *n gets the count. Keyset paging: pass the last posting_id of
 * one page as `before` of the next.
 */
int ledger_history(struct db *db, int64_t account_id, int64_t before,
                   struct ledger_entry *out, size_t max, size_t *n);

/* What ledger_check found; every count is zero on a healthy ledger. */
struct ledger_report {
	int64_t transactions, postings, accounts;
	int64_t unbalanced_tx;        /* postings of a transaction do not sum to zero */
	int64_t short_tx;             /* fewer than two postings */
	int64_t mixed_currency_tx;    /* postings in more than one currency */
	int64_t balance_mismatch;     /* balance != sum of the account's postings */
	int64_t negative_accounts;    /* below zero though not allowed to be */
	int64_t bad_negative_flag;    /* a user or order account allowed to go negative */
	int64_t intents_unapplied;    /* paid intent without exactly one payment tx */
	int64_t intents_misapplied;   /* unpaid intent with a payment tx */
	int64_t total;                /* sum of all balances; must be 0 */
	int64_t first_bad_id;         /* an example offender, for the message */
};

/* Prove the invariants of docs/ledger.md in one read transaction. */
int ledger_check(struct db *db, struct ledger_report *rep);
/* Does the report show any violation? */
int ledger_report_bad(const struct ledger_report *rep);

#endif
