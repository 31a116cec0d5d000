/* gig_track.h: impressions, views and order clicks counted in memory and written in one
 * batch, so showing a page never waits on the database. */
#ifndef JS_GIG_TRACK_H
#define JS_GIG_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/*
 * One tracker per process (the TUI child makes one at start). Counting is memory only:
 * impressions and order clicks are summed per (gig, day), views are kept one by one
 * (they also become gig_views rows, which feed "recently viewed" and recommendations).
 * The buffer is bounded: when it is full a new event is dropped (JS_ERR_TOO_BIG) and
 * counted in gig_track_dropped, so the caller should flush on a timer (a few seconds)
 * and when gig_track_pending() passes about half of the cap, and at exit.
 *
 * Flushing writes everything in one transaction: upserts into gig_stats_daily (one per
 * gig and day) and one gig_views row per view with a viewer. A view by the gig's own
 * seller is not counted. Events of gigs that no longer exist are dropped. Timestamps
 * come from the caller (`now`), so tests can move time; the day is the Asia/Shanghai
 * day (gig_day_start in gig.h).
 */
#define GIG_TRACK_DEFAULT_CAP 4096

struct gig_track;

/*
 * A tracker holding at most `cap` entries (0 means GIG_TRACK_DEFAULT_CAP): one entry per
 * (gig, day) of impressions / clicks and one per view. JS_ERR_NOMEM. The caller owns
 * *out and frees it with gig_track_free (which does not flush).
 */
int gig_track_new(size_t cap, struct gig_track **out);
void gig_track_free(struct gig_track *t);     /* NULL is a no-op */

/*
 * Count one impression (the gig's card was shown in a list: once per list page shown,
 * not per redraw), one page view (viewer 0: anonymous, no gig_views row), one click on
 * "order". 0, JS_ERR_INVALID (gig_id <= 0, or viewer < 0) or JS_ERR_TOO_BIG (full: dropped).
 */
int gig_track_impression(struct gig_track *t, int64_t gig_id, int64_t now);
int gig_track_view(struct gig_track *t, int64_t gig_id, int64_t viewer, int64_t now);
int gig_track_order_click(struct gig_track *t, int64_t gig_id, int64_t now);

/* Entries waiting to be flushed; events dropped because the buffer was full. */
size_t gig_track_pending(const struct gig_track *t);
uint64_t gig_track_dropped(const struct gig_track *t);

/*
 * Write what is pending in one transaction and empty the buffer. On an error nothing is
 * written and the buffer keeps its entries (the next flush tries again). 0 when there
 * is nothing to write. Do not call it inside another transaction of the same db unless
 * you mean the counts to share its fate.
 */
int gig_track_flush(struct gig_track *t, struct db *db);

#endif
