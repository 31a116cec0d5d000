/* demo_gigs_lists.c: word lists prepared once: entries' pinyin, tags' and categories' tokens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_gigs_impl.h"
#include "err.h"
#include "pinyin.h"
#include "search.h"
#include "utf8.h"

static int
char_kind(const char *s, int last)
{
	size_t len = strlen(s), i = 0, k;
	uint32_t cp = 0;
	const char *py;

	if (len == 0)
		return 0;
	if (last)
		for (i = len - 1; i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80; i--)
			;
	if ((k = utf8_decode(s + i, len - i, &cp)) == 0)
		return 0;
	if (pinyin_cp(cp, &py, &k) == 1)
		return 1;
	return (cp < 128 && ((cp | 32) - 'a' < 26 || cp - '0' < 10)) ? 2 : 0;
}

static int
piece_init(struct piece *p, const char *s)
{
	p->s = s;
	p->first = char_kind(s, 0);
	p->last = char_kind(s, 1);
	return pinyin_of(s, p->py, sizeof p->py, p->ini, sizeof p->ini);
}

/* Append p's pinyin as pinyin_of() would continue it after a piece ending in *prev. */
void
dg_py_join(char *full, char *ini, size_t cap, int *prev, const struct piece *p)
{
	int cont = p->first != 0 && p->first == *prev;
	const char *pi = p->ini;

	if (p->py[0] != '\0') {
		if (cont && p->first == 2 && *pi != '\0')
			pi++;     /* a Latin word that goes on has no new initial */
		if (!cont && full[0] != '\0')
			strncat(full, " ", cap - strlen(full) - 1);
		strncat(full, p->py, cap - strlen(full) - 1);
		if (!cont && ini[0] != '\0' && *pi != '\0')
			strncat(ini, " ", cap - strlen(ini) - 1);
		strncat(ini, pi, cap - strlen(ini) - 1);
	}
	if (p->s[0] != '\0')
		*prev = p->last;
}

static int
tag_init(struct tagpiece *t, const char *s)
{
	struct buf b;
	int r;

	buf_init(&b, SEARCH_TOKENS_MAX);
	t->s = s;
	if ((r = search_tokens(s, strlen(s), &b)) != 0 ||
	    (r = search_norm_text(s, strlen(s), t->term, SEARCH_TERM_LEN)) != 0) {
		buf_free(&b);
		return r;
	}
	t->tokens = b.data ? buf_steal(&b) : strdup("");
	return t->tokens ? 0 : JS_ERR_NOMEM;
}

static const struct dg_topic *
topic_for(const char *slug)
{
	size_t i;

	for (i = 0; i + 1 < dg_topics_count; i++)
		if (strcmp(dg_topics[i].slug, slug) == 0)
			return &dg_topics[i];
	return &dg_topics[dg_topics_count - 1];
}

static int
cat_init(struct dcat *c, int64_t id, const char *slug, const char *names[4])
{
	struct buf b;
	int i, r;

	c->id = id;
	c->t = topic_for(slug);
	snprintf(c->name, sizeof c->name, "%s", names[0]);
	if (c->t->objects[0] == NULL && (r = piece_init(&c->obj[c->nobj++], c->name)) != 0)
		return r;
	for (i = 0; i < DG_LIST && c->t->objects[i] != NULL; i++)
		if ((r = piece_init(&c->obj[c->nobj++], c->t->objects[i])) != 0)
			return r;
	for (i = 0; i < DG_LIST && c->t->services[i] != NULL; i++)
		if ((r = piece_init(&c->svc[c->nsvc++], c->t->services[i])) != 0)
			return r;
	for (i = 0; i < DG_LIST && c->t->tags[i] != NULL; i++)
		if ((r = tag_init(&c->tag[c->ntag++], c->t->tags[i])) != 0)
			return r;
	buf_init(&b, SEARCH_TOKENS_MAX);
	for (i = 0; i < 4; i++)
		if (names[i] != NULL && (r = search_tokens(names[i], strlen(names[i]), &b)) != 0) {
			buf_free(&b);
			return r;
		}
	c->tokens = b.data ? buf_steal(&b) : strdup("");
	if (c->tokens == NULL)
		return JS_ERR_NOMEM;
	return search_norm_text(names[0], strlen(names[0]), c->term, SEARCH_TERM_LEN);
}

/* Sub-categories (or every category when none has a parent) with their word lists. */
int
dg_load_categories(struct db *db, struct dcat **cats, size_t *ncats)
{
	static const char sql[] = "SELECT c.id, c.slug, c.name_zh, c.name_en, p.name_zh,"
	    " p.name_en FROM categories c LEFT JOIN categories p ON p.id = c.parent_id"
	    " WHERE c.is_active = 1 AND (c.parent_id IS NOT NULL OR NOT EXISTS"
	    " (SELECT 1 FROM categories x WHERE x.parent_id IS NOT NULL)) ORDER BY c.id";
	struct db_stmt *st;
	const char *names[4];
	int r, i;

	if ((r = db_prepare(db, sql, &st)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW) {
		struct dcat *c = realloc(*cats, (*ncats + 1) * sizeof *c);

		if (c == NULL) {
			r = JS_ERR_NOMEM;
			break;
		}
		*cats = c;
		c = &(*cats)[(*ncats)++];
		memset(c, 0, sizeof *c);
		for (i = 0; i < 4; i++)
			names[i] = db_col_is_null(st, i + 2) ? NULL : db_col_text(st, i + 2);
		if ((r = cat_init(c, db_col_int64(st, 0), db_col_text(st, 1), names)) != 0)
			break;
	}
	db_reset(st);
	if (r < 0)
		return r;
	return *ncats == 0 ? JS_ERR_STATE : 0;
}

int
dg_load_words(struct piece mod[DG_MODS], int *nmod, struct piece suf[DG_SUFS], int *nsuf)
{
	int r, i;

	for (i = 0; dg_modifiers[i] != NULL && i < DG_MODS; i++)
		if ((r = piece_init(&mod[(*nmod)++], dg_modifiers[i])) != 0)
			return r;
	for (i = 0; dg_suffixes[i] != NULL && i < DG_SUFS; i++)
		if ((r = piece_init(&suf[(*nsuf)++], dg_suffixes[i])) != 0)
			return r;
	return 0;
}

void
dg_cats_free(struct dcat *cats, size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		free(cats[i].tokens);
		for (k = 0; k < cats[i].ntag; k++)
			free(cats[i].tag[k].tokens);
	}
	free(cats);
}
