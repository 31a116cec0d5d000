/* session.c: the life of one connection in its forked child: key exchange under a
 * deadline, authentication, the channel, and a teardown that leaves nothing behind. */
#include <arpa/inet.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "account.h"
#include "db.h"
#include "err.h"
#include "log.h"
#include "session.h"

long
session_elapsed_ms(const struct session *s)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - s->started.tv_sec) * 1000L +
	    (now.tv_nsec - s->started.tv_nsec) / 1000000L;
}

static void
peer_address(ssh_session ssh, char *out, size_t len)
{
	struct sockaddr_storage sa;
	socklen_t salen = sizeof sa;
	char host[NI_MAXHOST];

	snprintf(out, len, "unknown");
	if (getpeername(ssh_get_fd(ssh), (struct sockaddr *)&sa, &salen) == 0 &&
	    getnameinfo((struct sockaddr *)&sa, salen, host, sizeof host, NULL, 0,
	    NI_NUMERICHOST) == 0)
		snprintf(out, len, "%s", host);
}

static volatile sig_atomic_t got_hup;

static void
on_hup(int sig)
{
	(void)sig;
	got_hup = 1;
}

/* Close the store row of this session and the connection; then leave. */
static void __attribute__((noreturn))
session_exit(struct session *s, const char *reason)
{
	char err[256];

	channel_stop_tui(s);
	sftpd_end(s);
	if (s->session_row != 0) {
		if (s->db == NULL && db_open(s->cfg->db_url, &s->db, err, sizeof err) != 0)
			log_warn("cannot record session end: %s", err);
		if (s->db != NULL)
			session_end(s->db, s->session_row, reason);
	}
	log_info("disconnect addr=%s account=%s reason=%s ms=%ld", s->addr,
	    s->handle[0] ? s->handle : (s->authenticated ? "(sign-up)" : "-"), reason,
	    session_elapsed_ms(s));
	db_close(s->db);
	if (s->event != NULL)
		ssh_event_free(s->event);
	ssh_disconnect(s->ssh);
	ssh_free(s->ssh);
	/* The callback structs live in *s, freed only after libssh is done with them. */
	free(s);
	_exit(0);
}

void
session_serve(ssh_session ssh, const struct jishid_config *cfg)
{
	struct session *s;
	char err[512];
	long timeout = JISHID_KEX_TIMEOUT;
	const char *reason = "closed";

	signal(SIGCHLD, SIG_DFL);
	signal(SIGTERM, on_hup);
	signal(SIGHUP, on_hup);
	signal(SIGPIPE, SIG_IGN);
	if ((s = calloc(1, sizeof *s)) == NULL)
		_exit(1);
	s->ssh = ssh;
	s->cfg = cfg;
	s->pty_master = -1;
	clock_gettime(CLOCK_MONOTONIC, &s->started);
	peer_address(ssh, s->addr, sizeof s->addr);
	log_info("connect addr=%s", s->addr);
	if (db_open(cfg->db_url, &s->db, err, sizeof err) != 0) {
		log_error("store unavailable: %s", err);
		session_exit(s, "store-unavailable");
	}
	/* Without a time-out the key exchange would wait forever on a silent client. */
	ssh_options_set(ssh, SSH_OPTIONS_TIMEOUT, &timeout);
	auth_install(s);
	if (ssh_handle_key_exchange(ssh) != SSH_OK) {
		log_info("key exchange failed addr=%s: %s", s->addr, ssh_get_error(ssh));
		session_exit(s, "kex-failed");
	}
	ssh_set_auth_methods(ssh, SSH_AUTH_METHOD_PUBLICKEY | SSH_AUTH_METHOD_PASSWORD);
	if ((s->event = ssh_event_new()) == NULL || ssh_event_add_session(s->event, ssh) !=
	    SSH_OK)
		session_exit(s, "internal");
	while (!s->done) {
		if (got_hup) {
			reason = "server-shutdown";
			break;
		}
		if (!s->authenticated &&
		    session_elapsed_ms(s) > JISHID_PREAUTH_SECONDS * 1000L) {
			log_info("auth timeout addr=%s user=%s", s->addr, s->user);
			reason = "auth-timeout";
			break;
		}
		/* We closed the channel: the client's own close (chan_close sets done) ends
		 * the loop; ssh_channel_is_closed() would already be true on our side. */
		if (s->closing_since != 0 &&
		    session_elapsed_ms(s) - s->closing_since > 2000)
			break;
		if (ssh_event_dopoll(s->event, s->closing_since ? 100 : 1000) == SSH_ERROR) {
			reason = "client-gone";
			break;
		}
		channel_after_poll(s);
		if (!ssh_is_connected(ssh)) {
			reason = "client-gone";
			break;
		}
		/* SFTP requests that arrived whole are answered here, outside the callbacks. */
		sftpd_pump(s);
	}
	/* Flush what the TUI wrote last, then close politely. */
	if (s->chan != NULL && s->pty_master >= 0)
		ssh_event_remove_fd(s->event, s->pty_master);
	session_exit(s, reason);
}
