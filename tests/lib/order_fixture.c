/* order_fixture.c: the order test library without cmocka (see order_fixture.h): users,
 * gigs, money, orders in any state, balances and the ledger check. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "account.h"
#include "db.h"
#include "err.h"
#include "gig.h"
#include "ledger.h"
#include "offer.h"
#include "order.h"
#include "order_fixture.h"
#include "testdb.h"

void (*ofx_fail_hook)(const char *msg);

void
ofx_fail(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (ofx_fail_hook != NULL)
		ofx_fail_hook(msg);
	fprintf(stderr, "order fixture: %s\n", msg);
	exit(1);
}

/* Fail with what and the store's message unless r is 0. */
static void
must(struct db *db, int r, const char *what)
{
	if (r != 0)
		ofx_fail("%s: %s (%s)", what, js_strerror(r), db_errmsg(db));
}

/* Step st (prepared and bound) to its first row and return column 0. */
static int64_t
first_int(struct db *db, struct db_stmt *st, const char *sql)
{
	int64_t v;
	int r;

	if ((r = db_step(st)) != DB_ROW)
		ofx_fail("%s: step %d, not a row: %s", sql, r, db_errmsg(db));
	v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

int64_t
ofx_count(struct db *db, const char *sql, int64_t arg)
{
	struct db_stmt *st;

	must(db, db_prepare(db, sql, &st), sql);
	must(db, db_bind_int64(st, 1, arg), sql);
	return first_int(db, st, sql);
}

void
ofx_key_make(const char *tag, char b64[OFX_KEY_B64], char fp[OFX_KEY_FP])
{
	static const char type[] = "ssh-ed25519";
	unsigned char blob[4 + sizeof type - 1 + 4 + 32], hash[crypto_hash_sha256_BYTES];
	size_t n = 0;

	/* the wire form OpenSSH and libssh hash: string "ssh-ed25519", string key */
	blob[n++] = 0, blob[n++] = 0, blob[n++] = 0, blob[n++] = sizeof type - 1;
	memcpy(blob + n, type, sizeof type - 1);
	n += sizeof type - 1;
	blob[n++] = 0, blob[n++] = 0, blob[n++] = 0, blob[n++] = 32;
	crypto_hash_sha256(blob + n, (const unsigned char *)tag, strlen(tag));
	n += 32;
	sodium_bin2base64(b64, OFX_KEY_B64, blob, n, sodium_base64_VARIANT_ORIGINAL);
	crypto_hash_sha256(hash, blob, n);
	memcpy(fp, "SHA256:", 7);
	sodium_bin2base64(fp + 7, OFX_KEY_FP - 7, hash, sizeof hash,
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
}

int64_t
ofx_user(struct db *db, const char *handle, int freelancer, int admin)
{
	struct account_signup s;
	const char *bad = NULL;
	char b64[OFX_KEY_B64], fp[OFX_KEY_FP];
	int64_t id = 0;
	int r;

	ofx_key_make(handle, b64, fp);
	memset(&s, 0, sizeof s);
	s.handle = handle;
	s.display_name = "王芳";
	s.is_client = 1;
	s.is_freelancer = freelancer != 0;
	s.locale = "zh_CN";
	s.key_type = "ssh-ed25519";
	s.key_b64 = b64;
	s.key_fp = fp;
	if ((r = account_signup(db, &s, &id, &bad)) != 0)
		ofx_fail("ofx_user %s: account_signup: %s (field %s)", handle, js_strerror(r),
		    bad != NULL ? bad : "-");
	if (admin) {
		struct db_stmt *st;

		must(db, db_prepare(db, "UPDATE users SET is_admin = 1 WHERE id = $1", &st),
		    "admin");
		must(db, db_bind_int64(st, 1, id), "admin");
		must(db, db_step_done(st), "admin");
	}
	return id;
}

int64_t
ofx_category(struct db *db)
{
	int64_t top;

	must(db, db_exec(db, "INSERT INTO categories (slug, name_zh, name_en) VALUES"
	    " ('design', '设计', 'Design')"), "category");
	top = ofx_count(db, "SELECT id FROM categories WHERE slug = 'design' AND $1 = $1", 0);
	return ofx_count(db, "INSERT INTO categories (parent_id, slug, name_zh, name_en)"
	    " VALUES ($1, 'logo', 'Logo设计', 'Logo') RETURNING id", top);
}

static void
gig_fill(struct gig_content *c, int64_t category, int questions)
{
	memset(c, 0, sizeof *c);
	c->category_id = category;
	snprintf(c->title, sizeof c->title, "%s", questions ? "原创Logo设计 含源文件" :
	         "网站设计 响应式页面");
	snprintf(c->description, sizeof c->description, "说明。");
	snprintf(c->pkg[0].name, sizeof c->pkg[0].name, "基础版");
	c->pkg[0].price = OFX_PRICE, c->pkg[0].delivery_days = 3, c->pkg[0].revisions = 1;
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
	if (!questions)
		return;
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

int64_t
ofx_gig(struct db *db, int64_t seller, int64_t category, int questions)
{
	struct gig_content *c = calloc(1, sizeof *c);   /* large: off the stack */
	struct gig_bad bad;
	int64_t id = 0;
	char to[16];
	int r;

	if (c == NULL)
		ofx_fail("ofx_gig: out of memory");
	gig_fill(c, category, questions);
	memset(&bad, 0, sizeof bad);
	r = gig_create(db, seller, c, &id, &bad);
	free(c);
	if (r != 0)
		ofx_fail("gig_create: %s (field %s)", js_strerror(r),
		    bad.field != NULL ? bad.field : "-");
	/* moderation is off in a fresh database: submitting makes it active */
	must(db, gig_transition(db, seller, id, GIG_SUBMIT, NULL, to, NULL), "gig submit");
	if (strcmp(to, "active") != 0)
		ofx_fail("ofx_gig: submitted gig is %s, not active", to);
	return id;
}

/* Column 0 of the nth (from 0) row sql gives with $1 = gig. */
static int64_t
gig_part(struct db *db, const char *sql, int64_t gig, int nth)
{
	struct db_stmt *st;
	int64_t id;
	int i;

	must(db, db_prepare(db, sql, &st), sql);
	must(db, db_bind_int64(st, 1, gig), sql);
	for (i = 0; i < nth; i++)
		if (db_step(st) != DB_ROW)
			ofx_fail("%s: fewer than %d rows", sql, nth + 1);
	id = first_int(db, st, sql);
	return id;
}

int64_t
ofx_gig_extra(struct db *db, int64_t gig, int nth)
{
	return gig_part(db, "SELECT id FROM gig_extras WHERE gig_id = $1 ORDER BY position",
	    gig, nth);
}

int64_t
ofx_gig_question(struct db *db, int64_t gig, int nth)
{
	return gig_part(db, "SELECT id FROM gig_requirements WHERE gig_id = $1 ORDER BY"
	    " position", gig, nth);
}

int64_t
ofx_balance(struct db *db, const char *owner_type, int64_t owner, const char *purpose)
{
	int64_t acct = 0, bal = -1;

	if (strcmp(owner_type, "platform") == 0 && owner == 0) {   /* all its shards */
		must(db, ledger_platform_balance(db, purpose, "CNY", &bal), purpose);
		return bal;
	}
	must(db, ledger_account(db, owner_type, owner, purpose, "CNY", &acct), purpose);
	must(db, ledger_balance(db, acct, &bal), purpose);
	return bal;
}

void
ofx_topup(struct db *db, int64_t user, int64_t amount)
{
	static unsigned seq;           /* keys differ within any one database */
	struct ledger_posting p[2];
	struct ledger_tx_req req;
	int64_t clearing = 0, avail = 0;
	char key[48];

	must(db, ledger_account(db, "platform", 0, "clearing:sandbox", "CNY", &clearing),
	    "clearing");
	must(db, ledger_account(db, "user", user, "available", "CNY", &avail), "available");
	p[0] = (struct ledger_posting){ clearing, -amount };
	p[1] = (struct ledger_posting){ avail, amount };
	memset(&req, 0, sizeof req);
	snprintf(key, sizeof key, "ofx:topup:%u", ++seq);
	req.idem_key = key;
	req.kind = "topup";
	req.ref_type = "user";
	req.ref_id = user;
	req.postings = p;
	req.n = 2;
	must(db, ledger_post(db, &req, NULL, NULL), "topup");
}

int64_t
ofx_ledger_bad(struct db *db)
{
	struct ledger_report rep;

	must(db, ledger_check(db, &rep), "ledger_check");
	if (ledger_report_bad(&rep))
		return rep.first_bad_id != 0 ? rep.first_bad_id : -1;
	return 0;
}

/* ---- the world ---- */

void
ofx_open(struct ofx *f, enum testdb_store store)
{
	memset(f, 0, sizeof *f);
	f->db = testdb_open_new(store, f->url, sizeof f->url);
	order_conf_defaults(&f->conf);
	f->cx.db = f->db;
	f->cx.conf = &f->conf;
	f->cx.now = OFX_T0;
	f->seller = ofx_user(f->db, "seller", 1, 0);
	f->buyer = ofx_user(f->db, "buyer", 0, 0);
	f->stranger = ofx_user(f->db, "stranger", 1, 0);
	f->admin = ofx_user(f->db, "boss", 0, 1);
}

void
ofx_close(struct ofx *f)
{
	db_close(f->db);
	testdb_drop(f->url);
	f->db = NULL;
}

void
ofx_add_gigs(struct ofx *f)
{
	f->category = ofx_category(f->db);
	f->gig = ofx_gig(f->db, f->seller, f->category, 1);
	f->plain = ofx_gig(f->db, f->seller, f->category, 0);
	f->x_fast = ofx_gig_extra(f->db, f->gig, 0);
	f->x_rev = ofx_gig_extra(f->db, f->gig, 1);
	f->x_custom = ofx_gig_extra(f->db, f->gig, 2);
	f->q_text = ofx_gig_question(f->db, f->gig, 0);
	f->q_choice = ofx_gig_question(f->db, f->gig, 1);
	f->q_attach = ofx_gig_question(f->db, f->gig, 2);
}

void
ofx_fund(struct ofx *f, int64_t user, int64_t amount)
{
	ofx_topup(f->db, user, amount);
}

int64_t
ofx_bal(struct ofx *f, int64_t user, const char *purpose)
{
	return ofx_balance(f->db, user != 0 ? "user" : "platform", user, purpose);
}

int64_t
ofx_escrow(struct ofx *f, int64_t order)
{
	return ofx_balance(f->db, "order", order, "escrow");
}

void
ofx_ledger_ok(struct ofx *f)
{
	struct ledger_report rep;

	must(f->db, ledger_check(f->db, &rep), "ledger_check");
	if (ledger_report_bad(&rep) || rep.total != 0)
		ofx_fail("ledger_check: unbalanced %lld mismatch %lld negative %lld total %lld",
		    (long long)rep.unbalanced_tx, (long long)rep.balance_mismatch,
		    (long long)rep.negative_accounts, (long long)rep.total);
}

enum order_state
ofx_state(struct ofx *f, int64_t order)
{
	struct order_info oi;

	must(f->db, order_get(f->db, f->buyer, order, &oi), "order_get");
	return oi.state;
}

void
ofx_assert_state(struct ofx *f, int64_t order, const char *name)
{
	struct db_stmt *st;
	const char *sql = "SELECT state FROM orders WHERE id = $1";
	const char *got;

	must(f->db, db_prepare(f->db, sql, &st), sql);
	must(f->db, db_bind_int64(st, 1, order), sql);
	if (db_step(st) != DB_ROW)
		ofx_fail("order %lld: no such order", (long long)order);
	got = db_col_text(st, 0);
	if (got == NULL || strcmp(got, name) != 0)
		ofx_fail("order %lld is %s, not %s", (long long)order, got ? got : "NULL", name);
	db_reset(st);
}

int64_t
ofx_order(struct ofx *f, int questions)
{
	struct order_new n;
	int64_t id = 0;

	memset(&n, 0, sizeof n);
	n.gig_id = questions ? f->gig : f->plain;
	n.tier = GIG_BASIC;
	n.quantity = 1;
	must(f->db, order_create(&f->cx, f->buyer, &n, &id), "order_create");
	return id;
}

int
ofx_answer(struct ofx *f, int64_t order)
{
	struct order_answer a[2] = {
		{ f->q_text, "星火咖啡", 0 },
		{ f->q_choice, "简约", 0 },
	};

	return order_submit_requirements(&f->cx, f->buyer, order, a, 2);
}

int64_t
ofx_order_in(struct ofx *f, enum order_state s)
{
	int64_t o = ofx_order(f, 1), id;

	if (s == ORDER_AWAITING_PAYMENT)
		return o;
	if (s == ORDER_CANCELLED) {
		must(f->db, order_cancel_unpaid(&f->cx, f->buyer, o), "cancel_unpaid");
		return o;
	}
	must(f->db, order_pay_wallet(&f->cx, f->buyer, o), "pay_wallet");
	if (s == ORDER_AWAITING_REQUIREMENTS)
		return o;
	must(f->db, ofx_answer(f, o), "submit_requirements");
	if (s == ORDER_IN_PROGRESS)
		return o;
	if (s == ORDER_DISPUTED) {
		must(f->db, order_open_dispute(&f->cx, f->buyer, o, "没有进展", NULL, 0, &id),
		    "open_dispute");
		return o;
	}
	must(f->db, order_deliver(&f->cx, f->seller, o, "初稿", NULL, 0, &id), "deliver");
	if (s == ORDER_DELIVERED)
		return o;
	if (s == ORDER_REVISION_REQUESTED) {
		must(f->db, order_request_revision(&f->cx, f->buyer, o, "改"), "request_revision");
		return o;
	}
	if (s != ORDER_COMPLETED)
		ofx_fail("ofx_order_in: no such state %d", (int)s);
	must(f->db, order_accept(&f->cx, f->buyer, o), "accept");
	return o;
}

void
ofx_offer_fill(struct ofx *f, struct offer_new *n, int64_t price, size_t n_ms,
               const int64_t *amounts)
{
	size_t i;

	memset(n, 0, sizeof *n);
	n->buyer_id = f->buyer;
	snprintf(n->title, sizeof n->title, "定制网站首页设计");
	snprintf(n->description, sizeof n->description, "首页 + 两个内页，含源文件。");
	n->price = price;
	n->delivery_days = n_ms > 0 ? (int)n_ms : 5;
	n->revisions = 2;
	n->n_ms = n_ms;
	for (i = 0; i < n_ms; i++) {
		snprintf(n->ms[i].title, sizeof n->ms[i].title, "阶段 %zu", i + 1);
		n->ms[i].amount = amounts[i];
		n->ms[i].delivery_days = 1;
	}
}

/* Send n from the seller and accept it as the buyer; the order's id. */
static int64_t
offer_through(struct ofx *f, const struct offer_new *n)
{
	int64_t offer = 0, order = 0;

	must(f->db, offer_send(&f->cx, f->seller, n, &offer), "offer_send");
	must(f->db, offer_accept(&f->cx, f->buyer, offer, &order), "offer_accept");
	if (order <= 0)
		ofx_fail("offer_accept made no order");
	return order;
}

int64_t
ofx_offer_order(struct ofx *f, int64_t price, size_t n_ms, const int64_t *amounts)
{
	struct offer_new *n = calloc(1, sizeof *n);
	int64_t order;

	if (n == NULL)
		ofx_fail("ofx_offer_order: out of memory");
	ofx_offer_fill(f, n, price, n_ms, amounts);
	order = offer_through(f, n);
	free(n);
	return order;
}

int64_t
ofx_ms_order(struct ofx *f, int64_t a, int64_t b)
{
	struct offer_new *n = calloc(1, sizeof *n);
	const int64_t amounts[2] = { a, b };
	int64_t order;

	if (n == NULL)
		ofx_fail("ofx_ms_order: out of memory");
	ofx_offer_fill(f, n, a + b, 2, amounts);
	snprintf(n->title, sizeof n->title, "网站开发");
	snprintf(n->description, sizeof n->description, "两个阶段");
	n->delivery_days = 7;
	n->revisions = 1;
	snprintf(n->ms[0].title, sizeof n->ms[0].title, "设计");
	n->ms[0].delivery_days = 3;
	snprintf(n->ms[1].title, sizeof n->ms[1].title, "开发");
	n->ms[1].delivery_days = 4;
	order = offer_through(f, n);
	free(n);
	return order;
}

int64_t
ofx_paid(struct ofx *f, int64_t price)
{
	int64_t id = ofx_offer_order(f, price, 0, NULL);

	ofx_fund(f, f->buyer, price + order_buyer_fee(&f->conf, price));
	must(f->db, order_pay_wallet(&f->cx, f->buyer, id), "pay_wallet");
	ofx_assert_state(f, id, "in_progress");
	if (ofx_bal(f, f->buyer, "available") != 0)
		ofx_fail("ofx_paid: the buyer has money left");
	return id;
}

int64_t
ofx_delivered(struct ofx *f, int64_t price)
{
	int64_t id = ofx_paid(f, price), d = 0;

	must(f->db, order_deliver(&f->cx, f->seller, id, "初稿见附件", NULL, 0, &d), "deliver");
	ofx_assert_state(f, id, "delivered");
	return id;
}

/* ---- pairs ---- */

void
ofx_pairs_setup(struct db *db, int n, int64_t money, struct ofx_pairs *p)
{
	int64_t cat;
	char h[32];
	int i;

	if (n < 1 || n > OFX_PAIRS_MAX)
		ofx_fail("ofx_pairs_setup: %d pairs (1..%d)", n, OFX_PAIRS_MAX);
	memset(p, 0, sizeof *p);
	p->n = n;
	cat = ofx_category(db);
	p->admin[0] = ofx_user(db, "admin1", 0, 1);
	p->admin[1] = ofx_user(db, "admin2", 0, 1);
	for (i = 0; i < n; i++) {
		snprintf(h, sizeof h, "buyer%d", i);
		p->buyer[i] = ofx_user(db, h, 0, 0);
		snprintf(h, sizeof h, "seller%d", i);
		p->seller[i] = ofx_user(db, h, 1, 0);
		p->gig[i] = ofx_gig(db, p->seller[i], cat, 0);
		ofx_topup(db, p->buyer[i], money);
	}
}
