/* theme.h: the colours and attributes of every UI role: 256 colours, 8 colours or
 * monochrome, over the terminal's own background. */
#ifndef JS_THEME_H
#define JS_THEME_H

#include <curses.h>

enum trole {
	T_NORMAL, T_STATUS, T_BRAND, T_TITLE, T_SEL, T_KEY, T_HINT, T_ERR, T_OK, T_WARN,
	T_DIM, T_FIELD, T_FIELD_FOCUS, T_BUTTON, T_BUTTON_FOCUS, T_BORDER, T_BADGE,
	T_HEAD, T_MONEY, T_COUNT
};

enum theme_kind { THEME_AUTO, THEME_DARK, THEME_LIGHT, THEME_MONO };

/* "auto" | "dark" | "light" | "mono" -> kind (unknown: auto). */
enum theme_kind theme_parse(const char *name);
const char *theme_name(enum theme_kind k);
/* Set up colour pairs for kind; monochrome when no_color, !has_colors() or kind is
 * mono. Call after start_color()/use_default_colors() (done here when colours exist). */
void theme_apply(enum theme_kind kind, int no_color);
/* The attributes to draw role r with. */
attr_t theme_attr(enum trole r);
/* Is the theme monochrome (attributes only)? */
int theme_is_mono(void);

#endif
