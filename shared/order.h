/* order.h: orders from "order" to "completed": the state table, fees, wallet payment into
 * escrow, requirements, delivery, revisions, acceptance, clearing, lateness,
 * cancellation, disputes, tips and milestones. Money moves only through the ledger. */
#ifndef JS_ORDER_H
#define JS_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "conf.h"
#include "db.h"
#include "gig.h"

/*
 * Authorization (DESIGN.md): every operation takes the acting account `actor`. Its role
 * on one order is buyer, seller, admin (users.is_admin and not a party) or stranger;
 * actor 0 is the system (the worker), which may only do the timed actions
 * (auto-accept, clear, mark late, expire a cancellation request).
 * Every transition runs in ONE database transaction (nested inside the caller's if it
 * has one): it locks the order row (`SELECT ... FOR UPDATE`), checks role and state
 * against the table in order_state.c (order_allowed), writes the order change, at most
 * one ledger transaction (idempotency key "order:ID:EVENT[:N]"), one order_events row
 * (the timeline), an `events` row per party (topic "order", the outbox the live screens
 * and the worker read) and the jobs it schedules (jobs.h); a failure changes nothing.
 * Errors: JS_ERR_NOT_FOUND no such order, or the actor may not see it (a stranger
 * learns nothing); JS_ERR_PERM the role may never do this; JS_ERR_STATE not in this
 * state (or a condition such as "no revisions left", "not late" fails); JS_ERR_FUNDS the
 * buyer's available balance is short; JS_ERR_INVALID bad input.
 */

#define ORDER_QTY_MAX 10
#define ORDER_MILESTONES_MAX 10
#define ORDER_REASON_MAX 1000         /* characters: revision, cancel, dispute reasons */
#define ORDER_MESSAGE_MAX 5000        /* characters: a delivery message, a decision */
#define ORDER_FILES_MAX 10            /* uploads attached to one delivery / evidence */
#define ORDER_ANSWER_MAX 2000         /* characters of one requirement answer */
#define ORDER_TIP_MAX INT64_C(10000000)   /* ¥100,000.00 */

enum order_state {
	ORDER_AWAITING_PAYMENT,
	ORDER_AWAITING_REQUIREMENTS,
	ORDER_IN_PROGRESS,
	ORDER_DELIVERED,
	ORDER_REVISION_REQUESTED,
	ORDER_COMPLETED,
	ORDER_CANCELLED,
	ORDER_DISPUTED,
	ORDER_STATES
};

/* The stored names ("awaiting_payment", ...); NULL outside the enum. */
const char *order_state_name(enum order_state s);
/* JS_ERR_INVALID for an unknown name. */
int order_state_parse(const char *name, enum order_state *out);

enum order_role { ORDER_ROLE_BUYER, ORDER_ROLE_SELLER, ORDER_ROLE_ADMIN,
                  ORDER_ROLE_STRANGER, ORDER_ROLE_SYSTEM, ORDER_ROLES };

enum order_action {
	ORDER_ACT_PAY,                 /* buyer: wallet -> escrow (a milestone order: next milestone) */
	ORDER_ACT_SUBMIT_REQUIREMENTS, /* buyer: answers; the clock starts */
	ORDER_ACT_START,               /* seller: start without the answers */
	ORDER_ACT_DELIVER,             /* seller */
	ORDER_ACT_ACCEPT,              /* buyer: escrow -> seller pending (- commission) */
	ORDER_ACT_REQUEST_REVISION,    /* buyer, while revisions remain */
	ORDER_ACT_AUTO_ACCEPT,         /* system, auto_accept_at passed */
	ORDER_ACT_CLEAR,               /* system: seller pending -> available after clearing */
	ORDER_ACT_MARK_LATE,           /* system: due_at passed */
	ORDER_ACT_CANCEL_LATE,         /* buyer, order late: full refund */
	ORDER_ACT_CANCEL_UNPAID,       /* buyer or seller, before payment: nothing to refund */
	ORDER_ACT_REQUEST_CANCEL,      /* buyer or seller: mutual cancellation, step 1 */
	ORDER_ACT_RESPOND_CANCEL,      /* the other party: accept or decline */
	ORDER_ACT_WITHDRAW_CANCEL,     /* the requester */
	ORDER_ACT_EXPIRE_CANCEL,       /* system, 48 h unanswered: as configured */
	ORDER_ACT_ADMIN_CANCEL,        /* admin: full refund */
	ORDER_ACT_OPEN_DISPUTE,        /* buyer or seller */
	ORDER_ACT_ADD_EVIDENCE,        /* buyer or seller, dispute open */
	ORDER_ACT_WITHDRAW_DISPUTE,    /* the opener: the order returns to its prior state */
	ORDER_ACT_RESOLVE_DISPUTE,     /* admin: refund, release or split */
	ORDER_ACT_TIP,                 /* buyer, after completion */
	ORDER_ACTIONS
};

/* Stable names for logs, events and the timeline ("pay", "deliver", ...). */
const char *order_action_name(enum order_action a);

/*
 * The transition table, the one place that says who may do what in which state:
 * 0 allowed, JS_ERR_PERM the role may never do `a`, JS_ERR_STATE not in state `s`.
 * Conditions beyond role and state (revisions left, is_late, a pending cancellation
 * request and who made it, cleared or not) are checked by the operations themselves.
 */
int order_allowed(enum order_action a, enum order_role r, enum order_state s);

/* ---- configuration ([orders] in jishi.conf) ---- */

struct order_conf {
	int buyer_fee_bps;             /* buyer service fee, default 500 (5%) */
	int commission_bps;            /* seller commission, default 2000 (20%) */
	int auto_accept_days;          /* after delivery, default 3 */
	int clearing_days;             /* after acceptance, default 14 */
	int cancel_timeout_hours;      /* unanswered cancellation request, default 48 */
	int cancel_timeout_accepts;    /* 1 (default): an unanswered request cancels the
	                                  order; 0: it lapses and the order goes on */
	int tip_commission;            /* 1 (default): commission is taken on tips too */
	int sandbox_topup;             /* 1: the wallet offers a demo top-up (payments.sandbox) */
};

void order_conf_defaults(struct order_conf *c);
/*
 * Read [orders] buyer_fee_bps, commission_bps (0..5000), auto_accept_days (1..60),
 * clearing_days (0..90), cancel_timeout_hours (1..720), cancel_timeout = cancel|lapse,
 * tip_commission (bool) and [payments] sandbox (bool). JS_ERR_CONFIG with a message.
 */
int order_conf_load(const struct conf *cf, struct order_conf *c, char *err, size_t errlen);

/*
 * Rounding rule (docs/orders.md): fees and commission are money_bps of the amount they
 * apply to, rounded half up to the fen, computed once per funded amount (the order, or
 * each milestone) and stored; a refund returns exactly what was stored.
 */
int64_t order_buyer_fee(const struct order_conf *c, int64_t amount);
int64_t order_commission(const struct order_conf *c, int64_t amount);

/* Everything a transition needs besides its arguments. now 0 = time(NULL). */
struct order_ctx {
	struct db *db;
	const struct order_conf *conf;
	int64_t now;
};

/* ---- creating an order ---- */

struct order_extra_pick {
	int64_t extra_id;              /* gig_extras.id of this gig */
	int quantity;                  /* 1..ORDER_QTY_MAX */
};

struct order_new {
	int64_t gig_id;
	enum gig_tier tier;
	int quantity;                  /* of the package, 1..ORDER_QTY_MAX */
	struct order_extra_pick extras[GIG_EXTRAS_MAX];
	size_t n_extras;
	const char *idem_key;          /* optional: the same key returns the same order */
};

struct order_quote_line {
	char kind[16];                 /* package | extra */
	char title[GIG_EXTRA_TITLE_MAX * 4 + GIG_PKG_NAME_MAX * 4 + 8];
	int64_t unit_price;
	int quantity;
	int64_t line_total;
	int added_days, added_revisions;
};

struct order_quote {
	struct order_quote_line lines[1 + GIG_EXTRAS_MAX];
	size_t n_lines;
	int64_t subtotal, buyer_fee, total, commission;
	int delivery_days;
	int revisions;                 /* -1 unlimited */
};

/*
 * Price a selection against the gig as it is now (the order screen's live total).
 * JS_ERR_STATE when the gig is not orderable (gig_orderable), JS_ERR_INVALID for an
 * extra not of this gig or a quantity out of range.
 * Lines: the package (unit price x quantity), then each extra (price x its quantity).
 * Days: the package's days (quantity does not change them) + each extra's added_days x
 * its quantity (fast_delivery: quantity 1 only), at least 1. Revisions: the package's
 * + 1 per extra_revision unit; an unlimited package (-1) stays unlimited.
 */
int order_quote(struct db *db, const struct order_conf *c, const struct order_new *n,
                struct order_quote *out);

/*
 * Create an order in awaiting_payment for buyer `actor`: prices, days and revisions
 * snapshotted into orders/order_items. JS_ERR_PERM ordering one's own gig.
 * idem_key (1..128 bytes): a second create with the same key by the same buyer returns
 * the first order, whatever it selects (a retried or double-clicked "order").
 */
int order_create(struct order_ctx *cx, int64_t actor, const struct order_new *n,
                 int64_t *order_id);

/* ---- the life cycle (each one transition; see the comment at the top) ---- */

/*
 * Pay from the wallet: buyer available -(amount + fee), escrow(order) +amount, platform
 * fees +fee. A single order moves to awaiting_requirements (in_progress when the gig
 * asks nothing). A milestone order funds its next pending milestone; the first funding
 * starts the order like a single payment. Paying twice (two sessions, a double click):
 * exactly one succeeds, the other gets JS_ERR_STATE.
 */
int order_pay_wallet(struct order_ctx *cx, int64_t actor, int64_t order_id);

/*
 * Order and pay from the wallet at once (the gig page's "order and pay"): order_create
 * and order_pay_wallet in one transaction, so the order exists paid or not at all
 * (JS_ERR_FUNDS leaves nothing behind; a retry with the same key starts afresh). With
 * the key of an order made before: pays it when it still awaits payment, else returns
 * it with success (the first click paid).
 */
int order_buy(struct order_ctx *cx, int64_t actor, const struct order_new *n,
              int64_t *order_id);

struct order_answer {
	int64_t requirement_id;        /* gig_requirements.id */
	const char *answer;            /* text, or the chosen option */
	int64_t upload_id;             /* attachment answers: the buyer's upload, else 0 */
};
/* Answers (a required question needs one); starts the clock: due_at = now + days. */
int order_submit_requirements(struct order_ctx *cx, int64_t actor, int64_t order_id,
                              const struct order_answer *a, size_t n);
int order_start(struct order_ctx *cx, int64_t actor, int64_t order_id);

/* A delivery (message and/or the seller's uploads); auto_accept_at = now + days. */
int order_deliver(struct order_ctx *cx, int64_t actor, int64_t order_id, const char *message,
                  const int64_t *upload_ids, size_t n_uploads, int64_t *delivery_id);
int order_accept(struct order_ctx *cx, int64_t actor, int64_t order_id);
int order_request_revision(struct order_ctx *cx, int64_t actor, int64_t order_id,
                           const char *reason);
int order_tip(struct order_ctx *cx, int64_t actor, int64_t order_id, int64_t amount,
              const char *message);

/* Late: the buyer cancels a late order (is_late = 1) with a full refund. */
int order_cancel_late(struct order_ctx *cx, int64_t actor, int64_t order_id,
                      const char *reason);
/* Before payment either party may drop the order (no money has moved). */
int order_cancel_unpaid(struct order_ctx *cx, int64_t actor, int64_t order_id);
int order_request_cancel(struct order_ctx *cx, int64_t actor, int64_t order_id,
                         const char *reason);
int order_respond_cancel(struct order_ctx *cx, int64_t actor, int64_t order_id, int accept);
int order_withdraw_cancel(struct order_ctx *cx, int64_t actor, int64_t order_id);
int order_admin_cancel(struct order_ctx *cx, int64_t actor, int64_t order_id,
                       const char *reason);

/* Disputes. Opening one freezes the auto-actions (auto-accept, clearing of this order,
 * late cancellation, cancellation time-outs) until it is resolved or withdrawn. */
int order_open_dispute(struct order_ctx *cx, int64_t actor, int64_t order_id,
                       const char *reason, const int64_t *upload_ids, size_t n_uploads,
                       int64_t *dispute_id);
int order_add_evidence(struct order_ctx *cx, int64_t actor, int64_t order_id,
                       const char *body, int64_t upload_id);
int order_withdraw_dispute(struct order_ctx *cx, int64_t actor, int64_t order_id);

enum dispute_outcome { DISPUTE_REFUND, DISPUTE_RELEASE, DISPUTE_SPLIT };
/*
 * Admin decision over what is in escrow: refund (all to the buyer, fee returned),
 * release (all to the seller, as an acceptance) or split (buyer_amount to the buyer, the
 * rest to the seller less commission on the rest; the fee is kept). For a percentage use
 * order_split_amount. decision: the written reason both sides see (required).
 * Two admins at once: exactly one wins, the other gets JS_ERR_STATE.
 */
int order_resolve_dispute(struct order_ctx *cx, int64_t actor, int64_t order_id,
                          enum dispute_outcome o, int64_t buyer_amount,
                          const char *decision);
/* buyer_percent (0..100) of escrow, rounded half up to the fen. */
int64_t order_split_amount(int64_t escrow, int buyer_percent);

/* ---- the system's timed actions (the worker calls these; actor is 0) ----
 * Each re-checks its condition under the row lock and returns 0 without changing
 * anything when it no longer applies (already accepted, disputed, ...), so a job that
 * runs twice or late is harmless. */
int order_auto_accept(struct order_ctx *cx, int64_t order_id);
int order_clear(struct order_ctx *cx, int64_t order_id);
int order_mark_late(struct order_ctx *cx, int64_t order_id);
int order_expire_cancel(struct order_ctx *cx, int64_t order_id);

/* ---- reading (scoped: parties see their orders, admins all; else NOT_FOUND) ---- */

struct order_info {
	int64_t id, buyer_id, seller_id, gig_id;
	char buyer_handle[ACCOUNT_HANDLE_MAX + 1], seller_handle[ACCOUNT_HANDLE_MAX + 1];
	char title[GIG_TITLE_MAX * 4 + 1];
	char tier[16];                 /* "" for offers */
	enum order_state state;
	int is_late;
	int milestones;                /* 0: single payment */
	int quantity;
	int64_t subtotal, buyer_fee, commission, total;
	int64_t escrow;                /* what is in escrow now */
	int delivery_days, revisions_allowed, revisions_used;
	int64_t created_at, paid_at, started_at, due_at, delivered_at, auto_accept_at,
	        accepted_at, cleared_at, cancelled_at;
	int cancel_pending;            /* a cancellation request awaits an answer */
	int64_t cancel_requested_by;
	int64_t cancel_expires_at;
	int64_t dispute_id;            /* the open or last dispute, 0 none */
	enum order_role viewer_role;
};

int order_get(struct db *db, int64_t actor, int64_t order_id, struct order_info *out);

enum order_side { ORDER_SIDE_BUYER, ORDER_SIDE_SELLER, ORDER_SIDE_ALL /* admins */ };

/*
 * The actor's orders on one side, newest first, keyset paged by id (before 0: from the
 * newest); state_filter -1 for every state. ORDER_SIDE_ALL needs an admin.
 */
int order_list(struct db *db, int64_t actor, enum order_side side, int state_filter,
               int64_t before, struct order_info *out, size_t max, size_t *n);
/* How many orders the actor has on one side in each state. */
int order_counts(struct db *db, int64_t actor, enum order_side side,
                 int64_t counts[ORDER_STATES]);

/* Which actions `actor` may take on this order now (bit 1u << action); the order page
 * offers exactly these. Evaluated with the same checks the operations make. */
int order_actions(struct order_ctx *cx, int64_t actor, int64_t order_id, uint32_t *mask);

struct order_event {
	int64_t id, actor_id, created_at;
	char actor_handle[ACCOUNT_HANDLE_MAX + 1];   /* "" for the system */
	char kind[32];                 /* an order_action_name, or "create" */
	char text[ORDER_REASON_MAX * 4 + 1];         /* reason, message, decision ("" none) */
	int64_t amount;                /* money the event moved, fen (0 none) */
	char state[24];                /* the order's state after the event */
};
/* The timeline, oldest first, from event id after (0: the start). */
int order_timeline(struct db *db, int64_t actor, int64_t order_id, int64_t after,
                   struct order_event *out, size_t max, size_t *n);

struct order_milestone {
	int64_t id;
	int seq;
	char title[128 * 4 + 1];
	int64_t amount, fee;
	int delivery_days;
	int64_t due_at;
	char state[16];                /* pending funded delivered accepted released refunded cancelled */
};
int order_milestones(struct db *db, int64_t actor, int64_t order_id,
                     struct order_milestone *out, size_t max, size_t *n);

struct order_delivery {
	int64_t id, milestone_id, created_at;
	char message[ORDER_MESSAGE_MAX * 4 + 1];
	int64_t upload_ids[ORDER_FILES_MAX];
	char file_names[ORDER_FILES_MAX][256];
	size_t n_files;
};
/* Deliveries newest first. out is large: callers allocate a few. */
int order_deliveries(struct db *db, int64_t actor, int64_t order_id,
                     struct order_delivery *out, size_t max, size_t *n);

struct order_req_answer {
	char question[GIG_REQ_QUESTION_MAX * 4 + 1];
	char answer[ORDER_ANSWER_MAX * 4 + 1];
	char kind[16];
	int required;
	int64_t requirement_id, upload_id;
};
/* The gig's questions (before submission) or the stored answers (after). */
int order_requirements(struct db *db, int64_t actor, int64_t order_id,
                       struct order_req_answer *out, size_t max, size_t *n);

/* ---- disputes (admin queue) ---- */

struct dispute_info {
	int64_t id, order_id, opened_by, resolved_by;
	char opened_by_handle[ACCOUNT_HANDLE_MAX + 1];
	char order_title[GIG_TITLE_MAX * 4 + 1];
	char state[16];                /* open resolved withdrawn */
	char resolution[16];           /* "" refund release split */
	char reason[ORDER_REASON_MAX * 4 + 1];
	char decision[ORDER_MESSAGE_MAX * 4 + 1];
	int64_t escrow, buyer_amount, seller_amount;
	int64_t created_at, resolved_at;
};
/* Open disputes, oldest first (admins only, else JS_ERR_PERM). */
int dispute_queue(struct db *db, int64_t actor, int64_t after, struct dispute_info *out,
                  size_t max, size_t *n);
/* The order's latest dispute (parties and admins). */
int dispute_get(struct db *db, int64_t actor, int64_t order_id, struct dispute_info *out);

struct dispute_evidence_item {
	int64_t id, user_id, upload_id, created_at;
	char user_handle[ACCOUNT_HANDLE_MAX + 1];
	char body[ORDER_REASON_MAX * 4 + 1];
	char file_name[256];
};
int dispute_evidence_list(struct db *db, int64_t actor, int64_t order_id,
                          struct dispute_evidence_item *out, size_t max, size_t *n);

#endif
