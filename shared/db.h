/* db.h: one database API over SQLite and PostgreSQL, opened by URL. */
#ifndef JS_DB_H
#define JS_DB_H

#include <stddef.h>
#include <stdint.h>

/*
 * SQL in Jishi is written once, in the PostgreSQL dialect's common subset:
 *  - placeholders are $1, $2, ... (SQLite gets them translated to ?1, ?2, ...);
 *  - `FOR UPDATE [SKIP LOCKED | NOWAIT]` is dropped on SQLite, where every write
 *    transaction already holds the database's single write lock (BEGIN IMMEDIATE);
 *  - no SQL text is ever built from user input: values go in as bound parameters.
 * Dialect differences that cannot be expressed this way (full-text search) live in the
 * module that needs them and ask db_dialect().
 *
 * Every Jishi process is single-threaded; a struct db belongs to one process (never
 * share one across fork: open a new one in the child).
 */

enum db_dialect { DB_SQLITE, DB_PG };

struct db;
struct db_stmt;

/* Results of db_step. Errors are negative JS_ERR_* codes. */
#define DB_DONE 0
#define DB_ROW 1

/* Retries of a transaction that failed with JS_ERR_BUSY before db_tx gives up. */
#define DB_TX_RETRIES 50

/*
 * Open by URL: "sqlite:PATH" (the file is created if missing; WAL, foreign keys on,
 * busy timeout, synchronous=FULL so a commit survives power loss) or
 * "postgres://..." / "postgresql://..." (any libpq connection URI).
 * On failure returns JS_ERR_DB / JS_ERR_INVALID with a message in err.
 * The caller owns *out and frees it with db_close.
 */
int db_open(const char *url, struct db **out, char *err, size_t errlen);
void db_close(struct db *db);                 /* NULL is a no-op */
enum db_dialect db_dialect(const struct db *db);
/* Text of the last error on this connection (for logs); never NULL. */
const char *db_errmsg(const struct db *db);

/*
 * Run SQL without parameters (one or several statements, e.g. a migration).
 * Never pass text that contains user input.
 */
int db_exec(struct db *db, const char *sql);

/*
 * A prepared statement for `sql`, from the connection's cache (compiled on first use,
 * kept until db_close; the caller never frees it). The statement is reset and its
 * bindings cleared. `sql` must stay a fixed program text: the cache is keyed by it.
 * Do not prepare the same text again while still stepping through its rows.
 */
int db_prepare(struct db *db, const char *sql, struct db_stmt **out);

/* Bind parameter idx (1-based, as in $1). Text and blobs are copied. */
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_text(struct db_stmt *st, int idx, const char *s);   /* NULL binds NULL */
int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n);
int db_bind_null(struct db_stmt *st, int idx);

/*
 * Execute on the first call, then advance: DB_ROW while a row is available, DB_DONE at
 * the end, or a negative error: JS_ERR_BUSY (retryable), JS_ERR_EXISTS (unique
 * violation), JS_ERR_CONSTRAINT (check / foreign key / not null), JS_ERR_DB.
 */
int db_step(struct db_stmt *st);
/*
 * Run a statement whose rows and db_changes the caller will never read (an INSERT or
 * UPDATE on a path that gives up on any error), and reset it. Inside a transaction
 * the store may send it without waiting for the server (PostgreSQL pipeline mode):
 * its error, if any, is then returned by the next call that waits for the server -
 * db_step of a statement, db_exec, db_sync, and at the latest the COMMIT or RELEASE
 * SAVEPOINT of the enclosing db_tx, so a (nested) transaction never succeeds over a
 * failed statement. Such an error is reported by a later call, not by this one: do not
 * defer a statement whose failure the caller wants to tell apart (JS_ERR_EXISTS as an
 * answer) - step it. Outside a transaction, and on SQLite, it runs at once.
 */
int db_step_defer(struct db_stmt *st);
/* Wait for every deferred statement; the first one's error, else 0. */
int db_sync(struct db *db);
/* Rows changed by the last INSERT/UPDATE/DELETE executed by st. */
int64_t db_changes(struct db_stmt *st);
/* Finish with the statement's results early (db_prepare also does this). */
void db_reset(struct db_stmt *st);

/*
 * Column access for the current row; i is 0-based. Text and blob pointers are valid
 * until the next db_step/db_reset on st. NULL reads as 0 / NULL.
 */
int db_col_count(struct db_stmt *st);
int db_col_is_null(struct db_stmt *st, int i);
int64_t db_col_int64(struct db_stmt *st, int i);
const char *db_col_text(struct db_stmt *st, int i);
const void *db_col_blob(struct db_stmt *st, int i, size_t *len);

/*
 * Run fn(db, ud) in a transaction. Outermost call: BEGIN (IMMEDIATE on SQLite), fn,
 * COMMIT when fn returns 0, ROLLBACK otherwise. If fn or the commit fails with
 * JS_ERR_BUSY (lock time-out, serialization failure, deadlock) the whole transaction is
 * rolled back and fn is run again after a short randomized back-off, up to
 * DB_TX_RETRIES times: fn must therefore do nothing outside the database that cannot be
 * repeated. A nested call runs fn inside a SAVEPOINT, so its failure undoes only its own
 * work (a busy error still propagates to the outermost call); a deferred statement's
 * error is its failure too (it surfaces at the latest at RELEASE SAVEPOINT, and the
 * savepoint is then rolled back).
 * Returns fn's result, or the commit's error.
 * On PostgreSQL any failed statement aborts the whole transaction: code that expects a
 * statement may fail (and wants to go on) must run it inside a nested db_tx.
 */
typedef int (*db_tx_fn)(struct db *db, void *ud);
int db_tx(struct db *db, db_tx_fn fn, void *ud);
/*
 * Run fn in a read-only transaction that sees one consistent snapshot of the whole
 * database (REPEATABLE READ on PostgreSQL; a WAL read transaction on SQLite), for
 * reports and checks that read several tables. Always ends in ROLLBACK; on PostgreSQL
 * that is sent and not waited for (the server ends the transaction at once; its result
 * is read with the connection's next statement, so a failure of it would show there).
 */
int db_tx_snapshot(struct db *db, db_tx_fn fn, void *ud);
/*
 * Inside db_tx_snapshot's own transaction on PostgreSQL: until it ends, prepared
 * statements use their generic plan (planned once per session) instead of one planned
 * on every call for its values. Only for statements whose text fixes their plan
 * whatever the values; a no-op elsewhere (SQLite plans once per prepare anyway).
 */
int db_generic_plans(struct db *db);
int db_in_tx(const struct db *db);
/* Times this connection has waited for the server so far (PostgreSQL round trips; 0 on
 * SQLite): for tests and JISHI_DB_STATS. */
unsigned long db_round_trips(const struct db *db);

/* Convenience: run a statement prepared and bound by the caller until DB_DONE. */
int db_step_done(struct db_stmt *st);

#endif
