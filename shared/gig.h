/* gig.h: gigs (services sellers offer): validated create/edit, the status table
 * (draft, pending review, active, paused, rejected, deleted), duplicate, the gig page,
 * order checks and the seller dashboard. */
#ifndef JS_GIG_H
#define JS_GIG_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "db.h"

/*
 * Lengths are in characters (Unicode code points), never bytes, unless they say bytes:
 * a 80-character Chinese title is 240 bytes. Every text is cleaned like a display name
 * (account_text_clean: valid UTF-8, ASCII spaces trimmed, no controls or bidi
 * overrides); the description, package and extra descriptions, requirement questions and
 * FAQ answers may hold newlines. Text buffers below are sized chars * 4 + 1 bytes.
 * Money is fen (the UI parses yuan with money_parse). Times are unix seconds.
 *
 * Authorization (DESIGN.md): every writer takes the acting account `actor`. Content is
 * written only by the gig's seller (admins moderate through gig_transition, they do not
 * edit); JS_ERR_PERM otherwise, also for an unknown or inactive actor. A writer that
 * fails changes nothing. Every write that changes searchable text or the status updates
 * the search index in the same transaction (search_index_gig, which also writes
 * gigs.pinyin; search_unindex_gig when the gig is deleted; search lists active gigs only).
 */
#define GIG_TITLE_MIN 5
#define GIG_TITLE_MAX 80
#define GIG_DESC_MAX 5000
#define GIG_TAGS_MAX 5
#define GIG_TAG_MAX 20
#define GIG_PKG_NAME_MAX 40
#define GIG_PKG_DESC_MAX 300
#define GIG_FEATURES_MAX 10           /* check-list items of one package */
#define GIG_FEATURE_MAX 40
#define GIG_DAYS_MAX 365              /* delivery days 1..GIG_DAYS_MAX */
#define GIG_REVISIONS_MAX 99          /* revisions -1 (unlimited) .. GIG_REVISIONS_MAX */
#define GIG_PRICE_MIN 100             /* a package costs at least ¥1.00 */
#define GIG_PRICE_MAX INT64_C(100000000)   /* ... and at most ¥1,000,000.00 (also extras) */
#define GIG_EXTRAS_MAX 10
#define GIG_EXTRA_TITLE_MAX 40
#define GIG_EXTRA_DESC_MAX 200
#define GIG_REQS_MAX 10
#define GIG_REQ_QUESTION_MAX 300
#define GIG_REQ_CHOICES_MAX 10
#define GIG_REQ_CHOICE_MAX 40
#define GIG_MEDIA_MAX 10
#define GIG_FAQ_MAX 10
#define GIG_FAQ_Q_MAX 200
#define GIG_FAQ_A_MAX 1000
#define GIG_REASON_MAX 500            /* reject reason */
#define GIG_COPY_SUFFIX " (副本)"     /* appended to a duplicated gig's title */

enum gig_tier { GIG_BASIC, GIG_STANDARD, GIG_PREMIUM, GIG_TIERS };

/* "basic", "standard", "premium" (the stored names); NULL outside the enum. */
const char *gig_tier_name(enum gig_tier t);

struct gig_package {
	/*
	 * Input: basic must be filled. Standard and premium are optional, but a package that
	 * is present (present != 0, or any of name, description, price, delivery_days,
	 * features set) must be complete: name, price GIG_PRICE_MIN..MAX, delivery_days
	 * 1..GIG_DAYS_MAX, revisions -1..GIG_REVISIONS_MAX; premium needs standard.
	 * Output: present is 1 for the gig's packages, 0 (and the rest zero) otherwise.
	 */
	int present;
	char name[GIG_PKG_NAME_MAX * 4 + 1];
	char description[GIG_PKG_DESC_MAX * 4 + 1];      /* may be "" */
	int64_t price;                                   /* fen */
	int delivery_days;
	int revisions;                                   /* -1 = unlimited */
	char features[GIG_FEATURES_MAX][GIG_FEATURE_MAX * 4 + 1];   /* a check-list */
	size_t n_features;
};

struct gig_extra {
	char kind[16];         /* fast_delivery | extra_revision | custom */
	char title[GIG_EXTRA_TITLE_MAX * 4 + 1];         /* required */
	char description[GIG_EXTRA_DESC_MAX * 4 + 1];    /* may be "" */
	int64_t price;         /* 0..GIG_PRICE_MAX fen */
	/*
	 * Days added to the package's delivery time. fast_delivery: -(fastest package's
	 * days - 1)..0 (it delivers faster); others 0..GIG_DAYS_MAX. At most one
	 * fast_delivery and one extra_revision per gig; custom ones as many as fit.
	 */
	int added_days;
	int64_t id;            /* output only: gig_extras.id (order_extra_pick.extra_id) */
};

struct gig_requirement {
	char question[GIG_REQ_QUESTION_MAX * 4 + 1];     /* required, may hold newlines */
	char kind[12];         /* text | choice | attachment */
	/* choice: 2..GIG_REQ_CHOICES_MAX distinct choices (stored as a JSON array); the
	 * other kinds: none (n_choices must be 0). */
	char choices[GIG_REQ_CHOICES_MAX][GIG_REQ_CHOICE_MAX * 4 + 1];
	size_t n_choices;
	int required;          /* 0 | 1: the buyer must answer */
};

struct gig_faq_item {
	char question[GIG_FAQ_Q_MAX * 4 + 1];
	char answer[GIG_FAQ_A_MAX * 4 + 1];              /* may hold newlines */
};

struct gig_media_item {
	int64_t upload_id;     /* input: the only field read */
	/* Output only: */
	int is_cover;          /* the first item is the cover */
	char name[100 * 4 + 1];        /* uploads.original_name (UPLOAD_NAME_BUF) */
	char mime_type[32];            /* uploads.mime_type (UPLOAD_MIME_BUF) */
	int64_t size_bytes;
};

/*
 * What the seller writes: the whole editable content of a gig (create and edit both
 * replace all of it). About 120 KB: allocate it (calloc), do not put it on the stack.
 * Lists keep their order (position = index).
 */
struct gig_content {
	int64_t category_id;   /* a sub-category (categories.parent_id not NULL), active */
	char title[GIG_TITLE_MAX * 4 + 1];               /* GIG_TITLE_MIN..MAX characters */
	char description[GIG_DESC_MAX * 4 + 1];          /* 1..GIG_DESC_MAX, several lines */
	/*
	 * 0..GIG_TAGS_MAX tags of 1..GIG_TAG_MAX characters. Stored case-folded (ICU
	 * u_strFoldCase: "Logo" -> "logo"); empty items and repeats (compared folded) are
	 * dropped silently, and the cap counts what remains.
	 */
	char tags[GIG_TAGS_MAX][GIG_TAG_MAX * 4 + 1];
	size_t n_tags;
	struct gig_package pkg[GIG_TIERS];
	struct gig_extra extras[GIG_EXTRAS_MAX];
	size_t n_extras;
	struct gig_requirement reqs[GIG_REQS_MAX];
	size_t n_reqs;
	/* The seller's own uploads with status active, each once; the first is the cover
	 * and must be an image (mime_type image/...). */
	struct gig_media_item media[GIG_MEDIA_MAX];
	size_t n_media;
	struct gig_faq_item faq[GIG_FAQ_MAX];
	size_t n_faq;
};

/*
 * Which field a validation error is about, so the UI can show it beside that field.
 * field is a static string (NULL when the error is not about a field):
 *   "title" "category" "description"
 *   "tags"                  index = tag (-1: too many tags)
 *   "package"               index = tier: missing basic, incomplete, premium without standard
 *   "package_name" "package_description" "package_price" "package_days"
 *   "package_revisions"     index = tier
 *   "package_features"      index = tier, sub = item (-1: too many)
 *   "extras"                index -1: too many
 *   "extra_kind" "extra_title" "extra_description" "extra_price" "extra_days"   index
 *   "requirements"          index -1: too many
 *   "requirement_question" "requirement_kind"   index
 *   "requirement_choices"   index, sub = choice (-1: too few / too many / repeated)
 *   "media"                 index (-1: too many); the error says why: JS_ERR_NOT_FOUND
 *                           no such upload, JS_ERR_PERM someone else's, JS_ERR_STATE not
 *                           active, JS_ERR_EXISTS listed twice, JS_ERR_INVALID cover is
 *                           not an image
 *   "faq"                   index -1: too many
 *   "faq_question" "faq_answer"   index
 *   "reason"                (gig_transition: a reject without a reason, or too long)
 * index and sub are -1 when they do not apply.
 * Validation errors: JS_ERR_UTF8 (not UTF-8), JS_ERR_TOO_BIG (too long, too many),
 * JS_ERR_INVALID (anything else), plus the media codes above.
 */
struct gig_bad {
	const char *field;
	int index, sub;
};

/*
 * Split a line as typed into list items, on ',', '，' (U+FF0C), '、' (U+3001) and '\n'
 * (for features also ';' and '；'): tags into c->tags/n_tags, choices into
 * q->choices/n_choices, features into p->features/n_features. Items are trimmed and
 * empty ones dropped; nothing else is checked here (the writers do that).
 * JS_ERR_TOO_BIG when there are more items than the array holds or an item does not
 * fit its buffer (the output then holds what fitted).
 */
int gig_tags_parse(const char *line, struct gig_content *c);
int gig_choices_parse(const char *line, struct gig_requirement *q);
int gig_features_parse(const char *line, struct gig_package *p);

/*
 * Check content without writing anything (what create/edit check first, except the
 * checks that need the database: category and media). 0 or a validation error with
 * *bad (may be NULL) set. Useful for a form's live feedback.
 */
int gig_validate(const struct gig_content *c, struct gig_bad *bad);

/*
 * Create a gig as a draft owned by actor, who must be an active account with
 * is_freelancer = 1 (JS_ERR_PERM). Writes the gig and all its parts, derives price_from
 * (lowest package price) and delivery_days_min (fastest package). *id (may be NULL)
 * gets the new id. *bad (may be NULL) names the field of a validation error; it is
 * cleared (field NULL) on every other outcome.
 */
int gig_create(struct db *db, int64_t actor, const struct gig_content *c, int64_t *id,
               struct gig_bad *bad);

/*
 * Replace all content of a gig (the seller only; JS_ERR_PERM for anyone else, admins
 * included; JS_ERR_NOT_FOUND no such gig; JS_ERR_STATE when deleted). Status stays,
 * except that with moderation on an edit of an active or paused gig sends it back to
 * pending_review (the "edit" row of the transition table). Same checks as create.
 */
int gig_update(struct db *db, int64_t actor, int64_t gig_id, const struct gig_content *c,
               struct gig_bad *bad);

/* ---- status ---- */

enum gig_action {
	GIG_SUBMIT,    /* owner: draft|rejected -> pending_review (moderation on) or active */
	GIG_APPROVE,   /* admin: pending_review -> active */
	GIG_REJECT,    /* admin: pending_review|active|paused -> rejected, reason required */
	GIG_PAUSE,     /* owner or admin: active -> paused */
	GIG_RESUME,    /* owner or admin: paused -> active */
	GIG_DELETE,    /* owner or admin: any but deleted -> deleted (soft: orders intact) */
	GIG_EDIT,      /* implicit in gig_update; not accepted by gig_transition */
	GIG_ACTIONS
};

/* "submit", "approve", ... (for logs and the audit log); NULL outside the enum. */
const char *gig_action_name(enum gig_action a);

/*
 * Apply one transition of the status table (gig_status.c: rows of action, from-status,
 * to-status, who may (owner / admin) and the moderation setting they apply under).
 * Order of checks: JS_ERR_NOT_FOUND (no gig), JS_ERR_PERM (actor may not take this
 * action on this gig: not the owner / not an admin, or inactive), JS_ERR_STATE (no row
 * from the gig's current status). reason: required for GIG_REJECT (1..GIG_REASON_MAX
 * characters, several lines; else JS_ERR_INVALID / JS_ERR_TOO_BIG with
 * bad->field "reason"), ignored otherwise (NULL is fine). A reject records reviewed_by
 * and reviewed_at; an approve too, and clears the reason; the first time a gig becomes
 * active sets published_at. *to (may be NULL) gets the new status.
 */
int gig_transition(struct db *db, int64_t actor, int64_t gig_id, enum gig_action a,
                   const char *reason, char to[16], struct gig_bad *bad);

/*
 * Would the table allow it right now? 0, JS_ERR_PERM or JS_ERR_STATE (as above, without
 * checking a reason), so the UI can grey out what the actor cannot do.
 */
int gig_transition_allowed(struct db *db, int64_t actor, int64_t gig_id, enum gig_action a);

/* Moderation: settings key 'gigs.moderation' = 'on' (anything else, or no row: off). */
int gig_moderation_on(struct db *db, int *on);
/* Switch moderation (admins only, else JS_ERR_PERM). */
int gig_moderation_set(struct db *db, int64_t actor, int on);

/*
 * Copy a gig (the seller only; not a deleted one: JS_ERR_STATE) as a new draft with
 * GIG_COPY_SUFFIX after the title (the title is cut, at a character, so that the whole
 * stays within GIG_TITLE_MAX); packages, extras, tags, requirements, media and FAQ are
 * copied; counters and statistics are not. *new_id (may be NULL) gets its id.
 */
int gig_duplicate(struct db *db, int64_t actor, int64_t gig_id, int64_t *new_id);

/*
 * May a buyer order this gig now? 0 when the gig is active and its seller's account is
 * active; JS_ERR_STATE otherwise (draft, pending, paused, rejected, deleted gig or a
 * suspended seller); JS_ERR_NOT_FOUND when there is no such gig. The order module calls
 * it inside its own transaction.
 */
int gig_orderable(struct db *db, int64_t gig_id);

/* ---- reading ---- */

/* One line of a gig list (search results, discovery lists, the seller's gigs). */
struct gig_card {
	int64_t id, seller_id, category_id;
	char title[GIG_TITLE_MAX * 4 + 1];
	char seller_handle[ACCOUNT_HANDLE_MAX + 1];
	char seller_name[ACCOUNT_NAME_MAX * 4 + 1];
	char status[16];
	int64_t price_from;            /* fen */
	int delivery_days_min;
	int rating_avg_x100;           /* 0..500 */
	int64_t rating_count, orders_count, favorites_count;
	int64_t cover_upload_id;       /* 0: no cover */
	int64_t at;                    /* list-specific: viewed / favorited / published at */
	int64_t score_x1000;           /* list-specific: trending or match score, else 0 */
};

/* The seller card of a gig page. */
struct gig_seller {
	int64_t id;
	char handle[ACCOUNT_HANDLE_MAX + 1];
	char display_name[ACCOUNT_NAME_MAX * 4 + 1];
	char level_code[16];           /* seller_levels.code ("new", "level1", ...), "" if none */
	char level_zh[64], level_en[64];
	int rating_avg_x100;           /* reputation; 0 when none yet */
	int64_t rating_count, orders_completed;
	int64_t response_time_secs;    /* -1: unknown */
	char location[40 * 4 + 1];     /* profiles.location, "" if none */
	char headline[80 * 4 + 1];
	int64_t member_since;          /* users.created_at */
};

/* Everything the gig page shows. About 125 KB: allocate it (calloc). */
struct gig_page {
	int64_t id;
	char status[16];
	char reject_reason[GIG_REASON_MAX * 4 + 1];      /* "" unless rejected */
	struct gig_content c;          /* c.media has name, type, size and is_cover set */
	int64_t parent_category_id;
	char category_slug[64], category_zh[128], category_en[128];
	char parent_zh[128], parent_en[128];
	struct gig_seller seller;
	int64_t price_from;
	int delivery_days_min;
	int rating_avg_x100;           /* reviews summary */
	int64_t rating_count, orders_count, favorites_count;
	int64_t created_at, updated_at, published_at;    /* published_at 0: never */
	int is_favorite;               /* the viewer saved it (0 for viewer 0) */
	int is_owner;                  /* the viewer is the seller */
};

/*
 * Read a gig for its page. viewer 0 is anonymous. Active and paused gigs of an active
 * seller are public; draft, pending_review and rejected ones (and any gig of a suspended
 * seller) only for their seller and admins; deleted ones only for admins.
 * JS_ERR_NOT_FOUND otherwise (no gig, or not visible to the viewer). Reading records no
 * view: the page calls gig_track_view (gig_track.h).
 */
int gig_get(struct db *db, int64_t viewer, int64_t gig_id, struct gig_page *out);

/*
 * The seller's gigs, newest first, all statuses but deleted (include_deleted 1: those
 * too) for the seller or an admin (else JS_ERR_PERM); up to max into out, *n the count.
 */
int gig_list_seller(struct db *db, int64_t actor, int64_t seller, int include_deleted,
                    struct gig_card *out, size_t max, size_t *n);

/* Gigs waiting for review, oldest first (admins only, else JS_ERR_PERM). */
int gig_list_pending(struct db *db, int64_t actor, struct gig_card *out, size_t max,
                     size_t *n);

/* ---- seller dashboard (from gig_stats_daily) ---- */

#define GIG_DAY_SECS 86400
#define GIG_TZ_OFFSET (8 * 3600)      /* Asia/Shanghai, UTC+8, no daylight saving */
#define GIG_DASH_SERIES 30            /* days in the sparkline series */

/* 00:00 Asia/Shanghai of the day that holds `t` (the gig_stats_daily.day key). */
int64_t gig_day_start(int64_t t);

struct gig_stats_window {
	int days;                      /* 7, 30 or 90: today and the days before it */
	int64_t impressions, views, order_clicks, orders, revenue;   /* revenue in fen */
	int conversion_bps;            /* orders / views in 1/10000 (0 without views) */
};

struct gig_dash {
	int64_t gig_id;
	char title[GIG_TITLE_MAX * 4 + 1];
	char status[16];
	struct gig_stats_window w[3];  /* 7, 30, 90 days */
	/* Daily series, oldest first; [GIG_DASH_SERIES - 1] is today. */
	int64_t series_day0;           /* the day key of [0] */
	int64_t views[GIG_DASH_SERIES], impressions[GIG_DASH_SERIES], orders[GIG_DASH_SERIES];
};

/*
 * Dashboard rows for every gig of `seller` but deleted ones, newest gig first (the seller
 * or an admin, else JS_ERR_PERM); `now` picks today. Up to max into out, *n the count.
 * gig_dashboard_one: one gig (its seller or an admin; JS_ERR_NOT_FOUND no such gig).
 */
int gig_dashboard(struct db *db, int64_t actor, int64_t seller, int64_t now,
                  struct gig_dash *out, size_t max, size_t *n);
int gig_dashboard_one(struct db *db, int64_t actor, int64_t gig_id, int64_t now,
                      struct gig_dash *out);

/*
 * Count a placed order (and its subtotal as revenue, fen >= 0) in gig_stats_daily for
 * the day of `now`. For the order module: call it inside the transaction that creates
 * the order (gigs.orders_count stays the worker's). JS_ERR_NOT_FOUND: no such gig.
 */
int gig_stats_order(struct db *db, int64_t gig_id, int64_t revenue, int64_t now);
/* The same inside a transaction that has just read the gig (an order's creation): the
 * write is deferred (db_step_defer), and a missing gig fails the transaction through
 * the foreign key instead of JS_ERR_NOT_FOUND. Saves the order path a round trip. */
int gig_stats_order_defer(struct db *db, int64_t gig_id, int64_t revenue, int64_t now);

#endif
