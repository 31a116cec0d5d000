/* db_pg.c: the PostgreSQL backend of the db API (libpq, server-side prepared statements). */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "err.h"
#include "log.h"

/* Bound parameters per statement; program SQL never comes near this. */
#define PG_MAX_PARAMS 64
/* Deferred statements in flight before a sync is forced (bounds both sides' buffers). */
#define PG_MAX_PENDING 32

struct pg_conn {
	PGconn *conn;
	unsigned next_name;
	/* Pipeline mode: statements sent and not yet answered (db_step_defer, deferred
	 * BEGIN / SAVEPOINT), their program text for error messages. */
	int npending;
	const char *pending[PG_MAX_PENDING];
	/* Counted for JISHI_DB_STATS (printed at close): statements sent, waits for the
	 * server (round trips). */
	unsigned long nstmt, nwait;
	int draining;         /* pg_exec_send's statement and Sync not yet read */
};

static int pg_drain(struct db *db);

struct pg_stmt {
	char name[24];
	int nparams;
	const char *values[PG_MAX_PARAMS];
	int lengths[PG_MAX_PARAMS];
	int formats[PG_MAX_PARAMS];
	char *owned[PG_MAX_PARAMS];        /* copies of text/blob parameters */
	char numbuf[PG_MAX_PARAMS][24];    /* text form of int64 parameters */
	PGresult *res;
	int row, nrows;
	int64_t changes;
	unsigned char *unescaped;          /* last bytea column handed out */
};

#define CONN(db) (((struct pg_conn *)(db)->impl)->conn)
#define PGST(st) ((struct pg_stmt *)(st)->impl)

/* Map a failed result to a JS_ERR_* code and record its message. */
static int
pg_result_err(struct db *db, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(CONN(db));
	size_t n;

	db_set_error(db, "postgres: %s%s%s", state ? state : "", state ? " " : "", msg);
	n = strlen(db->errmsg);
	while (n > 0 && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' '))
		db->errmsg[--n] = '\0';
	if (state == NULL)
		return JS_ERR_DB;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return JS_ERR_BUSY;      /* serialization failure, deadlock, lock not available */
	if (strcmp(state, "23505") == 0)
		return JS_ERR_EXISTS;
	if (strncmp(state, "23", 2) == 0)
		return JS_ERR_CONSTRAINT;
	if (strcmp(state, "54000") == 0)
		return JS_ERR_TOO_BIG;
	return JS_ERR_DB;
}

/*
 * Pipeline mode (docs/db.md): db_step_defer and the deferred BEGIN / SAVEPOINT only
 * send. The next statement that must wait - one whose rows or count are read, COMMIT,
 * RELEASE - is sent behind them, then a Sync, and all their results are read in order:
 * the deferred statements and the waiting one cost one round trip together. A failed
 * deferred statement makes the server skip the rest up to the Sync, so the waiting
 * statement reports that first error instead of its own result.
 */
static int
pg_conn_err(struct db *db, const char *what)
{
	db_set_error(db, "postgres: %s: %s", what, PQerrorMessage(CONN(db)));
	return JS_ERR_DB;
}

static int
pg_pipeline_enter(struct db *db)
{
	if (PQpipelineStatus(CONN(db)) == PQ_PIPELINE_ON)
		return 0;
	return PQenterPipelineMode(CONN(db)) == 1 ? 0 : pg_conn_err(db, "pipeline");
}

/*
 * Sync and read every pending result, then leave pipeline mode. When `last` is not
 * NULL the last statement sent is the waiting one: its result goes to *last (NULL when
 * it failed or was skipped). Returns the first error, else 0.
 */
static int
pg_pipeline_finish(struct db *db, PGresult **last)
{
	struct pg_conn *pc = db->impl;
	int n = pc->npending + (last != NULL), i, r = 0;
	PGresult *res;

	if (last != NULL)
		*last = NULL;
	pc->nwait++;
	if (PQpipelineSync(pc->conn) != 1) {
		r = pg_conn_err(db, "pipeline sync");
		n = 0;
	}
	for (i = 0; i < n; i++) {
		ExecStatusType s;

		if ((res = PQgetResult(pc->conn)) == NULL) {
			if (r == 0)
				r = pg_conn_err(db, "pipeline result missing");
			break;
		}
		s = PQresultStatus(res);
		if (s == PGRES_FATAL_ERROR && r == 0) {
			r = pg_result_err(db, res);
			if (i < pc->npending) {
				size_t len = strlen(db->errmsg);

				snprintf(db->errmsg + len, sizeof db->errmsg - len,
				    " (deferred: %.120s)", pc->pending[i]);
			}
		}
		if (last != NULL && i == n - 1 && s != PGRES_FATAL_ERROR &&
		    s != PGRES_PIPELINE_ABORTED)
			*last = res;
		else
			PQclear(res);
		/* Each statement's results end with a NULL. */
		if ((res = PQgetResult(pc->conn)) != NULL) {
			PQclear(res);
			if (r == 0)
				r = pg_conn_err(db, "pipeline out of step");
			break;
		}
	}
	pc->npending = 0;
	if (i == n) {
		res = PQgetResult(pc->conn);
		if (PQresultStatus(res) != PGRES_PIPELINE_SYNC && r == 0)
			r = pg_conn_err(db, "pipeline sync missing");
		PQclear(res);
	}
	if (PQexitPipelineMode(pc->conn) != 1 && r == 0)
		r = pg_conn_err(db, "pipeline exit");
	if (r == 0 && last != NULL && *last == NULL)
		r = pg_conn_err(db, "pipeline result lost");
	if (r != 0 && last != NULL && *last != NULL) {
		PQclear(*last);
		*last = NULL;
	}
	return r;
}

static int
pg_sync(struct db *db)
{
	struct pg_conn *pc = db->impl;
	int r;

	if ((r = pg_drain(db)) != 0)
		return r;
	if (pc->npending == 0)
		return 0;
	return pg_pipeline_finish(db, NULL);
}

/*
 * A deferred send failed (the connection is broken): with nothing else in flight, leave
 * pipeline mode so that later statements do not all fail with "not allowed in pipeline
 * mode" instead of the connection's own error.
 */
static int
pg_send_failed(struct db *db)
{
	struct pg_conn *pc = db->impl;
	int r = pg_conn_err(db, "send");

	if (pc->npending == 0)
		(void)PQexitPipelineMode(pc->conn);
	return r;
}

/* Make room for one more deferred statement and enter pipeline mode. */
static int
pg_defer_room(struct db *db)
{
	struct pg_conn *pc = db->impl;
	int r;

	if ((r = pg_drain(db)) != 0)
		return r;
	if (pc->npending >= PG_MAX_PENDING && (r = pg_sync(db)) != 0)
		return r;
	return pg_pipeline_enter(db);
}

static int
pg_exec_defer(struct db *db, const char *sql)
{
	struct pg_conn *pc = db->impl;
	int r;

	if ((r = pg_defer_room(db)) != 0)
		return r;
	if (PQsendQueryParams(pc->conn, sql, 0, NULL, NULL, NULL, NULL, 0) != 1)
		return pg_send_failed(db);
	pc->nstmt++;
	pc->pending[pc->npending++] = sql[0] == 'B' ? "BEGIN" : sql[1] == 'A' ? "SAVEPOINT" :
	    "SET LOCAL";
	return 0;
}

static int pg_exec(struct db *db, const char *sql);

/*
 * A read-only transaction's ROLLBACK (db_tx_snapshot), sent with a Sync and not waited
 * for: the server ends the transaction and goes idle at once, and its two results are
 * read (pg_drain) when the connection is next used, by which time they have long
 * arrived. Waiting for them here cost every search a round trip (~40 µs of 0.6-0.8 ms
 * for a browse). With anything still in flight it is an ordinary statement.
 */
static int
pg_exec_send(struct db *db, const char *sql)
{
	struct pg_conn *pc = db->impl;
	int r;

	if (pc->npending > 0 || pc->draining)
		return pg_exec(db, sql);
	if ((r = pg_pipeline_enter(db)) != 0)
		return r;
	pc->nstmt++;
	if (PQsendQueryParams(pc->conn, sql, 0, NULL, NULL, NULL, NULL, 0) != 1)
		return pg_send_failed(db);
	if (PQpipelineSync(pc->conn) != 1)
		return pg_conn_err(db, "pipeline sync");
	pc->draining = 1;
	return 0;
}

/* Read what pg_exec_send left in flight (its result, then its Sync); leave pipeline mode. */
static int
pg_drain(struct db *db)
{
	struct pg_conn *pc = db->impl;
	PGresult *res;
	int r = 0, i;

	if (!pc->draining)
		return 0;
	pc->draining = 0;
	for (i = 0; i < 3; i++) {
		ExecStatusType want = i == 0 ? PGRES_COMMAND_OK : PGRES_PIPELINE_SYNC;

		res = PQgetResult(pc->conn);
		if (i == 1) {                 /* the statement's results end with a NULL */
			if (res != NULL && r == 0)
				r = pg_conn_err(db, "pipeline out of step");
			PQclear(res);
			continue;
		}
		if (res == NULL) {            /* nothing more will come: the connection broke */
			if (r == 0)
				r = pg_conn_err(db, "pipeline drain");
			break;
		}
		/* a failed statement's NULL and the Sync still follow: read them too */
		if (PQresultStatus(res) != want && r == 0)
			r = PQresultStatus(res) == PGRES_FATAL_ERROR ? pg_result_err(db, res) :
			    pg_conn_err(db, "pipeline drain");
		PQclear(res);
	}
	if (PQexitPipelineMode(pc->conn) != 1 && r == 0)
		r = pg_conn_err(db, "pipeline exit");
	return r;
}

static int
pg_exec(struct db *db, const char *sql)
{
	struct pg_conn *pc = db->impl;
	PGresult *res;
	ExecStatusType s;
	int r = 0;

	if ((r = pg_drain(db)) != 0)
		return r;
	pc->nstmt++;
	if (pc->npending > 0) {
		if (strchr(sql, ';') != NULL) {
			/* Several statements need the simple protocol: no pipeline. */
			if ((r = pg_sync(db)) != 0)
				return r;
			res = PQexec(pc->conn, sql);
		} else {
			/* COMMIT, RELEASE ...: behind the deferred ones, one round trip. */
			if (PQsendQueryParams(pc->conn, sql, 0, NULL, NULL, NULL, NULL, 0) != 1)
				return pg_conn_err(db, "send");
			if ((r = pg_pipeline_finish(db, &res)) != 0)
				return r;
		}
	} else {
		pc->nwait++;
		res = PQexec(pc->conn, sql);
	}
	s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
		r = pg_result_err(db, res);
	} else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0 &&
	    strcmp(sql, "COMMIT") == 0) {
		/* COMMIT of a transaction an earlier error aborted "succeeds" as ROLLBACK. */
		db_set_error(db, "postgres: transaction was aborted, commit rolled back");
		r = JS_ERR_DB;
	}
	PQclear(res);
	return r;
}

static int
pg_prepare(struct db *db, struct db_stmt *st)
{
	struct pg_conn *pc = db->impl;
	struct pg_stmt *ps;
	PGresult *res;
	int r;

	if ((r = pg_sync(db)) != 0)      /* PQprepare is not allowed in pipeline mode */
		return r;
	if ((ps = calloc(1, sizeof *ps)) == NULL)
		return JS_ERR_NOMEM;
	snprintf(ps->name, sizeof ps->name, "js%u", ++pc->next_name);
	res = PQprepare(pc->conn, ps->name, st->native_sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		r = pg_result_err(db, res);
		PQclear(res);
		free(ps);
		return r;
	}
	PQclear(res);
	res = PQdescribePrepared(pc->conn, ps->name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		r = pg_result_err(db, res);
		PQclear(res);
		free(ps);
		return r;
	}
	ps->nparams = PQnparams(res);
	PQclear(res);
	if (ps->nparams > PG_MAX_PARAMS) {
		db_set_error(db, "postgres: statement has %d parameters (max %d)",
		    ps->nparams, PG_MAX_PARAMS);
		free(ps);
		return JS_ERR_INVALID;
	}
	st->impl = ps;
	return 0;
}

static void
pg_clear_results(struct pg_stmt *ps)
{
	PQclear(ps->res);
	ps->res = NULL;
	ps->row = ps->nrows = 0;
	PQfreemem(ps->unescaped);
	ps->unescaped = NULL;
}

static void
pg_reset(struct db_stmt *st)
{
	struct pg_stmt *ps = PGST(st);
	int i;

	pg_clear_results(ps);
	for (i = 0; i < ps->nparams; i++) {
		free(ps->owned[i]);
		ps->owned[i] = NULL;
		ps->values[i] = NULL;
		ps->lengths[i] = 0;
		ps->formats[i] = 0;
	}
}

static void
pg_finalize(struct db_stmt *st)
{
	struct pg_stmt *ps = PGST(st);

	if (ps == NULL)
		return;
	pg_reset(st);
	free(ps);
}

/* Check idx and drop any previous value of that parameter. */
static int
pg_bind_slot(struct db_stmt *st, int idx)
{
	struct pg_stmt *ps = PGST(st);

	if (idx < 1 || idx > ps->nparams) {
		db_set_error(st->db, "postgres: bind index %d out of range", idx);
		return JS_ERR_INVALID;
	}
	free(ps->owned[idx - 1]);
	ps->owned[idx - 1] = NULL;
	ps->formats[idx - 1] = 0;
	ps->lengths[idx - 1] = 0;
	return 0;
}

static int
pg_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	struct pg_stmt *ps = PGST(st);
	int r;

	if ((r = pg_bind_slot(st, idx)) != 0)
		return r;
	snprintf(ps->numbuf[idx - 1], sizeof ps->numbuf[0], "%lld", (long long)v);
	ps->values[idx - 1] = ps->numbuf[idx - 1];
	return 0;
}

static int
pg_bind_text(struct db_stmt *st, int idx, const char *s)
{
	struct pg_stmt *ps = PGST(st);
	int r;

	if ((r = pg_bind_slot(st, idx)) != 0)
		return r;
	if ((ps->owned[idx - 1] = strdup(s)) == NULL)
		return JS_ERR_NOMEM;
	ps->values[idx - 1] = ps->owned[idx - 1];
	return 0;
}

static int
pg_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	struct pg_stmt *ps = PGST(st);
	int r;

	if ((r = pg_bind_slot(st, idx)) != 0)
		return r;
	if (n > 0x7fffffff)
		return JS_ERR_TOO_BIG;
	if ((ps->owned[idx - 1] = malloc(n ? n : 1)) == NULL)
		return JS_ERR_NOMEM;
	if (n > 0)
		memcpy(ps->owned[idx - 1], p, n);
	ps->values[idx - 1] = ps->owned[idx - 1];
	ps->lengths[idx - 1] = (int)n;
	ps->formats[idx - 1] = 1;
	return 0;
}

static int
pg_bind_null(struct db_stmt *st, int idx)
{
	int r;

	if ((r = pg_bind_slot(st, idx)) != 0)
		return r;
	PGST(st)->values[idx - 1] = NULL;
	return 0;
}

static int
pg_step(struct db_stmt *st)
{
	struct pg_stmt *ps = PGST(st);
	ExecStatusType s;
	int r;

	if (ps->res == NULL) {
		struct pg_conn *pc = st->db->impl;

		if ((r = pg_drain(st->db)) != 0)
			return r;
		pc->nstmt++;
		if (pc->npending == 0) {
			pc->nwait++;
			ps->res = PQexecPrepared(pc->conn, ps->name, ps->nparams, ps->values,
			    ps->lengths, ps->formats, 0);
		} else {
			/* Behind the deferred statements, in one round trip with them. */
			if (PQsendQueryPrepared(pc->conn, ps->name, ps->nparams, ps->values,
			    ps->lengths, ps->formats, 0) != 1)
				return pg_conn_err(st->db, "send");
			if ((r = pg_pipeline_finish(st->db, &ps->res)) != 0)
				return r;
		}
		s = PQresultStatus(ps->res);
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			r = pg_result_err(st->db, ps->res);
			pg_clear_results(ps);
			return r;
		}
		ps->changes = strtoll(PQcmdTuples(ps->res), NULL, 10);
		ps->nrows = s == PGRES_TUPLES_OK ? PQntuples(ps->res) : 0;
		ps->row = -1;
	}
	PQfreemem(ps->unescaped);
	ps->unescaped = NULL;
	if (ps->row + 1 < ps->nrows) {
		ps->row++;
		return DB_ROW;
	}
	ps->row = ps->nrows;
	return DB_DONE;
}

static int
pg_step_defer(struct db_stmt *st)
{
	struct pg_stmt *ps = PGST(st);
	struct pg_conn *pc = st->db->impl;
	int r;

	if ((r = pg_defer_room(st->db)) == 0) {
		/* libpq copies the parameters into its output buffer here. */
		if (PQsendQueryPrepared(pc->conn, ps->name, ps->nparams, ps->values,
		    ps->lengths, ps->formats, 0) == 1) {
			pc->pending[pc->npending++] = st->sql;
			pc->nstmt++;
		}
		else
			r = pg_send_failed(st->db);
	}
	pg_reset(st);
	return r;
}

static int64_t
pg_changes(struct db_stmt *st)
{
	return PGST(st)->changes;
}

static int
pg_col_count(struct db_stmt *st)
{
	struct pg_stmt *ps = PGST(st);

	return ps->res ? PQnfields(ps->res) : 0;
}

/* Is there a current row and column i? */
static int
pg_has(struct pg_stmt *ps, int i)
{
	return ps->res != NULL && ps->row >= 0 && ps->row < ps->nrows && i >= 0 &&
	    i < PQnfields(ps->res);
}

static int
pg_col_is_null(struct db_stmt *st, int i)
{
	struct pg_stmt *ps = PGST(st);

	return !pg_has(ps, i) || PQgetisnull(ps->res, ps->row, i);
}

static const char *
pg_col_text(struct db_stmt *st, int i)
{
	struct pg_stmt *ps = PGST(st);

	if (pg_col_is_null(st, i))
		return NULL;
	return PQgetvalue(ps->res, ps->row, i);
}

static int64_t
pg_col_int64(struct db_stmt *st, int i)
{
	const char *s = pg_col_text(st, i);

	return s ? strtoll(s, NULL, 10) : 0;
}

static const void *
pg_col_blob(struct db_stmt *st, int i, size_t *len)
{
	struct pg_stmt *ps = PGST(st);
	const char *s = pg_col_text(st, i);

	*len = 0;
	if (s == NULL)
		return NULL;
	PQfreemem(ps->unescaped);
	ps->unescaped = PQunescapeBytea((const unsigned char *)s, len);
	return ps->unescaped;
}

static void
pg_close(struct db *db)
{
	struct pg_conn *pc = db->impl;

	if (getenv("JISHI_DB_STATS") != NULL)
		fprintf(stderr, "db stats: postgres statements %lu round trips %lu\n",
		    pc->nstmt, pc->nwait);
	PQfinish(pc->conn);
	free(pc);
}

static unsigned long
pg_round_trips(const struct db *db)
{
	const struct pg_conn *pc = db->impl;

	return pc->nwait;
}

static const struct db_ops pg_ops = {
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_int64 = pg_bind_int64,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.changes = pg_changes,
	.reset = pg_reset,
	.col_count = pg_col_count,
	.col_is_null = pg_col_is_null,
	.col_int64 = pg_col_int64,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.close = pg_close,
	.step_defer = pg_step_defer,
	.exec_defer = pg_exec_defer,
	.sync = pg_sync,
	.exec_send = pg_exec_send,
	.round_trips = pg_round_trips,
};

/* Server notices (e.g. "relation already exists, skipping") go to the debug log. */
static void
pg_notice(void *arg, const char *message)
{
	(void)arg;
	log_debug("postgres notice: %s", message);
}

int
db_pg_open(struct db *db, const char *conninfo)
{
	struct pg_conn *pc;
	int r;

	if ((pc = calloc(1, sizeof *pc)) == NULL)
		return JS_ERR_NOMEM;
	pc->conn = PQconnectdb(conninfo);
	db->ops = &pg_ops;
	db->impl = pc;
	if (PQstatus(pc->conn) != CONNECTION_OK) {
		db_set_error(db, "postgres: cannot connect: %s", PQerrorMessage(pc->conn));
		PQfinish(pc->conn);
		free(pc);
		return JS_ERR_DB;
	}
	PQsetNoticeProcessor(pc->conn, pg_notice, NULL);
	if ((r = pg_exec(db, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'")) != 0) {
		PQfinish(pc->conn);
		free(pc);
		return r;
	}
	return 0;
}
