/* order_ui.h: how the order, wallet, offer and dispute screens show and read values in
 * the user's language: state names and badges, timeline and ledger kinds, count-downs,
 * typed splits and milestone lists (no ncurses). */
#ifndef JS_ORDER_UI_H
#define JS_ORDER_UI_H

#include <stddef.h>
#include <stdint.h>

#include "offer.h"
#include "order.h"
#include "theme.h"

/* "待付款" / "Awaiting payment" ...; the role to draw its badge with. */
const char *order_ui_state(enum order_state s);
enum trole order_ui_state_role(enum order_state s);
/* What a timeline row of kind (an order_action_name or "created") says: "已付款" /
 * "Paid"; an unknown kind is returned as it is. */
const char *order_ui_event(const char *kind);
/* A ledger transaction kind in the user's language ("topup" -> "充值" / "Top-up"). */
const char *order_ui_ledger_kind(const char *kind);
/* Milestone, offer and dispute states; a dispute outcome ("refund" ...). */
const char *order_ui_ms_state(const char *s);
const char *order_ui_offer_state(const char *s);
const char *order_ui_dispute_state(const char *s);
const char *order_ui_outcome(const char *s);
/* The label of an action as a button or menu item says it ("付款" / "Pay"). */
const char *order_ui_action(enum order_action a);

/*
 * A span of seconds (>= 0) as a ticking clock: "2天 03:04:05" / "2d 03:04:05", and
 * "03:04:05" under a day.
 */
void order_ui_clock(int64_t secs, char *buf, size_t len);
/*
 * The due-date count-down: "还剩 2天 03:04:05" / "2d 03:04:05 left" before due,
 * "已逾期 1天 00:00:10" / "late by 1d 00:00:10" after; "" when due is 0 (not started).
 * Returns 1 when past due, else 0.
 */
int order_ui_countdown(int64_t due, int64_t now, char *buf, size_t len);

/*
 * A split typed by an admin: "50%" / "50 %" (percent of escrow, 0..100) or a yuan amount
 * ("120", "¥120.50", 0..escrow) for the buyer. 0 with *percent set (>= 0) and *amount -1,
 * or *percent -1 and *amount set; JS_ERR_INVALID with *msg a translated reason.
 */
int order_ui_parse_split(const char *s, int64_t escrow, int *percent, int64_t *amount,
                         const char **msg);

/*
 * Milestones typed one a line as "title, amount, days" (separators ',' '，' or '|'),
 * e.g. "设计稿, 500, 3". Blank lines are skipped. 0 with *n set; JS_ERR_INVALID (or
 * JS_ERR_TOO_BIG past max) with *bad_line (1-based) and *msg a translated reason.
 * *sum gets the total of the amounts and *days the sum of days.
 */
int order_ui_parse_milestones(const char *text, struct offer_milestone_in *ms, size_t max,
                              size_t *n, int64_t *sum, int *days, int *bad_line,
                              const char **msg);

/* A fresh idempotency key for one screen instance: "tui:WHAT:ACTOR:HEX" (random). */
void order_ui_idem_key(const char *what, int64_t actor, char *buf, size_t len);

#endif
