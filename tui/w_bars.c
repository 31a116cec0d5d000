/* w_bars.c: status bar, title bar and key-hint bar. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "draw.h"
#include "i18n.h"
#include "w_bars.h"

static const char *
role_name(const struct account *acct)
{
	if (acct->is_admin)
		return _("admin");
	if (acct->is_client && acct->is_freelancer)
		return _("client+freelancer");
	if (acct->is_freelancer)
		return _("freelancer");
	return _("client");
}

/* A badge "label n": the number stands out when not zero. Returns columns used. */
static int
badge(WINDOW *w, int x, const char *label, int n)
{
	char num[16];
	int used;

	used = draw_text(w, 0, x, 20, label, theme_attr(T_STATUS));
	draw_text(w, 0, x + used, 1, " ", theme_attr(T_STATUS));
	snprintf(num, sizeof num, " %d ", n);
	used += 1 + draw_text(w, 0, x + used + 1, 8, num,
	    theme_attr(n > 0 ? T_BADGE : T_STATUS));
	return used;
}

void
bars_draw_status(struct app *a)
{
	WINDOW *w = a->w_status;
	char clock[8], who[300];
	struct tm tm;
	time_t now = time(NULL);
	int x, right, cols = getmaxx(w);

	draw_fill(w, 0, 0, cols, theme_attr(T_STATUS));
	x = draw_text(w, 0, 0, cols, _(" Jishi "), theme_attr(T_BRAND));
	localtime_r(&now, &tm);
	snprintf(clock, sizeof clock, "%02d:%02d", tm.tm_hour, tm.tm_min);
	right = cols - 6;
	draw_text(w, 0, right, 5, clock, theme_attr(T_STATUS));
	if (a->acct.id == 0) {
		draw_text(w, 0, x + 1, right - x - 2, _("not signed in"), theme_attr(T_STATUS));
		return;
	}
	right -= 2;
	right -= draw_width(_("Orders")) + 5;
	badge(w, right, _("Orders"), a->unread_orders);
	right -= draw_width(_("Messages")) + 6;
	badge(w, right, _("Messages"), a->unread_msgs);
	snprintf(who, sizeof who, "@%s %s [%s]", a->acct.handle, a->acct.display_name,
	    role_name(&a->acct));
	draw_text(w, 0, x + 1, right - x - 3, who, theme_attr(T_STATUS));
}

void
bars_draw_title(struct app *a)
{
	WINDOW *w = a->w_title;
	int i, x = 1, cols = getmaxx(w);

	werase(w);
	for (i = 0; i < a->stack.n; i++) {
		const struct screen *s = a->stack.v[i].scr;

		if (s->flags & SCREEN_OVERLAY)
			continue;
		if (x > 1)
			x += draw_text(w, 0, x, cols - x, " > ", theme_attr(T_DIM));
		x += draw_text(w, 0, x, cols - x - 1, _(s->title),
		    theme_attr(i == a->stack.n - 1 ? T_TITLE : T_DIM));
	}
}

/* Draw the hints of one table; returns the new x. */
static int
hints_of(struct app *a, const struct keybind *kb, int x, int cols)
{
	WINDOW *w = a->w_hints;
	int kw, hw, i;

	for (; kb != NULL && kb->key != 0; kb++) {
		if (!(kb->flags & KB_HINT) || kb->keys == NULL)
			continue;
		for (i = 0; i < a->n_hint_spans; i++)
			if (a->hint_spans[i].key == kb->key)
				break;
		if (i < a->n_hint_spans)
			continue;            /* the screen already showed this key */
		kw = draw_width(_(kb->keys));
		hw = draw_width(_(kb->help));
		if (x + kw + 1 + hw > cols - 1 ||
		    a->n_hint_spans == (int)(sizeof a->hint_spans / sizeof a->hint_spans[0]))
			break;
		a->hint_spans[a->n_hint_spans].x0 = x;
		draw_text(w, 0, x, kw, _(kb->keys), theme_attr(T_KEY));
		draw_text(w, 0, x + kw + 1, hw, _(kb->help), theme_attr(T_HINT));
		a->hint_spans[a->n_hint_spans].x1 = x + kw + 1 + hw;
		a->hint_spans[a->n_hint_spans].key = kb->key;
		a->n_hint_spans++;
		x += kw + 1 + hw + 2;
	}
	return x;
}

void
bars_draw_hints(struct app *a)
{
	WINDOW *w = a->w_hints;
	struct screen_inst *top = screen_stack_top(&a->stack);
	char buf[300];
	int cols = getmaxx(w), x;
	time_t left;

	werase(w);
	a->n_hint_spans = 0;
	if (a->idle_warning) {
		left = a->last_input + a->p->idle_timeout - a->now;
		snprintf(buf, sizeof buf, _(" Idle: signing out in %lld s. Press any key to stay. "),
		    (long long)(left > 0 ? left : 0));
		draw_pad(w, 0, 0, cols, buf, theme_attr(T_WARN));
		return;
	}
	if (a->flash[0] != '\0' && a->now < a->flash_until) {
		draw_text(w, 0, 1, cols - 2, a->flash, theme_attr(a->flash_kind == FLASH_ERR ?
		    T_ERR : a->flash_kind == FLASH_OK ? T_OK : T_TITLE));
		return;
	}
	x = hints_of(a, top != NULL ? top->scr->keys : NULL, 1, cols);
	if (top == NULL || !(top->scr->flags & SCREEN_OWN_KEYS))
		hints_of(a, app_keys, x, cols);
}

int
bars_hint_at(const struct app *a, int x)
{
	int i;

	for (i = 0; i < a->n_hint_spans; i++)
		if (x >= a->hint_spans[i].x0 && x < a->hint_spans[i].x1)
			return a->hint_spans[i].key;
	return 0;
}
