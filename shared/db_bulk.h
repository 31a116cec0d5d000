/* db_bulk.h: bulk loads into big tables: secondary indexes rebuilt once after the load. */
#ifndef JS_DB_BULK_H
#define JS_DB_BULK_H

#include <stddef.h>

#include "db.h"

#define DB_BULK_MAX 32             /* indexes deferred at most */

/* What db_bulk_begin changed, for db_bulk_end to undo. */
struct db_bulk {
	char name[DB_BULK_MAX][64];
	char *sql[DB_BULK_MAX];    /* owned: each index's CREATE statement */
	size_t n, dropped;
	const char *const *tables; /* the caller's list, to vacuum at the end; NULL: none */
	int pragmas;
};

/*
 * Begin a bulk load into tables (NULL-terminated names, kept until db_bulk_end; no
 * transaction open): drop their
 * secondary indexes (those not backing a PRIMARY KEY or UNIQUE constraint), keeping
 * their definitions in *b, and relax durability for this connection (SQLite:
 * synchronous = OFF, a 256 MiB page cache, a sorter thread for
 * CREATE INDEX; PostgreSQL: synchronous_commit = off):
 * a power loss during the load may lose or, on SQLite, damage the loaded data, so use
 * it only for data that can be loaded again (demo and benchmark gigs). Each row then
 * costs its table and constraint indexes only; db_bulk_end builds every dropped index
 * once, by sorting, which is much cheaper than maintaining it row by row.
 * On failure everything already dropped is rebuilt and 0 is not returned.
 */
int db_bulk_begin(struct db *db, const char *const *tables, struct db_bulk *b);

/*
 * End it, whatever happened in between: restore durability first (SQLite:
 * synchronous = FULL; PostgreSQL: synchronous_commit), so that the rebuild's commits
 * are synced and carry everything before them; recreate the dropped indexes; on SQLite
 * checkpoint the WAL with wal_checkpoint(FULL), which syncs the database file the
 * load's unsynced checkpoints wrote to, and restore the default cache; on PostgreSQL
 * VACUUM (ANALYZE) the loaded tables, as autovacuum would later: their visibility map
 * lets the search walks scan indexes only (0009), and the first reads after the load
 * do not write hint bits. Frees *b.
 * Returns 0 or the first error (the other indexes are still tried).
 */
int db_bulk_end(struct db *db, struct db_bulk *b);

#endif
