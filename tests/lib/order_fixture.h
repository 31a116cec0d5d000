/* order_fixture.h: the one order test library: a world of buyer, seller, stranger and
 * admin with wallet money, gigs with and without questions, orders driven to any state,
 * balances and the ledger check; and buyer/seller pairs for the race and the benchmark. */
#ifndef JS_ORDER_FIXTURE_H
#define JS_ORDER_FIXTURE_H

/*
 * Two parts, one header:
 *	order_fixture.c        no cmocka: linked into unit tests, stress and bench programs.
 *	order_fixture_unit.c   cmocka setups for unit tests (tfx_store; fixture.h).
 *
 * A unit test:
 *
 *	#include "fixture.h"
 *	#include "order_fixture.h"
 *
 *	static void
 *	test_thing(void **state)
 *	{
 *		struct ofx *f = *state;
 *		int64_t o = ofx_order_in(f, ORDER_DELIVERED);
 *
 *		assert_int_equal(order_accept(&f->cx, f->buyer, o), 0);
 *		assert_int_equal(ofx_bal(f, f->seller, "pending"), 8000);
 *		ofx_ledger_ok(f);
 *	}
 *	...	OFX_TEST_GIGS(test_thing), ... return tfx_run_both("thing", tests, n) != 0;
 *
 * A failing helper does not return: it reports through ofx_fail, which fails the running
 * cmocka test in a unit test (the setups install that) and otherwise prints and exits 1
 * (a stress or bench program cannot go on without its fixture).
 */

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "offer.h"
#include "order.h"
#include "testdb.h"

#define OFX_T0 INT64_C(1900000000)     /* the world's clock (cx.now) starts here */
#define OFX_DAY INT64_C(86400)
#define OFX_URL_MAX 1024
#define OFX_PRICE 10000                /* a gig's basic package: ¥100.00, 3 days */
#define OFX_PAIRS_MAX 16

/* ---- failure ---- */

/* Report a fixture failure and do not return. The hook, when set, gets the message
 * (order_fixture_unit.c sets one that fails the cmocka test); else print and exit(1). */
extern void (*ofx_fail_hook)(const char *msg);
void ofx_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ---- building blocks on any database ---- */

/* An active account (client; freelancer too when freelancer != 0) through account_signup,
 * with the key tfx_key_make(handle) gives; admin != 0 makes it an administrator. */
/* A real ed25519 public key blob (base64) derived from tag, and its SHA256 fingerprint
 * as OpenSSH prints it: the same tag gives the same key. */
#define OFX_KEY_B64 96
#define OFX_KEY_FP 64
void ofx_key_make(const char *tag, char b64[OFX_KEY_B64], char fp[OFX_KEY_FP]);
int64_t ofx_user(struct db *db, const char *handle, int freelancer, int admin);
/* The categories design > logo; returns logo's id. */
int64_t ofx_category(struct db *db);
/*
 * An active gig of seller in category: basic 100.00 / 3 days / 1 revision, standard
 * 123.45 / 5 / 2, premium 300.00 / 7 / unlimited; extras fast delivery (50.00, -2 days),
 * an extra revision (10.00), a custom one (20.05, +1 day). questions != 0 adds three
 * requirements: text (required), choice 简约/复古 (required), attachment (optional).
 */
int64_t ofx_gig(struct db *db, int64_t seller, int64_t category, int questions);
/* The id of the nth (from 0) extra / requirement of gig, in position order. */
int64_t ofx_gig_extra(struct db *db, int64_t gig, int nth);
int64_t ofx_gig_question(struct db *db, int64_t gig, int nth);
/* Sandbox money into user's available balance (a "topup" ledger transaction). */
void ofx_topup(struct db *db, int64_t user, int64_t amount);
/* A balance by owner and purpose: ("user", id, "available"|"pending"), ("platform", 0,
 * "fees"|"commission": the sum of all shards), ("order", id, "escrow"). */
int64_t ofx_balance(struct db *db, const char *owner_type, int64_t owner,
                    const char *purpose);
/* The integer in the first column of sql's first row, $1 bound to arg. */
int64_t ofx_count(struct db *db, const char *sql, int64_t arg);
/* ledger_check: 0 when every invariant holds, else an offender's id (or -1). */
int64_t ofx_ledger_bad(struct db *db);

/* ---- the world of the unit tests ---- */

struct ofx {
	struct db *db;
	char url[OFX_URL_MAX];
	struct order_conf conf;                /* order_conf_defaults */
	struct order_ctx cx;                   /* db, conf, now = OFX_T0 */
	int64_t seller, buyer, stranger, admin;
	/* ofx_add_gigs: */
	int64_t category;
	int64_t gig, plain;                    /* with questions / without */
	int64_t x_fast, x_rev, x_custom;       /* gig's extras */
	int64_t q_text, q_choice, q_attach;    /* gig's requirements */
};

/* A fresh database on store with seller (freelancer), buyer, stranger (freelancer) and
 * admin "boss"; ofx_close closes and drops it. */
void ofx_open(struct ofx *f, enum testdb_store store);
void ofx_close(struct ofx *f);
/* The seller's two active gigs (f->gig asks questions, f->plain does not). */
void ofx_add_gigs(struct ofx *f);

/* Money into user's wallet; a user's book ("available", "pending") or, user 0, a
 * platform account ("fees", "commission"); an order's escrow. */
void ofx_fund(struct ofx *f, int64_t user, int64_t amount);
int64_t ofx_bal(struct ofx *f, int64_t user, const char *purpose);
int64_t ofx_escrow(struct ofx *f, int64_t order);
/* ledger_check finds nothing wrong and the books sum to zero. */
void ofx_ledger_ok(struct ofx *f);
/* The order's state (read as the buyer) / fail unless it is name ("in_progress"). */
enum order_state ofx_state(struct ofx *f, int64_t order);
void ofx_assert_state(struct ofx *f, int64_t order, const char *name);

/* An order of f->gig (questions != 0) or f->plain, basic x 1, no extras; awaiting payment. */
int64_t ofx_order(struct ofx *f, int questions);
/* Answers that satisfy f->gig's questions; order_submit_requirements' result. */
int ofx_answer(struct ofx *f, int64_t order);
/*
 * An order of f->gig brought into state s by real operations (the buyer pays from the
 * wallet, so fund it first): awaiting_payment; cancelled (unpaid); awaiting_requirements;
 * in_progress (answered); disputed (from in_progress); delivered; revision_requested;
 * completed (accepted).
 */
int64_t ofx_order_in(struct ofx *f, enum order_state s);

/* A valid offer from seller to buyer: price, n_ms milestones of the given amounts
 * (1 day each; the offer's days are then n_ms, else 5), 2 revisions. */
void ofx_offer_fill(struct ofx *f, struct offer_new *n, int64_t price, size_t n_ms,
                    const int64_t *amounts);
/* An awaiting_payment order through that offer, sent and accepted. */
int64_t ofx_offer_order(struct ofx *f, int64_t price, size_t n_ms, const int64_t *amounts);
/* A two-milestone order through an offer: amounts a (3 days) and b (4 days), 1 revision. */
int64_t ofx_ms_order(struct ofx *f, int64_t a, int64_t b);
/* A single-payment offer order paid from a wallet topped up with exactly its total (the
 * buyer's available is 0 after); in_progress, as an offer asks nothing. ... and delivered. */
int64_t ofx_paid(struct ofx *f, int64_t price);
int64_t ofx_delivered(struct ofx *f, int64_t price);

/* ---- cmocka setups (order_fixture_unit.c; unit tests only) ---- */

/* *state becomes a struct ofx (static, one test at a time) opened on tfx_store;
 * ofx_setup_gigs also runs ofx_add_gigs. ofx_teardown closes it. */
int ofx_setup(void **state);
int ofx_setup_gigs(void **state);
int ofx_teardown(void **state);
#define OFX_TEST(fn) cmocka_unit_test_setup_teardown(fn, ofx_setup, ofx_teardown)
#define OFX_TEST_GIGS(fn) cmocka_unit_test_setup_teardown(fn, ofx_setup_gigs, ofx_teardown)

/* ---- pairs for races and benchmarks ---- */

struct ofx_pairs {
	int n;
	int64_t buyer[OFX_PAIRS_MAX], seller[OFX_PAIRS_MAX], gig[OFX_PAIRS_MAX];
	int64_t admin[2];
};

/* n buyer/seller pairs (buyer i orders seller i's gig, which asks nothing, so a paid
 * order goes straight to in_progress), each buyer with money; two admins. */
void ofx_pairs_setup(struct db *db, int n, int64_t money, struct ofx_pairs *p);

#endif
