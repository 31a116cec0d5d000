/* keymap.h: key bindings as tables: key -> handler, with the names and help text that the
 * hint bar and the `?` overlay show. */
#ifndef JS_KEYMAP_H
#define JS_KEYMAP_H

struct app;

/* A handler returns R_* flags (screen.h); st is the top screen's state, key the key. */
typedef int (*key_fn)(struct app *a, void *st, int key);

#define KB_HINT 0x01                 /* show in the hint bar */

struct keybind {
	int key;                     /* keys.h encoding; 0 ends a table */
	key_fn fn;
	const char *keys;            /* N_() label, e.g. "j/k"; NULL: an alias, not listed */
	const char *help;            /* N_() what it does */
	unsigned flags;
};

/* The first binding of key in tbl (ended by key 0), or NULL. tbl may be NULL. */
const struct keybind *keymap_find(const struct keybind *tbl, int key);
/* Number of listed (keys != NULL) bindings in tbl, optionally only those with flag. */
int keymap_count(const struct keybind *tbl, unsigned flag);

#endif
