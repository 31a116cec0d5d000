/* order_money.c: the money side of order transitions: the accounts an order's postings
 * use, posting under the order's keys, and escrow released, settled or refunded, with the
 * order row's book (commission, seller_pending) and the clearing job (docs/orders.md,
 * "The way of money"). */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "jobs.h"
#include "ledger.h"
#include "order_impl.h"

int
order_user_account(struct db *db, int64_t user, const char *purpose, int64_t *id)
{
	return ledger_account(db, "user", user, purpose, "CNY", id);
}

int
order_platform_account(struct db *db, const struct order_row *o, const char *purpose,
                       int64_t *id)
{
	return ledger_account(db, "platform", o->id % LEDGER_PLATFORM_SHARDS, purpose, "CNY",
	                      id);
}

int
order_buyer_available(struct db *db, const struct order_row *o, int64_t *id)
{
	*id = o->buyer_available;
	return *id != 0 ? 0 : order_user_account(db, o->buyer_id, "available", id);
}

int
order_seller_pending(struct db *db, const struct order_row *o, int64_t *id)
{
	*id = o->seller_pending_acct;
	return *id != 0 ? 0 : order_user_account(db, o->seller_id, "pending", id);
}

int
order_fees_account(struct db *db, const struct order_row *o, int64_t *id)
{
	*id = o->fees_acct;
	return *id != 0 ? 0 : order_platform_account(db, o, "fees", id);
}

int
order_commission_account(struct db *db, const struct order_row *o, int64_t *id)
{
	*id = o->commission_acct;
	return *id != 0 ? 0 : order_platform_account(db, o, "commission", id);
}

int
order_post(struct order_ctx *cx, const struct order_row *o, const char *kind,
           const char *key_suffix, const char *memo, const struct ledger_posting *p,
           size_t n)
{
	return order_post_tx(cx, o, kind, key_suffix, memo, p, n, NULL);
}

int
order_post_tx(struct order_ctx *cx, const struct order_row *o, const char *kind,
              const char *key_suffix, const char *memo, const struct ledger_posting *p,
              size_t n, int64_t *tx_id)
{
	struct ledger_tx_req req;
	char key[LEDGER_MAX_KEY];

	snprintf(key, sizeof key, "order:%lld:%s", (long long)o->id, key_suffix);
	memset(&req, 0, sizeof req);
	req.idem_key = key;
	req.kind = kind;
	req.ref_type = "order";
	req.ref_id = o->id;
	req.memo = memo;
	req.postings = p;
	req.n = n;
	/* Every caller is an order transition inside its own db_tx that returns any
	 * error of this: that rollback undoes a refusal, no savepoint needed. */
	req.flags = LEDGER_NO_SAVEPOINT;
	return ledger_post(cx->db, &req, tx_id, NULL);
}

int
order_schedule_clear(struct order_ctx *cx, const struct order_row *o)
{
	char key[64], payload[32];
	int64_t at, now = order_now(cx);

	if (o->seller_pending <= 0)
		return 0;
	at = o->pending_since + (int64_t)cx->conf->clearing_days * ORDER_DAY;
	if (at < now)
		at = now;
	snprintf(key, sizeof key, "order:%lld:clear", (long long)o->id);
	snprintf(payload, sizeof payload, "%lld", (long long)o->id);
	return jobs_enqueue(cx->db, JOB_ORDER_CLEAR, payload, at, key);
}

/* The order's side of a credit to the seller: the commission taken, seller_pending, the
 * clearing clock restarted and the one clearing job moved to it. write_row 0: only in
 * *o; the caller writes those three columns with its own UPDATE of the row. */
static int
release_book(struct order_ctx *cx, struct order_row *o, int64_t gross, int64_t fee,
             int write_row)
{
	int64_t now = order_now(cx);
	struct db_stmt *st;
	int r;

	if (write_row &&
	    ((r = db_prepare(cx->db, "UPDATE orders SET commission = commission + $2, "
	                     "seller_pending = seller_pending + $3, pending_since = $4, "
	                     "updated_at = $4 WHERE id = $1", &st)) != 0 ||
	     (r = db_bind_int64(st, 1, o->id)) != 0 || (r = db_bind_int64(st, 2, fee)) != 0 ||
	     (r = db_bind_int64(st, 3, gross - fee)) != 0 ||
	     (r = db_bind_int64(st, 4, now)) != 0 || (r = db_step_defer(st)) != 0))
		return r;
	o->commission += fee;
	o->seller_pending += gross - fee;
	o->pending_since = now;
	return order_schedule_clear(cx, o);
}

int
order_release(struct order_ctx *cx, struct order_row *o, int64_t gross,
              const char *key_suffix, int64_t *commission)
{
	struct ledger_posting p[3];
	int64_t fee, pending, platform;
	size_t n = 0;
	int r;

	if (commission != NULL)
		*commission = 0;
	if (gross <= 0)
		return gross == 0 ? 0 : JS_ERR_INVALID;
	fee = order_commission(cx->conf, gross);
	if ((r = order_seller_pending(cx->db, o, &pending)) != 0 ||
	    (r = order_commission_account(cx->db, o, &platform)) != 0)
		return r;
	p[n++] = (struct ledger_posting){ o->escrow_account, -gross };
	if (gross - fee > 0)
		p[n++] = (struct ledger_posting){ pending, gross - fee };
	if (fee > 0)
		p[n++] = (struct ledger_posting){ platform, fee };
	if ((r = order_post(cx, o, "escrow_release", key_suffix, "escrow release", p, n)) != 0)
		return r;
	o->escrow -= gross;
	if ((r = release_book(cx, o, gross, fee, 0)) != 0)
		return r;
	if (commission != NULL)
		*commission = fee;
	return 0;
}

/*
 * The fees account a refund of this order's fee draws on: the one its payments
 * credited, as the ledger says (an order paid before the income accounts were sharded
 * paid into shard 0), else the order's shard. Only refunds look: it is no hot path.
 */
static int
refund_fees_account(struct db *db, const struct order_row *o, int64_t *id)
{
	struct db_stmt *st;
	int r;

	*id = 0;
	if ((r = db_prepare(db, "SELECT p.account_id FROM ledger_tx t JOIN ledger_postings p "
	                    "ON p.tx_id = t.id JOIN ledger_accounts a ON a.id = p.account_id "
	                    "WHERE t.ref_type = 'order' AND t.ref_id = $1 AND "
	                    "a.owner_type = 'platform' AND a.purpose = 'fees' AND p.amount > 0 "
	                    "ORDER BY p.id LIMIT 1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*id = db_col_int64(st, 0);
	db_reset(st);
	if (r < 0)
		return r;
	return *id != 0 ? 0 : order_fees_account(db, o, id);
}

int
order_settle(struct order_ctx *cx, struct order_row *o, int64_t buyer_amount, int64_t fee,
             int64_t seller_gross, const char *key_suffix, int64_t *commission,
             int64_t *tx_id)
{
	struct ledger_posting p[5];
	int64_t comm, buyer, fees = 0, pending, platform;
	size_t n = 0;
	int r;

	if (commission != NULL)
		*commission = 0;
	if (tx_id != NULL)
		*tx_id = 0;
	if (buyer_amount < 0 || fee < 0 || seller_gross < 0 ||
	    buyer_amount + seller_gross > o->escrow)
		return JS_ERR_INVALID;
	if (buyer_amount + fee + seller_gross == 0)
		return 0;
	comm = order_commission(cx->conf, seller_gross);
	if ((r = order_buyer_available(cx->db, o, &buyer)) != 0 ||
	    (r = order_seller_pending(cx->db, o, &pending)) != 0 ||
	    (fee > 0 && (r = refund_fees_account(cx->db, o, &fees)) != 0) ||
	    (r = order_commission_account(cx->db, o, &platform)) != 0)
		return r;
	if (buyer_amount + seller_gross > 0)
		p[n++] = (struct ledger_posting){ o->escrow_account,
		                                  -(buyer_amount + seller_gross) };
	if (fee > 0)
		p[n++] = (struct ledger_posting){ fees, -fee };
	if (buyer_amount + fee > 0)
		p[n++] = (struct ledger_posting){ buyer, buyer_amount + fee };
	if (seller_gross - comm > 0)
		p[n++] = (struct ledger_posting){ pending, seller_gross - comm };
	if (comm > 0)
		p[n++] = (struct ledger_posting){ platform, comm };
	if ((r = order_post_tx(cx, o, "escrow_settle", key_suffix, "escrow settlement", p, n,
	                       tx_id)) != 0)
		return r;
	o->escrow -= buyer_amount + seller_gross;
	if (seller_gross > 0 && (r = release_book(cx, o, seller_gross, comm, 1)) != 0)
		return r;
	if (commission != NULL)
		*commission = comm;
	return 0;
}

int
order_refund(struct order_ctx *cx, struct order_row *o, int64_t amount, int64_t fee,
             const char *key_suffix)
{
	struct ledger_posting p[3];
	int64_t buyer, fees = 0;
	size_t n = 0;
	int r;

	if (amount < 0 || fee < 0)
		return JS_ERR_INVALID;
	if (amount + fee == 0)
		return 0;
	if ((r = order_buyer_available(cx->db, o, &buyer)) != 0 ||
	    (fee > 0 && (r = refund_fees_account(cx->db, o, &fees)) != 0))
		return r;
	if (amount > 0)
		p[n++] = (struct ledger_posting){ o->escrow_account, -amount };
	if (fee > 0)
		p[n++] = (struct ledger_posting){ fees, -fee };
	p[n++] = (struct ledger_posting){ buyer, amount + fee };
	if ((r = order_post(cx, o, "escrow_refund", key_suffix, "refund", p, n)) != 0)
		return r;
	o->escrow -= amount;
	return 0;
}

int
order_escrow_fee(struct db *db, const struct order_row *o, int64_t *fee)
{
	struct db_stmt *st;
	int r;

	if (!o->milestones) {
		*fee = o->paid_at != 0 ? o->buyer_fee : 0;
		return 0;
	}
	if ((r = db_prepare(db, "SELECT COALESCE(sum(fee), 0) FROM milestones WHERE "
	                    "order_id = $1 AND state IN ('funded', 'delivered')", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_DB;
	}
	*fee = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}
