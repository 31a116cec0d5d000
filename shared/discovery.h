/* discovery.h: finding gigs without a query: the category tree with counts, recently
 * viewed, trending (with time decay), recommendations, and favorites. */
#ifndef JS_DISCOVERY_H
#define JS_DISCOVERY_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "gig.h"

/*
 * Lists fill caller-owned arrays of struct gig_card (gig.h): up to max rows into out,
 * *n gets the count. Unless a function says otherwise they list only gigs that are
 * active and whose seller is active, so every card can be opened and ordered.
 * viewer / actor 0 means anonymous where allowed.
 */

#define DISCOVERY_CATEGORIES_MAX 256  /* rows discovery_categories can return */

struct discovery_category {
	int64_t id, parent_id;         /* parent_id 0 for a top-level category */
	char slug[64];
	char name_zh[128], name_en[128];
	int depth;                     /* 0 top level, 1 sub-category */
	int64_t gig_count;             /* active gigs; a parent counts its children's too */
};

/*
 * The active categories as a tree in display order: each top-level category (by
 * sort_order, then id) followed by its sub-categories (likewise). Up to max rows.
 */
int discovery_categories(struct db *db, struct discovery_category *out, size_t max,
                         size_t *n);

/*
 * Gigs in a category, most ordered first then newest: category_id a sub-category, or a
 * top-level category (its sub-categories' gigs). card.at = published_at.
 */
int discovery_category_gigs(struct db *db, int64_t category_id, size_t offset,
                            struct gig_card *out, size_t max, size_t *n);

/*
 * Gigs the viewer opened (gig_views), each once, most recent view first; card.at = the
 * last view. Lists active and paused gigs (a paused one shows it is paused). viewer must
 * be > 0 (JS_ERR_INVALID otherwise).
 */
int discovery_recent(struct db *db, int64_t viewer, struct gig_card *out, size_t max,
                     size_t *n);

/*
 * Trending. The score of an active gig is the sum over the last
 * DISCOVERY_TRENDING_DAYS days of gig_stats_daily of
 *   (views * 1 + order_clicks * 3 + orders * 10 + impressions / 20) * 0.5^(age / 3 days)
 * (age in whole days before today; today weighs 1, three days ago 0.5), ×1000 in
 * gig_trending.score_x1000. discovery_trending_refresh(db, now) rebuilds gig_trending in
 * one transaction (only gigs with a score > 0); the worker runs it as a job, jishictl
 * may too. *rows (may be NULL) gets the number of rows written.
 */
#define DISCOVERY_TRENDING_DAYS 30
#define DISCOVERY_TRENDING_HALF_LIFE 3
int discovery_trending_refresh(struct db *db, int64_t now, int64_t *rows);

/*
 * Trending gigs by score (highest first, ties newest first) from gig_trending as last
 * refreshed; category_id 0 for all, a sub-category, or a top-level category (its
 * children). card.score_x1000 = the score.
 */
int discovery_trending(struct db *db, int64_t category_id, struct gig_card *out,
                       size_t max, size_t *n);

/*
 * Recommended for a viewer: active gigs of others, not ones the viewer already ordered,
 * ranked by how well they match the sub-categories and tags of the gigs the viewer
 * viewed (last 90 days) or ordered (orders count 3 times a view), then by trending
 * score. Cold start (viewer 0, or nothing viewed or ordered): the trending list; and
 * when trending is empty too, the most ordered, then newest active gigs.
 * card.score_x1000 = the match score (0 for the fall-backs). *cold (may be NULL) is set
 * to 1 when the fall-back was used.
 */
int discovery_recommended(struct db *db, int64_t viewer, struct gig_card *out, size_t max,
                          size_t *n, int *cold);

/*
 * Favorites (saved gigs) of the actor (an active account, else JS_ERR_PERM).
 * add: the gig must be active or paused (JS_ERR_STATE) and exist (JS_ERR_NOT_FOUND);
 * adding one already saved is 0 (nothing changes). remove: JS_ERR_NOT_FOUND when it was
 * not saved. Both keep gigs.favorites_count in step, in one transaction.
 * list: newest saved first, any status but deleted; card.at = when it was saved.
 * has: *yes 1 or 0.
 */
int discovery_favorite_add(struct db *db, int64_t actor, int64_t gig_id);
int discovery_favorite_remove(struct db *db, int64_t actor, int64_t gig_id);
int discovery_favorite_has(struct db *db, int64_t actor, int64_t gig_id, int *yes);
int discovery_favorites(struct db *db, int64_t actor, struct gig_card *out, size_t max,
                        size_t *n);

#endif
