/* test_gig_status.c: the gig status table: every action x status x actor x moderation
 * setting, reject reasons, review fields, the audit log, on SQLite and PostgreSQL. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "err.h"
#include "fixture.h"
#include "gig.h"

struct fx {
	struct db *db;
	char url[TFX_URL_MAX];
	int64_t seller, stranger, admin, gig;
	struct gig_content c;
	struct gig_page page;
};

static const char *const statuses[] = {
	"draft", "pending_review", "active", "paused", "rejected", "deleted",
};
#define N_STATUSES (sizeof statuses / sizeof statuses[0])

enum actor { OWNER, STRANGER, ADMIN, N_ACTORS };
static const char *const actor_names[N_ACTORS] = { "owner", "stranger", "admin" };

/*
 * The specification, written out independently of gig_status.c: for each action, who
 * may take it and where it leads from each status, with moderation off and on
 * (NULL: not from that status).
 */
struct spec {
	enum gig_action action;
	int owner, admin;                          /* who may */
	const char *off[N_STATUSES], *on[N_STATUSES];
};

static const struct spec specs[] = {
	{ GIG_SUBMIT, 1, 0,
	  { "active", "active", NULL, NULL, "active", NULL },
	  { "pending_review", NULL, NULL, NULL, "pending_review", NULL } },
	{ GIG_APPROVE, 0, 1,
	  { NULL, "active", NULL, NULL, NULL, NULL },
	  { NULL, "active", NULL, NULL, NULL, NULL } },
	{ GIG_REJECT, 0, 1,
	  { NULL, "rejected", "rejected", "rejected", NULL, NULL },
	  { NULL, "rejected", "rejected", "rejected", NULL, NULL } },
	{ GIG_PAUSE, 1, 1,
	  { NULL, NULL, "paused", NULL, NULL, NULL },
	  { NULL, NULL, "paused", NULL, NULL, NULL } },
	{ GIG_RESUME, 1, 1,
	  { NULL, NULL, NULL, "active", NULL, NULL },
	  { NULL, NULL, NULL, "active", NULL, NULL } },
	{ GIG_DELETE, 1, 1,
	  { "deleted", "deleted", "deleted", "deleted", "deleted", NULL },
	  { "deleted", "deleted", "deleted", "deleted", "deleted", NULL } },
};

static int
setup(void **state)
{
	static struct fx f;
	struct gig_content *c = &f.c;
	int64_t top, sub;

	memset(&f, 0, sizeof f);
	f.db = tfx_open(f.url, sizeof f.url);
	f.seller = tfx_user(f.db, "owner", 1);
	f.stranger = tfx_user(f.db, "stranger", 1);
	f.admin = tfx_user(f.db, "boss", 1);
	tfx_make_admin(f.db, f.admin);
	top = tfx_int(f.db, "INSERT INTO categories (slug, name_zh, name_en)"
	    " VALUES ('writing', '文案翻译', 'Writing') RETURNING id");
	sub = tfx_int1(f.db, "INSERT INTO categories (parent_id, slug, name_zh, name_en)"
	    " VALUES ($1, 'translation', '翻译', 'Translation') RETURNING id", top);
	c->category_id = sub;
	strcpy(c->title, "中英文商务翻译");
	strcpy(c->description, "合同、邮件与技术文档。");
	strcpy(c->pkg[0].name, "千字");
	c->pkg[0].price = 20000;
	c->pkg[0].delivery_days = 2;
	assert_int_equal(gig_create(f.db, f.seller, c, &f.gig, NULL), 0);
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

static void
force_status(struct fx *f, const char *status)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, "UPDATE gigs SET status = $2, reject_reason ="
	    " CASE WHEN $2 = 'rejected' THEN 'old reason' ELSE NULL END,"
	    " published_at = NULL, reviewed_by = NULL, reviewed_at = NULL WHERE id = $1",
	    &st), 0);
	assert_int_equal(db_bind_int64(st, 1, f->gig), 0);
	assert_int_equal(db_bind_text(st, 2, status), 0);
	assert_int_equal(db_step_done(st), 0);
}

static const char *
status_now(struct fx *f)
{
	static char s[16];
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, "SELECT status FROM gigs WHERE id = $1", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, f->gig), 0);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(s, sizeof s, "%s", db_col_text(st, 0));
	db_reset(st);
	return s;
}

/* Every action x status x actor x moderation setting against the specification. */
static void
test_transition_table(void **state)
{
	struct fx *f = *state;
	int64_t ids[N_ACTORS];
	size_t s, k;
	int a, mod, want, r, allowed, cases = 0;
	char to[16];

	ids[OWNER] = f->seller;
	ids[STRANGER] = f->stranger;
	ids[ADMIN] = f->admin;
	for (mod = 0; mod <= 1; mod++) {
		assert_int_equal(gig_moderation_set(f->db, f->admin, mod), 0);
		for (k = 0; k < sizeof specs / sizeof specs[0]; k++) {
			const struct spec *sp = &specs[k];

			for (s = 0; s < N_STATUSES; s++) {
				for (a = 0; a < N_ACTORS; a++) {
					const char *dest = mod ? sp->on[s] : sp->off[s];
					int may = (a == OWNER && sp->owner) ||
					    (a == ADMIN && sp->admin);

					want = !may ? JS_ERR_PERM : dest == NULL ?
					    JS_ERR_STATE : 0;
					force_status(f, statuses[s]);
					allowed = gig_transition_allowed(f->db, ids[a], f->gig,
					    sp->action);
					strcpy(to, "unchanged");
					r = gig_transition(f->db, ids[a], f->gig, sp->action,
					    "不符合社区规范", to, NULL);
					if (r != want || allowed != want)
						fail_msg("moderation %s: %s by %s from %s: got %s"
						    " (allowed %s), want %s", mod ? "on" : "off",
						    gig_action_name(sp->action), actor_names[a],
						    statuses[s], js_strerror(r),
						    js_strerror(allowed), js_strerror(want));
					if (want == 0) {
						assert_string_equal(to, dest);
						assert_string_equal(status_now(f), dest);
					} else {
						assert_string_equal(to, "unchanged");
						assert_string_equal(status_now(f), statuses[s]);
					}
					cases++;
				}
			}
		}
	}
	assert_int_equal(cases, 2 * 6 * 6 * 3);
}

static void
test_moderation_flow(void **state)
{
	struct fx *f = *state;
	struct gig_bad bad;
	char to[16];
	int on = -1;

	assert_int_equal(gig_moderation_on(f->db, &on), 0);
	assert_int_equal(on, 0);                     /* default off */
	assert_int_equal(db_exec(f->db, "INSERT INTO settings (key, value)"
	    " VALUES ('gigs.moderation', 'yes')"), 0);
	assert_int_equal(gig_moderation_on(f->db, &on), 0);
	assert_int_equal(on, 0);                     /* only 'on' means on */
	assert_int_equal(gig_moderation_set(f->db, f->stranger, 1), JS_ERR_PERM);
	assert_int_equal(gig_moderation_set(f->db, f->admin, 1), 0);
	assert_int_equal(gig_moderation_on(f->db, &on), 0);
	assert_int_equal(on, 1);
	/* draft -> pending_review: not public, not orderable */
	assert_int_equal(gig_transition(f->db, f->seller, f->gig, GIG_SUBMIT, NULL, to, NULL),
	    0);
	assert_string_equal(to, "pending_review");
	assert_int_equal(gig_get(f->db, 0, f->gig, &f->page), JS_ERR_NOT_FOUND);
	assert_int_equal(gig_orderable(f->db, f->gig), JS_ERR_STATE);
	/* a reject needs a reason */
	assert_int_equal(gig_transition(f->db, f->admin, f->gig, GIG_REJECT, NULL, to, &bad),
	    JS_ERR_INVALID);
	assert_string_equal(bad.field, "reason");
	assert_int_equal(gig_transition(f->db, f->admin, f->gig, GIG_REJECT, "  \n ", to,
	    &bad), JS_ERR_INVALID);
	assert_string_equal(bad.field, "reason");
	assert_int_equal(gig_transition(f->db, f->admin, f->gig, GIG_REJECT, "bad\x1b", to,
	    &bad), JS_ERR_INVALID);
	assert_int_equal(gig_transition(f->db, f->admin, f->gig, GIG_REJECT,
	    "封面图片含有联系方式，请修改后重新提交。", to, &bad), 0);
	assert_null(bad.field);
	assert_string_equal(to, "rejected");
	assert_int_equal(gig_get(f->db, f->seller, f->gig, &f->page), 0);
	assert_string_equal(f->page.reject_reason, "封面图片含有联系方式，请修改后重新提交。");
	assert_int_equal(tfx_int1(f->db, "SELECT reviewed_by FROM gigs WHERE id = $1",
	    f->gig), f->admin);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM audit_log"
	    " WHERE target_id = $1 AND target_type = 'gig' AND action = 'gig.reject'",
	    f->gig), 1);
	/* resubmit, approve: active, published, reason cleared */
	assert_int_equal(gig_transition(f->db, f->seller, f->gig, GIG_SUBMIT, NULL, to, NULL),
	    0);
	assert_string_equal(to, "pending_review");
	assert_int_equal(gig_transition(f->db, f->admin, f->gig, GIG_APPROVE, NULL, to, NULL),
	    0);
	assert_string_equal(to, "active");
	assert_int_equal(gig_get(f->db, 0, f->gig, &f->page), 0);
	assert_string_equal(f->page.reject_reason, "");
	assert_true(f->page.published_at > 0);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gigs WHERE id = $1"
	    " AND reject_reason IS NULL", f->gig), 1);
	assert_int_equal(gig_orderable(f->db, f->gig), 0);
	/* the owner pauses: no audit row; orders stop */
	assert_int_equal(gig_transition(f->db, f->seller, f->gig, GIG_PAUSE, NULL, to, NULL),
	    0);
	assert_int_equal(gig_orderable(f->db, f->gig), JS_ERR_STATE);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM audit_log"
	    " WHERE target_id = $1 AND action = 'gig.pause'", f->gig), 0);
	/* moderation switched off while a gig waits: its owner may publish it */
	assert_int_equal(gig_transition(f->db, f->seller, f->gig, GIG_RESUME, NULL, to, NULL),
	    0);
	assert_int_equal(gig_update(f->db, f->seller, f->gig, &f->c, NULL), 0);
	assert_string_equal(status_now(f), "pending_review");
	assert_int_equal(gig_moderation_set(f->db, f->admin, 0), 0);
	assert_int_equal(gig_transition(f->db, f->seller, f->gig, GIG_SUBMIT, NULL, to, NULL),
	    0);
	assert_string_equal(to, "active");
}

static void
test_without_moderation(void **state)
{
	struct fx *f = *state;
	char to[16];
	int64_t first;

	assert_int_equal(gig_transition(f->db, f->seller, f->gig, GIG_SUBMIT, NULL, to, NULL),
	    0);
	assert_string_equal(to, "active");
	first = tfx_int1(f->db, "SELECT published_at FROM gigs WHERE id = $1", f->gig);
	assert_true(first > 0);
	assert_int_equal(gig_transition(f->db, f->seller, f->gig, GIG_PAUSE, NULL, to, NULL),
	    0);
	assert_int_equal(db_exec(f->db, "UPDATE gigs SET published_at = 1000"), 0);
	assert_int_equal(gig_transition(f->db, f->admin, f->gig, GIG_RESUME, NULL, to, NULL),
	    0);
	/* published_at is the first publication */
	assert_int_equal(tfx_int1(f->db, "SELECT published_at FROM gigs WHERE id = $1",
	    f->gig), 1000);
	/* an admin acting on someone else's gig leaves an audit row */
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM audit_log"
	    " WHERE target_id = $1 AND action = 'gig.resume' AND actor_id IS NOT NULL",
	    f->gig), 1);
	/* delete is soft and final */
	assert_int_equal(gig_transition(f->db, f->seller, f->gig, GIG_DELETE, NULL, to, NULL),
	    0);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gigs WHERE id = $1",
	    f->gig), 1);
	assert_int_equal(gig_transition(f->db, f->admin, f->gig, GIG_RESUME, NULL, to, NULL),
	    JS_ERR_STATE);
	assert_int_equal(gig_transition(f->db, f->seller, f->gig, GIG_DELETE, NULL, to, NULL),
	    JS_ERR_STATE);
}

static void
test_bad_calls(void **state)
{
	struct fx *f = *state;
	char to[16];

	assert_int_equal(gig_transition(f->db, f->seller, f->gig, GIG_EDIT, NULL, to, NULL),
	    JS_ERR_INVALID);
	assert_int_equal(gig_transition(f->db, f->seller, f->gig, (enum gig_action)99, NULL, to,
	    NULL), JS_ERR_INVALID);
	assert_int_equal(gig_transition(f->db, f->seller, 4040, GIG_SUBMIT, NULL, to, NULL),
	    JS_ERR_NOT_FOUND);
	assert_int_equal(gig_transition(f->db, 0, f->gig, GIG_SUBMIT, NULL, to, NULL),
	    JS_ERR_PERM);
	/* a suspended owner can do nothing */
	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'suspended'"
	    " WHERE handle = 'owner'"), 0);
	assert_int_equal(gig_transition(f->db, f->seller, f->gig, GIG_SUBMIT, NULL, to, NULL),
	    JS_ERR_PERM);
	assert_int_equal(gig_transition_allowed(f->db, f->seller, f->gig, GIG_DELETE),
	    JS_ERR_PERM);
	assert_string_equal(gig_action_name(GIG_APPROVE), "approve");
	assert_null(gig_action_name(GIG_ACTIONS));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_transition_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moderation_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_without_moderation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_calls, setup, teardown),
	};

	return tfx_run_both("gig_status", tests, TFX_COUNT(tests)) != 0;
}
