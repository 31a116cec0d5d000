/* test_gig.c: gig content validation, create/edit/duplicate, references, the gig page,
 * lists and orderability, on SQLite and PostgreSQL. */
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
#include "gig.h"

struct fx {
	struct db *db;
	char url[TFX_URL_MAX];
	int64_t seller, stranger, admin, buyer;
	int64_t top, logo, web;                 /* categories: design > logo, web */
	int64_t img, img2, pdf, other_img, quarantined;   /* uploads */
	struct gig_content c, c2;              /* big: kept off the test stacks */
	struct gig_page page;
	struct gig_card cards[16];
};

/* A complete, valid gig: Chinese title, three packages, one of every part. */
static void
fill_valid(struct fx *f, struct gig_content *c)
{
	memset(c, 0, sizeof *c);
	c->category_id = f->logo;
	strcpy(c->title, "原创Logo设计 含源文件");
	strcpy(c->description, "为初创品牌设计原创 Logo。\n提供 AI 源文件与多种配色。");
	strcpy(c->tags[0], "Logo");
	strcpy(c->tags[1], "品牌");
	strcpy(c->tags[2], "LOGO");                /* a repeat: dropped */
	c->n_tags = 3;
	strcpy(c->pkg[0].name, "基础版");
	c->pkg[0].price = 30000;
	c->pkg[0].delivery_days = 3;
	c->pkg[0].revisions = 2;
	strcpy(c->pkg[0].features[0], "1 个方案");
	strcpy(c->pkg[0].features[1], "源文件");
	c->pkg[0].n_features = 2;
	strcpy(c->pkg[1].name, "标准版");
	c->pkg[1].price = 80000;
	c->pkg[1].delivery_days = 5;
	c->pkg[1].revisions = 5;
	strcpy(c->pkg[2].name, "高级版");
	strcpy(c->pkg[2].description, "含 VI 手册");
	c->pkg[2].price = 25000;                  /* cheaper on purpose: price_from */
	c->pkg[2].delivery_days = 7;
	c->pkg[2].revisions = -1;
	strcpy(c->extras[0].kind, "fast_delivery");
	strcpy(c->extras[0].title, "加急交付");
	c->extras[0].price = 10000;
	c->extras[0].added_days = -2;
	strcpy(c->extras[1].kind, "custom");
	strcpy(c->extras[1].title, "名片设计");
	c->extras[1].price = 20000;
	c->extras[1].added_days = 2;
	c->n_extras = 2;
	strcpy(c->reqs[0].question, "品牌名称是什么？");
	strcpy(c->reqs[0].kind, "text");
	c->reqs[0].required = 1;
	strcpy(c->reqs[1].question, "喜欢哪种风格？");
	strcpy(c->reqs[1].kind, "choice");
	strcpy(c->reqs[1].choices[0], "简约");
	strcpy(c->reqs[1].choices[1], "复古");
	c->reqs[1].n_choices = 2;
	c->n_reqs = 2;
	c->media[0].upload_id = f->img;
	c->media[1].upload_id = f->pdf;
	c->n_media = 2;
	strcpy(c->faq[0].question, "可以开发票吗？");
	strcpy(c->faq[0].answer, "可以。");
	c->n_faq = 1;
}

static int
setup(void **state)
{
	static struct fx f;
	struct db_stmt *st;

	memset(&f, 0, sizeof f);
	f.db = tfx_open(f.url, sizeof f.url);
	f.seller = tfx_user(f.db, "seller", 1);
	f.stranger = tfx_user(f.db, "stranger", 1);
	f.admin = tfx_user(f.db, "boss", 1);
	f.buyer = tfx_user(f.db, "buyer", 0);
	tfx_make_admin(f.db, f.admin);
	assert_int_equal(db_exec(f.db, "INSERT INTO categories (slug, name_zh, name_en)"
	    " VALUES ('design', '设计', 'Design')"), 0);
	f.top = tfx_int_text(f.db, "SELECT id FROM categories WHERE slug = $1", "design");
	assert_int_equal(db_prepare(f.db, "INSERT INTO categories (parent_id, slug, name_zh,"
	    " name_en, sort_order) VALUES ($1, 'logo', 'Logo设计', 'Logo Design', 1),"
	    " ($1, 'web', '网页设计', 'Web Design', 2)", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, f.top), 0);
	assert_int_equal(db_step_done(st), 0);
	f.logo = tfx_int_text(f.db, "SELECT id FROM categories WHERE slug = $1", "logo");
	f.web = tfx_int_text(f.db, "SELECT id FROM categories WHERE slug = $1", "web");
	f.img = tfx_upload(f.db, f.seller, "cover.png", "image/png", "active");
	f.img2 = tfx_upload(f.db, f.seller, "sample.jpg", "image/jpeg", "active");
	f.pdf = tfx_upload(f.db, f.seller, "说明.pdf", "application/pdf", "active");
	f.other_img = tfx_upload(f.db, f.stranger, "theirs.png", "image/png", "active");
	f.quarantined = tfx_upload(f.db, f.seller, "bad.png", "image/png", "quarantined");
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

static int64_t
create_ok(struct fx *f, struct gig_content *c)
{
	struct gig_bad bad;
	int64_t id = 0;
	int r = gig_create(f->db, f->seller, c, &id, &bad);

	if (r != 0)
		fail_msg("gig_create: %s field=%s index=%d sub=%d", js_strerror(r),
		    bad.field ? bad.field : "-", bad.index, bad.sub);
	assert_true(id > 0);
	return id;
}

static void
set_status(struct fx *f, int64_t gig, const char *status)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, "UPDATE gigs SET status = $2, reject_reason ="
	    " CASE WHEN $2 = 'rejected' THEN 'x' ELSE NULL END WHERE id = $1", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, gig), 0);
	assert_int_equal(db_bind_text(st, 2, status), 0);
	assert_int_equal(db_step_done(st), 0);
}

static void
test_create_and_get(void **state)
{
	struct fx *f = *state;
	struct gig_page *p = &f->page;
	int64_t id;

	fill_valid(f, &f->c);
	id = create_ok(f, &f->c);
	assert_int_equal(gig_get(f->db, f->seller, id, p), 0);
	assert_string_equal(p->status, "draft");
	assert_int_equal(p->is_owner, 1);
	assert_string_equal(p->c.title, "原创Logo设计 含源文件");
	assert_int_equal(p->c.category_id, f->logo);
	assert_int_equal(p->parent_category_id, f->top);
	assert_string_equal(p->category_zh, "Logo设计");
	assert_string_equal(p->parent_en, "Design");
	/* tags folded and deduplicated case-insensitively */
	assert_int_equal(p->c.n_tags, 2);
	assert_string_equal(p->c.tags[0], "logo");
	assert_string_equal(p->c.tags[1], "品牌");
	/* derived from the packages: the cheapest is premium here, the fastest basic */
	assert_int_equal(p->price_from, 25000);
	assert_int_equal(p->delivery_days_min, 3);
	assert_int_equal(p->c.pkg[0].present, 1);
	assert_int_equal(p->c.pkg[0].n_features, 2);
	assert_string_equal(p->c.pkg[0].features[1], "源文件");
	assert_int_equal(p->c.pkg[2].revisions, -1);
	assert_string_equal(p->c.pkg[2].description, "含 VI 手册");
	assert_int_equal(p->c.n_extras, 2);
	assert_string_equal(p->c.extras[0].kind, "fast_delivery");
	assert_int_equal(p->c.extras[0].added_days, -2);
	assert_int_equal(p->c.n_reqs, 2);
	assert_string_equal(p->c.reqs[1].kind, "choice");
	assert_int_equal(p->c.reqs[1].n_choices, 2);
	assert_string_equal(p->c.reqs[1].choices[1], "复古");
	assert_int_equal(p->c.reqs[0].required, 1);
	assert_int_equal(p->c.reqs[1].required, 0);
	assert_int_equal(p->c.n_media, 2);
	assert_int_equal(p->c.media[0].upload_id, f->img);
	assert_int_equal(p->c.media[0].is_cover, 1);
	assert_string_equal(p->c.media[0].mime_type, "image/png");
	assert_string_equal(p->c.media[1].name, "说明.pdf");
	assert_int_equal(p->c.media[1].is_cover, 0);
	assert_int_equal(p->c.n_faq, 1);
	assert_string_equal(p->c.faq[0].answer, "可以。");
	assert_string_equal(p->seller.handle, "seller");
	assert_string_equal(p->seller.display_name, "王芳");
	assert_int_equal(p->seller.response_time_secs, -1);
	assert_int_equal(p->rating_count, 0);
	/* features are stored as a JSON array */
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gig_packages"
	    " WHERE gig_id = $1 AND features = '[\"1 个方案\",\"源文件\"]'", id), 1);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gig_requirements"
	    " WHERE gig_id = $1 AND choices = '[\"简约\",\"复古\"]'", id), 1);
}

/* Lengths count characters: a Chinese character is one, however many bytes. */
static void
test_title_characters_not_bytes(void **state)
{
	struct fx *f = *state;
	struct gig_bad bad;
	char t[400];
	int i;

	fill_valid(f, &f->c);
	for (t[0] = '\0', i = 0; i < GIG_TITLE_MAX; i++)
		strcat(t, "设");                         /* 80 characters, 240 bytes */
	strcpy(f->c.title, t);
	assert_int_equal(gig_validate(&f->c, &bad), 0);
	assert_null(bad.field);
	create_ok(f, &f->c);
	strcat(f->c.title, "计");                    /* 81 */
	assert_int_equal(gig_validate(&f->c, &bad), JS_ERR_TOO_BIG);
	assert_string_equal(bad.field, "title");
	strcpy(f->c.title, "网站设计师");            /* 5 characters, 15 bytes */
	assert_int_equal(gig_validate(&f->c, &bad), 0);
	strcpy(f->c.title, "网站设计");              /* 4 characters, 12 bytes */
	assert_int_equal(gig_validate(&f->c, &bad), JS_ERR_INVALID);
	assert_string_equal(bad.field, "title");
	strcpy(f->c.title, "  abcd   ");             /* 4 after trimming */
	assert_int_equal(gig_validate(&f->c, &bad), JS_ERR_INVALID);
	strcpy(f->c.title, "abcde");
	assert_int_equal(gig_validate(&f->c, &bad), 0);
	/* tags: 20 characters of CJK (60 bytes) fit, 21 do not */
	fill_valid(f, &f->c);
	for (t[0] = '\0', i = 0; i < GIG_TAG_MAX; i++)
		strcat(t, "标");
	strcpy(f->c.tags[0], t);
	assert_int_equal(gig_validate(&f->c, &bad), 0);
	strcat(f->c.tags[0], "签");
	assert_int_equal(gig_validate(&f->c, &bad), JS_ERR_TOO_BIG);
	assert_string_equal(bad.field, "tags");
	assert_int_equal(bad.index, 0);
	/* description: 5000 Chinese characters (15000 bytes) */
	fill_valid(f, &f->c);
	for (i = 0; i < GIG_DESC_MAX; i++)
		memcpy(f->c.description + 3 * i, "描", 3);
	f->c.description[3 * GIG_DESC_MAX] = '\0';
	assert_int_equal(gig_validate(&f->c, &bad), 0);
	memcpy(f->c.description + 3 * GIG_DESC_MAX, "述", 4);
	assert_int_equal(gig_validate(&f->c, &bad), JS_ERR_TOO_BIG);
	assert_string_equal(bad.field, "description");
}

struct vcase {
	const char *name;
	void (*mutate)(struct gig_content *c);
	int err;
	const char *field;
	int index, sub;
};

#define MUT(n, body) static void n(struct gig_content *c) { body; }
MUT(m_title_utf8, strcpy(c->title, "好的标题\xff\xfe"))
MUT(m_title_ctrl, strcpy(c->title, "好的标题\x1b[31m"))
MUT(m_title_bidi, strcpy(c->title, "好的标题\xe2\x80\xae"))
MUT(m_title_nl, strcpy(c->title, "好的标题\n第二行"))
MUT(m_title_unterminated, memset(c->title, 'a', sizeof c->title))
MUT(m_category, c->category_id = 0)
MUT(m_desc_empty, strcpy(c->description, " \n "))
MUT(m_tags_many, c->n_tags = GIG_TAGS_MAX + 1)
MUT(m_tag_comma, strcpy(c->tags[1], "a,b"))
MUT(m_tag_cn_comma, strcpy(c->tags[1], "甲，乙"))
MUT(m_no_basic, memset(&c->pkg[0], 0, sizeof c->pkg[0]))
MUT(m_basic_no_name, c->pkg[0].name[0] = '\0')
MUT(m_std_partial, memset(&c->pkg[1], 0, sizeof c->pkg[1]); c->pkg[1].price = 5000)
MUT(m_std_flag_only, memset(&c->pkg[1], 0, sizeof c->pkg[1]); c->pkg[1].present = 1)
MUT(m_premium_alone, memset(&c->pkg[1], 0, sizeof c->pkg[1]))
MUT(m_price_low, c->pkg[0].price = GIG_PRICE_MIN - 1)
MUT(m_price_high, c->pkg[1].price = GIG_PRICE_MAX + 1)
MUT(m_days_zero, c->pkg[0].delivery_days = 0)
MUT(m_days_high, c->pkg[2].delivery_days = GIG_DAYS_MAX + 1)
MUT(m_rev_low, c->pkg[1].revisions = -2)
MUT(m_rev_high, c->pkg[1].revisions = GIG_REVISIONS_MAX + 1)
MUT(m_features_many, c->pkg[0].n_features = GIG_FEATURES_MAX + 1)
MUT(m_feature_long, strcpy(c->pkg[0].features[1], "一二三四五六七八九十一二三四五六七八九十"
    "一二三四五六七八九十一二三四五六七八九十一"))
MUT(m_pkg_desc_ctrl, strcpy(c->pkg[2].description, "bad\x07"))
MUT(m_extras_many, c->n_extras = GIG_EXTRAS_MAX + 1)
MUT(m_extra_kind, strcpy(c->extras[1].kind, "bonus"))
MUT(m_extra_two_fast, strcpy(c->extras[1].kind, "fast_delivery");
    c->extras[1].added_days = -1)
MUT(m_extra_title, c->extras[1].title[0] = '\0')
MUT(m_extra_price, c->extras[0].price = -1)
MUT(m_fast_positive, c->extras[0].added_days = 1)
MUT(m_fast_too_fast, c->extras[0].added_days = -3)      /* basic takes 3 days */
MUT(m_custom_negative, c->extras[1].added_days = -1)
MUT(m_reqs_many, c->n_reqs = GIG_REQS_MAX + 1)
MUT(m_req_question, strcpy(c->reqs[0].question, "  "))
MUT(m_req_kind, strcpy(c->reqs[0].kind, "file"))
MUT(m_req_one_choice, c->reqs[1].n_choices = 1)
MUT(m_req_text_choices, c->reqs[0].n_choices = 1; strcpy(c->reqs[0].choices[0], "x"))
MUT(m_req_repeat_choice, strcpy(c->reqs[1].choices[1], "简约"))
MUT(m_req_choices_many, c->reqs[1].n_choices = GIG_REQ_CHOICES_MAX + 1)
MUT(m_media_many, c->n_media = GIG_MEDIA_MAX + 1)
MUT(m_media_twice, c->media[1].upload_id = c->media[0].upload_id)
MUT(m_media_zero, c->media[1].upload_id = 0)
MUT(m_faq_many, c->n_faq = GIG_FAQ_MAX + 1)
MUT(m_faq_question, c->faq[0].question[0] = '\0')
MUT(m_faq_answer, c->faq[0].answer[0] = '\0')

static const struct vcase vcases[] = {
	{ "title utf8", m_title_utf8, JS_ERR_UTF8, "title", -1, -1 },
	{ "title control", m_title_ctrl, JS_ERR_INVALID, "title", -1, -1 },
	{ "title bidi", m_title_bidi, JS_ERR_INVALID, "title", -1, -1 },
	{ "title newline", m_title_nl, JS_ERR_INVALID, "title", -1, -1 },
	{ "title no NUL", m_title_unterminated, JS_ERR_TOO_BIG, "title", -1, -1 },
	{ "category", m_category, JS_ERR_INVALID, "category", -1, -1 },
	{ "description empty", m_desc_empty, JS_ERR_INVALID, "description", -1, -1 },
	{ "tags many", m_tags_many, JS_ERR_TOO_BIG, "tags", -1, -1 },
	{ "tag comma", m_tag_comma, JS_ERR_INVALID, "tags", 1, -1 },
	{ "tag cn comma", m_tag_cn_comma, JS_ERR_INVALID, "tags", 1, -1 },
	{ "no basic", m_no_basic, JS_ERR_INVALID, "package", 0, -1 },
	{ "basic no name", m_basic_no_name, JS_ERR_INVALID, "package_name", 0, -1 },
	{ "standard partial", m_std_partial, JS_ERR_INVALID, "package_name", 1, -1 },
	{ "standard flag only", m_std_flag_only, JS_ERR_INVALID, "package_name", 1, -1 },
	{ "premium alone", m_premium_alone, JS_ERR_INVALID, "package", 1, -1 },
	{ "price low", m_price_low, JS_ERR_INVALID, "package_price", 0, -1 },
	{ "price high", m_price_high, JS_ERR_INVALID, "package_price", 1, -1 },
	{ "days zero", m_days_zero, JS_ERR_INVALID, "package_days", 0, -1 },
	{ "days high", m_days_high, JS_ERR_INVALID, "package_days", 2, -1 },
	{ "revisions low", m_rev_low, JS_ERR_INVALID, "package_revisions", 1, -1 },
	{ "revisions high", m_rev_high, JS_ERR_INVALID, "package_revisions", 1, -1 },
	{ "features many", m_features_many, JS_ERR_TOO_BIG, "package_features", 0, -1 },
	{ "feature long", m_feature_long, JS_ERR_TOO_BIG, "package_features", 0, 1 },
	{ "package desc control", m_pkg_desc_ctrl, JS_ERR_INVALID, "package_description", 2,
	  -1 },
	{ "extras many", m_extras_many, JS_ERR_TOO_BIG, "extras", -1, -1 },
	{ "extra kind", m_extra_kind, JS_ERR_INVALID, "extra_kind", 1, -1 },
	{ "two fast deliveries", m_extra_two_fast, JS_ERR_INVALID, "extra_kind", 1, -1 },
	{ "extra title", m_extra_title, JS_ERR_INVALID, "extra_title", 1, -1 },
	{ "extra price", m_extra_price, JS_ERR_INVALID, "extra_price", 0, -1 },
	{ "fast positive", m_fast_positive, JS_ERR_INVALID, "extra_days", 0, -1 },
	{ "fast too fast", m_fast_too_fast, JS_ERR_INVALID, "extra_days", 0, -1 },
	{ "custom negative", m_custom_negative, JS_ERR_INVALID, "extra_days", 1, -1 },
	{ "reqs many", m_reqs_many, JS_ERR_TOO_BIG, "requirements", -1, -1 },
	{ "req question", m_req_question, JS_ERR_INVALID, "requirement_question", 0, -1 },
	{ "req kind", m_req_kind, JS_ERR_INVALID, "requirement_kind", 0, -1 },
	{ "req one choice", m_req_one_choice, JS_ERR_INVALID, "requirement_choices", 1, -1 },
	{ "req text with choices", m_req_text_choices, JS_ERR_INVALID, "requirement_choices",
	  0, -1 },
	{ "req repeated choice", m_req_repeat_choice, JS_ERR_INVALID, "requirement_choices", 1,
	  1 },
	{ "req choices many", m_req_choices_many, JS_ERR_TOO_BIG, "requirement_choices", 1,
	  -1 },
	{ "media many", m_media_many, JS_ERR_TOO_BIG, "media", -1, -1 },
	{ "media twice", m_media_twice, JS_ERR_EXISTS, "media", 1, -1 },
	{ "media zero", m_media_zero, JS_ERR_NOT_FOUND, "media", 1, -1 },
	{ "faq many", m_faq_many, JS_ERR_TOO_BIG, "faq", -1, -1 },
	{ "faq question", m_faq_question, JS_ERR_INVALID, "faq_question", 0, -1 },
	{ "faq answer", m_faq_answer, JS_ERR_INVALID, "faq_answer", 0, -1 },
};

/* Every field's checks, through gig_validate and gig_create (which writes nothing). */
static void
test_validation_table(void **state)
{
	struct fx *f = *state;
	struct gig_bad bad;
	size_t i;
	int64_t id;
	int r;

	for (i = 0; i < sizeof vcases / sizeof vcases[0]; i++) {
		const struct vcase *v = &vcases[i];

		fill_valid(f, &f->c);
		v->mutate(&f->c);
		memset(&bad, 0xff, sizeof bad);
		r = gig_validate(&f->c, &bad);
		if (r != v->err || bad.field == NULL || strcmp(bad.field, v->field) != 0 ||
		    bad.index != v->index || bad.sub != v->sub)
			fail_msg("%s: got %s %s[%d][%d], want %s %s[%d][%d]", v->name,
			    js_strerror(r), bad.field ? bad.field : "-", bad.index, bad.sub,
			    js_strerror(v->err), v->field, v->index, v->sub);
		id = -7;
		assert_int_equal(gig_create(f->db, f->seller, &f->c, &id, &bad), v->err);
		assert_string_equal(bad.field, v->field);
		assert_int_equal(id, -7);
	}
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gigs WHERE seller_id = $1",
	    f->seller), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM gig_packages"), 0);
}

/* Optional parts may be absent; standard without premium is fine. */
static void
test_minimal_gig(void **state)
{
	struct fx *f = *state;
	struct gig_content *c = &f->c;
	int64_t id;

	memset(c, 0, sizeof *c);
	c->category_id = f->web;
	strcpy(c->title, "Landing page in a day");
	strcpy(c->description, "One page.");
	strcpy(c->pkg[0].name, "Basic");
	c->pkg[0].price = GIG_PRICE_MIN;
	c->pkg[0].delivery_days = 1;
	strcpy(c->pkg[1].name, "Standard");
	c->pkg[1].price = 50000;
	c->pkg[1].delivery_days = GIG_DAYS_MAX;
	c->pkg[1].revisions = GIG_REVISIONS_MAX;
	strcpy(c->extras[0].kind, "fast_delivery");   /* 1-day basic: 0 is the only choice */
	strcpy(c->extras[0].title, "Rush");
	c->n_extras = 1;
	id = create_ok(f, c);
	assert_int_equal(gig_get(f->db, f->seller, id, &f->page), 0);
	assert_int_equal(f->page.c.pkg[1].present, 1);
	assert_int_equal(f->page.c.pkg[2].present, 0);
	assert_int_equal(f->page.price_from, GIG_PRICE_MIN);
	assert_int_equal(f->page.delivery_days_min, 1);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gig_packages"
	    " WHERE gig_id = $1", id), 2);
}

static void
test_references(void **state)
{
	struct fx *f = *state;
	struct gig_bad bad;
	int64_t id;

	fill_valid(f, &f->c);
	f->c.category_id = f->top;                  /* not a sub-category */
	assert_int_equal(gig_create(f->db, f->seller, &f->c, &id, &bad), JS_ERR_INVALID);
	assert_string_equal(bad.field, "category");
	f->c.category_id = 999999;
	assert_int_equal(gig_create(f->db, f->seller, &f->c, &id, &bad), JS_ERR_INVALID);
	assert_string_equal(bad.field, "category");
	assert_int_equal(db_exec(f->db, "UPDATE categories SET is_active = 0"
	    " WHERE slug = 'web'"), 0);
	f->c.category_id = f->web;
	assert_int_equal(gig_create(f->db, f->seller, &f->c, &id, &bad), JS_ERR_INVALID);
	assert_string_equal(bad.field, "category");

	fill_valid(f, &f->c);
	f->c.media[1].upload_id = f->other_img;     /* someone else's */
	assert_int_equal(gig_create(f->db, f->seller, &f->c, &id, &bad), JS_ERR_PERM);
	assert_string_equal(bad.field, "media");
	assert_int_equal(bad.index, 1);
	f->c.media[1].upload_id = f->quarantined;
	assert_int_equal(gig_create(f->db, f->seller, &f->c, &id, &bad), JS_ERR_STATE);
	assert_int_equal(bad.index, 1);
	f->c.media[1].upload_id = 424242;
	assert_int_equal(gig_create(f->db, f->seller, &f->c, &id, &bad), JS_ERR_NOT_FOUND);
	assert_int_equal(bad.index, 1);
	f->c.media[0].upload_id = f->pdf;           /* the cover must be an image */
	f->c.media[1].upload_id = f->img;
	assert_int_equal(gig_create(f->db, f->seller, &f->c, &id, &bad), JS_ERR_INVALID);
	assert_string_equal(bad.field, "media");
	assert_int_equal(bad.index, 0);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gigs WHERE seller_id = $1",
	    f->seller), 0);
	/* a deleted upload drops off the page */
	fill_valid(f, &f->c);
	f->c.media[1].upload_id = f->img2;
	id = create_ok(f, &f->c);
	assert_int_equal(db_exec(f->db, "UPDATE uploads SET status = 'deleted'"
	    " WHERE original_name = 'sample.jpg'"), 0);
	assert_int_equal(gig_get(f->db, f->seller, id, &f->page), 0);
	assert_int_equal(f->page.c.n_media, 1);
	assert_int_equal(f->page.c.media[0].upload_id, f->img);
}

static void
test_create_permissions(void **state)
{
	struct fx *f = *state;
	struct gig_bad bad;
	int64_t id = 0;

	fill_valid(f, &f->c);
	/* a client-only account cannot sell; unknown and suspended accounts cannot act */
	assert_int_equal(gig_create(f->db, f->buyer, &f->c, &id, &bad), JS_ERR_PERM);
	assert_null(bad.field);
	assert_int_equal(gig_create(f->db, 0, &f->c, &id, &bad), JS_ERR_PERM);
	assert_int_equal(gig_create(f->db, 987654, &f->c, &id, &bad), JS_ERR_PERM);
	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'suspended'"
	    " WHERE handle = 'stranger'"), 0);
	f->c.media[0].upload_id = f->other_img;
	f->c.n_media = 1;
	assert_int_equal(gig_create(f->db, f->stranger, &f->c, &id, &bad), JS_ERR_PERM);
	assert_int_equal(id, 0);
}

static void
test_update(void **state)
{
	struct fx *f = *state;
	struct gig_bad bad;
	int64_t id;

	fill_valid(f, &f->c);
	id = create_ok(f, &f->c);
	fill_valid(f, &f->c2);
	strcpy(f->c2.title, "Logo 与名片套餐设计");
	f->c2.category_id = f->web;
	f->c2.n_tags = 1;
	memset(&f->c2.pkg[2], 0, sizeof f->c2.pkg[2]);
	f->c2.pkg[0].price = 50000;
	f->c2.n_extras = 0;
	f->c2.n_reqs = 1;
	f->c2.media[1].upload_id = f->img2;
	f->c2.n_faq = 0;
	assert_int_equal(gig_update(f->db, f->stranger, id, &f->c2, &bad), JS_ERR_PERM);
	assert_int_equal(gig_update(f->db, f->admin, id, &f->c2, &bad), JS_ERR_PERM);
	assert_int_equal(gig_update(f->db, f->seller, 5555, &f->c2, &bad), JS_ERR_NOT_FOUND);
	f->c2.pkg[0].delivery_days = 0;
	assert_int_equal(gig_update(f->db, f->seller, id, &f->c2, &bad), JS_ERR_INVALID);
	assert_string_equal(bad.field, "package_days");
	f->c2.pkg[0].delivery_days = 4;
	assert_int_equal(gig_update(f->db, f->seller, id, &f->c2, &bad), 0);
	assert_null(bad.field);
	assert_int_equal(gig_get(f->db, f->seller, id, &f->page), 0);
	assert_string_equal(f->page.c.title, "Logo 与名片套餐设计");
	assert_int_equal(f->page.c.category_id, f->web);
	assert_int_equal(f->page.price_from, 50000);
	assert_int_equal(f->page.delivery_days_min, 4);
	assert_int_equal(f->page.c.pkg[2].present, 0);
	assert_int_equal(f->page.c.n_extras, 0);
	assert_int_equal(f->page.c.n_reqs, 1);
	assert_int_equal(f->page.c.n_faq, 0);
	assert_int_equal(f->page.c.n_tags, 1);
	assert_int_equal(f->page.c.media[1].upload_id, f->img2);
	assert_string_equal(f->page.status, "draft");
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gig_packages"
	    " WHERE gig_id = $1", id), 2);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gig_media"
	    " WHERE gig_id = $1 AND is_cover = 1", id), 1);
	/* a deleted gig cannot be edited */
	set_status(f, id, "deleted");
	assert_int_equal(gig_update(f->db, f->seller, id, &f->c2, &bad), JS_ERR_STATE);
}

static void
test_edit_under_moderation(void **state)
{
	struct fx *f = *state;
	struct gig_bad bad;
	int64_t id;

	fill_valid(f, &f->c);
	id = create_ok(f, &f->c);
	set_status(f, id, "active");
	/* moderation off: an edit keeps the gig live */
	assert_int_equal(gig_update(f->db, f->seller, id, &f->c, &bad), 0);
	assert_int_equal(gig_get(f->db, 0, id, &f->page), 0);
	assert_string_equal(f->page.status, "active");
	assert_int_equal(gig_moderation_set(f->db, f->seller, 1), JS_ERR_PERM);
	assert_int_equal(gig_moderation_set(f->db, f->admin, 1), 0);
	assert_int_equal(gig_update(f->db, f->seller, id, &f->c, &bad), 0);
	assert_int_equal(gig_get(f->db, f->seller, id, &f->page), 0);
	assert_string_equal(f->page.status, "pending_review");
	set_status(f, id, "paused");
	assert_int_equal(gig_update(f->db, f->seller, id, &f->c, &bad), 0);
	assert_int_equal(gig_get(f->db, f->seller, id, &f->page), 0);
	assert_string_equal(f->page.status, "pending_review");
	set_status(f, id, "draft");
	assert_int_equal(gig_update(f->db, f->seller, id, &f->c, &bad), 0);
	assert_int_equal(gig_get(f->db, f->seller, id, &f->page), 0);
	assert_string_equal(f->page.status, "draft");
}

static void
test_duplicate(void **state)
{
	struct fx *f = *state;
	int64_t id, copy, copy2;
	char t[400];
	int i;

	fill_valid(f, &f->c);
	id = create_ok(f, &f->c);
	set_status(f, id, "active");
	assert_int_equal(gig_duplicate(f->db, f->stranger, id, &copy), JS_ERR_PERM);
	assert_int_equal(gig_duplicate(f->db, f->admin, id, &copy), JS_ERR_PERM);
	assert_int_equal(gig_duplicate(f->db, f->seller, 31337, &copy), JS_ERR_NOT_FOUND);
	assert_int_equal(gig_duplicate(f->db, f->seller, id, &copy), 0);
	assert_true(copy > id);
	assert_int_equal(gig_get(f->db, f->seller, copy, &f->page), 0);
	assert_string_equal(f->page.status, "draft");
	assert_string_equal(f->page.c.title, "原创Logo设计 含源文件 (副本)");
	assert_int_equal(f->page.c.n_tags, 2);
	assert_int_equal(f->page.c.n_extras, 2);
	assert_int_equal(f->page.c.n_reqs, 2);
	assert_int_equal(f->page.c.n_faq, 1);
	assert_int_equal(f->page.c.n_media, 2);
	assert_int_equal(f->page.c.pkg[2].price, 25000);
	assert_int_equal(f->page.price_from, 25000);
	assert_int_equal(f->page.published_at, 0);
	/* a title at the limit is cut so that the copy still fits */
	fill_valid(f, &f->c);
	for (t[0] = '\0', i = 0; i < GIG_TITLE_MAX; i++)
		strcat(t, "长");
	strcpy(f->c.title, t);
	id = create_ok(f, &f->c);
	assert_int_equal(gig_duplicate(f->db, f->seller, id, &copy2), 0);
	assert_int_equal(gig_get(f->db, f->seller, copy2, &f->page), 0);
	assert_int_equal(strlen(f->page.c.title), 75 * 3 + strlen(GIG_COPY_SUFFIX));
	assert_non_null(strstr(f->page.c.title, " (副本)"));
	assert_int_equal(gig_validate(&f->page.c, NULL), 0);
	/* the cover was deleted: the other image becomes the cover */
	fill_valid(f, &f->c);
	f->c.media[1].upload_id = f->img2;
	id = create_ok(f, &f->c);
	assert_int_equal(db_exec(f->db, "UPDATE uploads SET status = 'deleted'"
	    " WHERE original_name = 'cover.png'"), 0);
	assert_int_equal(gig_duplicate(f->db, f->seller, id, &copy2), 0);
	assert_int_equal(gig_get(f->db, f->seller, copy2, &f->page), 0);
	assert_int_equal(f->page.c.n_media, 1);
	assert_int_equal(f->page.c.media[0].upload_id, f->img2);
	assert_int_equal(f->page.c.media[0].is_cover, 1);
	set_status(f, id, "deleted");
	assert_int_equal(gig_duplicate(f->db, f->seller, id, &copy2), JS_ERR_STATE);
}

static void
test_orderable(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *status;
		int want;
	} cases[] = {
		{ "draft", JS_ERR_STATE }, { "pending_review", JS_ERR_STATE },
		{ "active", 0 }, { "paused", JS_ERR_STATE }, { "rejected", JS_ERR_STATE },
		{ "deleted", JS_ERR_STATE },
	};
	size_t i;
	int64_t id;

	fill_valid(f, &f->c);
	id = create_ok(f, &f->c);
	assert_int_equal(gig_orderable(f->db, id), JS_ERR_STATE);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		set_status(f, id, cases[i].status);
		assert_int_equal(gig_orderable(f->db, id), cases[i].want);
	}
	assert_int_equal(gig_orderable(f->db, 777777), JS_ERR_NOT_FOUND);
	set_status(f, id, "active");
	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'suspended'"
	    " WHERE handle = 'seller'"), 0);
	assert_int_equal(gig_orderable(f->db, id), JS_ERR_STATE);
}

static void
test_page_visibility(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *status;
		int anon, stranger, owner, admin;
	} cases[] = {
		{ "draft", 0, 0, 1, 1 }, { "pending_review", 0, 0, 1, 1 },
		{ "active", 1, 1, 1, 1 }, { "paused", 1, 1, 1, 1 },
		{ "rejected", 0, 0, 1, 1 }, { "deleted", 0, 0, 0, 1 },
	};
	size_t i;
	int64_t id;

	fill_valid(f, &f->c);
	id = create_ok(f, &f->c);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		set_status(f, id, cases[i].status);
		assert_int_equal(gig_get(f->db, 0, id, &f->page),
		    cases[i].anon ? 0 : JS_ERR_NOT_FOUND);
		assert_int_equal(gig_get(f->db, f->stranger, id, &f->page),
		    cases[i].stranger ? 0 : JS_ERR_NOT_FOUND);
		assert_int_equal(gig_get(f->db, f->seller, id, &f->page),
		    cases[i].owner ? 0 : JS_ERR_NOT_FOUND);
		assert_int_equal(gig_get(f->db, f->admin, id, &f->page),
		    cases[i].admin ? 0 : JS_ERR_NOT_FOUND);
		assert_string_equal(f->page.status, cases[i].status);
		if (strcmp(cases[i].status, "rejected") == 0)
			assert_string_equal(f->page.reject_reason, "x");
		else
			assert_string_equal(f->page.reject_reason, "");
	}
	assert_int_equal(gig_get(f->db, 0, 99999, &f->page), JS_ERR_NOT_FOUND);
}

/* The seller card reads reputation, level and profile. */
static void
test_seller_card(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;
	int64_t id;

	fill_valid(f, &f->c);
	id = create_ok(f, &f->c);
	set_status(f, id, "active");
	assert_int_equal(db_prepare(f->db, "INSERT INTO reputation (user_id, level_id,"
	    " rating_avg_x100, rating_count, orders_completed) SELECT CAST($1 AS BIGINT), id,"
	    " 480, 25, 31"
	    " FROM seller_levels WHERE code = 'level1'", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, f->seller), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(db_prepare(f->db, "UPDATE profiles SET location = '杭州',"
	    " response_time_secs = 3600, headline = '十年品牌设计' WHERE user_id = $1", &st),
	    0);
	assert_int_equal(db_bind_int64(st, 1, f->seller), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(db_prepare(f->db, "UPDATE gigs SET rating_avg_x100 = 490,"
	    " rating_count = 12 WHERE id = $1", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(gig_get(f->db, f->buyer, id, &f->page), 0);
	assert_int_equal(f->page.is_owner, 0);
	assert_string_equal(f->page.seller.level_code, "level1");
	assert_string_equal(f->page.seller.level_zh, "一级卖家");
	assert_int_equal(f->page.seller.rating_avg_x100, 480);
	assert_int_equal(f->page.seller.rating_count, 25);
	assert_int_equal(f->page.seller.orders_completed, 31);
	assert_int_equal(f->page.seller.response_time_secs, 3600);
	assert_string_equal(f->page.seller.location, "杭州");
	assert_string_equal(f->page.seller.headline, "十年品牌设计");
	assert_int_equal(f->page.rating_avg_x100, 490);
	assert_int_equal(f->page.rating_count, 12);
	assert_true(f->page.seller.member_since > 0);
}

static void
test_lists(void **state)
{
	struct fx *f = *state;
	size_t n = 99;
	int64_t a, b, c;

	fill_valid(f, &f->c);
	a = create_ok(f, &f->c);
	b = create_ok(f, &f->c);
	c = create_ok(f, &f->c);
	set_status(f, b, "pending_review");
	set_status(f, c, "deleted");
	assert_int_equal(gig_list_seller(f->db, f->seller, f->seller, 0, f->cards, 16, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(f->cards[0].id, b);        /* newest first */
	assert_int_equal(f->cards[1].id, a);
	assert_int_equal(f->cards[1].cover_upload_id, f->img);
	assert_int_equal(f->cards[1].price_from, 25000);
	assert_string_equal(f->cards[1].seller_handle, "seller");
	assert_int_equal(gig_list_seller(f->db, f->seller, f->seller, 1, f->cards, 16, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(gig_list_seller(f->db, f->admin, f->seller, 0, f->cards, 1, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(gig_list_seller(f->db, f->stranger, f->seller, 0, f->cards, 16, &n),
	    JS_ERR_PERM);
	assert_int_equal(gig_list_pending(f->db, f->seller, f->cards, 16, &n), JS_ERR_PERM);
	assert_int_equal(gig_list_pending(f->db, f->admin, f->cards, 16, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(f->cards[0].id, b);
	assert_string_equal(f->cards[0].status, "pending_review");
}

static void
test_parse_lists(void **state)
{
	struct fx *f = *state;
	struct gig_content *c = &f->c;
	struct gig_requirement *q = &c->reqs[0];
	struct gig_package *p = &c->pkg[0];

	memset(c, 0, sizeof *c);
	assert_int_equal(gig_tags_parse(" logo, 品牌，设计、 , VI ", c), 0);
	assert_int_equal(c->n_tags, 4);
	assert_string_equal(c->tags[0], "logo");
	assert_string_equal(c->tags[1], "品牌");
	assert_string_equal(c->tags[2], "设计");
	assert_string_equal(c->tags[3], "VI");
	assert_int_equal(gig_tags_parse("a,b,c,d,e,f", c), JS_ERR_TOO_BIG);
	assert_int_equal(c->n_tags, 5);
	assert_int_equal(gig_choices_parse("简约、复古\n现代", q), 0);
	assert_int_equal(q->n_choices, 3);
	assert_string_equal(q->choices[2], "现代");
	assert_int_equal(gig_features_parse("源文件；商用授权;3 个方案\n", p), 0);
	assert_int_equal(p->n_features, 3);
	assert_string_equal(p->features[1], "商用授权");
	assert_int_equal(gig_features_parse("", p), 0);
	assert_int_equal(p->n_features, 0);
	assert_int_equal(gig_tier_name(GIG_PREMIUM) != NULL, 1);
	assert_string_equal(gig_tier_name(GIG_STANDARD), "standard");
	assert_null(gig_tier_name(GIG_TIERS));
}

/* Full-width letters and case fold to one tag. */
static void
test_tag_folding(void **state)
{
	struct fx *f = *state;
	int64_t id;

	fill_valid(f, &f->c);
	strcpy(f->c.tags[0], "ＬＯＧＯ");
	strcpy(f->c.tags[1], "Logo");
	strcpy(f->c.tags[2], "  ");
	strcpy(f->c.tags[3], "C#");
	strcpy(f->c.tags[4], "WordPress");
	f->c.n_tags = 5;
	id = create_ok(f, &f->c);
	assert_int_equal(gig_get(f->db, f->seller, id, &f->page), 0);
	assert_int_equal(f->page.c.n_tags, 3);
	assert_string_equal(f->page.c.tags[0], "logo");
	assert_string_equal(f->page.c.tags[1], "c#");
	assert_string_equal(f->page.c.tags[2], "wordpress");
}

/* Writes keep the search index in step (search_index_gig writes gigs.pinyin). */
static void
test_search_index(void **state)
{
	struct fx *f = *state;
	const char *rows = tfx_store == TESTDB_SQLITE ?
	    "SELECT COUNT(*) FROM gig_fts WHERE rowid = $1" :
	    "SELECT COUNT(*) FROM gig_search WHERE gig_id = $1";
	char to[16];
	int64_t id, copy;

	fill_valid(f, &f->c);
	id = create_ok(f, &f->c);
	assert_int_equal(tfx_int1(f->db, rows, id), 1);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gigs WHERE id = $1"
	    " AND pinyin <> ''", id), 1);
	assert_int_equal(gig_duplicate(f->db, f->seller, id, &copy), 0);
	assert_int_equal(tfx_int1(f->db, rows, copy), 1);
	assert_int_equal(gig_transition(f->db, f->seller, id, GIG_DELETE, NULL, to, NULL), 0);
	assert_string_equal(to, "deleted");
	assert_int_equal(tfx_int1(f->db, rows, id), 0);
	assert_int_equal(tfx_int1(f->db, rows, copy), 1);
	/* soft delete: the row and its parts stay */
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gig_packages"
	    " WHERE gig_id = $1", id), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_title_characters_not_bytes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_validation_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minimal_gig, setup, teardown),
		cmocka_unit_test_setup_teardown(test_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_under_moderation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orderable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_visibility, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seller_card, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tag_folding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_index, setup, teardown),
	};

	return tfx_run_both("gig", tests, TFX_COUNT(tests)) != 0;
}
