/* order_world.h: the world the order tests run in (included by test_order*.c only; inline so each test may use a part):
 * a seller with two active gigs (one asks questions, one does not), a buyer, a stranger,
 * an admin, uploads of each, money helpers and the ledger check. */
#ifndef JS_ORDER_WORLD_H
#define JS_ORDER_WORLD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "err.h"
#include "gig.h"
#include "ledger.h"
#include "offer.h"
#include "order.h"
#include "testdb.h"
#include "wallet.h"

#define T0 INT64_C(1900000000)        /* the tests' clock starts here */
#define DAY INT64_C(86400)

struct ofx {
	struct db *db;
	char url[1024];
	int64_t seller, buyer, stranger, admin;
	int64_t gig, plain;                    /* with questions / without */
	int64_t x_fast, x_rev, x_custom;       /* gig's extras */
	int64_t q_text, q_choice, q_attach;    /* gig's requirements */
	int64_t up_buyer, up_seller, up_seller2, up_stranger, up_seller_deleted;
	struct order_conf conf;
	struct order_ctx cx;
	struct gig_content c;
	int topups;
};

static inline int64_t
ofx_user(struct db *db, const char *handle, int freelancer)
{
	struct account_signup s;
	char b64[64], fp[64];
	int64_t id = 0;

	snprintf(b64, sizeof b64, "AAAAC3NzaC1lZDI1NTE5AAAAI%s", handle);
	snprintf(fp, sizeof fp, "SHA256:%sxxxxxxxxxxxxxxxxxxxx", handle);
	memset(&s, 0, sizeof s);
	s.handle = handle;
	s.display_name = "王芳";
	s.is_client = 1;
	s.is_freelancer = freelancer;
	s.locale = "zh_CN";
	s.key_type = "ssh-ed25519";
	s.key_b64 = b64;
	s.key_fp = fp;
	assert_int_equal(account_signup(db, &s, &id, NULL), 0);
	return id;
}

static inline int64_t
ofx_int(struct db *db, const char *sql, int64_t arg)
{
	struct db_stmt *st;
	int64_t v;

	assert_int_equal(db_prepare(db, sql, &st), 0);
	if (arg != INT64_MIN)
		assert_int_equal(db_bind_int64(st, 1, arg), 0);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

static inline int64_t
ofx_upload(struct db *db, int64_t user, const char *name, const char *status)
{
	struct db_stmt *st;
	char stored[64];
	int64_t id;
	static int seq;

	snprintf(stored, sizeof stored, "cd/%030d", ++seq);
	assert_int_equal(db_prepare(db, "INSERT INTO uploads (user_id, original_name,"
	    " stored_name, mime_type, size_bytes, sha256, status) VALUES ($1, $2, $3,"
	    " 'image/png', 1234, '0000000000000000000000000000000000000000000000000000000000000000',"
	    " $4) RETURNING id", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, user), 0);
	assert_int_equal(db_bind_text(st, 2, name), 0);
	assert_int_equal(db_bind_text(st, 3, stored), 0);
	assert_int_equal(db_bind_text(st, 4, status), 0);
	assert_int_equal(db_step(st), DB_ROW);
	id = db_col_int64(st, 0);
	db_reset(st);
	return id;
}

/* basic 100.00 / 3 days / 1 revision; standard 123.45 / 5 / 2; premium 300.00 / 7 / unlimited. */
static inline void
ofx_gig_content(struct ofx *f, int64_t cat, int questions)
{
	struct gig_content *c = &f->c;

	memset(c, 0, sizeof *c);
	c->category_id = cat;
	snprintf(c->title, sizeof c->title, "%s", questions ? "原创Logo设计 含源文件" :
	         "网站设计 响应式页面");
	snprintf(c->description, sizeof c->description, "说明。");
	snprintf(c->pkg[0].name, sizeof c->pkg[0].name, "基础版");
	c->pkg[0].price = 10000, c->pkg[0].delivery_days = 3, c->pkg[0].revisions = 1;
	snprintf(c->pkg[1].name, sizeof c->pkg[1].name, "标准版");
	c->pkg[1].price = 12345, c->pkg[1].delivery_days = 5, c->pkg[1].revisions = 2;
	snprintf(c->pkg[2].name, sizeof c->pkg[2].name, "高级版");
	c->pkg[2].price = 30000, c->pkg[2].delivery_days = 7, c->pkg[2].revisions = -1;
	snprintf(c->extras[0].kind, sizeof c->extras[0].kind, "fast_delivery");
	snprintf(c->extras[0].title, sizeof c->extras[0].title, "加急交付");
	c->extras[0].price = 5000, c->extras[0].added_days = -2;
	snprintf(c->extras[1].kind, sizeof c->extras[1].kind, "extra_revision");
	snprintf(c->extras[1].title, sizeof c->extras[1].title, "额外修改");
	c->extras[1].price = 1000;
	snprintf(c->extras[2].kind, sizeof c->extras[2].kind, "custom");
	snprintf(c->extras[2].title, sizeof c->extras[2].title, "名片设计");
	c->extras[2].price = 2005, c->extras[2].added_days = 1;
	c->n_extras = 3;
	if (questions) {
		snprintf(c->reqs[0].question, sizeof c->reqs[0].question, "品牌名称是什么？");
		snprintf(c->reqs[0].kind, sizeof c->reqs[0].kind, "text");
		c->reqs[0].required = 1;
		snprintf(c->reqs[1].question, sizeof c->reqs[1].question, "喜欢哪种风格？");
		snprintf(c->reqs[1].kind, sizeof c->reqs[1].kind, "choice");
		snprintf(c->reqs[1].choices[0], sizeof c->reqs[1].choices[0], "简约");
		snprintf(c->reqs[1].choices[1], sizeof c->reqs[1].choices[1], "复古");
		c->reqs[1].n_choices = 2;
		c->reqs[1].required = 1;
		snprintf(c->reqs[2].question, sizeof c->reqs[2].question, "参考图片");
		snprintf(c->reqs[2].kind, sizeof c->reqs[2].kind, "attachment");
		c->reqs[2].required = 0;
		c->n_reqs = 3;
	}
}

static inline int64_t
ofx_make_gig(struct ofx *f, int64_t cat, int questions)
{
	struct gig_bad bad;
	struct db_stmt *st;
	int64_t id = 0;
	int r;

	ofx_gig_content(f, cat, questions);
	r = gig_create(f->db, f->seller, &f->c, &id, &bad);
	if (r != 0)
		fail_msg("gig_create: %s field=%s", js_strerror(r), bad.field ? bad.field : "-");
	assert_int_equal(db_prepare(f->db, "UPDATE gigs SET status = 'active' WHERE id = $1",
	    &st), 0);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_step_done(st), 0);
	return id;
}

static inline int64_t
ofx_gig_part(struct ofx *f, const char *sql, int64_t gig, int nth)
{
	struct db_stmt *st;
	int64_t id = 0;
	int i;

	assert_int_equal(db_prepare(f->db, sql, &st), 0);
	assert_int_equal(db_bind_int64(st, 1, gig), 0);
	for (i = 0; i <= nth; i++)
		assert_int_equal(db_step(st), DB_ROW);
	id = db_col_int64(st, 0);
	db_reset(st);
	return id;
}

static inline void
ofx_setup(struct ofx *f, enum testdb_store store)
{
	struct db_stmt *st;
	int64_t top, cat;

	memset(f, 0, sizeof *f);
	f->db = testdb_open_new(store, f->url, sizeof f->url);
	f->seller = ofx_user(f->db, "seller", 1);
	f->buyer = ofx_user(f->db, "buyer", 0);
	f->stranger = ofx_user(f->db, "stranger", 1);
	f->admin = ofx_user(f->db, "boss", 0);
	assert_int_equal(db_exec(f->db, "UPDATE users SET is_admin = 1 WHERE handle = 'boss'"), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO categories (slug, name_zh, name_en)"
	    " VALUES ('design', '设计', 'Design')"), 0);
	top = ofx_int(f->db, "SELECT id FROM categories WHERE slug = 'design'", INT64_MIN);
	assert_int_equal(db_prepare(f->db, "INSERT INTO categories (parent_id, slug, name_zh,"
	    " name_en) VALUES ($1, 'logo', 'Logo设计', 'Logo')", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, top), 0);
	assert_int_equal(db_step_done(st), 0);
	cat = ofx_int(f->db, "SELECT id FROM categories WHERE slug = 'logo'", INT64_MIN);
	f->gig = ofx_make_gig(f, cat, 1);
	f->plain = ofx_make_gig(f, cat, 0);
	f->x_fast = ofx_gig_part(f, "SELECT id FROM gig_extras WHERE gig_id = $1 ORDER BY"
	    " position", f->gig, 0);
	f->x_rev = ofx_gig_part(f, "SELECT id FROM gig_extras WHERE gig_id = $1 ORDER BY"
	    " position", f->gig, 1);
	f->x_custom = ofx_gig_part(f, "SELECT id FROM gig_extras WHERE gig_id = $1 ORDER BY"
	    " position", f->gig, 2);
	f->q_text = ofx_gig_part(f, "SELECT id FROM gig_requirements WHERE gig_id = $1 ORDER"
	    " BY position", f->gig, 0);
	f->q_choice = ofx_gig_part(f, "SELECT id FROM gig_requirements WHERE gig_id = $1"
	    " ORDER BY position", f->gig, 1);
	f->q_attach = ofx_gig_part(f, "SELECT id FROM gig_requirements WHERE gig_id = $1"
	    " ORDER BY position", f->gig, 2);
	f->up_buyer = ofx_upload(f->db, f->buyer, "ref.png", "active");
	f->up_seller = ofx_upload(f->db, f->seller, "logo.png", "active");
	f->up_seller2 = ofx_upload(f->db, f->seller, "logo2.png", "active");
	f->up_stranger = ofx_upload(f->db, f->stranger, "x.png", "active");
	f->up_seller_deleted = ofx_upload(f->db, f->seller, "old.png", "deleted");
	order_conf_defaults(&f->conf);
	f->cx.db = f->db;
	f->cx.conf = &f->conf;
	f->cx.now = T0;
}

static inline void
ofx_teardown(struct ofx *f)
{
	db_close(f->db);
	testdb_drop(f->url);
}

static inline void
ofx_fund(struct ofx *f, int64_t user, int64_t amount)
{
	char key[32];

	snprintf(key, sizeof key, "t%d", ++f->topups);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, user, amount, key), 0);
}

/* A user's book ("available", "pending") or a platform account ("fees", "commission"). */
static inline int64_t
ofx_bal(struct ofx *f, int64_t user, const char *purpose)
{
	int64_t id, b = -1;

	assert_int_equal(ledger_account(f->db, user != 0 ? "user" : "platform", user, purpose,
	    "CNY", &id), 0);
	assert_int_equal(ledger_balance(f->db, id, &b), 0);
	return b;
}

static inline int64_t
ofx_escrow(struct ofx *f, int64_t order)
{
	int64_t id, b = -1;

	assert_int_equal(ledger_account(f->db, "order", order, "escrow", "CNY", &id), 0);
	assert_int_equal(ledger_balance(f->db, id, &b), 0);
	return b;
}

static inline void
ofx_ledger_ok(struct ofx *f)
{
	struct ledger_report rep;

	assert_int_equal(ledger_check(f->db, &rep), 0);
	if (ledger_report_bad(&rep))
		fail_msg("ledger_check: unbalanced %lld mismatch %lld negative %lld total %lld",
		    (long long)rep.unbalanced_tx, (long long)rep.balance_mismatch,
		    (long long)rep.negative_accounts, (long long)rep.total);
}

static inline enum order_state
ofx_state(struct ofx *f, int64_t order)
{
	struct order_info oi;

	assert_int_equal(order_get(f->db, f->buyer, order, &oi), 0);
	return oi.state;
}

/* An order of the gig (questions or not), basic x 1, no extras. */
static inline int64_t
ofx_order(struct ofx *f, int questions)
{
	struct order_new n;
	int64_t id = 0;

	memset(&n, 0, sizeof n);
	n.gig_id = questions ? f->gig : f->plain;
	n.tier = GIG_BASIC;
	n.quantity = 1;
	assert_int_equal(order_create(&f->cx, f->buyer, &n, &id), 0);
	return id;
}

/* A milestone order through a real custom offer: amounts a and b, 3 and 4 days. */
static inline int64_t
ofx_ms_order(struct ofx *f, int64_t a, int64_t b)
{
	struct offer_new *n = calloc(1, sizeof *n);
	int64_t offer = 0, order = 0;
	int r;

	assert_non_null(n);
	n->buyer_id = f->buyer;
	snprintf(n->title, sizeof n->title, "网站开发");
	snprintf(n->description, sizeof n->description, "两个阶段");
	n->price = a + b;
	n->delivery_days = 7;
	n->revisions = 1;
	snprintf(n->ms[0].title, sizeof n->ms[0].title, "设计");
	n->ms[0].amount = a, n->ms[0].delivery_days = 3;
	snprintf(n->ms[1].title, sizeof n->ms[1].title, "开发");
	n->ms[1].amount = b, n->ms[1].delivery_days = 4;
	n->n_ms = 2;
	if ((r = offer_send(&f->cx, f->seller, n, &offer)) != 0)
		fail_msg("offer_send: %s", js_strerror(r));
	free(n);
	if ((r = offer_accept(&f->cx, f->buyer, offer, &order)) != 0)
		fail_msg("offer_accept: %s", js_strerror(r));
	return order;
}

/* Answers that satisfy the gig's questions. */
static inline int
ofx_answer(struct ofx *f, int64_t order)
{
	struct order_answer a[2] = {
		{ f->q_text, "星火咖啡", 0 },
		{ f->q_choice, "简约", 0 },
	};

	return order_submit_requirements(&f->cx, f->buyer, order, a, 2);
}

#endif
