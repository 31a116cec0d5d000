/* profile.h: an account's public profile: text fields and languages, skills, portfolio,
 * social links, and the completion score kept in profiles.completion_pct. */
#ifndef JS_PROFILE_H
#define JS_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "upload.h"

/*
 * Lengths are in characters (code points) unless they say bytes. Every text is checked
 * like a display name (account_text_clean: valid UTF-8, ASCII spaces trimmed, no control
 * characters or bidi overrides); the bio and portfolio descriptions may hold newlines.
 * Writers take the acting account: the owner or an admin (else JS_ERR_PERM); readers
 * take none, because profiles are public. A writer that fails changes nothing.
 * Validation errors: JS_ERR_UTF8 (not UTF-8), JS_ERR_TOO_BIG (too long, or too many
 * items), JS_ERR_INVALID (anything else); where a function has bad_field (may be NULL)
 * it names the field, and it is set to NULL on every other outcome.
 * Every writer recomputes and stores the completion score in the same transaction.
 */
#define PROFILE_HEADLINE_MAX 80
#define PROFILE_BIO_MAX 2000
#define PROFILE_LOCATION_MAX 40
#define PROFILE_URL_MAX 200           /* bytes */
#define PROFILE_LANG_MAX 8            /* languages in a profile */
#define PROFILE_LANG_NAME_MAX 24
#define PROFILE_SKILLS_MAX 30         /* skills of one account */
#define PROFILE_SKILL_NAME_MAX 32
#define PROFILE_PORTFOLIO_MAX 50      /* portfolio items of one account */
#define PROFILE_TITLE_MAX 80          /* portfolio item title */
#define PROFILE_DESC_MAX 1000         /* portfolio item description */

struct profile {
	int64_t user_id;
	char headline[PROFILE_HEADLINE_MAX * 4 + 1];
	char bio[PROFILE_BIO_MAX * 4 + 1];
	char location[PROFILE_LOCATION_MAX * 4 + 1];
	char website[PROFILE_URL_MAX + 1];                  /* "" when none */
	char languages[PROFILE_LANG_MAX][PROFILE_LANG_NAME_MAX * 4 + 1];
	size_t n_languages;
	int completion_pct;
	int64_t updated_at;
};

/* The profile of an account that is not deleted; JS_ERR_NOT_FOUND otherwise. */
int profile_get(struct db *db, int64_t user, struct profile *out);

/*
 * Fields to change: NULL leaves a field as it is, "" clears it.
 * languages is one line as typed, separated by ',', '，' or '、' ("中文，English");
 * empty items and repeats are dropped; stored as a JSON array in profiles.languages.
 * website must pass profile_url_check. bad_field: "headline", "bio", "location",
 * "languages", "website". JS_ERR_NOT_FOUND: no such profile.
 */
struct profile_update {
	const char *headline;
	const char *bio;              /* several lines allowed */
	const char *location;
	const char *languages;
	const char *website;
};
int profile_update(struct db *db, int64_t actor, int64_t user,
                   const struct profile_update *u, const char **bad_field);

/*
 * A link shown on a profile: "http://" or "https://" (lowercase), a host of letters,
 * digits, '-' and '.' with at least one dot (and an optional :port), no user-info, then
 * printable ASCII without spaces, quotes, '<', '>', '\' or '`'; at most PROFILE_URL_MAX
 * bytes. 0 or JS_ERR_INVALID (JS_ERR_TOO_BIG when too long).
 */
int profile_url_check(const char *url);

/* ---- skills ---- */

struct profile_skill {
	int64_t skill_id;
	char name[PROFILE_SKILL_NAME_MAX * 4 + 1];    /* normalized key, e.g. "web design" */
	char name_zh[256], name_en[256];              /* display names */
	int level;                                    /* 1..5 */
};

/* The account's skills in the order they were added: up to max into out[], *n the count. */
int profile_skills_list(struct db *db, int64_t user, struct profile_skill *out,
                        size_t max, size_t *n);
/*
 * Give the account a skill at level 1..5 (or change its level). The skill is found by
 * its normalized name (trimmed, ASCII letters lowercased, runs of spaces made one) and
 * created when missing with name_zh = name_en = the text as given. JS_ERR_TOO_BIG beyond
 * PROFILE_SKILLS_MAX skills or PROFILE_SKILL_NAME_MAX characters; JS_ERR_INVALID for an
 * empty name or a level outside 1..5.
 */
int profile_skill_set(struct db *db, int64_t actor, int64_t user, const char *name,
                      int level);
/* Take a skill off the account; JS_ERR_NOT_FOUND if it does not have it. */
int profile_skill_remove(struct db *db, int64_t actor, int64_t user, int64_t skill_id);

/* ---- portfolio ---- */

struct profile_item {
	int64_t id;
	char title[PROFILE_TITLE_MAX * 4 + 1];
	char description[PROFILE_DESC_MAX * 4 + 1];
	char link[PROFILE_URL_MAX + 1];               /* "" when none */
	int64_t upload_id;                            /* the attached file; 0 when none */
	char upload_name[UPLOAD_NAME_BUF];            /* its name (safe to draw); "" when none */
	int position;
	int64_t created_at, updated_at;
};

/*
 * Portfolio items by position (the order they were added), up to max; *n the count.
 * An attachment shows only while its upload is active: once the upload is deleted (or
 * quarantined) upload_id is 0 and upload_name "" again, though the row keeps the id.
 */
int profile_items_list(struct db *db, int64_t user, struct profile_item *out,
                       size_t max, size_t *n);
/*
 * Add an item: title required (1..PROFILE_TITLE_MAX), description may be NULL or ""
 * (several lines, up to PROFILE_DESC_MAX), link NULL / "" or a URL (profile_url_check).
 * bad_field: "title", "description", "link". *id (may be NULL) gets the new item's id.
 * JS_ERR_TOO_BIG beyond PROFILE_PORTFOLIO_MAX items.
 */
int profile_item_add(struct db *db, int64_t actor, int64_t user, const char *title,
                     const char *description, const char *link, int64_t *id,
                     const char **bad_field);
/* Replace an item's title, description and link (same rules as add). */
int profile_item_update(struct db *db, int64_t actor, int64_t item_id, const char *title,
                        const char *description, const char *link,
                        const char **bad_field);
int profile_item_remove(struct db *db, int64_t actor, int64_t item_id);
/*
 * Attach one of the item owner's uploads to the item (replacing any attachment), or
 * detach with upload_id 0; updated_at is set. The actor is the owner or an admin, as
 * for profile_item_update (JS_ERR_PERM), but the file must always be the owner's own:
 * an admin cannot attach the admin's uploads to someone else's item.
 * JS_ERR_NOT_FOUND: no such item, or no active upload with that id (deleted,
 * quarantined or never there, whoever it belonged to); JS_ERR_PERM: an active upload of
 * another account; JS_ERR_INVALID: upload_id < 0.
 */
int profile_item_set_upload(struct db *db, int64_t actor, int64_t item_id,
                            int64_t upload_id);

/* ---- social links ---- */

/* Providers: github gitee weibo zhihu bilibili wechat linkedin website other. */
#define PROFILE_SOCIAL_MAX 9

struct profile_social {
	char provider[16];
	char url[PROFILE_URL_MAX + 1];
};

/* The account's links in the order of the provider list above; *n the count. */
int profile_social_list(struct db *db, int64_t user, struct profile_social *out,
                        size_t max, size_t *n);
/*
 * Set (add or replace) the link for a provider. url must pass profile_url_check; for
 * wechat a WeChat ID (a letter, then 5..19 of letters, digits, '_' and '-') is accepted
 * too. JS_ERR_INVALID for an unknown provider or a bad url.
 */
int profile_social_set(struct db *db, int64_t actor, int64_t user, const char *provider,
                       const char *url);
/* JS_ERR_NOT_FOUND if the account has no link for that provider. */
int profile_social_remove(struct db *db, int64_t actor, int64_t user,
                          const char *provider);

/* ---- completion ---- */

/*
 * What the completion score counts, each 0 or 1. Points (sum 100):
 *   display name 10, headline 15, bio 20, location 5, languages 10,
 *   at least one skill 15, at least one portfolio item 15, at least one social link 5,
 *   an e-mail address 5.
 */
struct profile_facts {
	int display_name, headline, bio, location, languages;
	int skill, portfolio, social, email;
};
/* The score 0..100 for those facts. */
int profile_completion_pct(const struct profile_facts *f);
/*
 * Read the facts of an account, compute its score and store it in
 * profiles.completion_pct; *pct (may be NULL) gets it. Every profile writer (and
 * sign-up) calls it; run it inside the caller's transaction.
 */
int profile_completion_refresh(struct db *db, int64_t user, int *pct);

#endif
