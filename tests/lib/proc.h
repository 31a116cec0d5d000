/* proc.h: what the stress and benchmark programs share: dying with a message that
 * names the program, a store connection that must open, a monotonic clock. */
#ifndef JS_TEST_PROC_H
#define JS_TEST_PROC_H

#include "db.h"

/* The program's name for proc_die's messages (a string literal; default "test"). */
void proc_name(const char *name);
/* "NAME: what: detail" on stderr, exit status 1. */
void proc_die(const char *what, const char *detail) __attribute__((noreturn));
/* db_open(url) or proc_die. Each forked client calls it for its own connection. */
struct db *proc_open(const char *url);
/* Seconds on CLOCK_MONOTONIC. */
double proc_now(void);

#endif
