/* jishid.h: the SSH server: configuration and the pieces the master and session share. */
#ifndef JS_JISHID_H
#define JS_JISHID_H

#include <stdint.h>
#include <sys/types.h>

#include <libssh/libssh.h>
#include <libssh/server.h>

#include "worker.h"

#define JISHID_PREAUTH_SECONDS 20     /* from TCP accept to authenticated */
#define JISHID_KEX_TIMEOUT 10         /* seconds for the key exchange alone */
#define JISHID_MAX_PASSWORD_TRIES 3   /* per connection */
#define JISHID_MAX_PUBKEY_OFFERS 12   /* per connection */

struct jishid_config {
	char listen_addr[128];
	int listen_port;
	char data_dir[512];
	char db_url[1024];
	char host_key[2][1024];       /* explicit host key files (--host-key), "" if none */
	int n_host_keys;
	char run_user[64];            /* drop to this user when started as root */
	int foreground;
	int max_sessions;             /* per account */
	int idle_timeout;             /* seconds; 0 = never */
	int64_t upload_max_file;      /* [uploads] max_file: bytes of one upload */
	int64_t upload_quota;         /* [uploads] quota: bytes of one account's uploads */
	int log_level;
	struct worker_config worker;  /* [worker], [orders]: the worker child and the TUI */
};

/* hostkey.c: generate (first start) or load the host keys into the bind. */
int hostkey_setup(ssh_bind bind, const struct jishid_config *cfg);

/* master.c: accept connections and fork a session child for each; returns at shutdown. */
int master_run(ssh_bind bind, const struct jishid_config *cfg);

/* session.c: serve one connection in the forked child; never returns (_exit). */
void session_serve(ssh_session ssh, const struct jishid_config *cfg)
    __attribute__((noreturn));

/* worker_child.c: the worker child of the master. tick starts it when it is enabled,
 * not running and its restart back-off has passed; reaped takes a waitpid result and
 * returns 1 if it was the worker (then logged, and a restart scheduled unless
 * `stopping`); signal_stop sends it SIGTERM and wait waits for it to finish its job
 * (SIGKILL after a time-out). */
void worker_child_tick(ssh_bind bind, const struct jishid_config *cfg);
int worker_child_reaped(pid_t pid, int status, int stopping);
void worker_child_signal_stop(void);
void worker_child_wait(void);

/* privdrop.c: when root, hand the data dir to run_user and become that user. */
int privdrop(const struct jishid_config *cfg);

#endif
