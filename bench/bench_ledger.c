/*
 * bench_ledger.c: ledger transfers per second with N client processes.
 *
 *   bench_ledger sqlite|pg CLIENTS SECONDS
 *
 * Each client posts two-legged transfers with fresh idempotency keys between random
 * accounts of 1,000 well-funded users (so none is refused), each one its own durable
 * transaction, until the time is up. Prints "transfers/s N" on the last line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "err.h"
#include "ledger.h"
#include "log.h"
#include "proc.h"
#include "testdb.h"

#define ACCOUNTS 1000

static char url[1024];
static int64_t ids[ACCOUNTS];

static void
setup(void)
{
	struct db *db = proc_open(url);
	int64_t clearing;
	char key[32];
	int i;

	if (ledger_account(db, "platform", 0, "clearing:sandbox", "CNY", &clearing) != 0)
		proc_die("account", db_errmsg(db));
	for (i = 0; i < ACCOUNTS; i++) {
		struct ledger_posting p[2];
		struct ledger_tx_req req = { .idem_key = key, .kind = "fund", .postings = p,
			.n = 2 };

		if (ledger_account(db, "user", i + 1, "available", "CNY", &ids[i]) != 0)
			proc_die("account", db_errmsg(db));
		p[0].account_id = clearing, p[0].amount = -100000000000;
		p[1].account_id = ids[i], p[1].amount = 100000000000;
		snprintf(key, sizeof key, "fund:%d", i);
		if (ledger_post(db, &req, NULL, NULL) != 0)
			proc_die("fund", db_errmsg(db));
	}
	db_close(db);
}

static void
client(int c, double seconds, int fd)
{
	struct db *db = proc_open(url);
	double end = proc_now() + seconds;
	long done = 0;
	char key[48];
	int r;

	srandom((unsigned)getpid());
	while (proc_now() < end) {
		int a = (int)(random() % ACCOUNTS), b = (int)(random() % (ACCOUNTS - 1));
		struct ledger_posting p[2];
		struct ledger_tx_req req = { .idem_key = key, .kind = "transfer",
			.postings = p, .n = 2 };

		if (b >= a)
			b++;
		p[0].account_id = ids[a], p[0].amount = -(1 + random() % 10000);
		p[1].account_id = ids[b], p[1].amount = -p[0].amount;
		snprintf(key, sizeof key, "b:%d:%ld", c, done);
		if ((r = ledger_post(db, &req, NULL, NULL)) != 0)
			proc_die("post", js_strerror(r));
		done++;
	}
	if (write(fd, &done, sizeof done) != (ssize_t)sizeof done)
		proc_die("write", strerror(errno));
	db_close(db);
	_exit(0);
}

int
main(int argc, char **argv)
{
	int clients, c, fds[2], status;
	double seconds, t0, t1;
	long total = 0, n;

	proc_name("bench_ledger");
	if (argc != 4)
		proc_die("usage", "bench_ledger sqlite|pg CLIENTS SECONDS");
	clients = atoi(argv[2]);
	seconds = atof(argv[3]);
	if (clients < 1 || clients > 64 || seconds <= 0)
		proc_die("usage", "bad numbers");
	log_init("bench_ledger", LOG_LVL_WARN, 0);
	testdb_create(strcmp(argv[1], "pg") == 0 ? TESTDB_PG : TESTDB_SQLITE, url,
	    sizeof url);
	setup();
	if (pipe(fds) != 0)
		proc_die("pipe", strerror(errno));
	t0 = proc_now();
	for (c = 0; c < clients; c++) {
		pid_t pid = fork();

		if (pid < 0)
			proc_die("fork", strerror(errno));
		if (pid == 0)
			client(c, seconds, fds[1]);
	}
	for (c = 0; c < clients; c++) {
		if (read(fds[0], &n, sizeof n) != (ssize_t)sizeof n)
			proc_die("read", "client died");
		total += n;
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			proc_die("client", "failed");
	t1 = proc_now();
	testdb_drop(url);
	printf("transfers %ld in %.2f s\n", total, t1 - t0);
	printf("transfers/s %.0f\n", (double)total / (t1 - t0));
	return 0;
}
