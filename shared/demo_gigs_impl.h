/* demo_gigs_impl.h: the word lists demo_gigs.c composes gigs from; nothing else includes it. */
#ifndef JS_DEMO_GIGS_IMPL_H
#define JS_DEMO_GIGS_IMPL_H

#include <stddef.h>
#include <stdint.h>

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

#endif
