/* gig.c: reading gigs: the gig page (content, seller card, reviews summary), cards and
 * the seller's and the moderators' lists. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "gig.h"
#include "gig_impl.h"

void
gig_card_read(struct db_stmt *st, struct gig_card *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_col_int64(st, 0);
	c->seller_id = db_col_int64(st, 1);
	c->category_id = db_col_int64(st, 2);
	utf8_copy(c->title, sizeof c->title, db_col_text(st, 3));
	utf8_copy(c->seller_handle, sizeof c->seller_handle, db_col_text(st, 4));
	utf8_copy(c->seller_name, sizeof c->seller_name, db_col_text(st, 5));
	utf8_copy(c->status, sizeof c->status, db_col_text(st, 6));
	c->price_from = db_col_int64(st, 7);
	c->delivery_days_min = (int)db_col_int64(st, 8);
	c->rating_avg_x100 = (int)db_col_int64(st, 9);
	c->rating_count = db_col_int64(st, 10);
	c->orders_count = db_col_int64(st, 11);
	c->favorites_count = db_col_int64(st, 12);
	c->cover_upload_id = db_col_int64(st, 13);
	c->at = db_col_int64(st, 14);
	c->score_x1000 = db_col_int64(st, 15);
}

int
gig_cards_fill(struct db_stmt *st, struct gig_card *out, size_t max, size_t *n)
{
	int r = DB_DONE;

	*n = 0;
	while (*n < max && (r = db_step(st)) == DB_ROW)
		gig_card_read(st, &out[(*n)++]);
	if (*n == max) {
		db_reset(st);
		return 0;
	}
	return r < 0 ? r : 0;
}

/* Parse a stored JSON array of strings into items of size bytes, up to max. */
static size_t
json_items(const char *text, char *items, size_t size, size_t max)
{
	json_error_t err;
	json_t *arr, *v;
	size_t i, n = 0;

	if (text == NULL || (arr = json_loads(text, 0, &err)) == NULL)
		return 0;
	if (json_is_array(arr))
		json_array_foreach(arr, i, v) {
			if (n == max)
				break;
			if (json_is_string(v))
				utf8_copy(items + n++ * size, size, json_string_value(v));
		}
	json_decref(arr);
	return n;
}

static int
load_packages(struct db *db, int64_t gig_id, struct gig_content *c)
{
	struct db_stmt *st;
	int r, t;

	if ((r = db_prepare(db, "SELECT tier, name, description, price, delivery_days,"
	    " revisions, features FROM gig_packages WHERE gig_id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW) {
		struct gig_package *p;

		for (t = 0; t < GIG_TIERS; t++)
			if (strcmp(db_col_text(st, 0), gig_tier_name(t)) == 0)
				break;
		if (t == GIG_TIERS)
			continue;
		p = &c->pkg[t];
		p->present = 1;
		utf8_copy(p->name, sizeof p->name, db_col_text(st, 1));
		utf8_copy(p->description, sizeof p->description, db_col_text(st, 2));
		p->price = db_col_int64(st, 3);
		p->delivery_days = (int)db_col_int64(st, 4);
		p->revisions = (int)db_col_int64(st, 5);
		p->n_features = json_items(db_col_text(st, 6), p->features[0],
		    sizeof p->features[0], GIG_FEATURES_MAX);
	}
	return r < 0 ? r : 0;
}

static int
load_extras_reqs(struct db *db, int64_t gig_id, struct gig_content *c)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT kind, title, description, price, added_days, id"
	    " FROM gig_extras WHERE gig_id = $1 ORDER BY position, id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	while (c->n_extras < GIG_EXTRAS_MAX && (r = db_step(st)) == DB_ROW) {
		struct gig_extra *e = &c->extras[c->n_extras++];

		utf8_copy(e->kind, sizeof e->kind, db_col_text(st, 0));
		utf8_copy(e->title, sizeof e->title, db_col_text(st, 1));
		utf8_copy(e->description, sizeof e->description, db_col_text(st, 2));
		e->price = db_col_int64(st, 3);
		e->added_days = (int)db_col_int64(st, 4);
		e->id = db_col_int64(st, 5);
	}
	db_reset(st);
	if (r < 0)
		return r;
	if ((r = db_prepare(db, "SELECT question, kind, choices, required"
	    " FROM gig_requirements WHERE gig_id = $1 ORDER BY position, id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	while (c->n_reqs < GIG_REQS_MAX && (r = db_step(st)) == DB_ROW) {
		struct gig_requirement *q = &c->reqs[c->n_reqs++];

		utf8_copy(q->question, sizeof q->question, db_col_text(st, 0));
		utf8_copy(q->kind, sizeof q->kind, db_col_text(st, 1));
		q->n_choices = json_items(db_col_text(st, 2), q->choices[0],
		    sizeof q->choices[0], GIG_REQ_CHOICES_MAX);
		q->required = db_col_int64(st, 3) == 1;
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

static int
load_tags_media_faq(struct db *db, int64_t gig_id, struct gig_content *c)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT tag FROM gig_tags WHERE gig_id = $1"
	    " ORDER BY position, id", &st)) != 0 || (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	while (c->n_tags < GIG_TAGS_MAX && (r = db_step(st)) == DB_ROW)
		utf8_copy(c->tags[c->n_tags++], sizeof c->tags[0], db_col_text(st, 0));
	db_reset(st);
	if (r < 0)
		return r;
	if ((r = db_prepare(db, "SELECT m.upload_id, m.is_cover, up.original_name,"
	    " up.mime_type, up.size_bytes FROM gig_media m JOIN uploads up"
	    " ON up.id = m.upload_id WHERE m.gig_id = $1 AND up.status = 'active'"
	    " ORDER BY m.is_cover DESC, m.position, m.id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	while (c->n_media < GIG_MEDIA_MAX && (r = db_step(st)) == DB_ROW) {
		struct gig_media_item *m = &c->media[c->n_media++];

		m->upload_id = db_col_int64(st, 0);
		m->is_cover = db_col_int64(st, 1) == 1;
		utf8_copy(m->name, sizeof m->name, db_col_text(st, 2));
		utf8_copy(m->mime_type, sizeof m->mime_type, db_col_text(st, 3));
		m->size_bytes = db_col_int64(st, 4);
	}
	db_reset(st);
	if (r < 0)
		return r;
	if ((r = db_prepare(db, "SELECT question, answer FROM gig_faq WHERE gig_id = $1"
	    " ORDER BY position, id", &st)) != 0 || (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	while (c->n_faq < GIG_FAQ_MAX && (r = db_step(st)) == DB_ROW) {
		utf8_copy(c->faq[c->n_faq].question, sizeof c->faq[0].question,
		    db_col_text(st, 0));
		utf8_copy(c->faq[c->n_faq].answer, sizeof c->faq[0].answer,
		    db_col_text(st, 1));
		c->n_faq++;
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

int
gig_content_load(struct db *db, int64_t gig_id, struct gig_content *c)
{
	struct db_stmt *st;
	int r;

	memset(c, 0, sizeof *c);
	if ((r = db_prepare(db, "SELECT category_id, title, description FROM gigs"
	    " WHERE id = $1", &st)) != 0 || (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	c->category_id = db_col_int64(st, 0);
	utf8_copy(c->title, sizeof c->title, db_col_text(st, 1));
	utf8_copy(c->description, sizeof c->description, db_col_text(st, 2));
	db_reset(st);
	if ((r = load_packages(db, gig_id, c)) != 0 ||
	    (r = load_extras_reqs(db, gig_id, c)) != 0 ||
	    (r = load_tags_media_faq(db, gig_id, c)) != 0)
		return r;
	return 0;
}

/* The page's own row: status, category, seller card, figures. */
static int
page_head(struct db *db, int64_t gig_id, struct gig_page *p, char seller_status[16])
{
	struct gig_seller *s = &p->seller;
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT g.status, COALESCE(g.reject_reason, ''), c.slug,"
	    " c.name_zh, c.name_en, COALESCE(c.parent_id, 0), COALESCE(pc.name_zh, ''),"
	    " COALESCE(pc.name_en, ''), g.seller_id, u.handle, u.display_name, u.created_at,"
	    " u.status, COALESCE(sl.code, ''), COALESCE(sl.name_zh, ''),"
	    " COALESCE(sl.name_en, ''), COALESCE(rp.rating_avg_x100, 0),"
	    " COALESCE(rp.rating_count, 0), COALESCE(rp.orders_completed, 0),"
	    " COALESCE(pr.response_time_secs, -1), COALESCE(pr.location, ''),"
	    " COALESCE(pr.headline, ''), g.price_from, g.delivery_days_min,"
	    " g.rating_avg_x100, g.rating_count, g.orders_count, g.favorites_count,"
	    " g.created_at, g.updated_at, COALESCE(g.published_at, 0)"
	    " FROM gigs g JOIN users u ON u.id = g.seller_id"
	    " JOIN categories c ON c.id = g.category_id"
	    " LEFT JOIN categories pc ON pc.id = c.parent_id"
	    " LEFT JOIN reputation rp ON rp.user_id = u.id"
	    " LEFT JOIN seller_levels sl ON sl.id = rp.level_id"
	    " LEFT JOIN profiles pr ON pr.user_id = u.id WHERE g.id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	p->id = gig_id;
	utf8_copy(p->status, sizeof p->status, db_col_text(st, 0));
	utf8_copy(p->reject_reason, sizeof p->reject_reason,
	    strcmp(p->status, "rejected") == 0 ? db_col_text(st, 1) : "");
	utf8_copy(p->category_slug, sizeof p->category_slug, db_col_text(st, 2));
	utf8_copy(p->category_zh, sizeof p->category_zh, db_col_text(st, 3));
	utf8_copy(p->category_en, sizeof p->category_en, db_col_text(st, 4));
	p->parent_category_id = db_col_int64(st, 5);
	utf8_copy(p->parent_zh, sizeof p->parent_zh, db_col_text(st, 6));
	utf8_copy(p->parent_en, sizeof p->parent_en, db_col_text(st, 7));
	s->id = db_col_int64(st, 8);
	utf8_copy(s->handle, sizeof s->handle, db_col_text(st, 9));
	utf8_copy(s->display_name, sizeof s->display_name, db_col_text(st, 10));
	s->member_since = db_col_int64(st, 11);
	utf8_copy(seller_status, 16, db_col_text(st, 12));
	utf8_copy(s->level_code, sizeof s->level_code, db_col_text(st, 13));
	utf8_copy(s->level_zh, sizeof s->level_zh, db_col_text(st, 14));
	utf8_copy(s->level_en, sizeof s->level_en, db_col_text(st, 15));
	s->rating_avg_x100 = (int)db_col_int64(st, 16);
	s->rating_count = db_col_int64(st, 17);
	s->orders_completed = db_col_int64(st, 18);
	s->response_time_secs = db_col_int64(st, 19);
	utf8_copy(s->location, sizeof s->location, db_col_text(st, 20));
	utf8_copy(s->headline, sizeof s->headline, db_col_text(st, 21));
	p->price_from = db_col_int64(st, 22);
	p->delivery_days_min = (int)db_col_int64(st, 23);
	p->rating_avg_x100 = (int)db_col_int64(st, 24);
	p->rating_count = db_col_int64(st, 25);
	p->orders_count = db_col_int64(st, 26);
	p->favorites_count = db_col_int64(st, 27);
	p->created_at = db_col_int64(st, 28);
	p->updated_at = db_col_int64(st, 29);
	p->published_at = db_col_int64(st, 30);
	db_reset(st);
	return 0;
}

/* Active and paused gigs of active sellers are public; the rest only for the seller
 * (not when deleted) and admins. */
static int
page_visible(const struct gig_page *p, const char *seller_status, int owner, int admin)
{
	int public = (strcmp(p->status, "active") == 0 || strcmp(p->status, "paused") == 0) &&
	    strcmp(seller_status, "active") == 0;

	if (admin || public)
		return 1;
	return owner && strcmp(p->status, "deleted") != 0;
}

int
gig_get(struct db *db, int64_t viewer, int64_t gig_id, struct gig_page *out)
{
	struct gig_actor a;
	struct db_stmt *st;
	char seller_status[16];
	int r;

	memset(out, 0, sizeof *out);
	if ((r = page_head(db, gig_id, out, seller_status)) != 0)
		return r;
	if (viewer <= 0 || gig_actor_get(db, viewer, &a) != 0)
		memset(&a, 0, sizeof a);
	out->is_owner = a.id != 0 && a.id == out->seller.id;
	if (!page_visible(out, seller_status, out->is_owner, a.admin)) {
		memset(out, 0, sizeof *out);
		return JS_ERR_NOT_FOUND;
	}
	if ((r = gig_content_load(db, gig_id, &out->c)) != 0)
		return r;
	if (a.id != 0) {
		if ((r = db_prepare(db, "SELECT 1 FROM favorites WHERE user_id = $1"
		    " AND gig_id = $2", &st)) != 0 || (r = db_bind_int64(st, 1, a.id)) != 0 ||
		    (r = db_bind_int64(st, 2, gig_id)) != 0)
			return r;
		if ((r = db_step(st)) < 0)
			return r;
		out->is_favorite = r == DB_ROW;
		db_reset(st);
	}
	return 0;
}

int
gig_list_seller(struct db *db, int64_t actor, int64_t seller, int include_deleted,
    struct gig_card *out, size_t max, size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = account_actor_may(db, actor, seller)) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT " GIG_CARD_COLS ", g.updated_at, 0 FROM "
	    GIG_CARD_FROM " WHERE g.seller_id = $1 AND ($2 = 1 OR g.status <> 'deleted')"
	    " ORDER BY g.created_at DESC, g.id DESC LIMIT $3", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, seller)) != 0 ||
	    (r = db_bind_int64(st, 2, include_deleted != 0)) != 0 ||
	    (r = db_bind_int64(st, 3, (int64_t)max)) != 0)
		return r;
	return gig_cards_fill(st, out, max, n);
}

int
gig_list_pending(struct db *db, int64_t actor, struct gig_card *out, size_t max,
    size_t *n)
{
	struct gig_actor a;
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = gig_actor_get(db, actor, &a)) != 0)
		return r;
	if (!a.admin)
		return JS_ERR_PERM;
	if ((r = db_prepare(db, "SELECT " GIG_CARD_COLS ", g.updated_at, 0 FROM "
	    GIG_CARD_FROM " WHERE g.status = 'pending_review'"
	    " ORDER BY g.updated_at, g.id LIMIT $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, (int64_t)max)) != 0)
		return r;
	return gig_cards_fill(st, out, max, n);
}
