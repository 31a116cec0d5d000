/* worker_child.c: the master's side of the job worker: fork it at start, restart it with
 * back-off when it dies, stop it (SIGTERM, then wait) at shutdown. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "jishid.h"
#include "log.h"
#include "worker.h"

#define WORKER_RESTART_MIN 1           /* seconds before restarting a dead worker */
#define WORKER_RESTART_MAX 60          /* ...doubling while it keeps dying quickly */
#define WORKER_HEALTHY_SECS 60         /* a run this long resets the back-off */
#define WORKER_STOP_SECS 10            /* to finish the job in hand at shutdown */

static pid_t wpid;                     /* 0: not running */
static time_t started_at, next_start;
static int restart_delay = WORKER_RESTART_MIN;

/* In the child: its own store connection (the master holds none across fork), its
 * own signal handlers; privileges were already dropped by the master (privdrop). */
static void __attribute__((noreturn))
worker_child_main(ssh_bind bind, const struct jishid_config *cfg, pid_t master)
{
	struct db *db;
	char err[512];
	int status;

	/* A master killed with SIGKILL cannot stop its worker: have the kernel do it. */
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	if (getppid() != master)
		_exit(0);              /* it died before prctl */
	ssh_bind_free(bind);           /* the listener is the master's */
	signal(SIGCHLD, SIG_DFL);
	/* A name of its own, so ps and the tests can tell it from the session children. */
	prctl(PR_SET_NAME, "jishid-worker", 0, 0, 0);
	if (db_open(cfg->db_url, &db, err, sizeof err) != 0) {
		log_error("worker: store: %s", err);
		_exit(1);
	}
	status = worker_run(db, &cfg->worker, 0);
	db_close(db);
	_exit(status);
}

void
worker_child_tick(ssh_bind bind, const struct jishid_config *cfg)
{
	pid_t pid, master = getpid();

	if (!cfg->worker.enabled || wpid != 0 || time(NULL) < next_start)
		return;
	if ((pid = fork()) < 0) {
		log_error("fork: %s", strerror(errno));
		next_start = time(NULL) + restart_delay;
		return;
	}
	if (pid == 0)
		worker_child_main(bind, cfg, master);
	wpid = pid;
	started_at = time(NULL);
	log_info("worker started pid=%ld", (long)pid);
}

int
worker_child_reaped(pid_t pid, int status, int stopping)
{
	time_t up;

	if (pid != wpid || wpid == 0)
		return 0;
	wpid = 0;
	up = time(NULL) - started_at;
	if (stopping) {
		log_info("worker stopped pid=%ld status=%d", (long)pid,
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		return 1;
	}
	if (up >= WORKER_HEALTHY_SECS)
		restart_delay = WORKER_RESTART_MIN;
	next_start = time(NULL) + restart_delay;
	if (WIFSIGNALED(status))
		log_warn("worker died pid=%ld signal=%d uptime=%lds restart_in=%ds", (long)pid,
		    WTERMSIG(status), (long)up, restart_delay);
	else
		log_warn("worker exited pid=%ld status=%d uptime=%lds restart_in=%ds",
		    (long)pid, WEXITSTATUS(status), (long)up, restart_delay);
	restart_delay = restart_delay * 2 > WORKER_RESTART_MAX ? WORKER_RESTART_MAX :
	    restart_delay * 2;
	return 1;
}

void
worker_child_signal_stop(void)
{
	if (wpid != 0)
		kill(wpid, SIGTERM);
}

void
worker_child_wait(void)
{
	struct timespec tick = { 0, 50 * 1000000L };
	int i, status;
	pid_t pid;

	for (i = 0; wpid != 0 && i < WORKER_STOP_SECS * 20; i++) {
		if ((pid = waitpid(wpid, &status, WNOHANG)) == wpid ||
		    (pid < 0 && errno == ECHILD)) {
			if (pid == wpid)
				worker_child_reaped(pid, status, 1);
			wpid = 0;
			return;
		}
		nanosleep(&tick, NULL);
	}
	if (wpid == 0)
		return;
	log_warn("worker pid=%ld did not stop in %ds: killed", (long)wpid, WORKER_STOP_SECS);
	kill(wpid, SIGKILL);
	if (waitpid(wpid, &status, 0) == wpid)
		worker_child_reaped(wpid, status, 1);
	wpid = 0;
}
