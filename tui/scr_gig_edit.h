/* scr_gig_edit.h: the state of the gig editor (scr_gig_edit) shared by its step files:
 * scr_gig_edit.c (frame, steps, saving, review), scr_gig_edit_form.c (overview and
 * packages, and reading every form) and scr_gig_edit_list.c (extras, description with
 * its FAQ, requirements, media). */
#ifndef JS_SCR_GIG_EDIT_H
#define JS_SCR_GIG_EDIT_H

#include <curses.h>

#include "discovery.h"
#include "gig.h"
#include "w_form.h"
#include "w_list.h"

struct app;

enum gstep { ST_OVERVIEW, ST_PACKAGES, ST_EXTRAS, ST_DESC, ST_REQS, ST_MEDIA, ST_REVIEW,
	ST_COUNT };

/* Field ids of the forms. */
enum { OV_TITLE = 1, OV_TAGS };
enum { PK_NAME = 1, PK_DESC, PK_PRICE, PK_DAYS, PK_REVS, PK_FEATURES };
enum { DS_DESC = 1 };
enum { RV_PUBLISH = 1, RV_DRAFT, RV_CANCEL };

struct gedit {
	int64_t id;                  /* 0 until first saved */
	char status[16];             /* "" for a new gig */
	struct gig_content *c;       /* what is being edited (owned) */
	int step;
	int dirty;
	char msg[ST_COUNT][256];     /* a step's message (list errors), "" none */

	/* overview */
	struct form ov;
	struct discovery_category *cats;
	size_t ncats;
	struct wlist pl, sl;         /* parent and sub-category lists */
	int ov_pane;                 /* 0 form, 1 parents, 2 subs */
	int64_t parent;              /* the parent shown in the sub list */

	/* packages */
	struct form pk[GIG_TIERS];
	int tier;                    /* the tier with the focus (the tab when narrow) */
	int pk_wide;                 /* last draw had them side by side */

	/* description + FAQ */
	struct form ds;
	int ds_pane;                 /* 0 text, 1 FAQ list */

	/* lists */
	struct wlist xl, fl, rl, ml; /* extras, FAQ, requirements, media */

	/* review */
	struct form rv;
	int rv_top;
};

/* scr_gig_edit_form.c */
int gedit_forms_init(struct gedit *e);
void gedit_forms_free(struct gedit *e);
/* Content -> forms (after loading). */
void gedit_forms_fill(struct gedit *e);
/* Forms -> content. -1, or the first step with a value that cannot be read. Messages
 * (and the focus) go to such fields of step `only` (-1: of every step); other steps'
 * messages of that kind are cleared. */
int gedit_forms_read(struct gedit *e, int only);
void gedit_draw_overview(struct app *a, struct gedit *e, WINDOW *w, int y, int h, int wd);
int gedit_key_overview(struct app *a, struct gedit *e, int key);
void gedit_draw_packages(struct app *a, struct gedit *e, WINDOW *w, int y, int h, int wd);
int gedit_key_packages(struct app *a, struct gedit *e, int key);
/* A click on the step's form; *button gets the id of a pressed button (else 0). */
int gedit_mouse_form(struct app *a, struct gedit *e, const MEVENT *m, int y, int x,
                     int *button);
/* "设计 > 插画绘制": the chosen category with its parent, or "(not chosen yet)". */
const char *gedit_cat_path(const struct gedit *e, char *buf, size_t len);
/* Put a validation message on the form field it is about; returns the step or -1. */
int gedit_forms_bad(struct gedit *e, const struct gig_bad *bad, const char *text);

/* Draw a form without its focus (another part of the step has it): the focus goes to
 * its FK_INFO field `info` for the draw, so no input shows a cursor. */
void gedit_draw_unfocused(struct app *a, struct form *fm, int info, WINDOW *w, int y,
                          int x, int h, int wd);

/* scr_gig_edit_list.c (the description step too: its text and its FAQ list) */
void gedit_draw_desc(struct app *a, struct gedit *e, WINDOW *w, int y, int h, int wd);
int gedit_key_desc(struct app *a, struct gedit *e, int key);
void gedit_draw_list(struct app *a, struct gedit *e, WINDOW *w, int y, int h, int wd);
int gedit_key_list(struct app *a, struct gedit *e, int key);
/* The FAQ part of the description step, in the rectangle. */
void gedit_draw_faq(struct app *a, struct gedit *e, WINDOW *w, int y, int h, int wd);
int gedit_key_faq(struct app *a, struct gedit *e, int key);
int gedit_mouse_list(struct app *a, struct gedit *e, const MEVENT *m, int y, int x);
/* Select the item a validation error is about and set the step's message. */
int gedit_lists_bad(struct gedit *e, const struct gig_bad *bad, const char *text);

/* scr_gig_edit.c: a step's message (translated, NULL clears). */
void gedit_msg(struct gedit *e, int step, const char *msg);

#endif
