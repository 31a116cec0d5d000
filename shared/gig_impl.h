/* gig_impl.h: internals shared by the gig_*.c and discovery*.c files; not a public API. */
#ifndef JS_GIG_IMPL_H
#define JS_GIG_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "gig.h"
#include "utf8.h"

/*
 * The columns of a struct gig_card, for "SELECT " GIG_CARD_COLS ", <at>, <score> FROM "
 * GIG_CARD_FROM ...; gig_card_read reads columns 0..15 (14 = at, 15 = score).
 */
#define GIG_CARD_COLS "g.id, g.seller_id, g.category_id, g.title, u.handle," \
	" u.display_name, g.status, g.price_from, g.delivery_days_min, g.rating_avg_x100," \
	" g.rating_count, g.orders_count, g.favorites_count," \
	" (SELECT m.upload_id FROM gig_media m JOIN uploads up ON up.id = m.upload_id" \
	"  WHERE m.gig_id = g.id AND m.is_cover = 1 AND up.status = 'active')"
#define GIG_CARD_FROM "gigs g JOIN users u ON u.id = g.seller_id"
/* A gig a buyer may see in lists and order. */
#define GIG_LISTABLE "g.status = 'active' AND u.status = 'active'"

void gig_card_read(struct db_stmt *st, struct gig_card *c);
/* Step st (bound) and read every row as a card, up to max; *n the count. */
int gig_cards_fill(struct db_stmt *st, struct gig_card *out, size_t max, size_t *n);


/* Run st (bound) and return the first column of its row; JS_ERR_NOT_FOUND without one. */
int gig_step_id(struct db_stmt *st, int64_t *id);

/* The actor's flags; JS_ERR_PERM when actor <= 0, unknown or not active. */
struct gig_actor {
	int64_t id;
	int admin, freelancer;
};
int gig_actor_get(struct db *db, int64_t actor, struct gig_actor *out);

/* Validate and tidy content: out is the cleaned copy (tags folded, empties dropped).
 * out may not alias in. */
int gig_clean(const struct gig_content *in, struct gig_content *out, struct gig_bad *bad);
void gig_bad_set(struct gig_bad *bad, const char *field, int index, int sub);

/* The checks that need the store: the category is an active sub-category, the media
 * are the seller's own active uploads and the first one is an image. gig_media_check:
 * one upload (0, JS_ERR_NOT_FOUND, JS_ERR_PERM, JS_ERR_STATE, JS_ERR_INVALID). */
int gig_media_check(struct db *db, int64_t seller, int64_t upload_id, int need_image);
int gig_check_refs(struct db *db, int64_t seller, const struct gig_content *c,
                   struct gig_bad *bad);

/* Lowest price and fastest delivery of the present packages. */
void gig_derive(const struct gig_content *c, int64_t *price_from, int *days_min);

/* Delete and rewrite every part of a gig (packages, extras, requirements, tags, media,
 * FAQ) from cleaned content. */
int gig_parts_write(struct db *db, int64_t gig_id, const struct gig_content *c,
                    int64_t now);

/* Read a gig's parts into c (category, title and description too). Media: active
 * uploads only, cover first. */
int gig_content_load(struct db *db, int64_t gig_id, struct gig_content *c);

/* Lock a gig (FOR UPDATE) and read its seller and status; JS_ERR_NOT_FOUND without one. */
int gig_lock(struct db *db, int64_t gig_id, int64_t *seller, char status[16]);

/* Bring the search index in line: search_unindex_gig for a deleted gig, else
 * search_index_gig (search_gigs itself shows only active gigs). */
int gig_search_sync(struct db *db, int64_t gig_id, const char *status);

/*
 * The status table: the state an action leads to from `from` for an actor who is the
 * owner and / or an admin, under the moderation setting. 0 and *to set; JS_ERR_PERM when
 * no row of this action admits the actor; JS_ERR_STATE when none starts at `from`.
 */
int gig_rule_find(enum gig_action a, const char *from, int owner, int admin,
                  int moderation, const char **to);

#endif
