/* tui.c: tui_run: locale and catalogs, the database, the terminal, the event loop
 * (keys, resize, clock, idle time-out, signals, EOF) and the teardown. */
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "err.h"
#include "gig_track.h"
#include "i18n.h"
#include "keys.h"
#include "log.h"
#include "screens.h"
#include "term.h"
#include "text.h"
#include "tui.h"

enum stop_reason { STOP_QUIT, STOP_EOF, STOP_IDLE, STOP_SIGNAL, STOP_ERROR };

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* poll() on the terminal with `unblocked` as the signal mask while waiting. */
static int
wait_input(struct pollfd *pfd, int timeout_ms, const sigset_t *unblocked)
{
	struct timespec ts, *tp = NULL;

	if (timeout_ms >= 0) {
		ts.tv_sec = timeout_ms / 1000;
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		tp = &ts;
	}
	return ppoll(pfd, 1, tp, unblocked);
}

/* How long poll() may sleep: until the next minute (clock), the next tick of a
 * count-down, the end of a message, or the idle warning / time-out. */
static int
next_wake_ms(struct app *a)
{
	struct screen_inst *top = screen_stack_top(&a->stack);
	int64_t ms = 60000 - now_ms() % 60000, t;

	if (top != NULL && top->scr->tick != NULL && ms > 1000)
		ms = 1000;
	if (a->flash[0] != '\0' && (t = ((int64_t)a->flash_until - a->now) * 1000) > 0 &&
	    t < ms)
		ms = t;
	if (a->track != NULL && gig_track_pending(a->track) > 0 &&
	    ms > APP_TRACK_FLUSH_SECS * 1000)
		ms = APP_TRACK_FLUSH_SECS * 1000;
	if (a->p->idle_timeout > 0) {
		t = ((int64_t)a->last_input + a->p->idle_timeout - APP_IDLE_WARN - a->now) * 1000;
		if (a->idle_warning || t <= 0)
			t = 1000;
		if (t < ms)
			ms = t;
	}
	return ms < 20 ? 20 : (int)ms;
}

/* Clock, messages, idle time-out. Returns 1 when something on screen changed. */
static int
timers(struct app *a, time_t *last_minute, enum stop_reason *why)
{
	int dirty = 0;
	time_t idle;

	a->now = time(NULL);
	if (a->now / 60 != *last_minute) {
		*last_minute = a->now / 60;
		app_orders_badge(a);          /* the other side's steps, once a minute */
		dirty = 1;
	}
	if (a->flash[0] != '\0' && a->now >= a->flash_until) {
		a->flash[0] = '\0';
		dirty = 1;
	}
	if (a->p->idle_timeout > 0) {
		idle = a->now - a->last_input;
		if (idle >= a->p->idle_timeout) {
			*why = STOP_IDLE;
			a->quit = 1;
		} else if (idle >= a->p->idle_timeout - APP_IDLE_WARN) {
			a->idle_warning = 1;
			dirty = 1;
		}
	}
	if (app_tick(a) & (R_REDRAW | R_RELAYOUT))
		dirty = 1;
	app_track_flush(a, 0);
	return dirty;
}

/* Read and dispatch every key waiting. Returns the number of keys read. */
static int
read_keys(struct app *a)
{
	int k, n = 0, out[2], m, i;

	while (!a->quit && (k = term_read_key(&a->mev)) != -1) {
		n++;
		a->last_input = a->now = time(NULL);
		a->idle_warning = 0;
		if (k == TK(KEY_RESIZE)) {
			app_layout(a);       /* the one place that handles a new size */
			continue;
		}
		if (k == 0)
			continue;
		m = keyseq_feed(&a->ks, k, out);
		for (i = 0; i < m && !a->quit; i++)
			app_key(a, out[i]);
	}
	if (!a->quit && (k = keyseq_idle(&a->ks)) != KS_NONE)
		app_key(a, k);
	return n;
}

static enum stop_reason
run_loop_masked(struct app *a, const sigset_t *unblocked);

/* The event loop, with the signal mask it needs set for its duration only. */
static enum stop_reason
run_loop(struct app *a)
{
	sigset_t blocked, unblocked;
	enum stop_reason why;

	/* SIGWINCH, SIGHUP and SIGTERM stay blocked except inside ppoll(): one that
	 * arrives while keys are being handled is then still pending and wakes the next
	 * wait at once, instead of slipping in just before poll() and leaving a resize
	 * undrawn until the next timer. */
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGWINCH);
	sigaddset(&blocked, SIGHUP);
	sigaddset(&blocked, SIGTERM);
	sigprocmask(SIG_BLOCK, &blocked, &unblocked);
	why = run_loop_masked(a, &unblocked);
	sigprocmask(SIG_SETMASK, &unblocked, NULL);
	return why;
}

static enum stop_reason
run_loop_masked(struct app *a, const sigset_t *unblocked)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	enum stop_reason why = STOP_QUIT;
	time_t last_minute = time(NULL) / 60;
	int dirty = 1, n, quiet_reads = 0;

	a->last_input = a->now = time(NULL);
	while (!a->quit) {
		if (term_signal() != 0)
			return STOP_SIGNAL;
		if (timers(a, &last_minute, &why))
			dirty = 1;
		if (a->quit)
			break;
		if (dirty)
			app_draw(a);
		dirty = 0;
		n = wait_input(&pfd, next_wake_ms(a), unblocked);
		if (n < 0 && errno != EINTR) {
			log_error("poll: %s", strerror(errno));
			return STOP_ERROR;
		}
		if (n == 0) {
			quiet_reads = 0;
			continue;
		}
		if (read_keys(a) > 0 || n < 0) {
			quiet_reads = 0;
			dirty = 1;
			continue;
		}
		/* readable but no key: the other end hung up, or bytes that make no key came
		 * (invalid UTF-8); only an end of input keeps poll() returning at once */
		if ((pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) ||
		    (term_input_gone() && ++quiet_reads >= 20))
			return STOP_EOF;
	}
	return a->exit_status != 0 ? STOP_ERROR : why;
}

static int
open_account(struct app *a)
{
	char err[256];
	int r;

	if ((r = db_open(a->p->db_url, &a->db, err, sizeof err)) != 0) {
		log_error("db_open: %s", err);
		return -1;
	}
	if (a->p->account_id == 0)
		return 0;
	if ((r = account_by_id(a->db, a->p->account_id, &a->acct)) != 0 ||
	    strcmp(a->acct.status, "active") != 0) {
		log_error("account %lld: %s", (long long)a->p->account_id,
		    r != 0 ? js_strerror(r) : a->acct.status);
		return -1;
	}
	return 0;
}

int
tui_run(const struct tui_params *p)
{
	struct app a;
	enum stop_reason why;
	static const char *const reasons[] = { "quit", "eof", "idle", "signal", "error" };

	memset(&a, 0, sizeof a);
	a.p = p;
	a.session_id = p->session_id;
	a.theme = THEME_AUTO;
	a.mouse_on = 1;
	if (p->orders != NULL)
		a.oconf = *p->orders;
	else
		order_conf_defaults(&a.oconf);
	setlocale(LC_ALL, "C.UTF-8");
	i18n_init();
	i18n_set_lang(i18n_lang_from_hint(p->lang_hint));
	if (open_account(&a) != 0) {
		fprintf(stderr, "%s\n", _("Jishi is not available right now, try again later."));
		db_close(a.db);
		return 1;
	}
	if (term_open(p->term) != 0) {
		fprintf(stderr, "%s\n", _("This terminal cannot show Jishi."));
		db_close(a.db);
		return 1;
	}
	atexit(term_close);
	if (gig_track_new(0, &a.track) != 0)
		a.track = NULL;              /* counting is best effort: the UI works without */
	app_apply_prefs(&a);
	app_layout(&a);
	if (app_push(&a, a.acct.id != 0 ? &scr_home : &scr_welcome, NULL) & R_REDRAW &&
	    a.stack.n > 0)
		why = run_loop(&a);
	else
		why = STOP_ERROR;
	app_close_all(&a);
	term_close();
	a.now = time(NULL);
	app_track_flush(&a, 1);
	gig_track_free(a.track);
	if (why == STOP_IDLE)
		printf(_("Signed out after %d minutes without activity.\n"),
		    (p->idle_timeout + 59) / 60);
	else if (why == STOP_QUIT && a.acct.id != 0)
		printf("%s\n", _("Goodbye from Jishi."));
	fflush(stdout);
	if (a.own_session && a.session_id != 0)
		session_end(a.db, a.session_id, reasons[why]);
	log_info("tui ended: %s", reasons[why]);
	db_close(a.db);
	text_cleanup();
	switch (why) {
	case STOP_SIGNAL:
		return 128 + term_signal();
	case STOP_ERROR:
		return 1;
	default:
		return 0;
	}
}
