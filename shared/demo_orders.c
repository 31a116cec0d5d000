/* demo_orders.c: demonstration orders in every state, a pending custom offer and a
 * milestone order part-way, all made through the real order functions (so the ledger
 * holds real histories and `jishictl ledger-check` passes); idempotent. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo_seed.h"
#include "err.h"
#include "log.h"
#include "offer.h"
#include "order.h"

#define DAY INT64_C(86400)
#define HOUR INT64_C(3600)

/* Where a demo order's story ends (the steps are cumulative, see run_steps). */
enum demo_end {
	END_UNPAID,                    /* awaiting_payment */
	END_UNANSWERED,                /* paid, awaiting_requirements */
	END_WORKING,                   /* requirements answered, in_progress */
	END_LATE,                      /* in_progress past its due date, marked late */
	END_DELIVERED,
	END_REVISION,                  /* revision_requested */
	END_COMPLETED,                 /* accepted, earnings pending (clearing) */
	END_CLEARED,                   /* accepted long ago, cleared, and tipped */
	END_CANCEL_MUTUAL,             /* buyer asked, seller agreed: refunded */
	END_CANCEL_LATE,               /* late, cancelled by the buyer: refunded */
	END_DISPUTED,                  /* dispute open */
	END_RESOLVED,                  /* dispute split by the admin: completed */
};

struct demo_order {
	const char *key;               /* order_new.idem_key "demo:KEY" (scoped by buyer) */
	const char *buyer, *seller;
	int pick;                      /* the seller's pick-th cheapest active gig */
	enum demo_end end;
	int days_ago;                  /* when it was ordered (END_LATE*: computed) */
	int gap_hours;                 /* time between two steps */
};

/* Sellers are demo_seed's own accounts with gigs in demo_gigs_data.c; lihua never gets
 * a cleared order or a tip (test_demo_seed.c: her wallet stays empty). */
static const struct demo_order demo_orders_tab[] = {
	{ "unpaid", "zhangwei", "lihua", 0, END_UNPAID, 0, 1 },
	{ "unanswered", "zhangwei", "wangfang", 0, END_UNANSWERED, 1, 3 },
	{ "working", "alice", "lihua", 1, END_WORKING, 1, 2 },
	{ "late", "zhangwei", "zhoujie", 0, END_LATE, -1, 1 },
	{ "delivered", "zhangwei", "lihua", 2, END_DELIVERED, 2, 8 },
	{ "revision", "chenjing", "wangfang", 1, END_REVISION, 3, 12 },
	{ "completed", "zhangwei", "wangfang", 2, END_COMPLETED, 6, 24 },
	{ "cleared", "chenjing", "zhoujie", 1, END_CLEARED, 22, 24 },
	{ "cancel-mutual", "alice", "wangfang", 3, END_CANCEL_MUTUAL, 4, 24 },
	{ "cancel-late", "chenjing", "heqian", 0, END_CANCEL_LATE, -1, 1 },
	{ "disputed", "zhangwei", "heqian", 1, END_DISPUTED, 5, 24 },
	{ "resolved", "alice", "zhoujie", 2, END_RESOLVED, 10, 24 },
};

#define OFFER_PENDING_TITLE "品牌手册与名片设计（定制）"
#define OFFER_MS_TITLE "企业官网三阶段开发（里程碑）"

static int
user_by_handle(struct db *db, const char *handle, int64_t *id)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT id FROM users WHERE handle = $1", &st)) != 0 ||
	    (r = db_bind_text(st, 1, handle)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : JS_ERR_NOT_FOUND;
}

/* The seller's pick-th cheapest active gig (the first when he has fewer): cheap gigs
 * keep the demo buyers' top-ups enough for every scenario. */
static int
pick_gig(struct db *db, int64_t seller, int pick, int64_t *gig)
{
	struct db_stmt *st;
	int r, i = 0;

	*gig = 0;
	if ((r = db_prepare(db, "SELECT id FROM gigs WHERE seller_id = $1 AND status = 'active'"
	    " ORDER BY price_from, id", &st)) != 0 || (r = db_bind_int64(st, 1, seller)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW) {
		if (i == 0 || i == pick)
			*gig = db_col_int64(st, 0);
		if (i++ == pick)
			break;
	}
	db_reset(st);
	if (r < 0)
		return r;
	return *gig != 0 ? 0 : JS_ERR_NOT_FOUND;
}

/* Whether the scenario ran before: its order exists under the buyer-scoped key. */
static int
order_by_key(struct db *db, int64_t buyer, const char *key, int64_t *id)
{
	struct db_stmt *st;
	char k[96];
	int r;

	*id = 0;
	snprintf(k, sizeof k, "u:%lld:demo:%s", (long long)buyer, key);
	if ((r = db_prepare(db, "SELECT id FROM orders WHERE idem_key = $1", &st)) != 0 ||
	    (r = db_bind_text(st, 1, k)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return r < 0 ? r : 0;
}

/* Answer every question of the gig the way a buyer would (text, the first choice, no
 * attachment); JS_ERR_STATE when a required attachment makes that impossible. */
#define DEMO_ANSWER "请参考我们现有的品牌色（蓝、白），风格简洁大方，谢谢！"
static int
answer_all(struct order_ctx *cx, int64_t buyer, int64_t order, int64_t gig)
{
	struct order_answer a[GIG_REQS_MAX];
	char *choice[GIG_REQS_MAX] = { 0 };
	struct db_stmt *st;
	size_t n = 0, i;
	int r;

	if ((r = db_prepare(cx->db, "SELECT id, kind, required, choices FROM gig_requirements"
	    " WHERE gig_id = $1 ORDER BY position, id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, gig)) != 0)
		return r;
	while (n < GIG_REQS_MAX && (r = db_step(st)) == DB_ROW) {
		const char *kind = db_col_text(st, 1);

		a[n].requirement_id = db_col_int64(st, 0);
		a[n].answer = DEMO_ANSWER;
		a[n].upload_id = 0;
		if (strcmp(kind, "attachment") == 0) {
			if (db_col_int64(st, 2) != 0) {
				r = JS_ERR_STATE;
				break;
			}
			continue;          /* an optional file: left out */
		}
		if (strcmp(kind, "choice") == 0) {
			json_t *j = json_loads(db_col_text(st, 3), 0, NULL);

			if (json_is_string(json_array_get(j, 0)))
				choice[n] = strdup(json_string_value(json_array_get(j, 0)));
			json_decref(j);
			if (choice[n] == NULL) {
				r = JS_ERR_NOMEM;
				break;
			}
			a[n].answer = choice[n];
		}
		n++;
	}
	db_reset(st);
	if (r >= 0 && r != JS_ERR_STATE)
		r = order_submit_requirements(cx, buyer, order, a, n);
	for (i = 0; i < n; i++)
		free(choice[i]);
	return r < 0 ? r : 0;
}

struct story {
	struct order_ctx *cx;
	int64_t t, gap;                /* the clock of the story, and its step */
	int64_t buyer, seller, admin, gig, order;
};

/* Advance the story's clock by one step, never past the real now. */
static struct order_ctx *
at_next(struct story *s, int64_t now)
{
	s->t += s->gap;
	s->cx->now = s->t < now ? s->t : now;
	return s->cx;
}

/* The steps of one demo order up to its end, each at its own time. */
static int
run_steps(struct story *s, enum demo_end end, int64_t now)
{
	struct order_ctx *cx = s->cx;
	struct order_info oi;
	int r;

	if (end == END_UNPAID)
		return 0;
	if ((r = order_pay_wallet(at_next(s, now), s->buyer, s->order)) != 0)
		return r;
	if (end == END_UNANSWERED)
		return 0;
	/* The in-progress order shows the buyer's answers; the others started without. */
	if (end == END_WORKING &&
	    (r = answer_all(at_next(s, now), s->buyer, s->order, s->gig)) != JS_ERR_STATE)
		return r;
	if ((r = order_start(at_next(s, now), s->seller, s->order)) != 0 || end == END_WORKING)
		return r;
	if (end == END_LATE || end == END_CANCEL_LATE) {
		cx->now = now;             /* its due date has passed (see seed_order) */
		if ((r = order_mark_late(cx, s->order)) != 0 || end == END_LATE)
			return r;
		return order_cancel_late(cx, s->buyer, s->order, "已经超过交付期限，申请取消并退款。");
	}
	if (end == END_CANCEL_MUTUAL) {
		if ((r = order_request_cancel(at_next(s, now), s->buyer, s->order,
		    "项目计划有变，暂时不需要了，抱歉。")) != 0)
			return r;
		return order_respond_cancel(at_next(s, now), s->seller, s->order, 1);
	}
	if ((r = order_deliver(at_next(s, now), s->seller, s->order,
	    "初稿已完成，请查看并提出修改意见。", NULL, 0, NULL)) != 0)
		return r;
	switch (end) {
	case END_DELIVERED:
		return 0;
	case END_REVISION:
		return order_request_revision(at_next(s, now), s->buyer, s->order,
		    "整体不错，请把主色调换成深蓝色，字体再粗一点。");
	case END_DISPUTED:
	case END_RESOLVED:
		if ((r = order_open_dispute(at_next(s, now), s->buyer, s->order,
		    "交付内容与描述不符，只完成了一半的工作。", NULL, 0, NULL)) != 0 ||
		    end == END_DISPUTED)
			return r;
		if ((r = order_get(cx->db, s->admin, s->order, &oi)) != 0)
			return r;
		return order_resolve_dispute(at_next(s, now), s->admin, s->order, DISPUTE_SPLIT,
		    order_split_amount(oi.escrow, 40),
		    "双方各有责任：卖家完成了约六成工作，退还买家 40%，其余支付给卖家。");
	default:
		break;
	}
	if ((r = order_accept(at_next(s, now), s->buyer, s->order)) != 0 ||
	    end == END_COMPLETED)
		return r;
	/* END_CLEARED: the clearing period has passed by now. */
	cx->now = now;
	if ((r = order_clear(cx, s->order)) != 0)
		return r;
	return order_tip(cx, s->buyer, s->order, 2000, "合作愉快，感谢！");
}

static int
seed_order(struct db *db, const struct demo_order *d, int64_t admin, int64_t now,
    struct demo_seed_stats *stats)
{
	struct order_conf conf;
	struct order_ctx cx = { db, &conf, 0 };
	struct order_new n;
	struct order_quote q;
	struct story s;
	char key[64];
	int r;

	order_conf_defaults(&conf);
	memset(&s, 0, sizeof s);
	s.cx = &cx;
	s.admin = admin;
	if ((r = user_by_handle(db, d->buyer, &s.buyer)) != 0 ||
	    (r = user_by_handle(db, d->seller, &s.seller)) != 0 ||
	    (r = order_by_key(db, s.buyer, d->key, &s.order)) != 0 || s.order != 0 ||
	    (r = pick_gig(db, s.seller, d->pick, &s.gig)) != 0)
		return r;
	memset(&n, 0, sizeof n);
	n.gig_id = s.gig;
	n.tier = GIG_BASIC;
	n.quantity = 1;
	snprintf(key, sizeof key, "demo:%s", d->key);
	n.idem_key = key;
	if ((r = order_quote(db, &conf, &n, &q)) != 0)
		return r;
	/* A late order started more than its delivery days ago. */
	s.t = d->days_ago >= 0 ? now - d->days_ago * DAY :
	    now - (int64_t)(q.delivery_days + 3) * DAY;
	s.gap = d->gap_hours * HOUR;
	cx.now = s.t;
	if ((r = order_create(&cx, s.buyer, &n, &s.order)) != 0 ||
	    (r = run_steps(&s, d->end, now)) != 0) {
		log_error("demo order %s: %s", d->key, js_strerror(r));
		return r;
	}
	stats->orders++;
	return 0;
}

/* The offers: one pending, one with milestones accepted and part-way (the first
 * milestone delivered and accepted, the second funded and in progress). */
static int
offer_by_title(struct db *db, int64_t seller, const char *title, int64_t *id)
{
	struct db_stmt *st;
	int r;

	*id = 0;
	if ((r = db_prepare(db, "SELECT id FROM offers WHERE seller_id = $1 AND title = $2",
	    &st)) != 0 || (r = db_bind_int64(st, 1, seller)) != 0 ||
	    (r = db_bind_text(st, 2, title)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return r < 0 ? r : 0;
}

static int
seed_offer(struct db *db, const char *seller_h, const char *buyer_h, const char *title,
    int milestones, int64_t now, struct demo_seed_stats *stats)
{
	static const char *const ms_titles[3] = { "需求梳理与原型", "页面设计与开发",
		"测试上线与培训" };
	struct order_conf conf;
	struct order_ctx cx = { db, &conf, 0 };
	struct offer_new *n;
	struct story s;
	int64_t offer;
	int r, i;

	order_conf_defaults(&conf);
	memset(&s, 0, sizeof s);
	s.cx = &cx;
	if ((r = user_by_handle(db, seller_h, &s.seller)) != 0 ||
	    (r = user_by_handle(db, buyer_h, &s.buyer)) != 0 ||
	    (r = offer_by_title(db, s.seller, title, &offer)) != 0 || offer != 0)
		return r;
	if ((n = calloc(1, sizeof *n)) == NULL)
		return JS_ERR_NOMEM;
	n->buyer_id = s.buyer;
	snprintf(n->title, sizeof n->title, "%s", title);
	snprintf(n->description, sizeof n->description, "%s", milestones ?
	    "按三个阶段交付，每个阶段验收后再支付下一阶段。" :
	    "根据我们的沟通，为您定制品牌手册（20 页）和名片设计，含两次修改。");
	n->revisions = 2;
	if (milestones) {
		for (i = 0; i < 3; i++) {
			snprintf(n->ms[i].title, sizeof n->ms[i].title, "%s", ms_titles[i]);
			n->ms[i].amount = 20000 + 10000 * i;
			n->ms[i].delivery_days = 3 + i;
			n->price += n->ms[i].amount;
			n->delivery_days += n->ms[i].delivery_days;
		}
		n->n_ms = 3;
	} else {
		n->price = 68000;
		n->delivery_days = 10;
	}
	s.t = now - (milestones ? 6 : 1) * DAY;
	s.gap = milestones ? DAY : HOUR;
	cx.now = s.t;
	r = offer_send(&cx, s.seller, n, &offer);
	free(n);
	if (r != 0 || !milestones)
		goto out;
	stats->orders++;
	if ((r = offer_accept(at_next(&s, now), s.buyer, offer, &s.order)) != 0 ||
	    (r = order_pay_wallet(at_next(&s, now), s.buyer, s.order)) != 0 ||
	    (r = order_deliver(at_next(&s, now), s.seller, s.order,
	    "原型和需求文档已上传，请确认。", NULL, 0, NULL)) != 0 ||
	    (r = order_accept(at_next(&s, now), s.buyer, s.order)) != 0)
		goto out;
	r = order_pay_wallet(at_next(&s, now), s.buyer, s.order);
out:
	if (r != 0)
		log_error("demo offer \"%s\": %s", title, js_strerror(r));
	else
		stats->offers++;
	return r;
}

int
demo_orders(struct db *db, int64_t now, struct demo_seed_stats *stats)
{
	int64_t admin;
	size_t i;
	int r;

	if (now == 0)
		now = (int64_t)time(NULL);
	if ((r = user_by_handle(db, "admin", &admin)) != 0)
		return r;
	for (i = 0; i < sizeof demo_orders_tab / sizeof demo_orders_tab[0]; i++)
		if ((r = seed_order(db, &demo_orders_tab[i], admin, now, stats)) != 0)
			return r;
	if ((r = seed_offer(db, "lihua", "zhangwei", OFFER_PENDING_TITLE, 0, now, stats)) != 0)
		return r;
	return seed_offer(db, "wangfang", "chenjing", OFFER_MS_TITLE, 1, now, stats);
}
