/* dialogs.h: arguments of the dialog screens (scr_confirm, scr_prompt). */
#ifndef JS_DIALOGS_H
#define JS_DIALOGS_H

#include <stddef.h>

struct app;

/* Yes/no. msg is translated text (copied). On yes, yes(a, ud) runs and its R_* flags
 * are returned with the dialog closed; ud must outlive the dialog (the screen below). */
struct confirm_arg {
	const char *msg;
	int (*yes)(struct app *a, void *ud);
	void *ud;
};

/* One line of input (scr_prompt), or several (scr_prompt_area: Enter starts a new
 * line, Ctrl-S is OK). title and label are translated text (copied); initial may be
 * NULL. done(a, ud, text) returns R_* flags: R_POP closes the prompt; otherwise it
 * stays (done has flashed why). */
struct prompt_arg {
	const char *title, *label, *initial;
	size_t max_chars;
	unsigned flags;              /* lineedit LE_* */
	int (*done)(struct app *a, void *ud, const char *text);
	void *ud;
};

#endif
