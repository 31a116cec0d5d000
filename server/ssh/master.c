/* master.c: the listening process: accept, fork a session child per connection, reap
 * children (closing the session rows of those that died), stop cleanly on SIGTERM. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <libssh/server.h>

#include "account.h"
#include "db.h"
#include "jishid.h"
#include "log.h"
#include "upload.h"

/* More simultaneous connections than this are refused at accept. */
#define MASTER_MAX_CHILDREN 2000

static volatile sig_atomic_t got_chld, got_term;

static void
on_chld(int sig)
{
	(void)sig;
	got_chld = 1;
}

static void
on_term(int sig)
{
	(void)sig;
	got_term = 1;
}

/* The session children, so shutdown signals exactly them and nobody else (a server in
 * the foreground shares its process group with whoever started it). The worker child
 * is kept by worker_child.c. */
static pid_t children[MASTER_MAX_CHILDREN];
static int nchildren;

static void
child_forget(pid_t pid)
{
	int i;

	for (i = 0; i < nchildren; i++) {
		if (children[i] == pid) {
			children[i] = children[--nchildren];
			return;
		}
	}
}

/*
 * Reap finished children. The store connection is opened here and closed again before
 * returning: the master must never hold one across fork(), because SQLite's per-process
 * file and lock bookkeeping would be inherited by every child.
 */
static void
reap(const struct jishid_config *cfg)
{
	struct db *db = NULL;
	char err[256];
	int status;
	pid_t pid;

	got_chld = 0;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (worker_child_reaped(pid, status, got_term))
			continue;
		child_forget(pid);
		/* Uploads a killed child was writing (a normal exit removed its own). */
		upload_tmp_clean(cfg->data_dir, (int)pid, NULL);
		if (WIFSIGNALED(status))
			log_warn("session child died pid=%ld signal=%d", (long)pid,
			    WTERMSIG(status));
		/* A child that died without closing its session row must not hold a slot of
		 * the per-account cap. Normal exits closed theirs already (no-op here). */
		if (db == NULL && db_open(cfg->db_url, &db, err, sizeof err) != 0) {
			log_warn("cannot close sessions of pid %ld: %s", (long)pid, err);
			db = NULL;
			continue;
		}
		session_end_pid(db, (int)pid, WIFSIGNALED(status) ? "crashed" : "ended");
	}
	db_close(db);
}

static void
shutdown_children(const struct jishid_config *cfg)
{
	struct timespec tick = { 0, 50 * 1000000L };
	int i;

	if (nchildren <= 0)
		return;
	log_info("stopping sessions=%d", nchildren);
	for (i = 0; i < nchildren; i++)
		kill(children[i], SIGHUP);
	for (i = 0; i < 100 && nchildren > 0; i++) {
		nanosleep(&tick, NULL);
		reap(cfg);
	}
}

int
master_run(ssh_bind bind, const struct jishid_config *cfg)
{
	struct sigaction sa;
	struct pollfd pfd;
	ssh_session ssh;
	pid_t pid;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_chld;
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);        /* ours to send to the children at shutdown */
	signal(SIGPIPE, SIG_IGN);
	pfd.fd = ssh_bind_get_fd(bind);
	pfd.events = POLLIN;
	log_info("listening addr=%s port=%d", cfg->listen_addr, cfg->listen_port);
	while (!got_term) {
		if (got_chld)
			reap(cfg);
		worker_child_tick(bind, cfg);     /* first start, and restarts after a death */
		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		if ((ssh = ssh_new()) == NULL)
			continue;
		if (ssh_bind_accept(bind, ssh) != SSH_OK) {
			log_warn("accept: %s", ssh_get_error(bind));
			ssh_free(ssh);
			continue;
		}
		if (nchildren >= MASTER_MAX_CHILDREN) {
			log_warn("refusing connection: %d sessions running", nchildren);
			ssh_free(ssh);
			continue;
		}
		if ((pid = fork()) < 0) {
			log_error("fork: %s", strerror(errno));
			ssh_free(ssh);
			continue;
		}
		if (pid == 0) {
			/* The child owns only its connection, not the listener. */
			ssh_bind_free(bind);
			session_serve(ssh, cfg);
		}
		children[nchildren++] = pid;
		ssh_free(ssh);          /* the parent's copy of the connection */
	}
	log_info("shutting down");
	/* The worker finishes the job in hand while the sessions are told to go. */
	worker_child_signal_stop();
	shutdown_children(cfg);
	worker_child_wait();
	return 0;
}
