/* app.c: screen stack operations, key dispatch, flags handling and the frame draw. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "err.h"
#include "gig_track.h"
#include "i18n.h"
#include "keys.h"
#include "log.h"
#include "screens.h"
#include "w_bars.h"

static void
close_inst(void *ud, struct screen_inst *inst)
{
	struct app *a = ud;

	if (inst->scr->close != NULL)
		inst->scr->close(a, inst->st);
	inst->st = NULL;
	/* An overlay's frame cut wide characters of the screen below in half; ncursesw
	 * does not always send them again once they are whole, so repaint the body. */
	if ((inst->scr->flags & SCREEN_OVERLAY) && a->w_body != NULL)
		redrawwin(a->w_body);
}

void
app_close_all(struct app *a)
{
	while (a->stack.n > 0) {
		close_inst(a, &a->stack.v[a->stack.n - 1]);
		a->stack.n--;
	}
}

int
app_push(struct app *a, const struct screen *scr, const void *arg)
{
	void *st = NULL;
	int r;

	if (a->stack.n >= SCREEN_STACK_MAX) {
		app_flash(a, FLASH_ERR, "%s", _("Too many screens open: go back first"));
		return R_HANDLED;
	}
	if (scr->open != NULL && (r = scr->open(a, &st, arg)) != 0) {
		app_flash_err(a, _(scr->title), r);
		return R_HANDLED | R_REDRAW;
	}
	if (screen_stack_push(&a->stack, scr, st) != 0) {
		if (scr->close != NULL)
			scr->close(a, st);
		return R_HANDLED;
	}
	return R_HANDLED | R_REDRAW;
}

int
app_replace(struct app *a, const struct screen *scr, const void *arg)
{
	void *st = NULL;
	int r;

	if (a->stack.n == 0)
		return app_push(a, scr, arg);
	if (scr->open != NULL && (r = scr->open(a, &st, arg)) != 0) {
		app_flash_err(a, _(scr->title), r);
		return R_HANDLED | R_REDRAW;
	}
	close_inst(a, &a->stack.v[a->stack.n - 1]);
	a->stack.n--;
	if (screen_stack_push(&a->stack, scr, st) != 0 && scr->close != NULL)
		scr->close(a, st);
	app_orders_badge(a);          /* an order placed: its page replaces the form */
	return R_HANDLED | R_REDRAW;
}

int
app_reset(struct app *a, const struct screen *scr, const void *arg)
{
	app_close_all(a);
	app_push(a, scr, arg);
	if (a->stack.n == 0) {
		log_error("cannot open screen %s", scr->name);
		a->quit = 1;
		a->exit_status = 1;
		return R_BREAK_LOOP;
	}
	return R_HANDLED | R_RELAYOUT;
}

void
app_flash(struct app *a, enum flash_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->flash, sizeof a->flash, fmt, ap);
	va_end(ap);
	a->flash_kind = kind;
	a->flash_until = time(NULL) + APP_FLASH_SECS;
}

const char *
app_strerror(int err)
{
	switch (err) {
	case JS_ERR_NOMEM: return _("out of memory");
	case JS_ERR_INVALID: return _("not valid");
	case JS_ERR_NOT_FOUND: return _("not found");
	case JS_ERR_EXISTS: return _("already taken");
	case JS_ERR_PERM: return _("not allowed");
	case JS_ERR_STATE: return _("not possible now");
	case JS_ERR_TOO_BIG: return _("too long or too many");
	case JS_ERR_UTF8: return _("not valid UTF-8 text");
	case JS_ERR_BUSY: return _("the service is busy, try again");
	case JS_ERR_FUNDS: return _("not enough money in your wallet");
	case JS_ERR_CONFLICT: return _("already done differently");
	default: return _("internal error, try again later");
	}
}

void
app_flash_err(struct app *a, const char *what, int err)
{
	if (err == JS_ERR_DB || err == JS_ERR_IO)
		log_error("%s: %s: %s", what, js_strerror(err), db_errmsg(a->db));
	app_flash(a, FLASH_ERR, "%s: %s", what, app_strerror(err));
}

int
app_reload_account(struct app *a)
{
	struct account acct;
	int r;

	if (a->acct.id == 0)
		return 0;
	if ((r = account_by_id(a->db, a->acct.id, &acct)) != 0)
		return r;
	a->acct = acct;
	return 0;
}

void
app_apply_prefs(struct app *a)
{
	if (a->acct.id != 0) {
		i18n_set_lang(a->acct.locale);
		a->theme = theme_parse(a->acct.ui_theme);
		a->mouse_on = a->acct.ui_mouse;
	}
	theme_apply(a->theme, a->p->no_color);
	mousemask(a->mouse_on ? (BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED) : 0,
	    NULL);
}

/* The id of the key the user signed in with, for the session row (0 if unknown). */
static int64_t
signin_key_id(struct app *a)
{
	struct account_key keys[ACCOUNT_KEYS_MAX];
	size_t i, n = 0;

	if (a->p->key_fp == NULL ||
	    account_keys_list(a->db, a->acct.id, a->acct.id, keys, ACCOUNT_KEYS_MAX, &n) != 0)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(keys[i].fingerprint, a->p->key_fp) == 0)
			return keys[i].id;
	return 0;
}

int
app_sign_in(struct app *a, int64_t id, const char *method)
{
	int r;

	a->acct.id = id;
	if ((r = app_reload_account(a)) != 0) {
		a->acct.id = 0;
		return r;
	}
	app_apply_prefs(a);
	if (a->session_id == 0 && session_begin(a->db, id, method, signin_key_id(a),
	    a->p->remote_addr, a->p->term, (int)getpid(), APP_SESSION_CAP,
	    &a->session_id) == 0)
		a->own_session = 1;
	log_info("signed in user=%lld method=%s", (long long)id, method);
	return app_reset(a, &scr_home, NULL);
}

void
app_want_cursor(struct app *a, int y, int x)
{
	a->cursor_y = y;
	a->cursor_x = x;
}

void
app_layout(struct app *a)
{
	int body;

	a->rows = LINES;
	a->cols = COLS;
	a->too_small = a->cols < APP_MIN_COLS || a->rows < APP_MIN_ROWS;
	if (a->w_status != NULL) {
		delwin(a->w_status);
		delwin(a->w_title);
		delwin(a->w_body);
		delwin(a->w_hints);
		a->w_status = a->w_title = a->w_body = a->w_hints = NULL;
	}
	if (a->too_small)
		return;
	body = a->rows - 3;
	a->w_status = newwin(1, a->cols, 0, 0);
	a->w_title = newwin(1, a->cols, 1, 0);
	a->w_body = newwin(body, a->cols, 2, 0);
	a->w_hints = newwin(1, a->cols, a->rows - 1, 0);
	if (a->w_status == NULL || a->w_title == NULL || a->w_body == NULL ||
	    a->w_hints == NULL) {
		log_error("newwin failed at %dx%d", a->cols, a->rows);
		a->quit = 1;
		a->exit_status = 1;
	}
}

static void
draw_too_small(struct app *a)
{
	werase(stdscr);
	scr_minsize.draw(a, NULL, stdscr);
	wnoutrefresh(stdscr);
	curs_set(0);
	doupdate();
}

void
app_draw(struct app *a)
{
	struct screen_inst *inst;
	int i;

	if (a->quit)
		return;
	if (a->too_small || a->w_body == NULL) {
		draw_too_small(a);
		return;
	}
	a->cursor_y = a->cursor_x = -1;
	werase(a->w_body);
	for (i = screen_stack_base(&a->stack); i >= 0 && i < a->stack.n; i++) {
		inst = &a->stack.v[i];
		if (i < a->stack.n - 1)
			a->cursor_y = -1;    /* only the top screen places the cursor */
		inst->scr->draw(a, inst->st, a->w_body);
	}
	if (a->stack.n > 0 && a->stack.v[a->stack.n - 1].scr->flags & SCREEN_OVERLAY)
		a->cursor_y = -1;
	bars_draw_status(a);
	bars_draw_title(a);
	bars_draw_hints(a);
	wnoutrefresh(a->w_status);
	wnoutrefresh(a->w_title);
	wnoutrefresh(a->w_hints);
	if (a->cursor_y >= 0) {
		wmove(a->w_body, a->cursor_y, a->cursor_x);
		curs_set(1);
	} else
		curs_set(0);
	wnoutrefresh(a->w_body);          /* last: its cursor is the terminal's cursor */
	doupdate();
}

void
app_orders_badge(struct app *a)
{
	int64_t c[ORDER_STATES];
	int n = 0;

	if (a->db == NULL || a->acct.id <= 0)
		return;
	/* Orders whose next step is this account's: as buyer pay, answer or accept; as
	 * seller deliver (in progress or a revision asked). */
	if (order_counts(a->db, a->acct.id, ORDER_SIDE_BUYER, c) != 0)
		return;
	n = (int)(c[ORDER_AWAITING_PAYMENT] + c[ORDER_AWAITING_REQUIREMENTS] +
	    c[ORDER_DELIVERED]);
	if (order_counts(a->db, a->acct.id, ORDER_SIDE_SELLER, c) != 0)
		return;
	a->unread_orders = n + (int)(c[ORDER_IN_PROGRESS] + c[ORDER_REVISION_REQUESTED]);
}

static int
apply(struct app *a, int r)
{
	struct screen_inst *top;
	int more;

	r = screen_stack_apply(&a->stack, r, close_inst, a);
	/* a screen that is on top again may close itself too (its dialog finished it) */
	/* back from a screen that may have moved an order: the status bar's count too */
	if (r & R_RESUMED)
		app_orders_badge(a);
	while ((r & R_RESUMED) && (top = screen_stack_top(&a->stack)) != NULL &&
	    top->scr->resume != NULL) {
		more = top->scr->resume(a, top->st);
		r &= ~R_RESUMED;
		r |= (more & R_POP) ? screen_stack_apply(&a->stack, more, close_inst, a) : more;
	}
	if (r & R_RELAYOUT)
		app_layout(a);
	if (r & R_BREAK_LOOP)
		a->quit = 1;
	return r;
}

static int
dispatch_mouse(struct app *a, struct screen_inst *top)
{
	int y = a->mev.y, x = a->mev.x, key;

	if (a->w_body == NULL)
		return 0;
	if (y == a->rows - 1) {
		if ((a->mev.bstate & BUTTON1_PRESSED) && (key = bars_hint_at(a, x)) != 0)
			return app_key(a, key);
		return 0;
	}
	if (!wmouse_trafo(a->w_body, &y, &x, FALSE) || top->scr->mouse == NULL)
		return 0;
	return apply(a, top->scr->mouse(a, top->st, &a->mev, y, x));
}

int
app_key(struct app *a, int key)
{
	struct screen_inst *top = screen_stack_top(&a->stack);
	const struct keybind *kb;
	int r = 0;

	if (top == NULL)
		return 0;
	if (a->too_small)
		return apply(a, key == 'q' || key == TK_CTRL('c') ? R_BREAK_LOOP : 0);
	if (key == TK(KEY_MOUSE))
		return dispatch_mouse(a, top);
	if (top->scr->input != NULL)
		r = top->scr->input(a, top->st, key);
	if (!(r & R_HANDLED) && (kb = keymap_find(top->scr->keys, key)) != NULL)
		r |= kb->fn(a, top->st, key);
	if (!(r & R_HANDLED) && (kb = keymap_find(app_keys, key)) != NULL)
		r |= kb->fn(a, top->st, key);
	return apply(a, r);
}

int
app_tick(struct app *a)
{
	struct screen_inst *top = screen_stack_top(&a->stack);

	if (top == NULL || top->scr->tick == NULL || a->too_small)
		return 0;
	return apply(a, top->scr->tick(a, top->st, a->now));
}

int
app_key_back(struct app *a, void *st, int key)
{
	(void)key;
	(void)st;
	return a->stack.n > 1 ? R_HANDLED | R_POP : R_HANDLED;
}

int
app_key_quit(struct app *a, void *st, int key)
{
	(void)key;
	(void)st;
	return a->stack.n > 1 ? R_HANDLED | R_POP : R_HANDLED | R_BREAK_LOOP;
}

static int
key_quit_now(struct app *a, void *st, int key)
{
	(void)key;
	(void)a;
	(void)st;
	return R_HANDLED | R_BREAK_LOOP;
}

int
app_key_help(struct app *a, void *st, int key)
{
	(void)key;
	struct screen_inst *top = screen_stack_top(&a->stack);

	(void)st;
	if (top != NULL && top->scr == &scr_keyhelp)
		return R_HANDLED | R_POP;
	return app_push(a, &scr_keyhelp, top != NULL ? top->scr : NULL);
}

int
app_key_search(struct app *a, void *st, int key)
{
	struct screen_inst *top = screen_stack_top(&a->stack);

	(void)key;
	(void)st;
	if (a->acct.id == 0)
		return 0;
	if (top != NULL && top->scr == &scr_search)
		return R_HANDLED;
	return app_push(a, &scr_search, NULL);
}

void
app_track_flush(struct app *a, int force)
{
	size_t pending;
	int r;

	if (a->track == NULL || (pending = gig_track_pending(a->track)) == 0) {
		a->track_flushed = a->now;
		return;
	}
	if (!force && a->now - a->track_flushed < APP_TRACK_FLUSH_SECS &&
	    pending < GIG_TRACK_DEFAULT_CAP / 2)
		return;
	if ((r = gig_track_flush(a->track, a->db)) != 0)
		log_error("gig_track_flush: %s: %s", js_strerror(r), db_errmsg(a->db));
	a->track_flushed = a->now;
}

static int
key_repaint(struct app *a, void *st, int key)
{
	(void)key;
	(void)a;
	(void)st;
	clearok(curscr, TRUE);
	return R_HANDLED | R_REDRAW;
}

int
app_key_none(struct app *a, void *st, int key)
{
	(void)a;
	(void)st;
	(void)key;
	return 0;
}

const struct keybind app_keys[] = {
	{ '?', app_key_help, N_("?"), N_("help"), KB_HINT },
	{ TK(KEY_F(1)), app_key_help, N_("F1"), N_("help (also in text fields)"), 0 },
	{ 'q', app_key_quit, N_("q"), N_("back"), KB_HINT },
	{ TK_ESC, app_key_back, N_("Esc"), N_("back"), 0 },
	{ TK(KEY_LEFT), app_key_back, NULL, NULL, 0 },
	{ 'h', app_key_back, NULL, NULL, 0 },
	{ '/', app_key_search, N_("/"), N_("search"), 0 },
	{ TK_CTRL('l'), key_repaint, N_("Ctrl-L"), N_("repaint the screen"), 0 },
	{ TK_CTRL('c'), key_quit_now, N_("Ctrl-C"), N_("quit at once"), 0 },
	{ 0, NULL, NULL, NULL, 0 },
};
