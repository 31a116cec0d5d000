/* w_filepick.h: the file picker: an overlay listing the account's uploads (name, type,
 * size, date) that hands the chosen upload ids back to the screen below it; with no
 * uploads it explains how to put files there (scp / sftp to the same host and port). */
#ifndef JS_W_FILEPICK_H
#define JS_W_FILEPICK_H

#include <stddef.h>
#include <stdint.h>

#include "screen.h"

struct app;

#define FILEPICK_MAX 32              /* most uploads one pick may return */

/*
 * Open with app_push(a, &scr_filepick, &arg). title is translated text (copied).
 * multi: Space marks several, in order (the first is shown as the cover when
 * cover_first); otherwise Enter takes the selected one. preselected (may be NULL,
 * copied) are marked at the start, in their order. max: most marks (<= FILEPICK_MAX,
 * 0: FILEPICK_MAX). allow_none: x returns an empty choice (detach).
 * On a choice the picker closes and done(a, ud, ids, n) runs (ids borrowed for the
 * call); its R_* flags are returned. Esc closes without calling done. ud must outlive
 * the picker (the screen below it).
 */
struct filepick_arg {
	const char *title;
	int multi, cover_first, allow_none;
	const int64_t *preselected;
	size_t npreselected, max;
	int (*done)(struct app *a, void *ud, const int64_t *ids, size_t n);
	void *ud;
};

extern const struct screen scr_filepick;

/* "12 KB", "3.4 MB" (base 1024, one decimal under 10) into buf. */
void filepick_size(int64_t bytes, char *buf, size_t len);
/* A short translated name of a sniffed type: "PNG image", "PDF", "ZIP archive" ... */
const char *filepick_kind(const char *mime, char *buf, size_t len);

#endif
