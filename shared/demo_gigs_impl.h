/* demo_gigs_impl.h: the word lists demo_gigs.c composes gigs from, prepared (demo_gigs_lists.c); only demo_gigs*.c include it. */
#ifndef JS_DEMO_GIGS_IMPL_H
#define JS_DEMO_GIGS_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "search.h"

#define DG_LIST 10                 /* entries of one list at most (NULL-terminated) */

/* What gigs of one sub-category are called: title = modifier + object + service + suffix. */
struct dg_topic {
	const char *slug;              /* categories.slug; "" = for any other category */
	const char *objects[DG_LIST];
	const char *services[DG_LIST];
	const char *tags[DG_LIST];
	int64_t price_lo, price_hi;    /* basic package, fen */
};

extern const struct dg_topic dg_topics[];
extern const size_t dg_topics_count;   /* the last one is the fallback (slug "") */
extern const char *const dg_modifiers[];   /* NULL-terminated, like the lists below */
extern const char *const dg_suffixes[];
extern const char *const dg_surnames[];
extern const char *const dg_given[];
extern const char *const dg_package_names[3];

#define DG_MODS 24                 /* modifiers used at most */
#define DG_SUFS 16                 /* suffixes used at most */

/* A word-list entry with its pinyin, computed once (not once per gig). */
struct piece {
	const char *s;
	char py[160], ini[64];
	int first, last;           /* kind of its first / last character: 0 other, 1 Han, 2 alnum */
};

struct tagpiece {
	char *tokens;              /* search_tokens of the tag */
	char term[SEARCH_TERM_LEN + 1];
	const char *s;
};

struct dcat {
	int64_t id;
	char name[260];            /* name_zh: the object of the fallback topic */
	const struct dg_topic *t;
	struct piece obj[DG_LIST], svc[DG_LIST];
	struct tagpiece tag[DG_LIST];
	int nobj, nsvc, ntag;
	char *tokens;              /* of its names and its parent's */
	char term[SEARCH_TERM_LEN + 1];
};

/*
 * Append p's pinyin and initials to full / ini (each of cap bytes) as pinyin_of() would
 * continue them after a piece ending in a character of kind *prev; *prev is updated.
 */
void dg_py_join(char *full, char *ini, size_t cap, int *prev, const struct piece *p);
/*
 * The active sub-categories (every category when none has a parent) with their word
 * lists: *cats (free with dg_cats_free) and *ncats. JS_ERR_STATE when there is none.
 */
int dg_load_categories(struct db *db, struct dcat **cats, size_t *ncats);
void dg_cats_free(struct dcat *cats, size_t n);
/* The modifiers and suffixes with their pinyin. */
int dg_load_words(struct piece mod[DG_MODS], int *nmod, struct piece suf[DG_SUFS], int *nsuf);

#endif
