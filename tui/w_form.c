/* w_form.c: form layout, focus, editing keys, drawing and mouse. */
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "w_field.h"
#include "w_form.h"


struct field *
form_add(struct form *fm, enum fkind kind, int id, const char *label, size_t max_chars,
         unsigned flags)
{
	struct field *f;

	if (fm->n >= FORM_FIELDS_MAX)
		return NULL;
	f = &fm->f[fm->n];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->id = id;
	f->label = label;
	f->width = 30;
	f->rows = 4;
	if (kind == FK_PASSWORD)
		flags |= LE_MASKED;
	lineedit_init(&f->le, max_chars, flags);
	if (kind == FK_AREA && textarea_init(&f->ta, max_chars) != 0)
		return NULL;
	fm->n++;
	return f;
}

void
form_free(struct form *fm)
{
	int i;

	for (i = 0; i < fm->n; i++)
		if (fm->f[i].kind == FK_AREA)
			textarea_free(&fm->f[i].ta);
	fm->n = 0;
}

struct field *
form_field(struct form *fm, int id)
{
	int i;

	for (i = 0; i < fm->n; i++)
		if (fm->f[i].id == id)
			return &fm->f[i];
	return NULL;
}

const char *
form_text(struct form *fm, int id)
{
	struct field *f = form_field(fm, id);

	if (f == NULL)
		return "";
	if (f->kind == FK_AREA)
		return f->ta.buf != NULL ? f->ta.buf : "";
	if (f->kind == FK_TEXT || f->kind == FK_PASSWORD)
		return f->le.buf;
	return "";
}

void
form_msg(struct form *fm, int id, const char *msg, int ok)
{
	struct field *f = form_field(fm, id);

	if (f == NULL)
		return;
	snprintf(f->msg, sizeof f->msg, "%s", msg != NULL ? msg : "");
	f->msg_ok = ok;
}

void
form_clear_msgs(struct form *fm)
{
	int i;

	for (i = 0; i < fm->n; i++)
		fm->f[i].msg[0] = '\0';
}

static int
focusable(const struct field *f)
{
	return f->kind != FK_INFO;
}

void
form_focus(struct form *fm, int id)
{
	int i;

	for (i = 0; i < fm->n; i++)
		if (fm->f[i].id == id && focusable(&fm->f[i]))
			fm->focus = i;
}

/* Move the focus by dir; Tab wraps around the ends, arrows stop there. */
static int
move_focus(struct form *fm, int dir, int wrap)
{
	int i = fm->focus, steps;

	for (steps = 0; steps < fm->n; steps++) {
		i += dir;
		if (i < 0 || i >= fm->n) {
			if (!wrap)
				return 0;
			i = i < 0 ? fm->n - 1 : 0;
		}
		if (focusable(&fm->f[i])) {
			fm->focus = i;
			return 1;
		}
	}
	return 0;
}

/* Columns the field's message (or note) takes, with its "! " mark. */
static int
msg_width(const struct field *f)
{
	if (f->msg[0] != '\0')
		return draw_width(f->msg) + (f->msg_ok ? 0 : 2);
	return f->note != NULL ? draw_width(_(f->note)) : 0;
}

/* Lay out the form for width wd: rows, input columns. Returns the total rows. */
static int
layout(struct form *fm, int wd)
{
	int i, r = 0, labelw = 0, lw, fx, room, bx = 0;

	for (i = 0; i < fm->n; i++)
		if (fm->f[i].kind != FK_BUTTON && fm->f[i].label != NULL &&
		    (lw = draw_width(_(fm->f[i].label))) > labelw)
			labelw = lw;
	if (labelw > wd / 3)
		labelw = wd / 3;
	fx = 2 + labelw + 2;
	for (i = 0; i < fm->n; i++) {
		struct field *f = &fm->f[i];

		if (f->kind == FK_BUTTON) {
			if (i > 0 && fm->f[i - 1].kind == FK_BUTTON &&
			    fm->f[i - 1].under == f->under)
				r--;                 /* buttons side by side */
			else if (f->under)
				bx = fx + 1;         /* under the value of the field they act on */
			else {
				r++;                 /* a blank row before the buttons */
				bx = 2;
			}
			fm->fy[i] = r;
			fm->fh[i] = 1;
			fm->fx[i] = bx;
			fm->fw[i] = draw_width(_(f->label)) + 4;
			bx += fm->fw[i] + 2;
			r++;
			continue;
		}
		fm->fy[i] = r;
		fm->fx[i] = fx;
		room = wd - fx - 1;
		fm->fw[i] = f->kind == FK_AREA ? room :
		    f->kind == FK_TEXT || f->kind == FK_PASSWORD ?
		    (f->width < room ? f->width : room) : room;
		if (fm->fw[i] < 4)
			fm->fw[i] = 4;
		fm->fh[i] = f->kind == FK_AREA ? f->rows : 1;
		/* a message goes beside a one-line field when it fits there, else under it */
		if ((f->msg[0] != '\0' || f->note != NULL) &&
		    (f->kind == FK_AREA || f->kind == FK_RADIO ||
		    wd - fx - fm->fw[i] - 2 < msg_width(f)))
			fm->fh[i]++;
		r += fm->fh[i];
	}
	return r;
}

static void
draw_button(struct form *fm, int i, WINDOW *w, int y, int x, int focused)
{
	char buf[128];

	snprintf(buf, sizeof buf, "[ %s ]", _(fm->f[i].label));
	if (focused)
		draw_text(w, y, x + fm->fx[i] - 2, 2, ">", A_BOLD);
	draw_text(w, y, x + fm->fx[i], fm->fw[i], buf,
	    theme_attr(focused ? T_BUTTON_FOCUS : T_BUTTON));
}

static void
draw_radio(struct field *f, WINDOW *w, int y, int x, int wd, int focused)
{
	int i, cx = x;
	char buf[128];

	for (i = 0; i < f->nopts && cx < x + wd; i++) {
		snprintf(buf, sizeof buf, "(%c) %s", i == f->sel ? '*' : ' ', _(f->opts[i]));
		cx += draw_text(w, y, cx, x + wd - cx, buf,
		    i == f->sel && focused ? theme_attr(T_SEL) :
		    i == f->sel ? A_BOLD : 0) + 3;
	}
}

static void
draw_msg(struct field *f, WINDOW *w, int y, int x, int wd)
{
	char buf[300];

	if (f->msg[0] != '\0') {
		snprintf(buf, sizeof buf, "%s%s", f->msg_ok ? "" : "! ", f->msg);
		draw_text(w, y, x, wd, buf, theme_attr(f->msg_ok ? T_OK : T_ERR));
	} else if (f->note != NULL)
		draw_text(w, y, x, wd, _(f->note), theme_attr(T_DIM));
}

void
form_draw(struct app *a, struct form *fm, WINDOW *w, int y, int x, int h, int wd)
{
	int i, total, fy, foc, mx, my;

	fm->y = y;
	fm->x = x;
	fm->h = h;
	fm->w = wd;
	total = layout(fm, wd);
	/* keep the focused field (and its message) in view */
	foc = fm->focus;
	if (fm->fy[foc] < fm->top)
		fm->top = fm->fy[foc] - (fm->f[foc].kind == FK_BUTTON ? 1 : 0);
	if (fm->fy[foc] + fm->fh[foc] > fm->top + h)
		fm->top = fm->fy[foc] + fm->fh[foc] - h;
	if (fm->top > total - h)
		fm->top = total - h;
	if (fm->top < 0)
		fm->top = 0;
	for (i = 0; i < fm->n; i++) {
		struct field *f = &fm->f[i];
		int focused = i == fm->focus && !fm->away;

		fy = y + fm->fy[i] - fm->top;
		if (fy < y || fy + (f->kind == FK_AREA ? f->rows : 1) > y + h)
			continue;                /* only whole fields are drawn */
		if (f->kind == FK_BUTTON) {
			draw_button(fm, i, w, fy, x, focused);
			continue;
		}
		if (focused)
			draw_text(w, fy, x, 2, ">", A_BOLD);
		draw_text(w, fy, x + 2, fm->fx[i] - 4, _(f->label),
		    focused ? A_BOLD : theme_attr(T_NORMAL));
		switch (f->kind) {
		case FK_TEXT:
		case FK_PASSWORD:
			field_draw_line(a, w, fy, x + fm->fx[i], fm->fw[i], &f->le, focused);
			break;
		case FK_AREA:
			field_draw_area(a, w, fy, x + fm->fx[i], f->rows, fm->fw[i], &f->ta,
			    focused);
			break;
		case FK_RADIO:
			draw_radio(f, w, fy, x + fm->fx[i] + 1, fm->fw[i] - 1, focused);
			break;
		case FK_INFO:
			draw_text(w, fy, x + fm->fx[i] + 1, fm->fw[i] - 1, f->info, A_BOLD);
			break;
		default:
			break;
		}
		if (fm->fh[i] > (f->kind == FK_AREA ? f->rows : 1)) {
			my = fy + fm->fh[i] - 1;
			mx = x + fm->fx[i] + 1;
		} else {
			my = fy;
			mx = x + fm->fx[i] + fm->fw[i] + 2;
		}
		if (my < y + h)
			draw_msg(f, w, my, mx, x + wd - mx);
	}
}

static void
reject(struct app *a, int err)
{
	app_flash(a, FLASH_ERR, "%s", err == JS_ERR_TOO_BIG ?
	    _("This field is full.") : _("That character cannot be used here."));
}

/* Editing keys of a one-line field. Returns flags, 0 if not an editing key. */
static int
key_line(struct app *a, struct field *f, int key, enum form_ev *ev)
{
	struct lineedit *le = &f->le;
	int changed = 0, r;

	switch (key) {
	case TK(KEY_LEFT): lineedit_left(le); break;
	case TK(KEY_RIGHT): lineedit_right(le); break;
	case TK(KEY_HOME): case TK_CTRL('a'): lineedit_home(le); break;
	case TK(KEY_END): case TK_CTRL('e'): lineedit_end(le); break;
	case TK(KEY_BACKSPACE): changed = lineedit_backspace(le); break;
	case TK(KEY_DC): case TK_CTRL('d'): changed = lineedit_delete(le); break;
	case TK_CTRL('u'): changed = lineedit_kill_start(le); break;
	case TK_CTRL('k'): changed = lineedit_kill_end(le); break;
	case TK_CTRL('w'): changed = lineedit_kill_word(le); break;
	default:
		if (!TK_IS_CHAR(key))
			return 0;
		if ((r = lineedit_insert_cp(le, (uint32_t)key)) != 0) {
			reject(a, r);
			return R_HANDLED | R_REDRAW;
		}
		changed = 1;
	}
	if (changed)
		*ev = FE_CHANGED;
	return R_HANDLED | R_REDRAW;
}

static int
key_area(struct app *a, struct form *fm, struct field *f, int key, enum form_ev *ev)
{
	struct textarea *ta = &f->ta;
	int tw = fm->fw[fm->focus] - 2, changed = 0, r;
	char c;

	if (tw < 1)
		tw = 1;
	switch (key) {
	case TK(KEY_LEFT): textarea_left(ta); break;
	case TK(KEY_RIGHT): textarea_right(ta); break;
	case TK(KEY_UP):
		if (!textarea_up(ta, tw))
			return 0;                /* leave the area upwards */
		break;
	case TK(KEY_DOWN):
		if (!textarea_down(ta, tw))
			return 0;
		break;
	case TK(KEY_HOME): case TK_CTRL('a'): textarea_home(ta, tw); break;
	case TK(KEY_END): case TK_CTRL('e'): textarea_end(ta, tw); break;
	case TK(KEY_BACKSPACE): changed = textarea_backspace(ta); break;
	case TK(KEY_DC): case TK_CTRL('d'): changed = textarea_delete(ta); break;
	case TK_CTRL('u'): changed = textarea_kill_start(ta); break;
	case TK_CTRL('k'): changed = textarea_kill_end(ta); break;
	case TK_ENTER:
		c = '\n';
		if ((r = textarea_insert(ta, &c, 1)) != 0) {
			reject(a, r);
			return R_HANDLED | R_REDRAW;
		}
		changed = 1;
		break;
	default: {
		struct lineedit tmp;

		if (!TK_IS_CHAR(key))
			return 0;
		/* encode through the line editor's rules, then insert the bytes */
		lineedit_init(&tmp, 1, 0);
		if ((r = lineedit_insert_cp(&tmp, (uint32_t)key)) == 0)
			r = textarea_insert(ta, tmp.buf, tmp.len);
		if (r != 0) {
			reject(a, r);
			return R_HANDLED | R_REDRAW;
		}
		changed = 1;
	}
	}
	if (changed)
		*ev = FE_CHANGED;
	return R_HANDLED | R_REDRAW;
}

/* Field i is a button on the row of the focused button (as last laid out). */
static int
same_row(const struct form *fm, int i)
{
	return fm->f[i].kind == FK_BUTTON && fm->fy[i] == fm->fy[fm->focus];
}

static int
key_choice(struct form *fm, struct field *f, int key, enum form_ev *ev)
{
	int dir = 0;

	switch (key) {
	case TK(KEY_LEFT): case 'h': dir = -1; break;
	case TK(KEY_RIGHT): case 'l': case ' ': dir = 1; break;
	case TK_ENTER:
		if (f->kind == FK_BUTTON) {
			*ev = FE_BUTTON;
			return R_HANDLED | R_REDRAW;
		}
		return 0;
	default:
		return 0;
	}
	if (f->kind == FK_BUTTON) {
		if (key == ' ') {
			*ev = FE_BUTTON;
			return R_HANDLED | R_REDRAW;
		}
		/* between buttons of the same row */
		if ((dir < 0 && fm->focus > 0 && same_row(fm, fm->focus - 1)) ||
		    (dir > 0 && fm->focus + 1 < fm->n && same_row(fm, fm->focus + 1)))
			fm->focus += dir;
		return R_HANDLED | R_REDRAW;
	}
	if (f->nopts > 0) {
		f->sel = (f->sel + dir + f->nopts) % f->nopts;
		*ev = FE_CHANGED;
	}
	return R_HANDLED | R_REDRAW;
}

int
form_key(struct app *a, struct form *fm, int key, enum form_ev *ev, int *id)
{
	struct field *f;
	int r = 0, text;

	*ev = FE_NONE;
	if (fm->n == 0)
		return 0;
	f = &fm->f[fm->focus];
	*id = f->id;
	text = f->kind == FK_TEXT || f->kind == FK_PASSWORD || f->kind == FK_AREA;
	if (f->kind == FK_TEXT || f->kind == FK_PASSWORD)
		r = key_line(a, f, key, ev);
	else if (f->kind == FK_AREA)
		r = key_area(a, fm, f, key, ev);
	else
		r = key_choice(fm, f, key, ev);
	if (r != 0)
		return r;
	switch (key) {
	case TK_TAB:
		return R_HANDLED | (move_focus(fm, 1, 1) ? R_REDRAW : 0);
	case TK(KEY_BTAB):
		return R_HANDLED | (move_focus(fm, -1, 1) ? R_REDRAW : 0);
	case TK(KEY_DOWN):
	case TK_ENTER:
		return R_HANDLED | (move_focus(fm, 1, 0) ? R_REDRAW : 0);
	case TK(KEY_UP):
		return R_HANDLED | (move_focus(fm, -1, 0) ? R_REDRAW : 0);
	case 'j':
		return text ? 0 : R_HANDLED | (move_focus(fm, 1, 0) ? R_REDRAW : 0);
	case 'k':
		return text ? 0 : R_HANDLED | (move_focus(fm, -1, 0) ? R_REDRAW : 0);
	default:
		/* other control keys in a text field are dropped, never inserted */
		if (text && !TK_IS_FN(key) && key < 0x20 && key != TK_ESC &&
		    key != TK_CTRL('c') && key != TK_CTRL('l'))
			return R_HANDLED;
		return 0;
	}
}

int
form_mouse(struct app *a, struct form *fm, const MEVENT *m, int y, int x,
           enum form_ev *ev, int *id)
{
	int i, fy, o, cx;

	(void)a;
	*ev = FE_NONE;
	if (!(m->bstate & BUTTON1_PRESSED))
		return 0;
	for (i = 0; i < fm->n; i++) {
		struct field *f = &fm->f[i];

		fy = fm->y + fm->fy[i] - fm->top;
		if (y < fy || y >= fy + fm->fh[i] || !focusable(f))
			continue;
		if (f->kind == FK_BUTTON && (x < fm->x + fm->fx[i] ||
		    x >= fm->x + fm->fx[i] + fm->fw[i]))
			continue;
		fm->focus = i;
		*id = f->id;
		if (f->kind == FK_BUTTON)
			*ev = FE_BUTTON;
		else if ((f->kind == FK_TEXT || f->kind == FK_PASSWORD) &&
		    x >= fm->x + fm->fx[i] && x < fm->x + fm->fx[i] + fm->fw[i])
			field_click_line(&f->le, fm->fw[i], x - fm->x - fm->fx[i]);
		else if (f->kind == FK_RADIO) {
			cx = fm->x + fm->fx[i] + 1;
			for (o = 0; o < f->nopts; o++) {
				int ow = draw_width(_(f->opts[o])) + 4;

				if (x >= cx && x < cx + ow && f->sel != o) {
					f->sel = o;
					*ev = FE_CHANGED;
				}
				cx += ow + 3;
			}
		}
		return R_HANDLED | R_REDRAW;
	}
	return 0;
}
