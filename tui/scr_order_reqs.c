/* scr_order_reqs.c: the buyer answers the seller's questions (order_requirements):
 * text typed in a prompt, a choice picked with Space / arrows, an attachment from the
 * upload picker; Ctrl-S (or s) sends them (order_submit_requirements) and the delivery
 * clock starts. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "draw.h"
#include "err.h"
#include "gig.h"
#include "i18n.h"
#include "keys.h"
#include "order_args.h"
#include "screens.h"
#include "upload.h"
#include "w_filepick.h"
#include "w_page.h"

struct oreqs {
	int64_t order_id;
	struct order_req_answer *q;
	size_t n;
	int sel;
	int choice[GIG_REQS_MAX];            /* chosen index + 1 (0: none) */
	char choices[GIG_REQS_MAX][GIG_REQ_CHOICES_MAX][GIG_REQ_CHOICE_MAX * 4 + 1];
	size_t n_choices[GIG_REQS_MAX];
	char files[GIG_REQS_MAX][UPLOAD_NAME_BUF];
	int top, rows, h;
	int sel_row;                         /* page row of the selected question */
	char bad[GIG_REQS_MAX];              /* required and unanswered at the last send */
};

/* A choice question's options: the order module may hand them over in `answer` as the
 * gig's JSON array of strings before submission; else they come from the gig itself,
 * matched by the question's text. */
static void
parse_choices(struct oreqs *s, size_t i, const struct gig_page *g)
{
	const char *p = s->q[i].answer;
	size_t k = 0, o;
	char *dst;

	if (strcmp(s->q[i].kind, "choice") != 0)
		return;
	if (*p != '[') {
		for (o = 0; g != NULL && o < g->c.n_reqs; o++)
			if (strcmp(g->c.reqs[o].question, s->q[i].question) == 0) {
				for (k = 0; k < g->c.reqs[o].n_choices; k++)
					snprintf(s->choices[i][k], sizeof s->choices[i][k], "%s",
					    g->c.reqs[o].choices[k]);
				break;
			}
		s->n_choices[i] = k;
		return;
	}
	while (*p != '\0' && k < GIG_REQ_CHOICES_MAX) {
		if ((p = strchr(p, '"')) == NULL)
			break;
		p++;
		dst = s->choices[i][k];
		for (o = 0; *p != '\0' && *p != '"' && o + 1 < sizeof s->choices[i][k]; p++) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			dst[o++] = *p;
		}
		dst[o] = '\0';
		if (*p == '"')
			p++;
		k++;
	}
	s->n_choices[i] = k;
	s->q[i].answer[0] = '\0';
}

static int
oreqs_open(struct app *a, void **st, const void *arg)
{
	const struct order_page_arg *oa = arg;
	struct order_info oi;
	struct gig_page *g;
	struct oreqs *s;
	size_t i;
	int r;

	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->q = calloc(GIG_REQS_MAX, sizeof *s->q)) == NULL) {
		free(s);
		return JS_ERR_NOMEM;
	}
	s->order_id = oa->order_id;
	if ((r = order_requirements(a->db, a->acct.id, s->order_id, s->q, GIG_REQS_MAX,
	    &s->n)) != 0) {
		free(s->q);
		free(s);
		return r;
	}
	g = calloc(1, sizeof *g);
	if (g != NULL && (order_get(a->db, a->acct.id, s->order_id, &oi) != 0 ||
	    gig_get(a->db, a->acct.id, oi.gig_id, g) != 0)) {
		free(g);
		g = NULL;
	}
	for (i = 0; i < s->n; i++)
		parse_choices(s, i, g);
	free(g);
	*st = s;
	return 0;
}

static void
oreqs_close(struct app *a, void *st)
{
	struct oreqs *s = st;

	(void)a;
	free(s->q);
	free(s);
}

static const char *
answer_text(struct oreqs *s, size_t i)
{
	if (strcmp(s->q[i].kind, "choice") == 0)
		return s->choice[i] > 0 ? s->choices[i][s->choice[i] - 1] : "";
	if (strcmp(s->q[i].kind, "attachment") == 0)
		return s->files[i];
	return s->q[i].answer;
}

static void
oreqs_draw(struct app *a, void *st, WINDOW *w)
{
	struct oreqs *s = st;
	struct page pg;
	char buf[2000];
	const char *ans, *hint;
	size_t i, k;

	(void)a;
	page_begin(&pg, w, 1, 2, getmaxy(w) - 1, getmaxx(w) - 4, s->top);
	page_line(&pg, 0, _("The seller needs these answers to start"), theme_attr(T_TITLE));
	page_line(&pg, 0, _("Enter answers the selected question; s or Ctrl-S sends them all."),
	    theme_attr(T_DIM));
	if (s->n == 0)
		page_line(&pg, 2, _("The seller asks nothing: press s to start the order."), 0);
	for (i = 0; i < s->n; i++) {
		page_blank(&pg);
		if ((int)i == s->sel)
			s->sel_row = pg.row;
		snprintf(buf, sizeof buf, "%s%zu. %s%s", (int)i == s->sel ? "> " : "  ", i + 1,
		    s->q[i].question, s->q[i].required ? " *" : "");
		page_wrap(&pg, 0, buf, (int)i == s->sel ? theme_attr(T_SEL) : A_BOLD);
		ans = answer_text(s, i);
		if (strcmp(s->q[i].kind, "choice") == 0) {
			for (k = 0; k < s->n_choices[i]; k++) {
				snprintf(buf, sizeof buf, "(%c) %s", s->choice[i] == (int)k + 1 ? '*' :
				    ' ', s->choices[i][k]);
				page_line(&pg, 5, buf, s->choice[i] == (int)k + 1 ?
				    theme_attr(T_OK) : 0);
			}
			continue;
		}
		hint = strcmp(s->q[i].kind, "attachment") == 0 ?
		    _("(no file: Enter chooses one)") : _("(no answer: Enter types one)");
		page_wrap(&pg, 5, ans[0] ? ans : hint, ans[0] ? 0 : theme_attr(s->bad[i] ?
		    T_ERR : T_DIM));
	}
	s->top = page_end(&pg);
	s->rows = pg.row;
	s->h = pg.h;
}

static int
typed(struct app *a, void *ud, const char *text)
{
	struct oreqs *s = ud;

	(void)a;
	snprintf(s->q[s->sel].answer, sizeof s->q[s->sel].answer, "%s", text);
	s->bad[s->sel] = 0;
	return R_POP;
}

static int
picked(struct app *a, void *ud, const int64_t *ids, size_t n)
{
	struct oreqs *s = ud;
	struct upload_info u;


	s->q[s->sel].upload_id = n > 0 ? ids[0] : 0;
	s->files[s->sel][0] = '\0';
	if (n > 0 && upload_get(a->db, a->acct.id, ids[0], &u) == 0)
		snprintf(s->files[s->sel], sizeof s->files[0], "%s", u.name);
	else if (n > 0)
		snprintf(s->files[s->sel], sizeof s->files[0], "#%lld", (long long)ids[0]);
	s->bad[s->sel] = 0;
	return R_REDRAW;
}

static int
key_answer(struct app *a, void *st, int key)
{
	struct oreqs *s = st;
	struct prompt_arg pa = { .title = _("Your answer"), .label = _("Answer"),
	    .max_chars = ORDER_ANSWER_MAX, .done = typed, .ud = s };
	struct filepick_arg fa = { .allow_none = 1, .max = 1, .done = picked, .ud = s };
	size_t i = (size_t)s->sel;

	if (s->n == 0)
		return R_HANDLED;
	if (strcmp(s->q[i].kind, "choice") == 0) {
		if (s->n_choices[i] == 0)
			return R_HANDLED;
		if (key == TK(KEY_LEFT) || key == '-')
			s->choice[i] = s->choice[i] <= 1 ? (int)s->n_choices[i] : s->choice[i] - 1;
		else
			s->choice[i] = s->choice[i] % (int)s->n_choices[i] + 1;
		s->bad[i] = 0;
		return R_HANDLED | R_REDRAW;
	}
	if (strcmp(s->q[i].kind, "attachment") == 0) {
		fa.title = _("Attach a file");
		return app_push(a, &scr_filepick, &fa);
	}
	pa.initial = s->q[i].answer;
	/* Answers may be long (ORDER_ANSWER_MAX characters, several lines). */
	return app_push(a, &scr_prompt_area, &pa);
}

static int
key_move(struct app *a, void *st, int key)
{
	struct oreqs *s = st;

	(void)a;
	if (key == 'k' || key == TK(KEY_UP))
		s->sel = s->sel > 0 ? s->sel - 1 : 0;
	else if (s->sel + 1 < (int)s->n)
		s->sel++;
	if (s->sel_row < s->top + 2 || s->sel_row > s->top + s->h - 4)
		s->top = s->sel_row - 3 > 0 ? s->sel_row - 3 : 0;
	return R_HANDLED | R_REDRAW;
}

static int
key_send(struct app *a, void *st, int key)
{
	struct oreqs *s = st;
	struct order_ctx cx = { a->db, &a->oconf, 0 };
	struct order_answer ans[GIG_REQS_MAX];
	size_t i, m = 0;
	int r, missing = 0;

	(void)key;
	for (i = 0; i < s->n; i++) {
		const char *t = answer_text(s, i);
		int is_file = strcmp(s->q[i].kind, "attachment") == 0;

		s->bad[i] = 0;
		if ((is_file ? s->q[i].upload_id == 0 : t[0] == '\0')) {
			if (s->q[i].required)
				s->bad[i] = 1, missing++;
			continue;
		}
		ans[m].requirement_id = s->q[i].requirement_id;
		ans[m].answer = is_file ? "" : t;
		ans[m].upload_id = is_file ? s->q[i].upload_id : 0;
		m++;
	}
	if (missing > 0) {
		app_flash(a, FLASH_ERR, ngettext("%d required question is not answered.",
		    "%d required questions are not answered.", (unsigned long)missing), missing);
		return R_HANDLED | R_REDRAW;
	}
	if ((r = order_submit_requirements(&cx, a->acct.id, s->order_id, ans, m)) != 0) {
		app_flash_err(a, _("Send answers"), r);
		return R_HANDLED | R_REDRAW;
	}
	app_flash(a, FLASH_OK, "%s", _("Answers sent: the delivery clock has started."));
	return R_HANDLED | R_POP;
}

static const struct keybind oreqs_keys[] = {
	{ TK_ENTER, key_answer, N_("Enter"), N_("answer"), KB_HINT },
	{ ' ', key_answer, N_("Space"), N_("next choice"), 0 },
	{ TK(KEY_RIGHT), key_answer, NULL, NULL, 0 },
	{ TK(KEY_LEFT), key_answer, NULL, NULL, 0 },
	{ 'j', key_move, N_("j/k"), N_("question"), KB_HINT },
	{ 'k', key_move, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_move, NULL, NULL, 0 },
	{ TK(KEY_UP), key_move, NULL, NULL, 0 },
	{ 's', key_send, N_("s"), N_("send the answers"), KB_HINT },
	{ TK_CTRL('s'), key_send, NULL, NULL, 0 },
	{ TK_ESC, app_key_back, N_("Esc"), N_("later"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_order_reqs = {
	.name = "order_reqs",
	.title = N_("Requirements"),
	.keys = oreqs_keys,
	.open = oreqs_open,
	.close = oreqs_close,
	.draw = oreqs_draw,
	.resume = NULL,
};
