/* session.h: one SSH connection in its forked child: the heap object every libssh callback
 * gets as userdata (it outlives the channel and the callbacks that point into it). */
#ifndef JS_SESSION_H
#define JS_SESSION_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include "db.h"
#include "jishid.h"

struct sftpd;

struct session {
	ssh_session ssh;
	ssh_event event;
	ssh_channel chan;
	const struct jishid_config *cfg;
	struct db *db;                      /* this child's own connection; NULL while the
	                                       TUI child runs */
	struct ssh_server_callbacks_struct server_cb;
	struct ssh_channel_callbacks_struct chan_cb;

	char addr[64];                      /* client address, for logs and rate limits */
	char user[64];                      /* the SSH user name the client sent */
	struct timespec started;

	/* Authentication outcome */
	int authenticated;
	const char *auth_method;            /* "publickey" | "password" */
	int64_t account_id;                 /* 0: unknown key, sign-up only */
	char handle[64];
	char key_type[64];
	char key_b64[16384];
	char key_fp[128];
	int password_tries, pubkey_offers;
	int account_failure_logged;

	/* Channel requests */
	int have_pty;
	char term[64];
	int cols, rows;
	char lang[64];
	int no_color;

	/* The TUI child and its pty */
	int pty_master;                     /* -1 when none */
	int pty_eof;                        /* the UI closed its terminal */
	pid_t tui_pid;                      /* 0 when none */
	int64_t session_row;

	struct sftpd *sftp;                 /* the SFTP subsystem (sftp.c); NULL when none */

	int done;                           /* leave the event loop */
	long closing_since;                 /* ms: we closed the channel; waiting briefly
	                                       for the client to close its side */
	int exit_status;
};

/* auth.c: install the server callbacks that decide who gets in. */
void auth_install(struct session *s);

/* channel.c: install the callbacks of a newly opened session channel. */
void channel_install(struct session *s, ssh_channel chan);
/* After each ssh_event_dopoll: finish the channel once the UI has gone. */
void channel_after_poll(struct session *s);
/* End the TUI child (SIGHUP, then SIGKILL after a grace period) and reap it. */
void channel_stop_tui(struct session *s);
/* Finish the channel with an exit status; the event loop then waits briefly for the
 * client to close its side. */
void channel_finish(struct session *s, int status);

/*
 * sftp.c: the "sftp" subsystem, the account's own upload area. start (from the
 * subsystem request) takes over the channel's data; pump runs after every poll of the
 * event loop and answers the requests that have arrived whole (it never waits for the
 * client); end (at session exit) removes unfinished uploads and frees everything.
 * start returns SSH_OK or SSH_ERROR (the request is refused).
 */
int sftpd_start(struct session *s);
void sftpd_pump(struct session *s);
void sftpd_end(struct session *s);

/* Milliseconds since the connection was accepted. */
long session_elapsed_ms(const struct session *s);

#endif
