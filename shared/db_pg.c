/* db_pg.c: the PostgreSQL backend of the db API (libpq, server-side prepared statements). */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_pg_impl.h"
#include "err.h"
#include "log.h"

/* Bound parameters per statement; program SQL never comes near this. */
#define PG_MAX_PARAMS 64

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

#define PGST(st) ((struct pg_stmt *)(st)->impl)

static int
pg_prepare(struct db *db, struct db_stmt *st)
{
	struct pg_conn *pc = db->impl;
	struct pg_stmt *ps;
	PGresult *res;
	int r;

	if ((r = dbpg_sync(db)) != 0)      /* PQprepare is not allowed in pipeline mode */
		return r;
	if ((ps = calloc(1, sizeof *ps)) == NULL)
		return JS_ERR_NOMEM;
	snprintf(ps->name, sizeof ps->name, "js%u", ++pc->next_name);
	res = PQprepare(pc->conn, ps->name, st->native_sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		r = dbpg_result_err(db, res);
		PQclear(res);
		free(ps);
		return r;
	}
	PQclear(res);
	res = PQdescribePrepared(pc->conn, ps->name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		r = dbpg_result_err(db, res);
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

		if ((r = dbpg_drain(st->db)) != 0)
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
				return dbpg_conn_err(st->db, "send");
			if ((r = dbpg_pipeline_finish(st->db, &ps->res)) != 0)
				return r;
		}
		s = PQresultStatus(ps->res);
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			r = dbpg_result_err(st->db, ps->res);
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

	if ((r = dbpg_defer_room(st->db)) == 0) {
		/* libpq copies the parameters into its output buffer here. */
		if (PQsendQueryPrepared(pc->conn, ps->name, ps->nparams, ps->values,
		    ps->lengths, ps->formats, 0) == 1) {
			pc->pending[pc->npending++] = st->sql;
			pc->nstmt++;
		}
		else
			r = dbpg_send_failed(st->db);
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
	.exec = dbpg_exec,
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
	.exec_defer = dbpg_exec_defer,
	.sync = dbpg_sync,
	.exec_send = dbpg_exec_send,
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
	if ((r = dbpg_exec(db, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'")) != 0) {
		PQfinish(pc->conn);
		free(pc);
		return r;
	}
	return 0;
}
