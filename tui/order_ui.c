/* order_ui.c: order, wallet, offer and dispute values shown and read in the user's
 * language. */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "err.h"
#include "i18n.h"
#include "money.h"
#include "order_ui.h"

static const struct {
	const char *name;
	enum trole role;
} states[ORDER_STATES] = {
	[ORDER_AWAITING_PAYMENT] = { N_("Awaiting payment"), T_WARN },
	[ORDER_AWAITING_REQUIREMENTS] = { N_("Awaiting requirements"), T_WARN },
	[ORDER_IN_PROGRESS] = { N_("In progress"), T_OK },
	[ORDER_DELIVERED] = { N_("Delivered"), T_OK },
	[ORDER_REVISION_REQUESTED] = { N_("Revision requested"), T_WARN },
	[ORDER_COMPLETED] = { N_("Completed"), T_DIM },
	[ORDER_CANCELLED] = { N_("Cancelled"), T_DIM },
	[ORDER_DISPUTED] = { N_("Disputed"), T_ERR },
};

const char *
order_ui_state(enum order_state s)
{
	if ((int)s < 0 || s >= ORDER_STATES)
		return "?";
	return _(states[s].name);
}

enum trole
order_ui_state_role(enum order_state s)
{
	if ((int)s < 0 || s >= ORDER_STATES)
		return T_NORMAL;
	return states[s].role;
}

struct pair {
	const char *code, *text;
};

static const char *
lookup(const struct pair *t, size_t n, const char *code)
{
	size_t i;

	if (code == NULL)
		return "";
	for (i = 0; i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return _(t[i].text);
	return code;
}

#define LOOKUP(t, code) lookup(t, sizeof t / sizeof t[0], code)

/* The stable order_action_name()s, in enum order, with what the timeline says. */
static const struct pair events[] = {
	{ "pay", N_("Paid into escrow") },
	{ "submit_requirements", N_("Requirements answered") },
	{ "start", N_("Work started") },
	{ "deliver", N_("Delivered") },
	{ "accept", N_("Delivery accepted") },
	{ "request_revision", N_("Revision requested") },
	{ "auto_accept", N_("Accepted automatically") },
	{ "clear", N_("Earnings cleared") },
	{ "mark_late", N_("Marked late") },
	{ "cancel_late", N_("Cancelled as late, refunded") },
	{ "cancel_unpaid", N_("Cancelled before payment") },
	{ "request_cancel", N_("Cancellation requested") },
	{ "respond_cancel", N_("Cancellation answered") },
	{ "withdraw_cancel", N_("Cancellation request withdrawn") },
	{ "expire_cancel", N_("Cancellation request expired") },
	{ "admin_cancel", N_("Cancelled by the Jishi team") },
	{ "open_dispute", N_("Dispute opened") },
	{ "add_evidence", N_("Evidence added") },
	{ "withdraw_dispute", N_("Dispute withdrawn") },
	{ "resolve_dispute", N_("Dispute resolved") },
	{ "tip", N_("Tip") },
	{ "created", N_("Order placed") },
	{ "create", N_("Order placed") },
	{ "cancel", N_("Cancelled") },
	{ "decline_cancel", N_("Cancellation declined") },
	{ "accept_cancel", N_("Cancellation accepted") },
};

const char *
order_ui_event(const char *kind)
{
	return LOOKUP(events, kind);
}

static const struct pair ledger_kinds[] = {
	{ "topup", N_("Top-up") },
	{ "sandbox_topup", N_("Top-up (demo)") },
	{ "topup_sandbox", N_("Top-up (demo)") },
	{ "payment", N_("Payment") },
	{ "pay", N_("Order payment") },
	{ "escrow_pay", N_("Order payment") },
	{ "escrow_fund", N_("Order payment") },
	{ "escrow_release", N_("Order earnings") },
	{ "escrow_refund", N_("Refund") },
	{ "escrow_split", N_("Dispute decision") },
	{ "escrow_settle", N_("Dispute decision") },
	{ "accept", N_("Order earnings") },
	{ "auto_accept", N_("Order earnings") },
	{ "release", N_("Order earnings") },
	{ "clear", N_("Cleared earnings") },
	{ "clearing", N_("Cleared earnings") },
	{ "refund", N_("Refund") },
	{ "cancel", N_("Refund") },
	{ "cancel_late", N_("Refund (late order)") },
	{ "respond_cancel", N_("Refund (cancellation)") },
	{ "expire_cancel", N_("Refund (cancellation)") },
	{ "admin_cancel", N_("Refund (cancellation)") },
	{ "resolve_dispute", N_("Dispute decision") },
	{ "dispute", N_("Dispute decision") },
	{ "split", N_("Dispute decision") },
	{ "tip", N_("Tip") },
	{ "payout", N_("Withdrawal") },
	{ "withdrawal", N_("Withdrawal") },
	{ "transfer", N_("Transfer") },
	{ "adjustment", N_("Adjustment") },
};

const char *
order_ui_ledger_kind(const char *kind)
{
	const char *k = kind;

	if (k != NULL && strncmp(k, "order_", 6) == 0)
		k += 6;
	else if (k != NULL && strncmp(k, "order.", 6) == 0)
		k += 6;
	return LOOKUP(ledger_kinds, k);
}

static const struct pair ms_states[] = {
	{ "pending", N_("Not funded") }, { "funded", N_("Funded") },
	{ "delivered", N_("Delivered") }, { "accepted", N_("Accepted") },
	{ "released", N_("Released") }, { "refunded", N_("Refunded") },
	{ "cancelled", N_("Cancelled") },
};

const char *
order_ui_ms_state(const char *s)
{
	return LOOKUP(ms_states, s);
}

static const struct pair offer_states[] = {
	{ "pending", N_("Awaiting reply") }, { "accepted", N_("Accepted") },
	{ "declined", N_("Declined") }, { "withdrawn", N_("Withdrawn") },
	{ "expired", N_("Expired") },
};

const char *
order_ui_offer_state(const char *s)
{
	return LOOKUP(offer_states, s);
}

static const struct pair dispute_states[] = {
	{ "open", N_("Open") }, { "resolved", N_("Resolved") },
	{ "withdrawn", N_("Withdrawn") },
};

const char *
order_ui_dispute_state(const char *s)
{
	return LOOKUP(dispute_states, s);
}

static const struct pair outcomes[] = {
	{ "refund", N_("Full refund to the buyer") },
	{ "release", N_("Full payment to the seller") },
	{ "split", N_("Split between both") },
};

const char *
order_ui_outcome(const char *s)
{
	return LOOKUP(outcomes, s);
}

static const char *const action_labels[ORDER_ACTIONS] = {
	[ORDER_ACT_PAY] = N_("Pay from wallet"),
	[ORDER_ACT_SUBMIT_REQUIREMENTS] = N_("Answer the requirements"),
	[ORDER_ACT_START] = N_("Start without answers"),
	[ORDER_ACT_DELIVER] = N_("Deliver"),
	[ORDER_ACT_ACCEPT] = N_("Accept the delivery"),
	[ORDER_ACT_REQUEST_REVISION] = N_("Ask for a revision"),
	[ORDER_ACT_AUTO_ACCEPT] = N_("Accept automatically"),
	[ORDER_ACT_CLEAR] = N_("Clear earnings"),
	[ORDER_ACT_MARK_LATE] = N_("Mark late"),
	[ORDER_ACT_CANCEL_LATE] = N_("Cancel (late) with a full refund"),
	[ORDER_ACT_CANCEL_UNPAID] = N_("Cancel the unpaid order"),
	[ORDER_ACT_REQUEST_CANCEL] = N_("Ask to cancel"),
	[ORDER_ACT_RESPOND_CANCEL] = N_("Answer the cancellation request"),
	[ORDER_ACT_WITHDRAW_CANCEL] = N_("Withdraw the cancellation request"),
	[ORDER_ACT_EXPIRE_CANCEL] = N_("Expire the cancellation request"),
	[ORDER_ACT_ADMIN_CANCEL] = N_("Cancel as admin (full refund)"),
	[ORDER_ACT_OPEN_DISPUTE] = N_("Open a dispute"),
	[ORDER_ACT_ADD_EVIDENCE] = N_("Add evidence"),
	[ORDER_ACT_WITHDRAW_DISPUTE] = N_("Withdraw the dispute"),
	[ORDER_ACT_RESOLVE_DISPUTE] = N_("Resolve the dispute"),
	[ORDER_ACT_TIP] = N_("Tip the seller"),
};

const char *
order_ui_action(enum order_action a)
{
	if ((int)a < 0 || a >= ORDER_ACTIONS)
		return "?";
	return _(action_labels[a]);
}

void
order_ui_clock(int64_t secs, char *buf, size_t len)
{
	int64_t d, h, m, s;

	if (secs < 0)
		secs = 0;
	d = secs / 86400;
	h = secs % 86400 / 3600;
	m = secs % 3600 / 60;
	s = secs % 60;
	if (d > 0)
		/* TRANSLATORS: days, then hours:minutes:seconds of a count-down */
		snprintf(buf, len, _("%lldd %02lld:%02lld:%02lld"), (long long)d, (long long)h,
		    (long long)m, (long long)s);
	else
		snprintf(buf, len, "%02lld:%02lld:%02lld", (long long)h, (long long)m,
		    (long long)s);
}

int
order_ui_countdown(int64_t due, int64_t now, char *buf, size_t len)
{
	char c[64];

	if (due <= 0) {
		if (len > 0)
			buf[0] = '\0';
		return 0;
	}
	if (now <= due) {
		order_ui_clock(due - now, c, sizeof c);
		snprintf(buf, len, _("%s left"), c);
		return 0;
	}
	order_ui_clock(now - due, c, sizeof c);
	snprintf(buf, len, _("late by %s"), c);
	return 1;
}

/* Skip ASCII spaces and the ideographic space at both ends into out. */
static void
trim(const char *s, char *out, size_t len)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || strncmp(s, "\u3000", 3) == 0)
		s += *s == ' ' || *s == '\t' ? 1 : 3;
	snprintf(out, len, "%s", s);
	n = strlen(out);
	for (;;) {
		if (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t' || out[n - 1] == '\r'))
			out[--n] = '\0';
		else if (n >= 3 && strcmp(out + n - 3, "\u3000") == 0)
			out[n -= 3] = '\0';
		else
			break;
	}
}

int
order_ui_parse_split(const char *s, int64_t escrow, int *percent, int64_t *amount,
                     const char **msg)
{
	char t[64], num[64], *end;
	size_t n;
	long v;

	*percent = -1;
	*amount = -1;
	trim(s, t, sizeof t);
	n = strlen(t);
	if (n == 0) {
		/* xgettext:no-c-format */
		*msg = _("required: a percentage such as 50% or an amount in yuan");
		return JS_ERR_INVALID;
	}
	if (t[n - 1] == '%' || (n >= 3 && strcmp(t + n - 3, "\uff05") == 0)) {
		t[t[n - 1] == '%' ? n - 1 : n - 3] = '\0';
		trim(t, num, sizeof num);
		v = strtol(num, &end, 10);
		if (num[0] < '0' || num[0] > '9' || *end != '\0' || v < 0 || v > 100) {
			/* xgettext:no-c-format */
			*msg = _("a whole percentage from 0% to 100%");
			return JS_ERR_INVALID;
		}
		*percent = (int)v;
		return 0;
	}
	if (money_parse(t, amount) != 0 || *amount > escrow) {
		*amount = -1;
		*msg = _("an amount from ¥0 up to what is in escrow, or a percentage");
		return JS_ERR_INVALID;
	}
	return 0;
}

/* The first (last = 0) or last separator of a milestone line (',' '，' '|' '｜' '、');
 * *sl gets its length. NULL when there is none. */
static const char *
find_sep(const char *p, int last, size_t *sl)
{
	static const char *const seps[] = { ",", "\uff0c", "|", "\uff5c", "\u3001" };
	const char *best = NULL, *q;
	size_t i;

	for (; *p != '\0'; p++)
		for (i = 0; i < sizeof seps / sizeof seps[0]; i++)
			if (strncmp(p, seps[i], strlen(seps[i])) == 0) {
				q = p;
				if (best == NULL || last) {
					best = q;
					*sl = strlen(seps[i]);
				}
				if (!last)
					return best;
			}
	return best;
}

/* Bytes [p, end) trimmed into out. */
static void
take(const char *p, const char *end, char *out, size_t len)
{
	char tmp[1024];
	size_t n = (size_t)(end - p);

	if (n >= sizeof tmp)
		n = sizeof tmp - 1;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	trim(tmp, out, len);
}

int
order_ui_parse_milestones(const char *text, struct offer_milestone_in *ms, size_t max,
                          size_t *n, int64_t *sum, int *days, int *bad_line,
                          const char **msg)
{
	char line[1024], title[1024], amt[64], d[64];
	const char *p = text, *nl, *f, *l;
	size_t len, sl1 = 0, sl2 = 0;
	int ln = 0;
	long v;
	char *end;

	*n = 0;
	*sum = 0;
	*days = 0;
	*bad_line = 0;
	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		ln++;
		if (len >= sizeof line) {
			*bad_line = ln;
			*msg = _("line too long");
			return JS_ERR_INVALID;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl != NULL ? nl + 1 : NULL;
		trim(line, title, sizeof title);
		if (title[0] == '\0')
			continue;
		*bad_line = ln;
		if (*n >= max) {
			*msg = _("too many milestones");
			return JS_ERR_TOO_BIG;
		}
		/* title, then days after the last separator, and the amount between (it may
		 * hold grouping commas: "1,200.50") */
		if ((f = find_sep(line, 0, &sl1)) == NULL ||
		    (l = find_sep(line, 1, &sl2)) == NULL || l == f) {
			*msg = _("write: title, amount, days");
			return JS_ERR_INVALID;
		}
		take(line, f, title, sizeof title);
		take(f + sl1, l, amt, sizeof amt);
		take(l + sl2, line + strlen(line), d, sizeof d);
		if (title[0] == '\0' || strlen(title) >= sizeof ms[0].title) {
			*msg = _("a title of at most 128 characters");
			return JS_ERR_INVALID;
		}
		if (money_parse(amt, &ms[*n].amount) != 0 || ms[*n].amount <= 0) {
			*msg = _("the amount is a price in yuan, e.g. 500 or 99.50");
			return JS_ERR_INVALID;
		}
		v = strtol(d, &end, 10);
		if (d[0] < '0' || d[0] > '9' || *end != '\0' || v < 1 || v > GIG_DAYS_MAX) {
			*msg = _("days: a whole number from 1 to 365");
			return JS_ERR_INVALID;
		}
		snprintf(ms[*n].title, sizeof ms[*n].title, "%s", title);
		ms[*n].delivery_days = (int)v;
		*sum += ms[*n].amount;
		*days += (int)v;
		(*n)++;
	}
	*bad_line = 0;
	return 0;
}

void
order_ui_idem_key(const char *what, int64_t actor, char *buf, size_t len)
{
	unsigned char r[12];
	char hex[sizeof r * 2 + 1];

	if (sodium_init() < 0)
		memset(r, 0, sizeof r);     /* never: libsodium works on every target */
	else
		randombytes_buf(r, sizeof r);
	sodium_bin2hex(hex, sizeof hex, r, sizeof r);
	snprintf(buf, len, "tui:%s:%lld:%s", what, (long long)actor, hex);
}
