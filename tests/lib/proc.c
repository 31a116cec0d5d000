/* proc.c: see proc.h. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "proc.h"

static const char *prog = "test";

void
proc_name(const char *name)
{
	prog = name;
}

void
proc_die(const char *what, const char *detail)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, detail);
	exit(1);
}

struct db *
proc_open(const char *url)
{
	char err[512];
	struct db *db;

	if (db_open(url, &db, err, sizeof err) != 0)
		proc_die("open", err);
	return db;
}

double
proc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
