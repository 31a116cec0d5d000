/* profile_items.c: the lists on a profile: skills with levels, portfolio items, social links. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "err.h"
#include "log.h"
#include "profile.h"
#include "utf8.h"

static const char *const social_providers[PROFILE_SOCIAL_MAX] = {
	"github", "gitee", "weibo", "zhihu", "bilibili", "wechat", "linkedin", "website",
	"other",
};

/* Start of every writer: the actor may act for user, whose row is then locked (so
 * counts against the caps are taken one writer at a time). */
static int
writer_begin(struct db *db, int64_t actor, int64_t user)
{
	struct db_stmt *st;
	int r;

	if ((r = account_actor_may(db, actor, user)) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT id FROM users WHERE id = $1 FOR UPDATE",
	    &st)) != 0 || (r = db_bind_int64(st, 1, user)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	db_reset(st);
	return 0;
}

/* Run a one-row query with nparams (1 or 2) int64 parameters a, b; *v gets its first
 * column. JS_ERR_NOT_FOUND when there is no row. */
static int
query_int(struct db *db, const char *sql, int nparams, int64_t a, int64_t b, int64_t *v)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, sql, &st)) != 0 || (r = db_bind_int64(st, 1, a)) != 0 ||
	    (nparams > 1 && (r = db_bind_int64(st, 2, b)) != 0))
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	*v = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}

/* ---- skills ---- */

int
profile_skills_list(struct db *db, int64_t user, struct profile_skill *out, size_t max,
    size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = db_prepare(db, "SELECT s.id, s.name, s.name_zh, s.name_en, us.level"
	    " FROM user_skills us JOIN skills s ON s.id = us.skill_id"
	    " WHERE us.user_id = $1 ORDER BY us.position, us.id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, user)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		struct profile_skill *k = &out[(*n)++];

		k->skill_id = db_col_int64(st, 0);
		utf8_copy(k->name, sizeof k->name, db_col_text(st, 1));
		utf8_copy(k->name_zh, sizeof k->name_zh, db_col_text(st, 2));
		utf8_copy(k->name_en, sizeof k->name_en, db_col_text(st, 3));
		k->level = (int)db_col_int64(st, 4);
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

struct skill_ctx {
	int64_t actor, user;
	char *text, key[PROFILE_SKILL_NAME_MAX * 4 + 1];
	int level;
};

static int
skill_set_tx(struct db *db, void *ud)
{
	struct skill_ctx *c = ud;
	int64_t now = (int64_t)time(NULL), skill, count, pos, had;
	struct db_stmt *st;
	int r;

	if ((r = writer_begin(db, c->actor, c->user)) != 0)
		return r;
	if ((r = db_prepare(db, "INSERT INTO skills (name, name_zh, name_en, created_at)"
	    " VALUES ($1, $2, $2, $3) ON CONFLICT (name) DO NOTHING", &st)) != 0 ||
	    (r = db_bind_text(st, 1, c->key)) != 0 || (r = db_bind_text(st, 2, c->text)) != 0 ||
	    (r = db_bind_int64(st, 3, now)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT id FROM skills WHERE name = $1", &st)) != 0 ||
	    (r = db_bind_text(st, 1, c->key)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	skill = db_col_int64(st, 0);
	db_reset(st);
	if ((r = query_int(db, "SELECT COUNT(*) FROM user_skills WHERE user_id = $1"
	    " AND skill_id = $2", 2, c->user, skill, &had)) != 0 ||
	    (r = query_int(db, "SELECT COUNT(*) FROM user_skills WHERE user_id = $1",
	    1, c->user, 0, &count)) != 0 ||
	    (r = query_int(db, "SELECT COALESCE(MAX(position), -1) + 1 FROM user_skills"
	    " WHERE user_id = $1", 1, c->user, 0, &pos)) != 0)
		return r;
	if (!had && count >= PROFILE_SKILLS_MAX)
		return JS_ERR_TOO_BIG;
	if ((r = db_prepare(db, "INSERT INTO user_skills (user_id, skill_id, level, position,"
	    " created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, skill_id)"
	    " DO UPDATE SET level = excluded.level", &st)) != 0)
		return r;
	if ((r = db_bind_int64(st, 1, c->user)) != 0 || (r = db_bind_int64(st, 2, skill)) != 0 ||
	    (r = db_bind_int64(st, 3, c->level)) != 0 || (r = db_bind_int64(st, 4, pos)) != 0 ||
	    (r = db_bind_int64(st, 5, now)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	return profile_completion_refresh(db, c->user, NULL);
}

int
profile_skill_set(struct db *db, int64_t actor, int64_t user, const char *name, int level)
{
	struct skill_ctx c = { actor, user, NULL, "", level };
	size_t i, k = 0;
	int r;

	if (level < 1 || level > 5)
		return JS_ERR_INVALID;
	if ((r = account_text_clean(name, PROFILE_SKILL_NAME_MAX, 0, &c.text)) != 0)
		return r;
	/* The key: ASCII letters lowercased, each run of spaces one space. */
	for (i = 0; c.text[i] != '\0'; i++) {
		char ch = c.text[i];

		if (ch == ' ' && k > 0 && c.key[k - 1] == ' ')
			continue;
		c.key[k++] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
	}
	c.key[k] = '\0';
	r = c.text[0] == '\0' ? JS_ERR_INVALID : db_tx(db, skill_set_tx, &c);
	free(c.text);
	return r;
}

struct remove_ctx {
	int64_t actor, user, id;
	const char *provider;
};

static int
skill_remove_tx(struct db *db, void *ud)
{
	struct remove_ctx *c = ud;
	struct db_stmt *st;
	int r;

	if ((r = writer_begin(db, c->actor, c->user)) != 0)
		return r;
	if ((r = db_prepare(db, "DELETE FROM user_skills WHERE user_id = $1 AND"
	    " skill_id = $2", &st)) != 0 || (r = db_bind_int64(st, 1, c->user)) != 0 ||
	    (r = db_bind_int64(st, 2, c->id)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if (db_changes(st) == 0)
		return JS_ERR_NOT_FOUND;
	return profile_completion_refresh(db, c->user, NULL);
}

int
profile_skill_remove(struct db *db, int64_t actor, int64_t user, int64_t skill_id)
{
	struct remove_ctx c = { actor, user, skill_id, NULL };

	return db_tx(db, skill_remove_tx, &c);
}

/* ---- portfolio ---- */

int
profile_items_list(struct db *db, int64_t user, struct profile_item *out, size_t max,
    size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = db_prepare(db, "SELECT p.id, p.title, p.description, p.link, p.position,"
	    " p.created_at, p.updated_at, u.id, u.original_name FROM portfolio_items p"
	    " LEFT JOIN uploads u ON u.id = p.upload_id AND u.status = 'active'"
	    " WHERE p.user_id = $1 ORDER BY p.position, p.id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, user)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		struct profile_item *it = &out[(*n)++];

		it->id = db_col_int64(st, 0);
		utf8_copy(it->title, sizeof it->title, db_col_text(st, 1));
		utf8_copy(it->description, sizeof it->description, db_col_text(st, 2));
		utf8_copy(it->link, sizeof it->link, db_col_text(st, 3));
		it->position = (int)db_col_int64(st, 4);
		it->created_at = db_col_int64(st, 5);
		it->updated_at = db_col_int64(st, 6);
		it->upload_id = db_col_int64(st, 7);          /* NULL (none, not active): 0 */
		utf8_copy(it->upload_name, sizeof it->upload_name, db_col_text(st, 8));
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

struct item_ctx {
	int64_t actor, user, id;
	char *title, *description;
	const char *link;             /* NULL for none */
};

static int
item_validate(struct item_ctx *c, const char *title, const char *description,
    const char *link, const char **bad)
{
	int r;

	if ((r = account_text_clean(title, PROFILE_TITLE_MAX, 0, &c->title)) != 0)
		return *bad = "title", r;
	if (c->title[0] == '\0')
		return *bad = "title", JS_ERR_INVALID;
	if ((r = account_text_clean(description ? description : "", PROFILE_DESC_MAX, 1,
	    &c->description)) != 0)
		return *bad = "description", r;
	c->link = link != NULL && link[0] != '\0' ? link : NULL;
	if (c->link != NULL && (r = profile_url_check(c->link)) != 0)
		return *bad = "link", r;
	return 0;
}

static int
item_add_tx(struct db *db, void *ud)
{
	struct item_ctx *c = ud;
	int64_t now = (int64_t)time(NULL), count, pos;
	struct db_stmt *st;
	int r;

	if ((r = writer_begin(db, c->actor, c->user)) != 0 ||
	    (r = query_int(db, "SELECT COUNT(*) FROM portfolio_items WHERE user_id = $1",
	    1, c->user, 0, &count)) != 0 ||
	    (r = query_int(db, "SELECT COALESCE(MAX(position), -1) + 1 FROM portfolio_items"
	    " WHERE user_id = $1", 1, c->user, 0, &pos)) != 0)
		return r;
	if (count >= PROFILE_PORTFOLIO_MAX)
		return JS_ERR_TOO_BIG;
	if ((r = db_prepare(db, "INSERT INTO portfolio_items (user_id, title, description,"
	    " link, position, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)"
	    " RETURNING id", &st)) != 0)
		return r;
	if ((r = db_bind_int64(st, 1, c->user)) != 0 ||
	    (r = db_bind_text(st, 2, c->title)) != 0 ||
	    (r = db_bind_text(st, 3, c->description)) != 0 ||
	    (r = db_bind_text(st, 4, c->link)) != 0 ||
	    (r = db_bind_int64(st, 5, pos)) != 0 || (r = db_bind_int64(st, 6, now)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	c->id = db_col_int64(st, 0);
	db_reset(st);
	return profile_completion_refresh(db, c->user, NULL);
}

int
profile_item_add(struct db *db, int64_t actor, int64_t user, const char *title,
    const char *description, const char *link, int64_t *id, const char **bad_field)
{
	struct item_ctx c = { actor, user, 0, NULL, NULL, NULL };
	const char *bad = NULL;
	int r;

	if ((r = item_validate(&c, title, description, link, &bad)) == 0 &&
	    (r = db_tx(db, item_add_tx, &c)) == 0 && id != NULL)
		*id = c.id;
	free(c.title);
	free(c.description);
	if (bad_field != NULL)
		*bad_field = bad;
	return r;
}

static int
item_update_tx(struct db *db, void *ud)
{
	struct item_ctx *c = ud;
	struct db_stmt *st;
	int r;

	if ((r = query_int(db, "SELECT user_id FROM portfolio_items WHERE id = $1", 1,
	    c->id, 0, &c->user)) != 0 || (r = writer_begin(db, c->actor, c->user)) != 0)
		return r;
	if ((r = db_prepare(db, "UPDATE portfolio_items SET title = $2, description = $3,"
	    " link = $4, updated_at = $5 WHERE id = $1", &st)) != 0)
		return r;
	if ((r = db_bind_int64(st, 1, c->id)) != 0 ||
	    (r = db_bind_text(st, 2, c->title)) != 0 ||
	    (r = db_bind_text(st, 3, c->description)) != 0 ||
	    (r = db_bind_text(st, 4, c->link)) != 0 ||
	    (r = db_bind_int64(st, 5, (int64_t)time(NULL))) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	return profile_completion_refresh(db, c->user, NULL);
}

int
profile_item_update(struct db *db, int64_t actor, int64_t item_id, const char *title,
    const char *description, const char *link, const char **bad_field)
{
	struct item_ctx c = { actor, 0, item_id, NULL, NULL, NULL };
	const char *bad = NULL;
	int r;

	if ((r = item_validate(&c, title, description, link, &bad)) == 0)
		r = db_tx(db, item_update_tx, &c);
	free(c.title);
	free(c.description);
	if (bad_field != NULL)
		*bad_field = bad;
	return r;
}

static int
item_remove_tx(struct db *db, void *ud)
{
	struct remove_ctx *c = ud;
	struct db_stmt *st;
	int r;

	if ((r = query_int(db, "SELECT user_id FROM portfolio_items WHERE id = $1", 1,
	    c->id, 0, &c->user)) != 0 || (r = writer_begin(db, c->actor, c->user)) != 0)
		return r;
	if ((r = db_prepare(db, "DELETE FROM portfolio_items WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, c->id)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	return profile_completion_refresh(db, c->user, NULL);
}

int
profile_item_remove(struct db *db, int64_t actor, int64_t item_id)
{
	struct remove_ctx c = { actor, 0, item_id, NULL };

	return db_tx(db, item_remove_tx, &c);
}

struct attach_ctx {
	int64_t actor, user, item, upload;
};

static int
item_attach_tx(struct db *db, void *ud)
{
	struct attach_ctx *c = ud;
	struct db_stmt *st;
	int r;

	if ((r = query_int(db, "SELECT user_id FROM portfolio_items WHERE id = $1", 1,
	    c->item, 0, &c->user)) != 0 || (r = writer_begin(db, c->actor, c->user)) != 0)
		return r;
	if (c->upload != 0) {
		int64_t owner;

		/* locked, so a concurrent upload_delete waits for us (or we see it gone) */
		if ((r = query_int(db, "SELECT user_id FROM uploads WHERE id = $1 AND"
		    " status = 'active' FOR UPDATE", 1, c->upload, 0, &owner)) != 0)
			return r;
		if (owner != c->user)
			return JS_ERR_PERM;
	}
	if ((r = db_prepare(db, "UPDATE portfolio_items SET upload_id = $2, updated_at = $3"
	    " WHERE id = $1", &st)) != 0 || (r = db_bind_int64(st, 1, c->item)) != 0)
		return r;
	if ((r = c->upload != 0 ? db_bind_int64(st, 2, c->upload) :
	    db_bind_null(st, 2)) != 0 ||
	    (r = db_bind_int64(st, 3, (int64_t)time(NULL))) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	return profile_completion_refresh(db, c->user, NULL);
}

int
profile_item_set_upload(struct db *db, int64_t actor, int64_t item_id, int64_t upload_id)
{
	struct attach_ctx c = { actor, 0, item_id, upload_id };

	if (upload_id < 0)
		return JS_ERR_INVALID;
	return db_tx(db, item_attach_tx, &c);
}

/* ---- social links ---- */

static int
provider_index(const char *p)
{
	int i;

	for (i = 0; p != NULL && i < PROFILE_SOCIAL_MAX; i++)
		if (strcmp(p, social_providers[i]) == 0)
			return i;
	return -1;
}

int
profile_social_list(struct db *db, int64_t user, struct profile_social *out, size_t max,
    size_t *n)
{
	struct profile_social all[PROFILE_SOCIAL_MAX];
	struct db_stmt *st;
	int r, i, seen[PROFILE_SOCIAL_MAX] = { 0 };

	*n = 0;
	if ((r = db_prepare(db, "SELECT provider, url FROM social_accounts"
	    " WHERE user_id = $1", &st)) != 0 || (r = db_bind_int64(st, 1, user)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW) {
		if ((i = provider_index(db_col_text(st, 0))) < 0)
			continue;      /* a provider this program does not know */
		seen[i] = 1;
		utf8_copy(all[i].provider, sizeof all[i].provider, social_providers[i]);
		utf8_copy(all[i].url, sizeof all[i].url, db_col_text(st, 1));
	}
	db_reset(st);
	if (r < 0)
		return r;
	for (i = 0; i < PROFILE_SOCIAL_MAX && *n < max; i++)
		if (seen[i])
			out[(*n)++] = all[i];
	return 0;
}

/* A WeChat ID: a letter, then 5..19 letters, digits, '_' or '-'. */
static int
wechat_id_valid(const char *s)
{
	size_t len = strlen(s);

	return len >= 6 && len <= 20 && ((s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= 'A' && s[0] <= 'Z')) && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == len;
}

struct social_ctx {
	int64_t actor, user;
	const char *provider, *url;
};

static int
social_set_tx(struct db *db, void *ud)
{
	struct social_ctx *c = ud;
	struct db_stmt *st;
	int r;

	if ((r = writer_begin(db, c->actor, c->user)) != 0)
		return r;
	if ((r = db_prepare(db, "INSERT INTO social_accounts (user_id, provider, url,"
	    " created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, provider)"
	    " DO UPDATE SET url = excluded.url", &st)) != 0)
		return r;
	if ((r = db_bind_int64(st, 1, c->user)) != 0 ||
	    (r = db_bind_text(st, 2, c->provider)) != 0 ||
	    (r = db_bind_text(st, 3, c->url)) != 0 ||
	    (r = db_bind_int64(st, 4, (int64_t)time(NULL))) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	return profile_completion_refresh(db, c->user, NULL);
}

int
profile_social_set(struct db *db, int64_t actor, int64_t user, const char *provider,
    const char *url)
{
	struct social_ctx c = { actor, user, provider, url };
	int r;

	if (provider_index(provider) < 0 || url == NULL)
		return JS_ERR_INVALID;
	if ((r = profile_url_check(url)) != 0 &&
	    !(strcmp(provider, "wechat") == 0 && wechat_id_valid(url)))
		return r;
	return db_tx(db, social_set_tx, &c);
}

static int
social_remove_tx(struct db *db, void *ud)
{
	struct remove_ctx *c = ud;
	struct db_stmt *st;
	int r;

	if ((r = writer_begin(db, c->actor, c->user)) != 0)
		return r;
	if ((r = db_prepare(db, "DELETE FROM social_accounts WHERE user_id = $1 AND"
	    " provider = $2", &st)) != 0 || (r = db_bind_int64(st, 1, c->user)) != 0 ||
	    (r = db_bind_text(st, 2, c->provider)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if (db_changes(st) == 0)
		return JS_ERR_NOT_FOUND;
	return profile_completion_refresh(db, c->user, NULL);
}

int
profile_social_remove(struct db *db, int64_t actor, int64_t user, const char *provider)
{
	struct remove_ctx c = { actor, user, 0, provider };

	if (provider_index(provider) < 0)
		return JS_ERR_INVALID;
	return db_tx(db, social_remove_tx, &c);
}
