/* keymap.c: lookups in key binding tables. */
#include <stddef.h>

#include "keymap.h"

const struct keybind *
keymap_find(const struct keybind *tbl, int key)
{
	if (tbl == NULL)
		return NULL;
	for (; tbl->key != 0; tbl++)
		if (tbl->key == key)
			return tbl;
	return NULL;
}

int
keymap_count(const struct keybind *tbl, unsigned flag)
{
	int n = 0;

	if (tbl == NULL)
		return 0;
	for (; tbl->key != 0; tbl++)
		if (tbl->keys != NULL && (flag == 0 || (tbl->flags & flag)))
			n++;
	return n;
}
