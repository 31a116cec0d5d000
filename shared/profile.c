/* profile.c: profile text fields and languages, URL rules and the completion score. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "err.h"
#include "log.h"
#include "profile.h"
#include "utf8.h"

/* Parse the stored JSON array of languages; anything unexpected reads as none. */
static void
languages_parse(const char *text, struct profile *out)
{
	json_error_t err;
	json_t *arr, *v;
	size_t i;

	out->n_languages = 0;
	if (text == NULL || (arr = json_loads(text, JSON_REJECT_DUPLICATES, &err)) == NULL)
		return;
	if (json_is_array(arr)) {
		json_array_foreach(arr, i, v) {
			if (out->n_languages == PROFILE_LANG_MAX)
				break;
			if (json_is_string(v))
				utf8_copy(out->languages[out->n_languages++],
				    sizeof out->languages[0], json_string_value(v));
		}
	}
	json_decref(arr);
}

int
profile_get(struct db *db, int64_t user, struct profile *out)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT p.headline, p.bio, p.location, p.languages,"
	    " p.website, p.completion_pct, p.updated_at FROM profiles p"
	    " JOIN users u ON u.id = p.user_id WHERE p.user_id = $1"
	    " AND u.status <> 'deleted'", &st)) != 0 || (r = db_bind_int64(st, 1, user)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	memset(out, 0, sizeof *out);
	out->user_id = user;
	utf8_copy(out->headline, sizeof out->headline, db_col_text(st, 0));
	utf8_copy(out->bio, sizeof out->bio, db_col_text(st, 1));
	utf8_copy(out->location, sizeof out->location, db_col_text(st, 2));
	languages_parse(db_col_text(st, 3), out);
	utf8_copy(out->website, sizeof out->website, db_col_text(st, 4));
	out->completion_pct = (int)db_col_int64(st, 5);
	out->updated_at = db_col_int64(st, 6);
	db_reset(st);
	return 0;
}

int
profile_url_check(const char *url)
{
	const char *p, *host;
	size_t len, hlen, i;
	int dots = 0;

	if (url == NULL)
		return JS_ERR_INVALID;
	if ((len = strlen(url)) > PROFILE_URL_MAX)
		return JS_ERR_TOO_BIG;
	if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return JS_ERR_INVALID;
	hlen = strcspn(host, "/?#");
	for (i = 0; i < hlen; i++) {
		char c = host[i];

		if (c == ':') {     /* a port: digits to the end of the authority */
			if (i + 1 == hlen || strspn(host + i + 1, "0123456789") != hlen - i - 1)
				return JS_ERR_INVALID;
			hlen = i;
			break;
		}
		if (c == '.')
			dots++;
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-'))
			return JS_ERR_INVALID;   /* '@' (user-info), spaces, non-ASCII */
	}
	if (hlen == 0 || dots == 0 || host[0] == '.' || host[0] == '-' ||
	    host[hlen - 1] == '.' || host[hlen - 1] == '-' || memmem(host, hlen, "..", 2))
		return JS_ERR_INVALID;
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("\"<>\\`", *p) != NULL)
			return JS_ERR_INVALID;
	return 0;
}

/* Length of a language separator at p: ',', '，' (U+FF0C) or '、' (U+3001). */
static size_t
lang_sep(const char *p)
{
	if (*p == ',')
		return 1;
	if (strncmp(p, "\xef\xbc\x8c", 3) == 0 || strncmp(p, "\xe3\x80\x81", 3) == 0)
		return 3;
	return 0;
}

/* Split a typed list of languages into a JSON array text (*json, caller frees). */
static int
languages_json(const char *in, char **json)
{
	json_t *arr = json_array();
	const char *p = in, *start = in;
	size_t sep, i;
	char *item, *one;
	int r = 0;

	*json = NULL;
	if (arr == NULL)
		return JS_ERR_NOMEM;
	for (;; p++) {
		if ((sep = lang_sep(p)) == 0 && *p != '\0')
			continue;
		if ((item = strndup(start, (size_t)(p - start))) == NULL) {
			r = JS_ERR_NOMEM;
			break;
		}
		r = account_text_clean(item, PROFILE_LANG_NAME_MAX, 0, &one);
		free(item);
		if (r != 0)
			break;
		for (i = 0; i < json_array_size(arr); i++)
			if (strcmp(json_string_value(json_array_get(arr, i)), one) == 0)
				one[0] = '\0';      /* a repeat: dropped like an empty item */
		if (one[0] != '\0' && json_array_size(arr) == PROFILE_LANG_MAX)
			r = JS_ERR_TOO_BIG;
		else if (one[0] != '\0' && json_array_append_new(arr, json_string(one)) != 0)
			r = JS_ERR_NOMEM;
		free(one);
		if (r != 0 || *p == '\0')
			break;
		p += sep - 1;
		start = p + 1;
	}
	if (r == 0 && (*json = json_dumps(arr, JSON_COMPACT)) == NULL)
		r = JS_ERR_NOMEM;
	json_decref(arr);
	return r;
}

struct update_ctx {
	int64_t actor, user;
	char *headline, *bio, *location, *languages, *website;
	int set_website;
};

static int
update_validate(const struct profile_update *u, struct update_ctx *c, const char **bad)
{
	int r;

	if (u->headline != NULL && (r = account_text_clean(u->headline,
	    PROFILE_HEADLINE_MAX, 0, &c->headline)) != 0)
		return *bad = "headline", r;
	if (u->bio != NULL && (r = account_text_clean(u->bio, PROFILE_BIO_MAX, 1,
	    &c->bio)) != 0)
		return *bad = "bio", r;
	if (u->location != NULL && (r = account_text_clean(u->location,
	    PROFILE_LOCATION_MAX, 0, &c->location)) != 0)
		return *bad = "location", r;
	if (u->languages != NULL && (r = languages_json(u->languages, &c->languages)) != 0)
		return *bad = "languages", r;
	if (u->website != NULL) {
		c->set_website = 1;
		if (u->website[0] != '\0' && (r = profile_url_check(u->website)) != 0)
			return *bad = "website", r;
		if (u->website[0] != '\0' && (c->website = strdup(u->website)) == NULL)
			return JS_ERR_NOMEM;
	}
	return 0;
}

static int
update_tx(struct db *db, void *ud)
{
	struct update_ctx *c = ud;
	struct db_stmt *st;
	int r;

	if ((r = account_actor_may(db, c->actor, c->user)) != 0)
		return r;
	if ((r = db_prepare(db, "UPDATE profiles SET headline = COALESCE($2, headline),"
	    " bio = COALESCE($3, bio), location = COALESCE($4, location),"
	    " languages = COALESCE($5, languages),"
	    " website = CASE WHEN $6 = 1 THEN $7 ELSE website END, updated_at = $8"
	    " WHERE user_id = $1", &st)) != 0)
		return r;
	if ((r = db_bind_int64(st, 1, c->user)) != 0 ||
	    (r = db_bind_text(st, 2, c->headline)) != 0 ||
	    (r = db_bind_text(st, 3, c->bio)) != 0 ||
	    (r = db_bind_text(st, 4, c->location)) != 0 ||
	    (r = db_bind_text(st, 5, c->languages)) != 0 ||
	    (r = db_bind_int64(st, 6, c->set_website)) != 0 ||
	    (r = db_bind_text(st, 7, c->website)) != 0 ||
	    (r = db_bind_int64(st, 8, (int64_t)time(NULL))) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	if (db_changes(st) == 0)
		return JS_ERR_NOT_FOUND;
	return profile_completion_refresh(db, c->user, NULL);
}

int
profile_update(struct db *db, int64_t actor, int64_t user, const struct profile_update *u,
    const char **bad_field)
{
	struct update_ctx c;
	const char *bad = NULL;
	int r;

	memset(&c, 0, sizeof c);
	c.actor = actor;
	c.user = user;
	if ((r = update_validate(u, &c, &bad)) == 0)
		r = db_tx(db, update_tx, &c);
	free(c.headline);
	free(c.bio);
	free(c.location);
	free(c.languages);
	free(c.website);
	if (bad_field != NULL)
		*bad_field = bad;
	return r;
}

int
profile_completion_pct(const struct profile_facts *f)
{
	return 10 * !!f->display_name + 15 * !!f->headline + 20 * !!f->bio +
	    5 * !!f->location + 10 * !!f->languages + 15 * !!f->skill +
	    15 * !!f->portfolio + 5 * !!f->social + 5 * !!f->email;
}

int
profile_completion_refresh(struct db *db, int64_t user, int *pct)
{
	struct profile_facts f;
	struct db_stmt *st;
	int r, score;

	if ((r = db_prepare(db, "SELECT"
	    " CASE WHEN u.display_name <> '' THEN 1 ELSE 0 END,"
	    " CASE WHEN p.headline <> '' THEN 1 ELSE 0 END,"
	    " CASE WHEN p.bio <> '' THEN 1 ELSE 0 END,"
	    " CASE WHEN p.location <> '' THEN 1 ELSE 0 END,"
	    " CASE WHEN p.languages NOT IN ('', '[]') THEN 1 ELSE 0 END,"
	    " CASE WHEN EXISTS (SELECT 1 FROM user_skills s WHERE s.user_id = u.id)"
	    "  THEN 1 ELSE 0 END,"
	    " CASE WHEN EXISTS (SELECT 1 FROM portfolio_items i WHERE i.user_id = u.id)"
	    "  THEN 1 ELSE 0 END,"
	    " CASE WHEN EXISTS (SELECT 1 FROM social_accounts a WHERE a.user_id = u.id)"
	    "  THEN 1 ELSE 0 END,"
	    " CASE WHEN u.email IS NOT NULL AND u.email <> '' THEN 1 ELSE 0 END"
	    " FROM users u JOIN profiles p ON p.user_id = u.id WHERE u.id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, user)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	f.display_name = (int)db_col_int64(st, 0);
	f.headline = (int)db_col_int64(st, 1);
	f.bio = (int)db_col_int64(st, 2);
	f.location = (int)db_col_int64(st, 3);
	f.languages = (int)db_col_int64(st, 4);
	f.skill = (int)db_col_int64(st, 5);
	f.portfolio = (int)db_col_int64(st, 6);
	f.social = (int)db_col_int64(st, 7);
	f.email = (int)db_col_int64(st, 8);
	db_reset(st);
	score = profile_completion_pct(&f);
	if ((r = db_prepare(db, "UPDATE profiles SET completion_pct = $1 WHERE user_id = $2",
	    &st)) != 0 || (r = db_bind_int64(st, 1, score)) != 0 ||
	    (r = db_bind_int64(st, 2, user)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if (pct != NULL)
		*pct = score;
	return 0;
}
