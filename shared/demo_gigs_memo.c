/* demo_gigs_memo.c: search tokens and terms of synthetic titles, computed once per title. */
#include <stdlib.h>
#include <string.h>

#include "demo_rows.h"
#include "err.h"

/*
 * Why: titles are drawn from small word lists (about 73,000 possible, most of them seen
 * within the first 100,000 gigs), and ICU's dictionary segmentation of a title was the
 * largest CPU cost of a load after SQLite's own. Both results are pure functions of the
 * title's text, so a cached answer is exactly what search_index_gig would compute.
 */

struct dg_memo_ent {
	uint32_t h;
	int nterms;
	char *title;               /* one allocation: title, tokens and terms, NUL after each */
	const char *tokens, *terms;
};

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h ? h : 1;
}

int
dg_memo_init(struct dg_memo *m)
{
	memset(m, 0, sizeof *m);
	m->cap = 1024;
	buf_init(&m->tok, SEARCH_TOKENS_MAX);
	buf_init(&m->terms, SEARCH_TOKENS_MAX);
	buf_init(&m->row, SEARCH_TOKENS_MAX);
	return (m->e = calloc(m->cap, sizeof *m->e)) != NULL ? 0 : JS_ERR_NOMEM;
}

void
dg_memo_free(struct dg_memo *m)
{
	size_t i;

	for (i = 0; m->e != NULL && i < m->cap; i++)
		free(m->e[i].title);
	free(m->e);
	m->e = NULL;
	buf_free(&m->tok);
	buf_free(&m->terms);
	buf_free(&m->row);
}

static int
memo_grow(struct dg_memo *m)
{
	size_t cap = m->cap * 2, i, j;
	struct dg_memo_ent *e = calloc(cap, sizeof *e);

	if (e == NULL)
		return JS_ERR_NOMEM;
	for (i = 0; i < m->cap; i++) {
		if (m->e[i].title == NULL)
			continue;
		for (j = m->e[i].h & (cap - 1); e[j].title != NULL; j = (j + 1) & (cap - 1))
			;
		e[j] = m->e[i];
	}
	free(m->e);
	m->e = e;
	m->cap = cap;
	return 0;
}

/* Each term once, at most DG_GIG_TERMS, as search_index_gig's list keeps them. */
static int
title_term(void *ud, const char *term)
{
	struct dg_memo *m = ud;

	return dg_term_once(&m->terms, &m->nterms, term);
}

int
dg_memo_get(struct dg_memo *m, const char *title, const char **tokens, const char **terms,
    int *nterms)
{
	uint32_t h = hash(title);
	size_t j, lt, lk, lm;
	struct dg_memo_ent *e;
	int r;

	for (j = h & (m->cap - 1); m->e[j].title != NULL; j = (j + 1) & (m->cap - 1)) {
		e = &m->e[j];
		if (e->h == h && strcmp(e->title, title) == 0) {
			*tokens = e->tokens;
			*terms = e->terms;
			*nterms = e->nterms;
			return 0;
		}
	}
	buf_reset(&m->tok);
	buf_reset(&m->terms);
	m->nterms = 0;
	if ((r = search_tokens(title, strlen(title), &m->tok)) != 0 ||
	    (r = search_terms_each(title, strlen(title), title_term, m)) != 0)
		return r;
	*tokens = m->tok.data ? m->tok.data : "";
	*terms = m->terms.data ? m->terms.data : "";
	*nterms = m->nterms;
	if (m->n >= DG_MEMO_MAX)
		return 0;      /* full: the answer lives in the scratch buffers until next call */
	lt = strlen(title) + 1;
	lk = m->tok.len + 1;
	lm = m->terms.len + 1;
	if (m->n * 2 >= m->cap) {
		if ((r = memo_grow(m)) != 0)
			return r;
		for (j = h & (m->cap - 1); m->e[j].title != NULL; j = (j + 1) & (m->cap - 1))
			;
	}
	e = &m->e[j];
	if ((e->title = malloc(lt + lk + lm)) == NULL)
		return JS_ERR_NOMEM;
	memcpy(e->title, title, lt);
	memcpy(e->title + lt, *tokens, lk);
	memcpy(e->title + lt + lk, *terms, lm);
	e->tokens = e->title + lt;
	e->terms = e->title + lt + lk;
	e->h = h;
	e->nterms = m->nterms;
	m->n++;
	*tokens = e->tokens;
	*terms = e->terms;
	return 0;
}
