/* w_form.h: forms: labelled text, password, multi-line, radio and button fields with
 * focus (Tab, arrows), per-field messages in the user's language, scrolling and mouse. */
#ifndef JS_W_FORM_H
#define JS_W_FORM_H

#include <curses.h>

#include "lineedit.h"
#include "textarea.h"

struct app;

enum fkind { FK_TEXT, FK_PASSWORD, FK_AREA, FK_RADIO, FK_BUTTON, FK_INFO };

#define FORM_FIELDS_MAX 16

struct field {
	enum fkind kind;
	int id;
	const char *label;           /* N_() msgid; buttons: their text */
	const char *note;            /* N_() shown beside the field when there is no message */
	int width;                   /* input columns (TEXT, PASSWORD; 0: 30) */
	int rows;                    /* AREA rows */
	const char *const *opts;     /* RADIO: N_() msgids */
	int nopts, sel;
	struct lineedit le;          /* TEXT, PASSWORD */
	struct textarea ta;          /* AREA (textarea_init by form_add) */
	char msg[256];               /* a translated message beside the field ("" none) */
	int msg_ok;                  /* the message is good news ("available") */
	char info[512];              /* INFO: the value shown */
	int under;                   /* BUTTON: in a row under the value of the field before
	                              * (no blank row), as that field's action; such buttons
	                              * in a row sit side by side */
};

struct form {
	struct field f[FORM_FIELDS_MAX];
	int n;
	int focus;
	int away;                    /* the screen's focus is elsewhere: no field is drawn
	                              * focused (no ">" marker, no cursor) */
	int top;                     /* first form row drawn */
	int y, x, h, w;              /* last drawn rectangle (mouse) */
	int fy[FORM_FIELDS_MAX];     /* each field's first row and height, last draw */
	int fh[FORM_FIELDS_MAX];
	int fx[FORM_FIELDS_MAX];     /* input column */
	int fw[FORM_FIELDS_MAX];     /* input width */
};

/* What a key or click did to the form. */
enum form_ev { FE_NONE, FE_CHANGED, FE_BUTTON };

/* Add a field; returns it (NULL when full, or JS_ERR_NOMEM for an area: NULL too).
 * max_chars: TEXT/PASSWORD/AREA limit; flags: lineedit LE_* for TEXT. */
struct field *form_add(struct form *fm, enum fkind kind, int id, const char *label,
                       size_t max_chars, unsigned flags);
void form_free(struct form *fm);
struct field *form_field(struct form *fm, int id);
/* The text of a TEXT/PASSWORD/AREA field ("" otherwise). Borrowed from the form. */
const char *form_text(struct form *fm, int id);
/* Set a field's message (translated text, NULL clears). */
void form_msg(struct form *fm, int id, const char *msg, int ok);
void form_clear_msgs(struct form *fm);
void form_focus(struct form *fm, int id);

/*
 * Handle a key. *ev tells what happened and *id which field (the changed field or the
 * pressed button). Text fields take printable keys, so q and ? are typed there; Esc is
 * not taken (the screen goes back). Returns R_* flags.
 */
int form_key(struct app *a, struct form *fm, int key, enum form_ev *ev, int *id);
int form_mouse(struct app *a, struct form *fm, const MEVENT *m, int y, int x,
               enum form_ev *ev, int *id);
void form_draw(struct app *a, struct form *fm, WINDOW *w, int y, int x, int h, int wd);

#endif
