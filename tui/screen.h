/* screen.h: screens and the screen stack. One screen a file (scr_<name>.c), each exporting
 * a `const struct screen scr_<name>`, listed in screens.c. */
#ifndef JS_SCREEN_H
#define JS_SCREEN_H

#include <curses.h>
#include <time.h>

#include "keymap.h"

struct app;

/* Handler results (htop's HANDLED | REDRAW | BREAK_LOOP), OR-ed together. */
#define R_HANDLED    0x01            /* the key was used: do not look further */
#define R_REDRAW     0x02            /* redraw the screen */
#define R_BREAK_LOOP 0x04            /* leave the event loop (quit) */
#define R_POP        0x08            /* close the top screen */
#define R_RELAYOUT   0x10            /* language, theme or size changed: redraw all */
#define R_RESUMED    0x20            /* (from screen_stack_apply) a screen is on top again */

#define SCREEN_OVERLAY 0x01          /* drawn over the screen below it (help, dialogs) */
#define SCREEN_OWN_KEYS 0x02         /* letters are its own (text fields, dialogs): the
                                        hint bar shows only the screen's keys */
#define SCREEN_STACK_MAX 16

struct screen {
	const char *name;
	const char *title;           /* N_() */
	const struct keybind *keys;  /* its key table (hint bar, `?`), after `input` */
	unsigned flags;
	/* Make the state (*st, owned by the screen until close). 0 or a JS_ERR_*. */
	int (*open)(struct app *a, void **st, const void *arg);
	void (*close)(struct app *a, void *st);
	/* Draw into w (the body window), which the caller has erased. */
	void (*draw)(struct app *a, void *st, WINDOW *w);
	/* Sees every key first (text fields need letters); NULL: only the table. */
	int (*input)(struct app *a, void *st, int key);
	/* A mouse event at (y, x) of the body window; NULL: ignored. */
	int (*mouse)(struct app *a, void *st, const MEVENT *m, int y, int x);
	/* Called about once a second while on top (count-downs); NULL: not needed. */
	int (*tick)(struct app *a, void *st, time_t now);
	/* The screen above it was closed (reload what may have changed); may be NULL.
	 * It may return R_POP to close itself as well (a dialog above finished it). */
	int (*resume)(struct app *a, void *st);
};

struct screen_inst {
	const struct screen *scr;
	void *st;
};

struct screen_stack {
	struct screen_inst v[SCREEN_STACK_MAX];
	int n;
};

/* 0, or JS_ERR_TOO_BIG when the stack is full. */
int screen_stack_push(struct screen_stack *s, const struct screen *scr, void *st);
/* The top screen, or NULL when empty. */
struct screen_inst *screen_stack_top(struct screen_stack *s);
/* Index of the lowest screen to draw: the top one that is not an overlay. */
int screen_stack_base(const struct screen_stack *s);
/* Is scr somewhere on the stack? Its index or -1. */
int screen_stack_find(const struct screen_stack *s, const struct screen *scr);

/*
 * Apply a handler's result flags. R_POP removes the top screen (close_fn(ud, inst) is
 * called for it first), or turns into R_BREAK_LOOP if it is the last one. Returns the
 * flags with R_POP cleared, plus R_REDRAW and R_RESUMED after a pop.
 */
typedef void (*screen_close_fn)(void *ud, struct screen_inst *inst);
int screen_stack_apply(struct screen_stack *s, int flags, screen_close_fn close_fn, void *ud);

#endif
