/* app.h: the state of one TUI process (one session) and what screens may ask of it:
 * pushing screens, messages, the signed-in account, redraw requests. */
#ifndef JS_APP_H
#define JS_APP_H

#include <curses.h>
#include <stdint.h>
#include <time.h>

#include "account.h"
#include "db.h"
#include "order.h"
#include "keyseq.h"
#include "screen.h"
#include "theme.h"
#include "tui.h"

#define APP_MIN_COLS 60
#define APP_MIN_ROWS 20
#define APP_IDLE_WARN 60             /* seconds of warning before the idle time-out */
#define APP_FLASH_SECS 4
#define APP_SESSION_CAP 1000         /* jishid enforces the real cap before the TUI runs */

enum flash_kind { FLASH_INFO, FLASH_OK, FLASH_ERR };

struct gig_track;

struct app {
	const struct tui_params *p;
	struct db *db;
	struct order_conf oconf;     /* fees, sandbox top-up ([orders], [payments]) */
	struct gig_track *track;     /* impressions and views, flushed by tui.c's timer */
	time_t track_flushed;
	struct account acct;         /* acct.id == 0 until signed in */
	int64_t session_id;
	int own_session;             /* the TUI began the session (sign-up, link): end it */

	struct screen_stack stack;
	WINDOW *w_status, *w_title, *w_body, *w_hints;
	int rows, cols;
	int too_small;

	enum theme_kind theme;
	int mouse_on;
	MEVENT mev;                  /* the event behind the last TK(KEY_MOUSE) */
	struct keyseq ks;

	time_t now;
	time_t last_input;
	int idle_warning;            /* the warning is showing */
	int unread_msgs, unread_orders;

	char flash[256];             /* a short message in the hint bar */
	enum flash_kind flash_kind;
	time_t flash_until;

	struct { int x0, x1, key; } hint_spans[16];   /* clickable hints in the hint bar */
	int n_hint_spans;

	int cursor_y, cursor_x;      /* set by a focused text field while drawing; -1 none */
	int quit;
	int exit_status;
};

/*
 * Open scr on top of the stack with arg (screen-specific, borrowed during open).
 * Returns R_REDRAW, or 0 after flashing why it could not open.
 */
int app_push(struct app *a, const struct screen *scr, const void *arg);
/* Close the top screen and open scr in its place (order placed -> the order page).
 * For handlers of the top screen (key, resume) that return at once: the caller's state
 * is freed. On a failed open the old screen stays. R_* flags. */
int app_replace(struct app *a, const struct screen *scr, const void *arg);
/* Close every screen above the root and open scr as the new root (after sign-in). */
int app_reset(struct app *a, const struct screen *scr, const void *arg);
/* Show a message in the hint bar for a few seconds (printf format, translated). */
void app_flash(struct app *a, enum flash_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Flash the translated text of a JS_ERR_* code, prefixed by what failed. */
void app_flash_err(struct app *a, const char *what, int err);
/* A user-facing, translated text for a JS_ERR_* code. */
const char *app_strerror(int err);
/* Reload a->acct from the database (after changing the account). */
int app_reload_account(struct app *a);
/* Sign in as user id (after sign-up or a redeemed link code): load the account, take
 * its language and UI settings, begin a session if none, and show Home. */
int app_sign_in(struct app *a, int64_t id, const char *method);
/* Apply the account's language, theme and mouse setting to the terminal. */
void app_apply_prefs(struct app *a);
/* Put the terminal cursor at (y, x) of the body window after this frame. */
void app_want_cursor(struct app *a, int y, int x);

/* The central draw (all windows, overlays, cursor) and key dispatch (loop.c calls). */
void app_draw(struct app *a);
int app_key(struct app *a, int key);
void app_layout(struct app *a);
int app_tick(struct app *a);
/* Recount a->unread_orders, the status bar's orders waiting for this account (on
 * Home, each minute, and whenever a screen is back on top). */
void app_orders_badge(struct app *a);
void app_close_all(struct app *a);

/* Write the tracker's pending counts: when `force`, or when some are older than
 * APP_TRACK_FLUSH_SECS or the buffer is half full. Errors are logged, never shown. */
#define APP_TRACK_FLUSH_SECS 5
void app_track_flush(struct app *a, int force);

/* Shared handlers for key tables. */
int app_key_back(struct app *a, void *st, int key);
int app_key_help(struct app *a, void *st, int key);
int app_key_search(struct app *a, void *st, int key);
int app_key_quit(struct app *a, void *st, int key);
/* A no-op handler for rows of a key table that only document keys a screen's input
 * function handles (text fields). */
int app_key_none(struct app *a, void *st, int key);

/* The global key table: after the screen's own. */
extern const struct keybind app_keys[];

#endif
