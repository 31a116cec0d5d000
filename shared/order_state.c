/* order_state.c: the order state table: which role may take which action in which
 * state. The one place that says so; docs/orders.md draws it. */
#include <string.h>

#include "err.h"
#include "order_impl.h"

static const char *const state_names[ORDER_STATES] = {
	[ORDER_AWAITING_PAYMENT] = "awaiting_payment",
	[ORDER_AWAITING_REQUIREMENTS] = "awaiting_requirements",
	[ORDER_IN_PROGRESS] = "in_progress",
	[ORDER_DELIVERED] = "delivered",
	[ORDER_REVISION_REQUESTED] = "revision_requested",
	[ORDER_COMPLETED] = "completed",
	[ORDER_CANCELLED] = "cancelled",
	[ORDER_DISPUTED] = "disputed",
};

const char *
order_state_name(enum order_state s)
{
	if ((int)s < 0 || s >= ORDER_STATES)
		return NULL;
	return state_names[s];
}

int
order_state_parse(const char *name, enum order_state *out)
{
	int i;

	if (name == NULL || out == NULL)
		return JS_ERR_INVALID;
	for (i = 0; i < ORDER_STATES; i++) {
		if (strcmp(name, state_names[i]) == 0) {
			*out = (enum order_state)i;
			return 0;
		}
	}
	return JS_ERR_INVALID;
}

/* Roles and states as bit sets, so each row of the table reads as a sentence. */
#define R(x) (1u << ORDER_ROLE_##x)
#define S(x) (1u << ORDER_##x)
#define PARTIES (R(BUYER) | R(SELLER))
/* Money is in escrow (or was, for a milestone order between two fundings). */
#define RUNNING (S(AWAITING_REQUIREMENTS) | S(IN_PROGRESS) | S(DELIVERED) | \
                 S(REVISION_REQUESTED))
/* The seller owes work and the clock runs. */
#define WORKING (S(IN_PROGRESS) | S(REVISION_REQUESTED))

static const struct {
	const char *name;
	unsigned roles, states;
} table[ORDER_ACTIONS] = {
	[ORDER_ACT_PAY] = { "pay", R(BUYER), S(AWAITING_PAYMENT) },
	[ORDER_ACT_SUBMIT_REQUIREMENTS] = { "submit_requirements", R(BUYER),
	                                    S(AWAITING_REQUIREMENTS) },
	[ORDER_ACT_START] = { "start", R(SELLER), S(AWAITING_REQUIREMENTS) },
	[ORDER_ACT_DELIVER] = { "deliver", R(SELLER), WORKING },
	[ORDER_ACT_ACCEPT] = { "accept", R(BUYER), S(DELIVERED) },
	[ORDER_ACT_REQUEST_REVISION] = { "request_revision", R(BUYER), S(DELIVERED) },
	[ORDER_ACT_AUTO_ACCEPT] = { "auto_accept", R(SYSTEM), S(DELIVERED) },
	/* A cancelled milestone order may still hold earnings of released milestones. */
	[ORDER_ACT_CLEAR] = { "clear", R(SYSTEM), S(COMPLETED) | S(CANCELLED) },
	[ORDER_ACT_MARK_LATE] = { "mark_late", R(SYSTEM), WORKING },
	[ORDER_ACT_CANCEL_LATE] = { "cancel_late", R(BUYER), WORKING },
	[ORDER_ACT_CANCEL_UNPAID] = { "cancel_unpaid", PARTIES, S(AWAITING_PAYMENT) },
	/* awaiting_payment too: a milestone order between two fundings. */
	[ORDER_ACT_REQUEST_CANCEL] = { "request_cancel", PARTIES,
	                               RUNNING | S(AWAITING_PAYMENT) },
	[ORDER_ACT_RESPOND_CANCEL] = { "respond_cancel", PARTIES,
	                               RUNNING | S(AWAITING_PAYMENT) },
	[ORDER_ACT_WITHDRAW_CANCEL] = { "withdraw_cancel", PARTIES,
	                                RUNNING | S(AWAITING_PAYMENT) },
	[ORDER_ACT_EXPIRE_CANCEL] = { "expire_cancel", R(SYSTEM),
	                              RUNNING | S(AWAITING_PAYMENT) },
	[ORDER_ACT_ADMIN_CANCEL] = { "admin_cancel", R(ADMIN),
	                             RUNNING | S(AWAITING_PAYMENT) },
	[ORDER_ACT_OPEN_DISPUTE] = { "open_dispute", PARTIES, RUNNING },
	[ORDER_ACT_ADD_EVIDENCE] = { "add_evidence", PARTIES, S(DISPUTED) },
	[ORDER_ACT_WITHDRAW_DISPUTE] = { "withdraw_dispute", PARTIES, S(DISPUTED) },
	[ORDER_ACT_RESOLVE_DISPUTE] = { "resolve_dispute", R(ADMIN), S(DISPUTED) },
	[ORDER_ACT_TIP] = { "tip", R(BUYER), S(COMPLETED) },
};

const char *
order_action_name(enum order_action a)
{
	if ((int)a < 0 || a >= ORDER_ACTIONS)
		return NULL;
	return table[a].name;
}

int
order_allowed(enum order_action a, enum order_role r, enum order_state s)
{
	if ((int)a < 0 || a >= ORDER_ACTIONS || (int)r < 0 || r >= ORDER_ROLES ||
	    (int)s < 0 || s >= ORDER_STATES)
		return JS_ERR_INVALID;
	if (!(table[a].roles & (1u << r)))
		return JS_ERR_PERM;
	if (!(table[a].states & (1u << s)))
		return JS_ERR_STATE;
	return 0;
}

int
order_action_moves_money(enum order_action a)
{
	switch (a) {
	case ORDER_ACT_SUBMIT_REQUIREMENTS:
	case ORDER_ACT_START:
	case ORDER_ACT_DELIVER:
	case ORDER_ACT_REQUEST_REVISION:
	case ORDER_ACT_MARK_LATE:
	case ORDER_ACT_REQUEST_CANCEL:
	case ORDER_ACT_WITHDRAW_CANCEL:
	case ORDER_ACT_OPEN_DISPUTE:
	case ORDER_ACT_ADD_EVIDENCE:
	case ORDER_ACT_WITHDRAW_DISPUTE:
		return 0;
	default:
		return 1;
	}
}
