/* wallet.h: an account's money as the ledger holds it: available, pending (earned,
 * clearing), in escrow (orders it paid for), its history, and the sandbox top-up. */
#ifndef JS_WALLET_H
#define JS_WALLET_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "ledger.h"

struct wallet {
	int64_t available;             /* user available */
	int64_t pending;               /* user pending: earned, waiting for clearing */
	int64_t escrow;                /* sum of escrow of the orders it is buyer of */
};

/* The account's balances (the account itself or an admin; else JS_ERR_PERM). */
int wallet_get(struct db *db, int64_t actor, int64_t user, struct wallet *out);

enum wallet_book { WALLET_AVAILABLE, WALLET_PENDING };
/* History of one book, newest first, keyset paged as ledger_history. */
int wallet_history(struct db *db, int64_t actor, int64_t user, enum wallet_book book,
                   int64_t before, struct ledger_entry *out, size_t max, size_t *n);

/*
 * Demo money: clearing:sandbox -> user available, only when `enabled` (configuration
 * [payments] sandbox = yes) — JS_ERR_PERM otherwise. 1..WALLET_TOPUP_MAX fen; idem_key
 * (required) makes a repeated click one top-up. The account itself only.
 */
#define WALLET_TOPUP_MAX INT64_C(10000000)     /* ¥100,000.00 */
int wallet_topup_sandbox(struct db *db, int enabled, int64_t actor, int64_t amount,
                         const char *idem_key);

#endif
