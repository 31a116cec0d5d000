/* scr_search.c: search gigs: a query line with autocomplete (or the account's recent
 * searches while it is empty), results in keyset pages loaded as you reach the end,
 * filters and sort (scr_gig_filter), impressions counted per page shown. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "discovery.h"
#include "draw.h"
#include "err.h"
#include "gig_args.h"
#include "gig_rows.h"
#include "gig_track.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "search.h"
#include "w_form.h"
#include "w_list.h"
#include "w_textview.h"

#define PAGE 20
#define ROWS_MAX 400
#define DROP_MAX 8

enum { F_QUERY = 1 };
enum focus { IN_QUERY, IN_DROP, IN_RESULTS };

struct search {
	struct form fm;
	enum focus focus;
	char drop[DROP_MAX][SEARCH_SUGGEST_LEN];     /* suggestions or recent searches */
	size_t ndrop;
	int drop_history;            /* the list holds recent searches (query empty) */
	int drop_hidden;             /* Esc closed it until the next change */
	struct wlist dl, list;
	struct search_filter f;
	enum search_sort sort;
	char query[SEARCH_QUERY_MAX + 1];
	struct gig_row *rows;
	size_t n;
	char cursor[SEARCH_CURSOR_MAX];
	int searched, err;
	char catname[260];
};


/* The category's name for the filter summary. */
static void
load_catname(struct app *a, struct search *s)
{
	struct discovery_category *v;
	size_t n = 0, i;

	s->catname[0] = '\0';
	if (s->f.category_id == 0 ||
	    (v = calloc(DISCOVERY_CATEGORIES_MAX, sizeof *v)) == NULL)
		return;
	if (discovery_categories(a->db, v, DISCOVERY_CATEGORIES_MAX, &n) == 0)
		for (i = 0; i < n; i++)
			if (v[i].id == s->f.category_id)
				snprintf(s->catname, sizeof s->catname, "%s",
				    gig_ui_name(v[i].name_zh, v[i].name_en));
	free(v);
}

static void
load_drop(struct app *a, struct search *s)
{
	struct search_history_item h[DROP_MAX];
	const char *q = form_text(&s->fm, F_QUERY);
	size_t i, n = 0;

	s->ndrop = 0;
	s->drop_history = q[0] == '\0';
	if (s->drop_history) {
		if (search_history_list(a->db, a->acct.id, h, DROP_MAX, &n) != 0)
			n = 0;
		for (i = 0; i < n; i++)
			snprintf(s->drop[i], sizeof s->drop[i], "%s", h[i].query);
		s->ndrop = n;
	} else if (search_suggest(a->db, q, s->drop, DROP_MAX, &n) == 0)
		s->ndrop = n;
	s->dl.nav.sel = 0;
	s->dl.nav.top = 0;
}

/* Calls of search_gigs one page may take before showing what it has. */
#define SEARCH_CALLS_PER_PAGE 8

/* Load the first page (more == 0) or the next one. */
static void
run(struct app *a, struct search *s, int more)
{
	struct search_hit *hits;
	char next[SEARCH_CURSOR_MAX], cur[SEARCH_CURSOR_MAX];
	const char *from;
	size_t n = 0, i;
	int calls;

	if (more && (s->cursor[0] == '\0' || s->n >= ROWS_MAX))
		return;
	if ((hits = calloc(PAGE, sizeof *hits)) == NULL) {
		s->err = JS_ERR_NOMEM;
		return;
	}
	/* search_gigs bounds its work per call, so a page may come back short (even
	 * empty) with the cursor still set: ask again, a few times at most, so the
	 * screen never says "no results" while there are some. */
	next[0] = '\0';
	from = more ? s->cursor : NULL;
	for (calls = 0; calls < SEARCH_CALLS_PER_PAGE; calls++) {
		size_t got = 0;

		s->err = search_gigs(a->db, s->query, &s->f, s->sort, from, hits + n,
		    PAGE - n, &got, next, sizeof next);
		if (s->err != 0)
			break;
		n += got;
		if (n >= PAGE || next[0] == '\0')
			break;
		snprintf(cur, sizeof cur, "%s", next);
		from = cur;
	}
	if (!more) {
		s->n = 0;
		s->list.nav.sel = s->list.nav.top = 0;
	}
	if (s->err != 0)
		n = 0;
	for (i = 0; i < n && s->n < ROWS_MAX; i++) {
		gig_row_from_hit(&s->rows[s->n++], &hits[i]);
		if (a->track != NULL)
			gig_track_impression(a->track, hits[i].gig_id, a->now);
	}
	snprintf(s->cursor, sizeof s->cursor, "%s", s->err == 0 ? next : "");
	if (!more && s->err == 0 && s->query[0] != '\0')
		search_history_add(a->db, a->acct.id, s->query, (int64_t)n);
	s->searched = 1;
	free(hits);
}

static void
start(struct app *a, struct search *s, const char *q)
{
	snprintf(s->query, sizeof s->query, "%s", q);     /* q may be the field's own text */
	lineedit_set(&form_field(&s->fm, F_QUERY)->le, s->query);
	run(a, s, 0);
	s->focus = IN_RESULTS;
	s->drop_hidden = 1;
}

static int
search_open(struct app *a, void **st, const void *arg)
{
	const struct search_open *so = arg;
	struct search *s;
	struct field *f;

	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->rows = calloc(ROWS_MAX, sizeof *s->rows)) == NULL) {
		free(s);
		return JS_ERR_NOMEM;
	}
	f = form_add(&s->fm, FK_TEXT, F_QUERY, N_("Search"), 64, 0);
	f->width = 40;
	if (so != NULL) {
		s->f.category_id = so->category_id;
		load_catname(a, s);
	}
	if (so != NULL && (so->query != NULL || so->category_id != 0))
		start(a, s, so->query != NULL ? so->query : "");
	else
		load_drop(a, s);
	*st = s;
	return 0;
}

static void
search_close(struct app *a, void *st)
{
	struct search *s = st;

	(void)a;
	form_free(&s->fm);
	free(s->rows);
	free(s);
}

static void
result_row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct search *s = ud;

	if ((size_t)idx == s->n) {
		draw_text(w, y, x, width, _("more results: press Enter or move here"),
		    at ? at : theme_attr(T_DIM));
		return;
	}
	gig_row_draw(w, y, x, width, &s->rows[idx], at);
}

static void
drop_row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct search *s = ud;

	draw_text(w, y, x, width, s->drop[idx], at);
}

static void
draw_status(struct search *s, WINDOW *w, int y, int wd)
{
	char buf[256];

	if (s->err != 0) {
		snprintf(buf, sizeof buf, _("Search failed: %s"), app_strerror(s->err));
		draw_text(w, y, 2, wd, buf, theme_attr(T_ERR));
	} else if (!s->searched)
		draw_text(w, y, 2, wd, _("Type what you need and press Enter. Pinyin works "
		    "too: wangzhan, wzsj."), theme_attr(T_DIM));
	else if (s->n == 0)
		draw_text(w, y, 2, wd, _("Nothing found. Try other words or fewer filters."),
		    theme_attr(T_WARN));
	else {
		snprintf(buf, sizeof buf, s->cursor[0] ? _("%zu+ services") :
		    ngettext("%zu service", "%zu services", s->n), s->n);
		draw_text(w, y, 2, wd, buf, A_BOLD);
	}
}

static void
search_draw(struct app *a, void *st, WINDOW *w)
{
	struct search *s = st;
	int cols = getmaxx(w), rows = getmaxy(w), fx, dw, dh, n;
	char buf[512];

	form_field(&s->fm, F_QUERY)->width = cols - 20 > 60 ? 60 : cols - 20;
	if (s->focus != IN_QUERY)
		s->fm.focus = 0;
	s->fm.away = s->focus != IN_QUERY;    /* results or drop-down: no ">" by the field */
	form_draw(a, &s->fm, w, 1, 0, 1, cols - 1);
	if (s->focus != IN_QUERY)
		a->cursor_y = -1;            /* the cursor belongs to the field only */
	fx = s->fm.fx[0];
	gig_filter_summary(&s->f, s->sort, s->catname, buf, sizeof buf);
	draw_text(w, 2, fx + 1, cols - fx - 2, buf, theme_attr(T_DIM));
	draw_status(s, w, 4, cols - 4);
	if (s->n > 0) {
		gig_rows_header(w, 5, 4, cols - 7);
		s->list.unfocused = s->focus != IN_RESULTS;
		n = (int)s->n + (s->cursor[0] && s->n < ROWS_MAX ? 1 : 0);
		wlist_draw(&s->list, w, 6, 2, rows - 6, cols - 4, n, result_row, s);
	}
	if (s->focus == IN_RESULTS || s->drop_hidden || s->ndrop == 0)
		return;
	dw = s->fm.fw[0] + 2;
	dh = (int)s->ndrop + 2 + (s->drop_history ? 1 : 0);
	if (dh > rows - 3)
		dh = rows - 3;
	for (n = 0; n < dh; n++)         /* whole rows: no wide character cut in half */
		draw_fill(w, 2 + n, 0, cols, 0);
	draw_box(w, 2, fx - 1, dh, dw, theme_attr(T_BORDER));
	if (s->drop_history) {
		draw_text(w, 2, fx + 1, dw - 4, _(" Recent searches (Ctrl-D clears) "),
		    theme_attr(T_DIM));
	}
	s->dl.unfocused = s->focus != IN_DROP;
	wlist_draw(&s->dl, w, 3, fx, dh - 2, dw - 2, (int)s->ndrop, drop_row, s);
}

static int
open_selected(struct app *a, struct search *s)
{
	struct gig_page_arg ga;
	int sel = s->list.nav.sel;

	if (sel < 0)
		return R_HANDLED;
	if ((size_t)sel >= s->n) {
		run(a, s, 1);
		return R_HANDLED | R_REDRAW;
	}
	ga.gig_id = s->rows[sel].id;
	return app_push(a, &scr_gig_page, &ga);
}

static int
filter_done(struct app *a, void *ud, const struct search_filter *f, enum search_sort sort)
{
	struct search *s = ud;

	s->f = *f;
	s->sort = sort;
	load_catname(a, s);
	if (s->searched || s->query[0] || f->category_id != 0)
		run(a, s, 0);
	return R_REDRAW;
}

static int
key_filter(struct app *a, void *st, int key)
{
	struct search *s = st;
	struct gig_filter_arg fa = { .f = s->f, .sort = s->sort, .done = filter_done,
		.ud = s };

	(void)key;
	return app_push(a, &scr_gig_filter, &fa);
}

static int
key_sort(struct app *a, void *st, int key)
{
	struct search *s = st;

	(void)key;
	s->sort = (s->sort + 1) % SEARCH_SORT_COUNT;
	if (s->searched)
		run(a, s, 0);
	return R_HANDLED | R_REDRAW;
}

static int
history_cleared(struct app *a, void *ud)
{
	struct search *s = ud;
	int r = search_history_clear(a->db, a->acct.id);

	if (r != 0)
		app_flash_err(a, _("Clear history"), r);
	else
		app_flash(a, FLASH_OK, "%s", _("Search history cleared."));
	load_drop(a, s);
	return R_REDRAW;
}

static int
key_clear_history(struct app *a, void *st, int key)
{
	struct confirm_arg ca = { .yes = history_cleared, .ud = st };

	(void)key;
	ca.msg = _("Forget all your recent searches?");
	return app_push(a, &scr_confirm, &ca);
}

/* Keys while the query line or its drop-down list has the focus. */
static int
query_input(struct app *a, struct search *s, int key)
{
	enum form_ev ev;
	int id, r;

	if (s->focus == IN_DROP) {
		if (key == TK(KEY_UP) && s->dl.nav.sel <= 0) {
			s->focus = IN_QUERY;
			return R_HANDLED | R_REDRAW;
		}
		if (key == TK_ENTER && s->dl.nav.sel >= 0) {
			start(a, s, s->drop[s->dl.nav.sel]);
			return R_HANDLED | R_REDRAW;
		}
		if ((r = wlist_key(&s->dl, key)) != 0)
			return r;
		if (TK_IS_CHAR(key) || key == TK(KEY_BACKSPACE))
			s->focus = IN_QUERY;     /* typing goes on in the field */
		else if (key == TK_ESC) {
			s->focus = IN_QUERY;
			return R_HANDLED | R_REDRAW;
		}
	}
	switch (key) {
	case TK_ENTER:
		start(a, s, form_text(&s->fm, F_QUERY));
		return R_HANDLED | R_REDRAW;
	case TK(KEY_DOWN):
		if (!s->drop_hidden && s->ndrop > 0) {
			s->focus = IN_DROP;
			s->dl.nav.sel = 0;
		} else if (s->n > 0)
			s->focus = IN_RESULTS;
		return R_HANDLED | R_REDRAW;
	case TK_TAB:
		if (s->n > 0)
			s->focus = IN_RESULTS;
		return R_HANDLED | R_REDRAW;
	case TK_ESC:
		if (!s->drop_hidden && s->ndrop > 0) {
			s->drop_hidden = 1;
			return R_HANDLED | R_REDRAW;
		}
		if (s->n > 0) {
			s->focus = IN_RESULTS;
			return R_HANDLED | R_REDRAW;
		}
		return R_HANDLED | R_POP;
	case TK_CTRL('d'):
		return key_clear_history(a, s, key);
	default:
		break;
	}
	r = form_key(a, &s->fm, key, &ev, &id);
	if (ev == FE_CHANGED) {
		s->drop_hidden = 0;
		load_drop(a, s);
	}
	return r;
}

static int
search_input(struct app *a, void *st, int key)
{
	struct search *s = st;

	if (key == TK_CTRL('f'))
		return key_filter(a, s, key);
	if (key == TK_CTRL('o'))
		return key_sort(a, s, key);
	if (s->focus != IN_RESULTS)
		return query_input(a, s, key);
	switch (key) {
	case '/': case 'i': case TK_TAB:
		s->focus = IN_QUERY;
		s->drop_hidden = 1;
		return R_HANDLED | R_REDRAW;
	case TK_ENTER:
		return open_selected(a, s);
	case TK(KEY_UP):
		if (s->list.nav.sel <= 0) {
			s->focus = IN_QUERY;
			return R_HANDLED | R_REDRAW;
		}
		break;
	default:
		break;
	}
	if (key == 'j' || key == TK(KEY_DOWN) || key == TK(KEY_NPAGE) || key == ' ' ||
	    key == 'G' || key == TK(KEY_END)) {
		int r = wlist_key(&s->list, key);

		if (s->list.nav.sel >= 0 && (size_t)s->list.nav.sel >= s->n && s->cursor[0]) {
			run(a, s, 1);            /* reached the end: the next page */
			r |= R_REDRAW;
		}
		return r;
	}
	return wlist_key(&s->list, key);
}

static int
search_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct search *s = st;
	enum form_ev ev;
	int act = 0, r, id;

	if (s->focus != IN_RESULTS && !s->drop_hidden && s->ndrop > 0 &&
	    (r = wlist_mouse(&s->dl, m, y, x, &act)) != 0) {
		s->focus = IN_DROP;
		if (act)
			start(a, s, s->drop[s->dl.nav.sel]);
		return r | R_REDRAW;
	}
	if ((r = wlist_mouse(&s->list, m, y, x, &act)) != 0) {
		s->focus = IN_RESULTS;
		return act ? open_selected(a, s) : r;
	}
	if ((r = form_mouse(a, &s->fm, m, y, x, &ev, &id)) != 0) {
		s->focus = IN_QUERY;
		return r;
	}
	return 0;
}

static int
search_resume(struct app *a, void *st)
{
	struct search *s = st;

	if (s->focus != IN_RESULTS)
		load_drop(a, s);
	return R_REDRAW;
}

static const struct keybind search_keys[] = {
	{ TK_ENTER, app_key_none, N_("Enter"), N_("search / open"), KB_HINT },
	{ TK_TAB, app_key_none, N_("Tab"), N_("query / results"), KB_HINT },
	{ TK_CTRL('f'), app_key_none, N_("Ctrl-F"), N_("filters"), KB_HINT },
	{ TK_CTRL('o'), app_key_none, N_("Ctrl-O"), N_("sort"), KB_HINT },
	{ TK(KEY_DOWN), app_key_none, N_("Down"), N_("suggestions, then results"), 0 },
	{ 'j', app_key_none, N_("j/k"), N_("move in the results"), 0 },
	{ 'f', app_key_none, N_("f / s"), N_("filters / sort (in the results)"), 0 },
	{ '/', app_key_none, N_("/"), N_("back to the query"), 0 },
	{ TK_CTRL('d'), app_key_none, N_("Ctrl-D"), N_("clear search history"), 0 },
	{ TK_ESC, app_key_back, N_("Esc"), N_("back"), KB_HINT },
	{ TK(KEY_F(1)), app_key_help, N_("F1"), N_("help"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

/* In the results, f and s are keys of their own (the input function lets them by). */
static int
search_input_keys(struct app *a, void *st, int key)
{
	struct search *s = st;

	if (s->focus == IN_RESULTS && key == 'f')
		return key_filter(a, s, key);
	if (s->focus == IN_RESULTS && key == 's')
		return key_sort(a, s, key);
	if (s->focus == IN_RESULTS && key == 'q')
		return R_HANDLED | R_POP;
	return search_input(a, st, key);
}

const struct screen scr_search = {
	.name = "search",
	.title = N_("Search"),
	.keys = search_keys,
	.flags = SCREEN_OWN_KEYS,
	.open = search_open,
	.close = search_close,
	.draw = search_draw,
	.input = search_input_keys,
	.mouse = search_mouse,
	.resume = search_resume,
};
