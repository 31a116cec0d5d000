/* gig_copy.c: duplicating a gig as a new draft ("title (副本)"). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "gig.h"
#include "gig_impl.h"
#include "log.h"

struct dup_ctx {
	int64_t actor, gig_id, new_id;
	struct gig_content *c;
};

/* Keep the media that may still be used: own active uploads, an image first (no image
 * left for the cover: no media). */
static int
dup_media_filter(struct db *db, int64_t seller, struct gig_content *c)
{
	struct gig_media_item keep[GIG_MEDIA_MAX];
	size_t i, n = 0, img = GIG_MEDIA_MAX;
	int r;

	for (i = 0; i < c->n_media; i++) {
		r = gig_media_check(db, seller, c->media[i].upload_id, 0);
		if (r == JS_ERR_PERM || r == JS_ERR_STATE || r == JS_ERR_NOT_FOUND)
			continue;
		if (r != 0)
			return r;
		if (img == GIG_MEDIA_MAX && strncmp(c->media[i].mime_type, "image/", 6) == 0)
			img = n;
		keep[n++] = c->media[i];
	}
	c->n_media = 0;
	if (img == GIG_MEDIA_MAX)
		return 0;
	c->media[c->n_media++] = keep[img];
	for (i = 0; i < n; i++)
		if (i != img)
			c->media[c->n_media++] = keep[i];
	for (i = 0; i < c->n_media; i++)
		c->media[i].is_cover = i == 0;
	return 0;
}

/* Title + GIG_COPY_SUFFIX (" (副本)", 5 characters), cut to stay within GIG_TITLE_MAX. */
static void
dup_title(char *title)
{
	size_t max = GIG_TITLE_MAX - 5, chars = 0;
	char *p;

	for (p = title; *p != '\0'; p++)
		if (((unsigned char)*p & 0xc0) != 0x80 && ++chars > max)
			break;
	memcpy(p, GIG_COPY_SUFFIX, sizeof GIG_COPY_SUFFIX);
}

static int
dup_tx(struct db *db, void *ud)
{
	struct dup_ctx *d = ud;
	struct gig_actor a;
	struct db_stmt *st;
	char status[16];
	int64_t seller, now = (int64_t)time(NULL), price_from;
	int days_min, r;

	if ((r = gig_lock(db, d->gig_id, &seller, status)) != 0)
		return r;
	if ((r = gig_actor_get(db, d->actor, &a)) != 0)
		return r;
	if (seller != d->actor)
		return JS_ERR_PERM;
	if (strcmp(status, "deleted") == 0)
		return JS_ERR_STATE;
	if ((r = gig_content_load(db, d->gig_id, d->c)) != 0 ||
	    (r = dup_media_filter(db, seller, d->c)) != 0)
		return r;
	dup_title(d->c->title);
	gig_derive(d->c, &price_from, &days_min);
	if ((r = db_prepare(db, "INSERT INTO gigs (seller_id, category_id, title, description,"
	    " status, price_from, delivery_days_min, max_active_orders, created_at, updated_at)"
	    " SELECT seller_id, category_id, $2, description, 'draft', $3, $4,"
	    " max_active_orders, $5, $5 FROM gigs WHERE id = $1 RETURNING id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, d->gig_id)) != 0 ||
	    (r = db_bind_text(st, 2, d->c->title)) != 0 ||
	    (r = db_bind_int64(st, 3, price_from)) != 0 ||
	    (r = db_bind_int64(st, 4, days_min)) != 0 ||
	    (r = db_bind_int64(st, 5, now)) != 0 || (r = gig_step_id(st, &d->new_id)) != 0)
		return r;
	if ((r = gig_parts_write(db, d->new_id, d->c, now)) != 0)
		return r;
	return gig_search_sync(db, d->new_id, "draft");
}

int
gig_duplicate(struct db *db, int64_t actor, int64_t gig_id, int64_t *new_id)
{
	struct dup_ctx d = { actor, gig_id, 0, NULL };
	int r;

	if ((d.c = calloc(1, sizeof *d.c)) == NULL)
		return JS_ERR_NOMEM;
	if ((r = db_tx(db, dup_tx, &d)) == 0) {
		log_info("gig duplicated gig=%lld new=%lld", (long long)gig_id,
		    (long long)d.new_id);
		if (new_id != NULL)
			*new_id = d.new_id;
	}
	free(d.c);
	return r;
}
