/* scr_order_page.c: one order as its buyer, seller or an admin sees it: header (title,
 * the other party, state, late badge, due date with a ticking count-down), what this
 * account can do now, amounts, milestones, requirement answers, deliveries with their
 * files, the dispute and the timeline. The actions are in scr_order_actions.c. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "money.h"
#include "order_args.h"
#include "order_page.h"
#include "order_ui.h"
#include "screens.h"
#include "w_page.h"

int
opage_load(struct app *a, struct opage *p)
{
	struct order_ctx cx = { a->db, &a->oconf, 0 };
	int r;

	if ((r = order_get(a->db, a->acct.id, p->id, &p->oi)) != 0) {
		p->err = r;
		return r;
	}
	p->err = 0;
	if (order_actions(&cx, a->acct.id, p->id, &p->mask) != 0)
		p->mask = 0;
	if (order_timeline(a->db, a->acct.id, p->id, 0, p->ev, OPAGE_EVENTS, &p->n_ev) != 0)
		p->n_ev = 0;
	if (order_milestones(a->db, a->acct.id, p->id, p->ms, ORDER_MILESTONES_MAX,
	    &p->n_ms) != 0)
		p->n_ms = 0;
	if (order_deliveries(a->db, a->acct.id, p->id, p->dl, OPAGE_DELIVERIES,
	    &p->n_dl) != 0)
		p->n_dl = 0;
	if (order_requirements(a->db, a->acct.id, p->id, p->rq, GIG_REQS_MAX, &p->n_rq) != 0)
		p->n_rq = 0;
	p->has_dp = p->oi.dispute_id != 0 &&
	    dispute_get(a->db, a->acct.id, p->id, p->dp) == 0;
	if (!p->has_dp || dispute_evidence_list(a->db, a->acct.id, p->id, p->evd,
	    OPAGE_EVIDENCE, &p->n_evd) != 0)
		p->n_evd = 0;
	p->polled = a->now;
	return 0;
}

static void
opage_free(struct opage *p)
{
	if (p == NULL)
		return;
	free(p->ev);
	free(p->dl);
	free(p->rq);
	free(p->dp);
	free(p->evd);
	free(p);
}

static int
opage_open(struct app *a, void **st, const void *arg)
{
	const struct order_page_arg *oa = arg;
	struct opage *p;
	int r;

	if ((p = calloc(1, sizeof *p)) == NULL ||
	    (p->ev = calloc(OPAGE_EVENTS, sizeof *p->ev)) == NULL ||
	    (p->dl = calloc(OPAGE_DELIVERIES, sizeof *p->dl)) == NULL ||
	    (p->rq = calloc(GIG_REQS_MAX, sizeof *p->rq)) == NULL ||
	    (p->dp = calloc(1, sizeof *p->dp)) == NULL ||
	    (p->evd = calloc(OPAGE_EVIDENCE, sizeof *p->evd)) == NULL) {
		opage_free(p);
		return JS_ERR_NOMEM;
	}
	p->id = oa->order_id;
	if ((r = opage_load(a, p)) != 0) {
		opage_free(p);
		return r;
	}
	*st = p;
	return 0;
}

static void
opage_close(struct app *a, void *st)
{
	(void)a;
	opage_free(st);
}

static int
opage_resume(struct app *a, void *st)
{
	opage_load(a, st);
	return R_REDRAW;
}

/* "2026-11-27 18:05" in local time. */
static void
stamp(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || localtime_r(&tt, &tm) == NULL) {
		snprintf(buf, len, "-");
		return;
	}
	strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
}

static int
clock_runs(const struct order_info *oi)
{
	return oi->due_at > 0 && (oi->state == ORDER_IN_PROGRESS ||
	    oi->state == ORDER_REVISION_REQUESTED);
}

static void
draw_header(struct app *a, struct opage *p, struct page *pg)
{
	const struct order_info *oi = &p->oi;
	char buf[600], v[64], d[64];
	int y, x, buyer = oi->viewer_role == ORDER_ROLE_BUYER;

	page_line(pg, 0, oi->title, theme_attr(T_TITLE));
	if ((y = page_y(pg, pg->row)) >= 0) {
		snprintf(buf, sizeof buf, "#%lld  ", (long long)oi->id);
		x = pg->x0 + draw_text(pg->w, y, pg->x0, pg->wd, buf, theme_attr(T_DIM));
		snprintf(buf, sizeof buf, "[%s]", order_ui_state(oi->state));
		x += draw_text(pg->w, y, x, pg->x0 + pg->wd - x, buf,
		    theme_attr(order_ui_state_role(oi->state)) | A_BOLD) + 1;
		if (oi->is_late)
			x += draw_text(pg->w, y, x, pg->x0 + pg->wd - x, _("[LATE]"),
			    theme_attr(T_ERR) | A_BOLD) + 1;
		if (oi->viewer_role == ORDER_ROLE_ADMIN)
			snprintf(buf, sizeof buf, _("buyer @%s, seller @%s"), oi->buyer_handle,
			    oi->seller_handle);
		else
			snprintf(buf, sizeof buf, buyer ? _("you buy from @%s") :
			    _("you sell to @%s"), buyer ? oi->seller_handle : oi->buyer_handle);
		draw_text(pg->w, y, x + 1, pg->x0 + pg->wd - x - 1, buf, 0);
	}
	pg->row++;
	if (oi->due_at > 0 && oi->state != ORDER_CANCELLED && oi->state != ORDER_COMPLETED) {
		stamp(oi->due_at, d, sizeof d);
		order_ui_countdown(oi->due_at, a->now, v, sizeof v);
		snprintf(buf, sizeof buf, _("Due %s   %s"), d, clock_runs(oi) ? v : "");
		page_line(pg, 0, buf, theme_attr(a->now > oi->due_at ? T_ERR : T_WARN));
	} else if (oi->state == ORDER_AWAITING_REQUIREMENTS) {
		gig_ui_days(oi->delivery_days, v, sizeof v);
		snprintf(buf, sizeof buf, _("The %s delivery clock starts when the requirements "
		    "are answered."), v);
		page_line(pg, 0, buf, theme_attr(T_DIM));
	}
	if (oi->state == ORDER_DELIVERED && oi->auto_accept_at > 0) {
		stamp(oi->auto_accept_at, d, sizeof d);
		snprintf(buf, sizeof buf, _("Accepted automatically on %s unless a revision is "
		    "requested."), d);
		page_line(pg, 0, buf, theme_attr(T_DIM));
	}
	if (oi->cancel_pending) {
		stamp(oi->cancel_expires_at, d, sizeof d);
		snprintf(buf, sizeof buf, oi->cancel_requested_by == a->acct.id ?
		    _("You asked to cancel; waiting for an answer until %s.") :
		    _("The other side asks to cancel; answer by %s (y accept, n decline)."), d);
		page_wrap(pg, 0, buf, theme_attr(T_WARN));
	}
}

static void
draw_amounts(struct app *a, struct opage *p, struct page *pg)
{
	const struct order_info *oi = &p->oi;
	char v[64], buf[128];
	int lw = 16, w;

	if ((w = draw_width(_("Service fee"))) + 2 > lw)
		lw = w + 2;
	if ((w = draw_width(_("In escrow now"))) + 2 > lw)
		lw = w + 2;
	page_line(pg, 0, _("Amounts"), theme_attr(T_HEAD));
	money_format(oi->subtotal, v, sizeof v);
	if (oi->quantity > 1)
		snprintf(buf, sizeof buf, "%s  (x%d)", v, oi->quantity);
	else
		snprintf(buf, sizeof buf, "%s", v);
	page_pair(pg, 2, lw, _("Subtotal"), buf, 0);
	money_format(oi->buyer_fee, v, sizeof v);
	page_pair(pg, 2, lw, _("Service fee"), v, 0);
	money_format(oi->total, v, sizeof v);
	page_pair(pg, 2, lw, _("Total"), v, theme_attr(T_MONEY) | A_BOLD);
	money_format(oi->escrow, v, sizeof v);
	page_pair(pg, 2, lw, _("In escrow now"), v, theme_attr(T_MONEY));
	if (oi->viewer_role != ORDER_ROLE_BUYER) {
		/* taken when the money is released; until then what the rate makes of it */
		money_format(oi->commission > 0 ? oi->commission :
		    order_commission(&a->oconf, oi->subtotal), v, sizeof v);
		page_pair(pg, 2, lw, _("Commission"), v, 0);
	}
	gig_ui_days(oi->delivery_days, v, sizeof v);
	page_pair(pg, 2, lw, _("Delivery"), v, 0);
	if (oi->revisions_allowed < 0)
		snprintf(buf, sizeof buf, _("%d used, unlimited"), oi->revisions_used);
	else
		snprintf(buf, sizeof buf, _("%d of %d used"), oi->revisions_used,
		    oi->revisions_allowed);
	page_pair(pg, 2, lw, _("Revisions"), buf, 0);
	stamp(oi->created_at, v, sizeof v);
	page_pair(pg, 2, lw, _("Ordered"), v, theme_attr(T_DIM));
}

static void
draw_milestones(struct opage *p, struct page *pg)
{
	char buf[800], v[64], d[64];
	size_t i;

	if (p->n_ms == 0)
		return;
	page_blank(pg);
	page_line(pg, 0, _("Milestones"), theme_attr(T_HEAD));
	for (i = 0; i < p->n_ms; i++) {
		money_format(p->ms[i].amount, v, sizeof v);
		stamp(p->ms[i].due_at, d, sizeof d);
		snprintf(buf, sizeof buf, "%d. %s   %s   [%s]   %s", p->ms[i].seq,
		    p->ms[i].title, v, order_ui_ms_state(p->ms[i].state),
		    p->ms[i].due_at > 0 ? d : "");
		page_wrap(pg, 2, buf, 0);
	}
}

static void
draw_answers(struct opage *p, struct page *pg)
{
	char buf[10000];
	size_t i;

	if (p->n_rq == 0)
		return;
	page_blank(pg);
	page_line(pg, 0, _("Requirements"), theme_attr(T_HEAD));
	for (i = 0; i < p->n_rq; i++) {
		snprintf(buf, sizeof buf, "%zu. %s", i + 1, p->rq[i].question);
		page_wrap(pg, 2, buf, A_BOLD);
		if (p->rq[i].answer[0] != '\0')
			page_wrap(pg, 5, p->rq[i].answer, 0);
		else if (p->rq[i].upload_id != 0)
			page_line(pg, 5, _("(a file is attached)"), 0);
		else
			page_line(pg, 5, _("(not answered yet)"), theme_attr(T_DIM));
	}
}

static void
draw_deliveries(struct opage *p, struct page *pg)
{
	char buf[400], d[64];
	size_t i, f;

	if (p->n_dl == 0)
		return;
	page_blank(pg);
	page_line(pg, 0, _("Deliveries"), theme_attr(T_HEAD));
	for (i = 0; i < p->n_dl; i++) {
		stamp(p->dl[i].created_at, d, sizeof d);
		snprintf(buf, sizeof buf, _("Delivery %zu, %s"), p->n_dl - i, d);
		page_line(pg, 2, buf, A_BOLD);
		if (p->dl[i].message[0] != '\0')
			page_wrap(pg, 4, p->dl[i].message, 0);
		for (f = 0; f < p->dl[i].n_files; f++) {
			snprintf(buf, sizeof buf, _("file: %s"), p->dl[i].file_names[f]);
			page_line(pg, 4, buf, theme_attr(T_OK));
		}
	}
}

static void
draw_dispute(struct opage *p, struct page *pg)
{
	const struct dispute_info *d = p->dp;
	char buf[5000], v[64], v2[64];
	size_t i;

	if (!p->has_dp)
		return;
	page_blank(pg);
	snprintf(buf, sizeof buf, _("Dispute (%s), opened by @%s"),
	    order_ui_dispute_state(d->state), d->opened_by_handle);
	page_line(pg, 0, buf, theme_attr(T_HEAD));
	page_wrap(pg, 2, d->reason, 0);
	for (i = 0; i < p->n_evd; i++) {
		snprintf(buf, sizeof buf, "@%s: %s%s%s", p->evd[i].user_handle, p->evd[i].body,
		    p->evd[i].file_name[0] ? "  " : "", p->evd[i].file_name);
		page_wrap(pg, 4, buf, theme_attr(T_DIM));
	}
	if (strcmp(d->state, "resolved") == 0) {
		money_format(d->buyer_amount, v, sizeof v);
		money_format(d->seller_amount, v2, sizeof v2);
		snprintf(buf, sizeof buf, _("Decision: %s (buyer %s, seller %s)"),
		    order_ui_outcome(d->resolution), v, v2);
		page_wrap(pg, 2, buf, theme_attr(T_OK));
		page_wrap(pg, 4, d->decision, 0);
	}
}

static void
draw_timeline(struct opage *p, struct page *pg)
{
	char buf[4400], d[64], v[40];
	size_t i;

	page_blank(pg);
	page_line(pg, 0, _("Timeline"), theme_attr(T_HEAD));
	for (i = 0; i < p->n_ev; i++) {
		stamp(p->ev[i].created_at, d, sizeof d);
		v[0] = '\0';
		if (p->ev[i].amount != 0) {
			v[0] = ' ';
			v[1] = ' ';
			money_format(p->ev[i].amount, v + 2, sizeof v - 2);
		}
		snprintf(buf, sizeof buf, "%s  %s%s%s%s%s%s", d, order_ui_event(p->ev[i].kind),
		    v, p->ev[i].actor_handle[0] ? "  @" : "", p->ev[i].actor_handle,
		    p->ev[i].text[0] ? ": " : "", p->ev[i].text);
		page_wrap(pg, 2, buf, 0);
	}
	if (p->n_ev == 0)
		page_line(pg, 2, _("(nothing yet)"), theme_attr(T_DIM));
}

static void
opage_draw(struct app *a, void *st, WINDOW *w)
{
	struct opage *p = st;
	struct page pg;

	if (p->err != 0) {
		draw_text(w, 1, 2, getmaxx(w) - 4, app_strerror(p->err), theme_attr(T_ERR));
		return;
	}
	page_begin(&pg, w, 1, 2, getmaxy(w) - 1, getmaxx(w) - 4, p->top);
	draw_header(a, p, &pg);
	page_blank(&pg);
	opage_page_actions(p, &pg);
	page_blank(&pg);
	draw_amounts(a, p, &pg);
	draw_milestones(p, &pg);
	draw_answers(p, &pg);
	draw_deliveries(p, &pg);
	draw_dispute(p, &pg);
	draw_timeline(p, &pg);
	p->top = page_end(&pg);
	p->rows = pg.row;
	p->h = pg.h;
}

/* Once a second: the count-down; every few seconds: the other side's changes. */
static int
opage_tick(struct app *a, void *st, time_t now)
{
	struct opage *p = st;
	struct order_info oi;
	uint32_t mask;
	struct order_ctx cx = { a->db, &a->oconf, 0 };

	if (p->err == 0 && now - p->polled >= OPAGE_POLL_SECS) {
		p->polled = now;
		if (order_get(a->db, a->acct.id, p->id, &oi) == 0 &&
		    order_actions(&cx, a->acct.id, p->id, &mask) == 0 &&
		    (oi.state != p->oi.state || mask != p->mask || oi.escrow != p->oi.escrow ||
		    oi.is_late != p->oi.is_late || oi.cancel_pending != p->oi.cancel_pending ||
		    oi.revisions_used != p->oi.revisions_used)) {
			opage_load(a, p);
			return R_REDRAW;
		}
	}
	return clock_runs(&p->oi) ? R_REDRAW : 0;
}

int
opage_key_scroll(struct app *a, void *st, int key)
{
	struct opage *p = st;

	(void)a;
	return page_key(&p->top, p->rows, p->h, key);
}

int
opage_key_reload(struct app *a, void *st, int key)
{
	struct opage *p = st;

	(void)key;
	opage_load(a, p);
	return R_HANDLED | R_REDRAW;
}

static int
opage_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	(void)y;
	(void)x;
	if (m->bstate & BUTTON4_PRESSED)
		return opage_key_scroll(a, st, 'k');
	if (m->bstate & BUTTON5_PRESSED)
		return opage_key_scroll(a, st, 'j');
	return 0;
}

const struct screen scr_order_page = {
	.name = "order_page",
	.title = N_("Order"),
	.keys = opage_keys,
	.open = opage_open,
	.close = opage_close,
	.draw = opage_draw,
	.mouse = opage_mouse,
	.tick = opage_tick,
	.resume = opage_resume,
};
