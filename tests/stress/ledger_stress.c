/*
 * ledger_stress.c: many processes moving money at once, some killed with SIGKILL, and
 * proof afterwards that no fen was created, lost or counted twice.
 *
 *   ledger_stress [--kill ROUNDS] sqlite|pg PROCS OPS ACCOUNTS
 *
 * It makes a fresh database on the store (PostgreSQL: $JISHI_TEST_PG) and drops it after.
 *
 * Each transfer's content (from, to, amount) is a pure function of its idempotency key,
 * and workers draw keys from a space half the size of the work, so the same key is
 * posted again and again, often by two processes at the same moment. One key in ten
 * asks for more than anyone has and must be refused. Workers log each outcome after
 * it commits; the check then demands that every key was applied by exactly one worker
 * and that each balance is the opening balance plus exactly the applied transfers.
 * With --kill, worker 0 is SIGKILLed at a random moment ROUNDS times and restarted on
 * the same work; the check then allows the one key it may have committed unlogged.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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
#include "migrate.h"
#include "proc.h"
#include "testdb.h"

#define OPENING 10000            /* fen each account starts with */
#define MAX_ACCOUNTS 1000

static char url[1024];
static int procs, ops, naccounts, nkeys;
static int64_t account_ids[MAX_ACCOUNTS], clearing_id;
static char logdir[] = "/tmp/ledger-stress-XXXXXX";

/* splitmix64: a key's content and a worker's choices, reproducible from a seed. */
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

struct transfer {
	int from, to;                /* indexes into account_ids */
	int64_t amount;
};

static struct transfer
key_transfer(int key)
{
	uint64_t h = mix((uint64_t)key * 7919u + 1);
	struct transfer t;

	t.from = (int)(h % (uint64_t)naccounts);
	t.to = (int)((h >> 16) % (uint64_t)(naccounts - 1));
	if (t.to >= t.from)
		t.to++;
	t.amount = (h >> 40) % 10 == 0 ? 1000000 : 1 + (int64_t)((h >> 32) % 2500);
	return t;
}

static void
setup(void)
{
	struct db *db = proc_open(url);
	char key[64];
	int i, r;

	if (ledger_account(db, "platform", 0, "clearing:sandbox", "CNY", &clearing_id) != 0)
		proc_die("account", db_errmsg(db));
	for (i = 0; i < naccounts; i++) {
		struct ledger_posting p[2];
		struct ledger_tx_req req = { .idem_key = key, .kind = "fund", .postings = p,
			.n = 2 };

		if (ledger_account(db, "user", i + 1, "available", "CNY", &account_ids[i]) != 0)
			proc_die("account", db_errmsg(db));
		p[0].account_id = clearing_id, p[0].amount = -OPENING;
		p[1].account_id = account_ids[i], p[1].amount = OPENING;
		snprintf(key, sizeof key, "fund:%d", i);
		if ((r = ledger_post(db, &req, NULL, NULL)) != 0)
			proc_die("fund", js_strerror(r));
	}
	db_close(db);
}

/* Worker w: OPS transfers with keys drawn from its own seeded sequence. */
static void
worker(int w)
{
	struct db *db = proc_open(url);
	char path[256], key[64], line[96];
	int fd, i, r, replayed, len;

	snprintf(path, sizeof path, "%s/w%d.log", logdir, w);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600)) < 0)
		proc_die("open log", strerror(errno));
	srandom((unsigned)getpid());
	for (i = 0; i < ops; i++) {
		int k = (int)(mix((uint64_t)w << 32 | (uint64_t)i) % (uint64_t)nkeys);
		struct transfer t = key_transfer(k);
		struct ledger_posting p[2] = {
			{ account_ids[t.from], -t.amount }, { account_ids[t.to], t.amount },
		};
		struct ledger_tx_req req = {
			.idem_key = key, .kind = "transfer", .postings = p, .n = 2,
		};

		snprintf(key, sizeof key, "k%d", k);
		r = ledger_post(db, &req, NULL, &replayed);
		if (r == 0)
			len = snprintf(line, sizeof line, "%c %d\n", replayed ? 'R' : 'N', k);
		else if (r == JS_ERR_FUNDS)
			len = snprintf(line, sizeof line, "F %d\n", k);
		else
			proc_die("post", js_strerror(r));
		if (write(fd, line, (size_t)len) != len)
			proc_die("write log", strerror(errno));
	}
	close(fd);
	db_close(db);
	_exit(0);
}

static pid_t
spawn(int w)
{
	pid_t pid = fork();

	if (pid < 0)
		proc_die("fork", strerror(errno));
	if (pid == 0)
		worker(w);
	return pid;
}

static void
wait_ok(pid_t pid, int w)
{
	int status;

	if (waitpid(pid, &status, 0) < 0)
		proc_die("waitpid", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "ledger_stress: worker %d failed (status %d)\n", w, status);
		exit(1);
	}
}

struct tally {
	int *applied_by;             /* per key: count of 'N' lines */
	long applied, replayed, refused;
};

static void
read_logs(struct tally *t)
{
	char path[256], kind;
	FILE *f;
	int w, k;

	t->applied_by = calloc((size_t)nkeys, sizeof *t->applied_by);
	for (w = 0; w < procs; w++) {
		snprintf(path, sizeof path, "%s/w%d.log", logdir, w);
		if ((f = fopen(path, "r")) == NULL)
			proc_die("read log", path);
		while (fscanf(f, " %c %d", &kind, &k) == 2) {
			if (k < 0 || k >= nkeys)
				proc_die("log", "key out of range");
			if (kind == 'N') {
				t->applied_by[k]++;
				t->applied++;
			} else if (kind == 'R') {
				t->replayed++;
			} else {
				t->refused++;
			}
		}
		fclose(f);
		unlink(path);
	}
	rmdir(logdir);
}

static int
verify(struct tally *t, int allowed_unlogged)
{
	struct db *db = proc_open(url);
	struct ledger_report rep;
	struct db_stmt *st;
	int64_t *expect = calloc((size_t)naccounts, sizeof *expect), bal;
	int k, i, bad = 0, unlogged = 0, r;

	for (i = 0; i < naccounts; i++)
		expect[i] = OPENING;
	if ((r = ledger_check(db, &rep)) != 0)
		proc_die("ledger_check", js_strerror(r));
	if (ledger_report_bad(&rep)) {
		fprintf(stderr, "ledger_check found violations (first id %lld)\n",
		    (long long)rep.first_bad_id);
		bad = 1;
	}
	/* Keys in the database vs. keys the workers say they applied. */
	if (db_prepare(db, "SELECT idem_key FROM ledger_tx WHERE kind = 'transfer'", &st))
		proc_die("prepare", db_errmsg(db));
	while ((r = db_step(st)) == DB_ROW) {
		k = atoi(db_col_text(st, 0) + 1);
		if (t->applied_by[k] == 0) {
			t->applied_by[k] = -1;   /* committed, killed before logging */
			unlogged++;
		}
	}
	for (k = 0; k < nkeys; k++) {
		struct transfer tr = key_transfer(k);

		if (t->applied_by[k] > 1) {
			fprintf(stderr, "key k%d applied %d times\n", k, t->applied_by[k]);
			bad = 1;
		}
		if (t->applied_by[k] != 0) {
			expect[tr.from] -= tr.amount;
			expect[tr.to] += tr.amount;
			if (tr.amount >= 1000000) {
				fprintf(stderr, "impossible key k%d was applied\n", k);
				bad = 1;
			}
		}
	}
	if (unlogged > allowed_unlogged) {
		fprintf(stderr, "%d keys applied that no worker logged (allowed %d)\n",
		    unlogged, allowed_unlogged);
		bad = 1;
	}
	for (i = 0; i < naccounts; i++) {
		if (ledger_balance(db, account_ids[i], &bal) != 0)
			proc_die("balance", db_errmsg(db));
		if (bal != expect[i]) {
			fprintf(stderr, "account %d: balance %lld, expected %lld\n", i,
			    (long long)bal, (long long)expect[i]);
			bad = 1;
		}
	}
	printf("%s: %d procs x %d transfers over %d accounts: %ld applied, %ld replayed, "
	    "%ld refused, %d committed unlogged; %lld ledger transactions; ledger_check %s\n",
	    strncmp(url, "sqlite:", 7) == 0 ? "sqlite" : "postgresql", procs, ops, naccounts,
	    t->applied, t->replayed, t->refused, unlogged, (long long)rep.transactions,
	    ledger_report_bad(&rep) ? "FAILED" : "ok");
	if (t->replayed == 0 || t->refused == 0) {
		fprintf(stderr, "the load did not exercise replays and refusals\n");
		bad = 1;
	}
	free(expect);
	db_close(db);
	return bad;
}

int
main(int argc, char **argv)
{
	struct tally t = { 0 };
	pid_t pids[64];
	int kill_rounds = 0, kills = 0, w, round;

	proc_name("ledger_stress");
	if (argc == 7 && strcmp(argv[1], "--kill") == 0) {
		kill_rounds = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 5 || (strcmp(argv[1], "sqlite") != 0 && strcmp(argv[1], "pg") != 0))
		proc_die("usage", "ledger_stress [--kill ROUNDS] sqlite|pg PROCS OPS ACCOUNTS");
	testdb_create(strcmp(argv[1], "pg") == 0 ? TESTDB_PG : TESTDB_SQLITE, url,
	    sizeof url);
	procs = atoi(argv[2]);
	ops = atoi(argv[3]);
	naccounts = atoi(argv[4]);
	if (procs < 1 || procs > 64 || ops < 1 || naccounts < 2 || naccounts > MAX_ACCOUNTS)
		proc_die("usage", "bad numbers");
	nkeys = procs * ops / 2 + 1;
	log_init("ledger_stress", LOG_LVL_WARN, 0);
	if (mkdtemp(logdir) == NULL)
		proc_die("mkdtemp", strerror(errno));
	setup();
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	for (w = 0; w < procs; w++)
		pids[w] = spawn(w);
	/* Kill worker 0 at random moments; each restart redoes its whole sequence, so its
	 * earlier keys come back as replays. */
	for (round = 0; round < kill_rounds; round++) {
		struct timespec ts = { 0, (long)(random() % 150 + 10) * 1000000L };
		int status;

		nanosleep(&ts, NULL);
		if (waitpid(pids[0], &status, WNOHANG) == 0) {
			kill(pids[0], SIGKILL);
			waitpid(pids[0], &status, 0);
			kills++;
		}
		pids[0] = spawn(0);
	}
	for (w = 0; w < procs; w++)
		wait_ok(pids[w], w);
	if (kill_rounds > 0)
		printf("killed worker 0 with SIGKILL %d times mid-run\n", kills);
	read_logs(&t);
	w = verify(&t, kill_rounds);
	testdb_drop(url);
	return w;
}
