/*
 * bench_orders.c: full order cycles per second with N client processes.
 *
 *   bench_orders sqlite|pg CLIENTS SECONDS
 *
 * A cycle is what a buyer and a seller do for one order: order_buy (create and pay from
 * the wallet in one transaction, as the gig page's "order and pay" does; the gig asks no
 * questions, so the order starts at once), order_deliver and order_accept: three
 * transactions, each durable, with the ledger postings, timeline, outbox and jobs the
 * design requires. Client c is buyer c ordering from seller c (like
 * pgbench's tellers, the clients share only the platform's fee and commission accounts).
 * Prints "cycles/s N" on the last line. BENCH_KEEP=1 in the environment keeps the
 * database (its URL on stderr) for a look at what the run wrote.
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
#include "log.h"
#include "order.h"
#include "order_fixture.h"
#include "proc.h"
#include "testdb.h"

static char url[1024];
static struct ofx_pairs fx;
static struct order_conf conf;

/* What a client reports: its cycles and its cycles' latency (ms). */
struct report {
	long done;
	double p50, p99, max;
};

#define LAT_MAX 1000000

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
client(int c, double seconds, int fd)
{
	struct db *db = proc_open(url);
	struct order_ctx cx = { db, &conf, 0 };
	double end = proc_now() + seconds, t, *lat = malloc(LAT_MAX * sizeof *lat);
	struct report rep = { 0, 0, 0, 0 };
	struct order_new n;
	long done = 0;
	int64_t id;
	int r;

	if (lat == NULL)
		proc_die("malloc", "latencies");

	memset(&n, 0, sizeof n);
	n.gig_id = fx.gig[c];
	n.tier = GIG_BASIC;
	n.quantity = 1;
	while ((t = proc_now()) < end) {
		if ((r = order_buy(&cx, fx.buyer[c], &n, &id)) != 0 ||
		    (r = order_deliver(&cx, fx.seller[c], id, "done", NULL, 0, NULL)) != 0 ||
		    (r = order_accept(&cx, fx.buyer[c], id)) != 0)
			proc_die("cycle", js_strerror(r));
		if (done < LAT_MAX)
			lat[done] = (proc_now() - t) * 1000.0;
		done++;
	}
	rep.done = done;
	if (done > 0) {
		long k = done < LAT_MAX ? done : LAT_MAX;

		qsort(lat, (size_t)k, sizeof *lat, cmp_double);
		rep.p50 = lat[k / 2];
		rep.p99 = lat[k * 99 / 100];
		rep.max = lat[k - 1];
	}
	free(lat);
	if (write(fd, &rep, sizeof rep) != (ssize_t)sizeof rep)
		proc_die("write", strerror(errno));
	db_close(db);
	_exit(0);
}

int
main(int argc, char **argv)
{
	int clients, c, fds[2], status;
	double seconds, t0, t1;
	long total = 0;
	double p50 = 0, p99 = 0, max = 0;
	struct report rep;
	struct db *db;

	proc_name("bench_orders");
	if (argc != 4)
		proc_die("usage", "bench_orders sqlite|pg CLIENTS SECONDS");
	clients = atoi(argv[2]);
	seconds = atof(argv[3]);
	if (clients < 1 || clients > OFX_PAIRS_MAX || seconds <= 0)
		proc_die("usage", "bad numbers");
	log_init("bench_orders", LOG_LVL_WARN, 0);
	order_conf_defaults(&conf);
	testdb_create(strcmp(argv[1], "pg") == 0 ? TESTDB_PG : TESTDB_SQLITE, url,
	    sizeof url);
	db = proc_open(url);
	ofx_pairs_setup(db, clients, INT64_C(1000000000000), &fx);
	db_close(db);
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
		if (read(fds[0], &rep, sizeof rep) != (ssize_t)sizeof rep)
			proc_die("read", "client died");
		total += rep.done;
		p50 = rep.p50 > p50 ? rep.p50 : p50;
		p99 = rep.p99 > p99 ? rep.p99 : p99;
		max = rep.max > max ? rep.max : max;
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			proc_die("client", "failed");
	t1 = proc_now();
	db = proc_open(url);
	if (ofx_ledger_bad(db) != 0)
		proc_die("ledger_check", "violations after the run");
	db_close(db);
	if (getenv("BENCH_KEEP") == NULL)
		testdb_drop(url);
	else
		fprintf(stderr, "kept %s\n", url);
	printf("cycles %ld in %.2f s\n", total, t1 - t0);
	printf("cycle ms (worst client) p50 %.1f p99 %.1f max %.1f\n", p50, p99, max);
	printf("cycles/s %.1f\n", (double)total / (t1 - t0));
	return 0;
}
