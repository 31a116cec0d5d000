/* db_bulk.c: bulk loads: a table's secondary indexes dropped for the load and rebuilt once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_bulk.h"
#include "err.h"
#include "log.h"

/*
 * Secondary indexes of one table and their definitions, from the catalog. Indexes that
 * back a constraint (primary key, UNIQUE) stay: SQLite gives them no SQL text, and
 * PostgreSQL's pg_constraint names them.
 */
static const char sqlite_list[] = "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
    " AND sql IS NOT NULL AND tbl_name = $1 ORDER BY name";
static const char pg_list[] = "SELECT i.indexname, i.indexdef FROM pg_indexes i"
    " WHERE i.schemaname = current_schema() AND i.tablename = $1 AND NOT EXISTS"
    " (SELECT 1 FROM pg_constraint c JOIN pg_class x ON x.oid = c.conindid"
    " WHERE x.relname = i.indexname) ORDER BY i.indexname";

/* Our index names are plain identifiers; anything else is left alone, not quoted. */
static int
plain_name(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");

	return n > 0 && n < 64 && s[n] == '\0';
}

static int
save_table(struct db *db, const char *table, struct db_bulk *b)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, db_dialect(db) == DB_PG ? pg_list : sqlite_list, &st)) != 0 ||
	    (r = db_bind_text(st, 1, table)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW) {
		const char *name = db_col_text(st, 0);

		if (!plain_name(name))
			continue;
		if (b->n == DB_BULK_MAX) {
			r = JS_ERR_TOO_BIG;
			break;
		}
		snprintf(b->name[b->n], sizeof b->name[b->n], "%s", name);
		if ((b->sql[b->n] = strdup(db_col_text(st, 1))) == NULL) {
			r = JS_ERR_NOMEM;
			break;
		}
		b->n++;
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

int
db_bulk_begin(struct db *db, const char *const *tables, struct db_bulk *b)
{
	char sql[128];
	size_t i;
	int r = 0;

	memset(b, 0, sizeof *b);
	/*
	 * For the load only: SQLite keeps the load's pages in a 256 MiB cache rather than
	 * spilling them to the WAL mid-transaction (cache_spill stays on: an FTS5 merge
	 * bigger than the cache spills instead of growing memory), does not fsync commits
	 * (a power loss may lose or damage what was loaded: benchmark and demo data,
	 * reloadable), and lets CREATE INDEX sort on a second thread; PostgreSQL commits
	 * without waiting for the WAL flush (a crash loses the last commits, never
	 * consistency) and builds the indexes with more sort memory.
	 */
	if ((r = db_exec(db, db_dialect(db) == DB_PG ? "SET synchronous_commit = off;"
	    " SET maintenance_work_mem = '256MB'" :
	    "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA threads = 2")) != 0)
		return r;
	b->pragmas = 1;
	for (i = 0; tables[i] != NULL && r == 0; i++)
		r = plain_name(tables[i]) ? save_table(db, tables[i], b) : JS_ERR_INVALID;
	for (i = 0; i < b->n && r == 0; i++) {
		snprintf(sql, sizeof sql, "DROP INDEX %s", b->name[i]);
		if ((r = db_exec(db, sql)) == 0)
			b->dropped = i + 1;
	}
	if (r != 0)
		db_bulk_end(db, b);        /* nothing was loaded: b->tables is NULL */
	else
		b->tables = tables;
	return r;
}

int
db_bulk_end(struct db *db, struct db_bulk *b)
{
	char sql[96];
	size_t i;
	int r = 0, e;

	/*
	 * Durability first, so that the rebuild's commits are synced ones: each flushes
	 * the WAL with everything the load wrote before it. On SQLite the load's
	 * checkpoints copied pages into the database file without fsync, so a last
	 * checkpoint (synchronous FULL: it syncs the WAL, copies, then syncs the file)
	 * makes the file itself durable before we return.
	 */
	if (b->pragmas && (r = db_exec(db, db_dialect(db) == DB_PG ?
	    "RESET synchronous_commit" : "PRAGMA synchronous = FULL")) != 0)
		log_error("cannot restore durability: %s", db_errmsg(db));
	for (i = 0; i < b->n; i++) {
		if (i < b->dropped && (e = db_exec(db, b->sql[i])) != 0) {
			log_error("cannot rebuild index %s: %s", b->name[i], db_errmsg(db));
			if (r == 0)
				r = e;
		}
		free(b->sql[i]);
		b->sql[i] = NULL;
	}
	b->n = b->dropped = 0;
	/* one statement each: VACUUM cannot run in a multi-statement string's transaction */
	for (i = 0; db_dialect(db) == DB_PG && b->tables != NULL && b->tables[i] != NULL;
	    i++) {
		snprintf(sql, sizeof sql, "VACUUM (ANALYZE) %s", b->tables[i]);
		if ((e = db_exec(db, sql)) != 0) {
			log_error("cannot vacuum %s: %s", b->tables[i], db_errmsg(db));
			if (r == 0)
				r = e;
		}
	}
	b->tables = NULL;
	if (b->pragmas && (e = db_exec(db, db_dialect(db) == DB_PG ?
	    "RESET maintenance_work_mem" : "PRAGMA wal_checkpoint(FULL); PRAGMA threads = 0;"
	    " PRAGMA cache_size = -2000")) != 0 && r == 0)
		r = e;
	b->pragmas = 0;
	return r;
}
