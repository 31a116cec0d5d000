/* screens.h: every screen of the TUI (one scr_<name>.c each) and the table of them. */
#ifndef JS_SCREENS_H
#define JS_SCREENS_H

#include "screen.h"

extern const struct screen scr_welcome;      /* not signed in: sign up or link */
extern const struct screen scr_signup;
extern const struct screen scr_link;         /* redeem a device-link code */
extern const struct screen scr_home;
extern const struct screen scr_profile;      /* view */
extern const struct screen scr_profile_edit;
extern const struct screen scr_skills;
extern const struct screen scr_portfolio;
extern const struct screen scr_item_edit;    /* one portfolio item */
extern const struct screen scr_social;
extern const struct screen scr_settings;
extern const struct screen scr_password;
extern const struct screen scr_keys;         /* SSH keys */
extern const struct screen scr_linkcode;     /* show a new device-link code */
extern const struct screen scr_about;        /* help and about */
extern const struct screen scr_keyhelp;      /* the `?` overlay */
extern const struct screen scr_confirm;      /* yes/no dialog */
extern const struct screen scr_prompt;       /* one-line input dialog */
extern const struct screen scr_prompt_area;  /* multi-line input dialog */
extern const struct screen scr_minsize;      /* drawn instead of all when too small */
extern const struct screen scr_search;       /* search gigs: `/` from anywhere */
extern const struct screen scr_gig_filter;   /* search filters and sort (dialog) */
extern const struct screen scr_categories;   /* category tree, trending per category */
extern const struct screen scr_gig_list;     /* a list of gigs (category, recent ...) */
extern const struct screen scr_gig_page;     /* one gig as buyers see it */
extern const struct screen scr_gig_mine;     /* the seller's gigs with status actions */
extern const struct screen scr_gig_edit;     /* create / edit a gig, step by step */
extern const struct screen scr_gig_item;     /* one extra, requirement or FAQ (dialog) */
extern const struct screen scr_gig_dash;     /* seller dashboard */
extern const struct screen scr_filepick;     /* choose uploads (w_filepick.c) */
extern const struct screen scr_order_new;    /* package, extras, live total, pay */
extern const struct screen scr_order_reqs;   /* the buyer answers the requirements */
extern const struct screen scr_order_page;   /* one order (scr_order_actions.c too) */
extern const struct screen scr_order_act;    /* an order action that needs typing */
extern const struct screen scr_orders;       /* my orders: buying / selling */
extern const struct screen scr_wallet;       /* balances, history, demo top-up */
extern const struct screen scr_offers;       /* custom offers sent and received */
extern const struct screen scr_offer_new;    /* write a custom offer */
extern const struct screen scr_disputes;     /* admin: the dispute queue */
extern const struct screen scr_dispute_resolve;  /* admin: decide one dispute */

/* All screens, for lookups by name; ended by NULL. */
extern const struct screen *const screens[];
const struct screen *screen_by_name(const char *name);

#endif
