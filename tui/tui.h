/* tui.h: the entry point of the terminal UI, run on a terminal the caller provides:
 * the pty slave in jishid's TUI child, or the local terminal for `jishictl tui`. */
#ifndef JS_TUI_H
#define JS_TUI_H

#include <stdint.h>

struct order_conf;

struct tui_params {
	const char *db_url;          /* the TUI opens its own connection (after fork) */
	int64_t account_id;          /* 0: an unknown key; only sign-up / link-device */
	const char *key_type;        /* the key the user authenticated with (sign-up and */
	const char *key_b64;         /*   link-device add it); NULL for password/local */
	const char *key_fp;
	const char *term;            /* TERM to use (from the client's pty-req) */
	int no_color;                /* the client sent NO_COLOR */
	const char *lang_hint;       /* client's LANG (e.g. "zh_CN.UTF-8"), may be NULL */
	const char *remote_addr;     /* for logs and link codes; "local" for jishictl */
	int idle_timeout;            /* seconds without a key before logging out; 0 = never */
	int64_t session_id;          /* row in sessions, 0 if none */
	const struct order_conf *orders;   /* [orders] and [payments] (order.h); NULL:
	                                      order_conf_defaults */
};

/*
 * Run the UI on the terminal at fds 0/1 until the user quits, the idle time-out fires
 * or the terminal goes away (SIGHUP / EOF). Sets the locale (C.UTF-8 for ncursesw) and
 * the message language itself, restores the terminal on every exit path.
 * Returns a process exit status (0 normal quit).
 */
int tui_run(const struct tui_params *p);

#endif
