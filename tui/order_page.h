/* order_page.h: the order page's state, shared by scr_order_page.c (loading, drawing,
 * the ticking count-down) and scr_order_actions.c (the actions and their dialogs). */
#ifndef JS_ORDER_PAGE_H
#define JS_ORDER_PAGE_H

#include <curses.h>
#include <stdint.h>
#include <time.h>

#include "keymap.h"
#include "order.h"

#define OPAGE_EVENTS 100
#define OPAGE_DELIVERIES 10
#define OPAGE_EVIDENCE 30
#define OPAGE_POLL_SECS 5            /* look for the other party's changes this often */

struct app;

struct opage {
	int64_t id;
	int err;                     /* the order could not be read */
	struct order_info oi;
	uint32_t mask;               /* order_actions: what this account may do now */
	struct order_event *ev;
	size_t n_ev;
	struct order_milestone ms[ORDER_MILESTONES_MAX];
	size_t n_ms;
	struct order_delivery *dl;
	size_t n_dl;
	struct order_req_answer *rq;
	size_t n_rq;
	struct dispute_info *dp;
	int has_dp;
	struct dispute_evidence_item *evd;
	size_t n_evd;
	int top, rows, h;            /* the scrolling page */
	time_t polled;
	/* the action a confirmation dialog is asking about */
	enum order_action pending;
	int pending_arg;
	int64_t pending_amount;
};

/* Read everything the page shows (order, actions, timeline, milestones, deliveries,
 * answers, dispute). 0 or the JS_ERR_* of the order itself. */
int opage_load(struct app *a, struct opage *p);

/* One action the page may offer: its key and what the actions box calls it. */
struct opage_action {
	enum order_action act;
	int key;
	int arg;                     /* RESPOND_CANCEL: 1 accept, 0 decline */
	const char *label;           /* N_(); NULL: order_ui_action(act) */
};
extern const struct opage_action opage_actions[];
extern const size_t opage_nactions;
/* The "what you can do now" rows ("[p] Pay from wallet ...") into the page: only the
 * actions in p->mask. */
struct page;
void opage_page_actions(struct opage *p, struct page *pg);
/* The key table of the page (scrolling keys call opage_key_scroll). */
extern const struct keybind opage_keys[];
int opage_key_scroll(struct app *a, void *st, int key);
int opage_key_reload(struct app *a, void *st, int key);

#endif
