/* test_profile.c: profile fields, skills, portfolio, social links and completion, both stores. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "err.h"
#include "fixture.h"
#include "profile.h"

struct fx {
	struct db *db;
	char url[TFX_URL_MAX];
	int64_t me, other, admin;
	struct profile p;              /* big: kept out of the test functions' stacks */
	struct profile_item items[PROFILE_PORTFOLIO_MAX + 1];
};

static int
setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof f);
	f.db = tfx_open(f.url, sizeof f.url);
	f.me = tfx_user(f.db, "wangfang", 1);
	f.other = tfx_user(f.db, "stranger", 1);
	f.admin = tfx_user(f.db, "boss", 1);
	tfx_make_admin(f.db, f.admin);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tfx_close(f->db, f->url);
	return 0;
}

static int
pct(struct fx *f)
{
	assert_int_equal(profile_get(f->db, f->me, &f->p), 0);
	return f->p.completion_pct;
}

static void
test_empty_profile(void **state)
{
	struct fx *f = *state;
	struct profile_facts none = { 0 }, all = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };

	assert_int_equal(profile_get(f->db, f->me, &f->p), 0);
	assert_int_equal(f->p.user_id, f->me);
	assert_string_equal(f->p.headline, "");
	assert_string_equal(f->p.bio, "");
	assert_string_equal(f->p.website, "");
	assert_int_equal(f->p.n_languages, 0);
	/* Only the display name counts on a fresh key-only account. */
	assert_int_equal(f->p.completion_pct, 10);
	assert_int_equal(profile_completion_pct(&none), 0);
	assert_int_equal(profile_completion_pct(&all), 100);
	assert_int_equal(profile_get(f->db, f->me + 100, &f->p), JS_ERR_NOT_FOUND);
	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'deleted' WHERE handle ="
	    " 'stranger'"), 0);
	assert_int_equal(profile_get(f->db, f->other, &f->p), JS_ERR_NOT_FOUND);
}

static void
test_update_fields(void **state)
{
	struct fx *f = *state;
	struct profile_update u = {
		.headline = "  全栈工程师 | Full-stack  ",
		.bio = "十年经验。\n擅长网站与小程序。\n\n\"Quotes\" and \\backslash\\",
		.location = "上海",
		.languages = "中文，English、 粤语 , 中文,, ",
		.website = "https://wangfang.example.cn/about?x=1#top",
	};
	struct profile_update some = { .headline = "新的标题" };
	struct profile_update clear = { .website = "", .languages = "" };
	const char *bad = "x";

	assert_int_equal(profile_update(f->db, f->me, f->me, &u, &bad), 0);
	assert_null(bad);
	assert_int_equal(profile_get(f->db, f->me, &f->p), 0);
	assert_string_equal(f->p.headline, "全栈工程师 | Full-stack");
	assert_string_equal(f->p.bio, u.bio);
	assert_string_equal(f->p.location, "上海");
	assert_string_equal(f->p.website, u.website);
	assert_int_equal(f->p.n_languages, 3);
	assert_string_equal(f->p.languages[0], "中文");
	assert_string_equal(f->p.languages[1], "English");
	assert_string_equal(f->p.languages[2], "粤语");
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM profiles WHERE languages ="
	    " '[\"中文\",\"English\",\"粤语\"]'"), 1);
	/* 10 name + 15 headline + 20 bio + 5 location + 10 languages */
	assert_int_equal(f->p.completion_pct, 60);
	/* NULL leaves a field alone. */
	assert_int_equal(profile_update(f->db, f->me, f->me, &some, &bad), 0);
	assert_int_equal(profile_get(f->db, f->me, &f->p), 0);
	assert_string_equal(f->p.headline, "新的标题");
	assert_string_equal(f->p.location, "上海");
	assert_string_equal(f->p.website, u.website);
	/* "" clears. */
	assert_int_equal(profile_update(f->db, f->me, f->me, &clear, &bad), 0);
	assert_int_equal(profile_get(f->db, f->me, &f->p), 0);
	assert_string_equal(f->p.website, "");
	assert_int_equal(f->p.n_languages, 0);
	assert_int_equal(f->p.completion_pct, 50);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM profiles"
	    " WHERE website IS NULL AND languages = '[]'"), 3);
	assert_int_equal(profile_update(f->db, f->me, f->me + 100, &some, &bad),
	    JS_ERR_PERM);
	assert_int_equal(profile_update(f->db, f->admin, f->me + 100, &some, &bad),
	    JS_ERR_NOT_FOUND);
}

static void
test_update_validation(void **state)
{
	struct fx *f = *state;
	char long_text[PROFILE_BIO_MAX + 8], many[512];
	const char *bad;
	int i;

	memset(long_text, 'h', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	for (i = 0, many[0] = '\0'; i <= PROFILE_LANG_MAX; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), "lang%d,", i);
#define BAD(field, value, want_r) do { \
		struct profile_update u = { .field = (value) }; \
		bad = NULL; \
		assert_int_equal(profile_update(f->db, f->me, f->me, &u, &bad), want_r); \
		assert_non_null(bad); \
		assert_string_equal(bad, #field); \
	} while (0)
	long_text[PROFILE_HEADLINE_MAX + 1] = '\0';
	BAD(headline, long_text, JS_ERR_TOO_BIG);
	BAD(headline, "two\nlines", JS_ERR_INVALID);
	BAD(headline, "bad\xff", JS_ERR_UTF8);
	long_text[PROFILE_HEADLINE_MAX + 1] = 'h';
	BAD(bio, long_text, JS_ERR_TOO_BIG);
	BAD(bio, "tab\there", JS_ERR_INVALID);
	BAD(bio, "escape \x1b[2J", JS_ERR_INVALID);
	BAD(bio, "rtl \xe2\x80\xae", JS_ERR_INVALID);
	long_text[PROFILE_LOCATION_MAX + 1] = '\0';
	BAD(location, long_text, JS_ERR_TOO_BIG);
	BAD(languages, many, JS_ERR_TOO_BIG);
	BAD(languages, "中文,\x1b", JS_ERR_INVALID);
	BAD(website, "ftp://example.com", JS_ERR_INVALID);
	BAD(website, "javascript:alert(1)", JS_ERR_INVALID);
	BAD(website, "https://", JS_ERR_INVALID);
	/* Valid headline, bad website: nothing is written. */
	{
		struct profile_update u = { .headline = "ok", .website = "http://x y.com" };

		assert_int_equal(profile_update(f->db, f->me, f->me, &u, &bad), JS_ERR_INVALID);
		assert_string_equal(bad, "website");
		assert_int_equal(profile_get(f->db, f->me, &f->p), 0);
		assert_string_equal(f->p.headline, "");
	}
#undef BAD
	/* Exactly at the limits is fine: 80 CJK characters, 2000-character bio. */
	{
		char head[PROFILE_HEADLINE_MAX * 3 + 1];
		struct profile_update u = { .headline = head, .bio = long_text };

		for (i = 0; i < PROFILE_HEADLINE_MAX; i++)
			memcpy(head + 3 * i, "设", 3);
		head[3 * PROFILE_HEADLINE_MAX] = '\0';
		memset(long_text, 'b', PROFILE_BIO_MAX);
		long_text[PROFILE_BIO_MAX] = '\0';
		assert_int_equal(profile_update(f->db, f->me, f->me, &u, &bad), 0);
		assert_int_equal(profile_get(f->db, f->me, &f->p), 0);
		assert_string_equal(f->p.headline, head);
		assert_int_equal(strlen(f->p.bio), PROFILE_BIO_MAX);
	}
}

static void
test_url_rules(void **state)
{
	static const struct { const char *url; int want; } cases[] = {
		{ "https://example.com", 0 }, { "http://example.com/", 0 },
		{ "https://sub.example.com.cn/a/b?c=d&e=f#g", 0 },
		{ "https://example.com:8443/x", 0 }, { "https://github.com/wang-fang", 0 },
		{ "https://example.com/%E4%B8%AD", 0 },
		{ "HTTPS://example.com", JS_ERR_INVALID }, { "ftp://example.com", JS_ERR_INVALID },
		{ "example.com", JS_ERR_INVALID }, { "https://localhost/", JS_ERR_INVALID },
		{ "https://user@evil.com", JS_ERR_INVALID },
		{ "https://github.com@evil.com/x", JS_ERR_INVALID },
		{ "https://exa mple.com", JS_ERR_INVALID },
		{ "https://example.com/a b", JS_ERR_INVALID },
		{ "https://example.com/\"><script>", JS_ERR_INVALID },
		{ "https://例子.中国", JS_ERR_INVALID },
		{ "https://example.com/中文", JS_ERR_INVALID },
		{ "https://.example.com", JS_ERR_INVALID },
		{ "https://example..com", JS_ERR_INVALID },
		{ "https://example.com:", JS_ERR_INVALID },
		{ "https://example.com:80a", JS_ERR_INVALID },
		{ "https://example.com/\x1b[31m", JS_ERR_INVALID },
		{ "", JS_ERR_INVALID }, { NULL, JS_ERR_INVALID },
	};
	char big[PROFILE_URL_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (profile_url_check(cases[i].url) != cases[i].want)
			fail_msg("url \"%s\": got %d want %d", cases[i].url ? cases[i].url :
			    "(null)", profile_url_check(cases[i].url), cases[i].want);
	memcpy(big, "https://example.com/", 20);
	memset(big + 20, 'a', sizeof big - 21);
	big[sizeof big - 1] = '\0';                       /* 201 bytes */
	assert_int_equal(profile_url_check(big), JS_ERR_TOO_BIG);
	big[sizeof big - 2] = '\0';                       /* 200 bytes */
	assert_int_equal(profile_url_check(big), 0);
}

static void
test_permissions(void **state)
{
	struct fx *f = *state;
	struct profile_update u = { .headline = "hacked" };
	int64_t item = 0;

	assert_int_equal(profile_update(f->db, f->other, f->me, &u, NULL), JS_ERR_PERM);
	assert_int_equal(profile_skill_set(f->db, f->other, f->me, "python", 3), JS_ERR_PERM);
	assert_int_equal(profile_item_add(f->db, f->other, f->me, "t", NULL, NULL, &item,
	    NULL), JS_ERR_PERM);
	assert_int_equal(profile_social_set(f->db, f->other, f->me, "github",
	    "https://github.com/x"), JS_ERR_PERM);
	assert_int_equal(profile_item_add(f->db, f->me, f->me, "mine", NULL, NULL, &item,
	    NULL), 0);
	assert_int_equal(profile_item_update(f->db, f->other, item, "t", NULL, NULL, NULL),
	    JS_ERR_PERM);
	assert_int_equal(profile_item_remove(f->db, f->other, item), JS_ERR_PERM);
	assert_int_equal(profile_get(f->db, f->me, &f->p), 0);
	assert_string_equal(f->p.headline, "");
	/* The admin may edit anyone's profile. */
	assert_int_equal(profile_update(f->db, f->admin, f->me, &u, NULL), 0);
	assert_int_equal(profile_skill_set(f->db, f->admin, f->me, "python", 3), 0);
	assert_int_equal(profile_item_remove(f->db, f->admin, item), 0);
	assert_int_equal(profile_social_set(f->db, f->admin, f->me, "github",
	    "https://github.com/x"), 0);
	/* A suspended owner may not. */
	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'suspended' WHERE"
	    " handle = 'wangfang'"), 0);
	assert_int_equal(profile_update(f->db, f->me, f->me, &u, NULL), JS_ERR_PERM);
}

static void
test_skills(void **state)
{
	struct fx *f = *state;
	struct profile_skill sk[PROFILE_SKILLS_MAX + 1];
	char name[32];
	size_t n = 0;
	int i;

	assert_int_equal(profile_skill_set(f->db, f->me, f->me, "Web  Design", 3), 0);
	assert_int_equal(pct(f), 25);
	assert_int_equal(profile_skill_set(f->db, f->me, f->me, " web design ", 4), 0);
	assert_int_equal(profile_skill_set(f->db, f->me, f->me, "网站开发", 5), 0);
	assert_int_equal(profile_skill_set(f->db, f->other, f->other, "WEB DESIGN", 1), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM skills"), 2);
	assert_int_equal(profile_skills_list(f->db, f->me, sk, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(sk[0].name, "web design");
	assert_string_equal(sk[0].name_zh, "Web  Design");
	assert_string_equal(sk[0].name_en, "Web  Design");
	assert_int_equal(sk[0].level, 4);
	assert_string_equal(sk[1].name, "网站开发");
	assert_int_equal(sk[1].level, 5);
	assert_int_equal(profile_skill_set(f->db, f->me, f->me, "python", 0), JS_ERR_INVALID);
	assert_int_equal(profile_skill_set(f->db, f->me, f->me, "python", 6), JS_ERR_INVALID);
	assert_int_equal(profile_skill_set(f->db, f->me, f->me, "  ", 3), JS_ERR_INVALID);
	assert_int_equal(profile_skill_set(f->db, f->me, f->me, "a\tb", 3), JS_ERR_INVALID);
	assert_int_equal(profile_skill_set(f->db, f->me, f->me,
	    "123456789012345678901234567890123", 3), JS_ERR_TOO_BIG);
	/* Remove. */
	assert_int_equal(profile_skill_remove(f->db, f->other, f->me, sk[0].skill_id),
	    JS_ERR_PERM);
	assert_int_equal(profile_skill_remove(f->db, f->me, f->me, sk[0].skill_id), 0);
	assert_int_equal(profile_skill_remove(f->db, f->me, f->me, sk[0].skill_id),
	    JS_ERR_NOT_FOUND);
	assert_int_equal(profile_skill_remove(f->db, f->me, f->me, sk[1].skill_id), 0);
	assert_int_equal(pct(f), 10);
	/* At most PROFILE_SKILLS_MAX; changing the level of one held is still fine. */
	for (i = 0; i < PROFILE_SKILLS_MAX; i++) {
		snprintf(name, sizeof name, "skill %d", i);
		assert_int_equal(profile_skill_set(f->db, f->me, f->me, name, 2), 0);
	}
	assert_int_equal(profile_skill_set(f->db, f->me, f->me, "one more", 2),
	    JS_ERR_TOO_BIG);
	assert_int_equal(profile_skill_set(f->db, f->me, f->me, "Skill 0", 5), 0);
	assert_int_equal(profile_skills_list(f->db, f->me, sk, PROFILE_SKILLS_MAX + 1, &n), 0);
	assert_int_equal(n, PROFILE_SKILLS_MAX);
	assert_string_equal(sk[0].name, "skill 0");
	assert_int_equal(sk[0].level, 5);
	assert_string_equal(sk[PROFILE_SKILLS_MAX - 1].name, "skill 29");
}

static void
test_portfolio(void **state)
{
	struct fx *f = *state;
	char desc[PROFILE_DESC_MAX + 2];
	const char *bad;
	int64_t a = 0, b = 0;
	size_t n = 0;
	int i;

	assert_int_equal(profile_item_add(f->db, f->me, f->me, " 企业官网 ", "响应式\n三页",
	    "https://example.com/case", &a, &bad), 0);
	assert_null(bad);
	assert_int_equal(pct(f), 25);
	assert_int_equal(profile_item_add(f->db, f->me, f->me, "Logo", NULL, "", &b, &bad), 0);
	assert_int_equal(profile_items_list(f->db, f->me, f->items, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(f->items[0].id, a);
	assert_string_equal(f->items[0].title, "企业官网");
	assert_string_equal(f->items[0].description, "响应式\n三页");
	assert_string_equal(f->items[0].link, "https://example.com/case");
	assert_string_equal(f->items[1].link, "");
	assert_true(f->items[1].position > f->items[0].position);
	/* Validation. */
	memset(desc, 'd', sizeof desc - 1);
	desc[sizeof desc - 1] = '\0';
	assert_int_equal(profile_item_add(f->db, f->me, f->me, "  ", NULL, NULL, NULL, &bad),
	    JS_ERR_INVALID);
	assert_string_equal(bad, "title");
	assert_int_equal(profile_item_add(f->db, f->me, f->me, NULL, NULL, NULL, NULL, &bad),
	    JS_ERR_INVALID);
	assert_string_equal(bad, "title");
	assert_int_equal(profile_item_add(f->db, f->me, f->me,
	    "123456789012345678901234567890123456789012345678901234567890123456789012345678901",
	    NULL, NULL, NULL, &bad), JS_ERR_TOO_BIG);
	assert_string_equal(bad, "title");
	assert_int_equal(profile_item_add(f->db, f->me, f->me, "t", desc, NULL, NULL, &bad),
	    JS_ERR_TOO_BIG);
	assert_string_equal(bad, "description");
	assert_int_equal(profile_item_add(f->db, f->me, f->me, "t", "x\x07", NULL, NULL,
	    &bad), JS_ERR_INVALID);
	assert_string_equal(bad, "description");
	assert_int_equal(profile_item_add(f->db, f->me, f->me, "t", NULL, "www.example.com",
	    NULL, &bad), JS_ERR_INVALID);
	assert_string_equal(bad, "link");
	/* Update and remove. */
	assert_int_equal(profile_item_update(f->db, f->me, b, "Logo 设计", "三套方案",
	    "http://example.org", &bad), 0);
	assert_int_equal(profile_item_update(f->db, f->me, b + 100, "x", NULL, NULL, &bad),
	    JS_ERR_NOT_FOUND);
	assert_int_equal(profile_item_update(f->db, f->me, b, "", NULL, NULL, &bad),
	    JS_ERR_INVALID);
	assert_string_equal(bad, "title");
	assert_int_equal(profile_items_list(f->db, f->me, f->items, 8, &n), 0);
	assert_string_equal(f->items[1].title, "Logo 设计");
	assert_string_equal(f->items[1].description, "三套方案");
	assert_string_equal(f->items[1].link, "http://example.org");
	assert_int_equal(profile_item_remove(f->db, f->me, a), 0);
	assert_int_equal(profile_item_remove(f->db, f->me, a), JS_ERR_NOT_FOUND);
	assert_int_equal(profile_item_remove(f->db, f->me, b), 0);
	assert_int_equal(pct(f), 10);
	/* At most PROFILE_PORTFOLIO_MAX items. */
	for (i = 0; i < PROFILE_PORTFOLIO_MAX; i++)
		assert_int_equal(profile_item_add(f->db, f->me, f->me, "item", NULL, NULL, NULL,
		    NULL), 0);
	assert_int_equal(profile_item_add(f->db, f->me, f->me, "item", NULL, NULL, NULL,
	    NULL), JS_ERR_TOO_BIG);
	assert_int_equal(profile_items_list(f->db, f->me, f->items, PROFILE_PORTFOLIO_MAX + 1,
	    &n), 0);
	assert_int_equal(n, PROFILE_PORTFOLIO_MAX);
}

static void
test_portfolio_upload(void **state)
{
	struct fx *f = *state;
	int64_t item = 0, mine, mine2, theirs, gone, admins;
	size_t n = 0;
	int before;

	mine = tfx_upload(f->db, f->me, "logo.png", "image/png", "active");
	mine2 = tfx_upload(f->db, f->me, "海报 v2.png", "image/png", "active");
	theirs = tfx_upload(f->db, f->other, "theirs.png", "image/png", "active");
	gone = tfx_upload(f->db, f->me, "old.png", "image/png", "deleted");
	admins = tfx_upload(f->db, f->admin, "boss.png", "image/png", "active");
	assert_int_equal(profile_item_add(f->db, f->me, f->me, "Logo", NULL, NULL, &item,
	    NULL), 0);
	assert_int_equal(profile_items_list(f->db, f->me, f->items, 8, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(f->items[0].upload_id, 0);
	assert_string_equal(f->items[0].upload_name, "");
	before = pct(f);

	/* Attach one's own active upload; the list shows its name. */
	assert_int_equal(db_exec(f->db, "UPDATE portfolio_items SET updated_at = 1"), 0);
	assert_int_equal(profile_item_set_upload(f->db, f->me, item, mine), 0);
	assert_int_equal(profile_items_list(f->db, f->me, f->items, 8, &n), 0);
	assert_int_equal(f->items[0].upload_id, mine);
	assert_string_equal(f->items[0].upload_name, "logo.png");
	assert_true(f->items[0].updated_at > 1);
	assert_string_equal(f->items[0].title, "Logo");
	assert_int_equal(pct(f), before);
	/* Replace it; then detach. */
	assert_int_equal(profile_item_set_upload(f->db, f->me, item, mine2), 0);
	assert_int_equal(profile_items_list(f->db, f->me, f->items, 8, &n), 0);
	assert_int_equal(f->items[0].upload_id, mine2);
	assert_string_equal(f->items[0].upload_name, "海报 v2.png");
	assert_int_equal(profile_item_set_upload(f->db, f->me, item, 0), 0);
	assert_int_equal(profile_items_list(f->db, f->me, f->items, 8, &n), 0);
	assert_int_equal(f->items[0].upload_id, 0);
	assert_string_equal(f->items[0].upload_name, "");
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM portfolio_items"
	    " WHERE upload_id IS NULL"), 1);
	assert_int_equal(profile_item_set_upload(f->db, f->me, item, 0), 0);

	/* Refused, and nothing changes: someone else's upload, a deleted one, none at all,
	 * a negative id, an item that does not exist. */
	assert_int_equal(profile_item_set_upload(f->db, f->me, item, mine), 0);
	assert_int_equal(profile_item_set_upload(f->db, f->me, item, theirs), JS_ERR_PERM);
	assert_int_equal(profile_item_set_upload(f->db, f->me, item, gone), JS_ERR_NOT_FOUND);
	assert_int_equal(profile_item_set_upload(f->db, f->me, item, theirs + 1000),
	    JS_ERR_NOT_FOUND);
	assert_int_equal(profile_item_set_upload(f->db, f->me, item, -1), JS_ERR_INVALID);
	assert_int_equal(profile_item_set_upload(f->db, f->me, item + 1000, mine),
	    JS_ERR_NOT_FOUND);
	/* A stranger may neither attach nor detach, not even with the owner's own file. */
	assert_int_equal(profile_item_set_upload(f->db, f->other, item, mine), JS_ERR_PERM);
	assert_int_equal(profile_item_set_upload(f->db, f->other, item, theirs), JS_ERR_PERM);
	assert_int_equal(profile_item_set_upload(f->db, f->other, item, 0), JS_ERR_PERM);
	assert_int_equal(profile_items_list(f->db, f->me, f->items, 8, &n), 0);
	assert_int_equal(f->items[0].upload_id, mine);

	/* The admin may attach the owner's files and detach, but not the admin's own. */
	assert_int_equal(profile_item_set_upload(f->db, f->admin, item, admins), JS_ERR_PERM);
	assert_int_equal(profile_item_set_upload(f->db, f->admin, item, mine2), 0);
	assert_int_equal(profile_items_list(f->db, f->me, f->items, 8, &n), 0);
	assert_int_equal(f->items[0].upload_id, mine2);
	assert_int_equal(profile_item_set_upload(f->db, f->admin, item, 0), 0);
	assert_int_equal(profile_item_set_upload(f->db, f->admin, item, mine), 0);

	/* Once the attached upload is deleted, the item shows no attachment. */
	assert_int_equal(db_exec(f->db, "UPDATE uploads SET status = 'deleted',"
	    " deleted_at = 1700000001 WHERE original_name = 'logo.png'"), 0);
	assert_int_equal(profile_items_list(f->db, f->me, f->items, 8, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(f->items[0].upload_id, 0);
	assert_string_equal(f->items[0].upload_name, "");
	assert_int_equal(profile_item_set_upload(f->db, f->me, item, mine), JS_ERR_NOT_FOUND);
	/* A suspended owner may not change it either. */
	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'suspended' WHERE"
	    " handle = 'wangfang'"), 0);
	assert_int_equal(profile_item_set_upload(f->db, f->me, item, mine2), JS_ERR_PERM);
}

static void
test_social(void **state)
{
	struct fx *f = *state;
	struct profile_social s[PROFILE_SOCIAL_MAX];
	size_t n = 0;

	assert_int_equal(profile_social_set(f->db, f->me, f->me, "zhihu",
	    "https://www.zhihu.com/people/wf"), 0);
	assert_int_equal(pct(f), 15);
	assert_int_equal(profile_social_set(f->db, f->me, f->me, "github",
	    "https://github.com/old"), 0);
	assert_int_equal(profile_social_set(f->db, f->me, f->me, "github",
	    "https://github.com/wangfang"), 0);
	assert_int_equal(profile_social_set(f->db, f->me, f->me, "wechat", "wangfang_88"), 0);
	assert_int_equal(profile_social_set(f->db, f->me, f->me, "wechat", "wf"),
	    JS_ERR_INVALID);
	assert_int_equal(profile_social_set(f->db, f->me, f->me, "github", "wangfang_88"),
	    JS_ERR_INVALID);
	assert_int_equal(profile_social_set(f->db, f->me, f->me, "myspace",
	    "https://myspace.com/x"), JS_ERR_INVALID);
	assert_int_equal(profile_social_set(f->db, f->me, f->me, NULL, "https://x.com"),
	    JS_ERR_INVALID);
	assert_int_equal(profile_social_set(f->db, f->me, f->me, "other", NULL),
	    JS_ERR_INVALID);
	assert_int_equal(profile_social_list(f->db, f->me, s, PROFILE_SOCIAL_MAX, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(s[0].provider, "github");
	assert_string_equal(s[0].url, "https://github.com/wangfang");
	assert_string_equal(s[1].provider, "zhihu");
	assert_string_equal(s[2].provider, "wechat");
	assert_string_equal(s[2].url, "wangfang_88");
	assert_int_equal(profile_social_list(f->db, f->me, s, 1, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(profile_social_remove(f->db, f->other, f->me, "github"),
	    JS_ERR_PERM);
	assert_int_equal(profile_social_remove(f->db, f->me, f->me, "github"), 0);
	assert_int_equal(profile_social_remove(f->db, f->me, f->me, "github"),
	    JS_ERR_NOT_FOUND);
	assert_int_equal(profile_social_remove(f->db, f->me, f->me, "nope"), JS_ERR_INVALID);
	assert_int_equal(profile_social_remove(f->db, f->me, f->me, "zhihu"), 0);
	assert_int_equal(profile_social_remove(f->db, f->me, f->me, "wechat"), 0);
	assert_int_equal(pct(f), 10);
}

static void
test_full_profile_is_100(void **state)
{
	struct fx *f = *state;
	struct profile_update u = {
		.headline = "资深设计师", .bio = "简介", .location = "杭州",
		.languages = "中文", .website = "https://example.com",
	};
	struct tfx_user_opts o = { .is_freelancer = 1, .email = "chenjing@example.com" };
	int64_t id = tfx_user_with(f->db, "chenjing", &o);
	int score = -1;

	assert_int_equal(profile_completion_refresh(f->db, id, &score), 0);
	assert_int_equal(score, 15);
	assert_int_equal(profile_update(f->db, id, id, &u, NULL), 0);
	assert_int_equal(profile_skill_set(f->db, id, id, "UI 设计", 5), 0);
	assert_int_equal(profile_item_add(f->db, id, id, "App 界面", NULL, NULL, NULL, NULL),
	    0);
	assert_int_equal(profile_social_set(f->db, id, id, "bilibili",
	    "https://space.bilibili.com/1"), 0);
	assert_int_equal(profile_get(f->db, id, &f->p), 0);
	assert_int_equal(f->p.completion_pct, 100);
	assert_int_equal(tfx_int(f->db, "SELECT completion_pct FROM profiles p"
	    " JOIN users u ON u.id = p.user_id WHERE u.handle = 'chenjing'"), 100);
	assert_int_equal(profile_completion_refresh(f->db, id + 100, &score),
	    JS_ERR_NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_profile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skills, setup, teardown),
		cmocka_unit_test_setup_teardown(test_portfolio, setup, teardown),
		cmocka_unit_test_setup_teardown(test_portfolio_upload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_social, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_profile_is_100, setup, teardown),
	};

	return tfx_run_both("profile", tests, TFX_COUNT(tests)) != 0;
}
