/* test_account.c: sign-up, lookups, passwords, keys, link codes and sessions on both stores. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "db.h"
#include "err.h"
#include "fixture.h"

static void
signup_init(struct account_signup *s, struct tfx_key *k, const char *handle)
{
	tfx_key_make(k, handle);
	memset(s, 0, sizeof *s);
	s->handle = handle;
	s->display_name = "张三";
	s->is_client = 1;
	s->locale = "zh_CN";
	s->key_type = "ssh-ed25519";
	s->key_b64 = k->b64;
	s->key_fp = k->fp;
}

static int64_t
first_key(struct tfx *f, int64_t actor, int64_t user)
{
	struct account_key keys[4];
	size_t n = 0;

	assert_int_equal(account_keys_list(f->db, actor, user, keys, 4, &n), 0);
	assert_true(n >= 1);
	return keys[0].id;
}

static void
test_handle_rules(void **state)
{
	static const struct { const char *h; int want; } cases[] = {
		{ "alice", 0 }, { "li_hua-2", 0 }, { "abc", 0 },
		{ "abcdefghijklmnopqrstuvwxyz012345", 0 },         /* 32 */
		{ "abcdefghijklmnopqrstuvwxyz0123456", JS_ERR_INVALID }, /* 33 */
		{ "ab", JS_ERR_INVALID }, { "", JS_ERR_INVALID },
		{ "Alice", JS_ERR_INVALID }, { "aliCe", JS_ERR_INVALID },
		{ "1alice", JS_ERR_INVALID }, { "_alice", JS_ERR_INVALID },
		{ "-alice", JS_ERR_INVALID }, { "ali ce", JS_ERR_INVALID },
		{ "ali.ce", JS_ERR_INVALID }, { "李华abc", JS_ERR_INVALID },
		{ "alicé", JS_ERR_INVALID },
		{ "admin", JS_ERR_PERM }, { "root", JS_ERR_PERM }, { "jishi", JS_ERR_PERM },
		{ "support", JS_ERR_PERM }, { "login", JS_ERR_PERM }, { "postgres", JS_ERR_PERM },
		{ "jishi-team", JS_ERR_PERM }, { "official_cn", JS_ERR_PERM },
		{ "administrator", JS_ERR_PERM }, { "admins", 0 },
	};
	size_t i;

	(void)state;
	assert_int_equal(account_handle_check(NULL), JS_ERR_INVALID);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (account_handle_check(cases[i].h) != cases[i].want)
			fail_msg("handle \"%s\": got %d want %d", cases[i].h,
			    account_handle_check(cases[i].h), cases[i].want);
	}
}

static void
test_text_clean(void **state)
{
	char *out = NULL;
	char big[64 * 3 + 8];
	int i;

	(void)state;
	assert_int_equal(account_text_clean("  张三 Zhang  ", 64, 0, &out), 0);
	assert_string_equal(out, "张三 Zhang");
	free(out);
	assert_int_equal(account_text_clean("   ", 64, 0, &out), 0);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(account_text_clean("a\tb", 64, 0, &out), JS_ERR_INVALID);
	assert_null(out);
	assert_int_equal(account_text_clean("a\nb", 64, 0, &out), JS_ERR_INVALID);
	assert_int_equal(account_text_clean("\nline 1\nline 2\n\n", 64, 1, &out), 0);
	assert_string_equal(out, "line 1\nline 2");
	free(out);
	assert_int_equal(account_text_clean("a\rb", 64, 1, &out), JS_ERR_INVALID);
	assert_int_equal(account_text_clean("a\x1b[31mb", 64, 0, &out), JS_ERR_INVALID);
	assert_int_equal(account_text_clean("a\x7f", 64, 0, &out), JS_ERR_INVALID);
	assert_int_equal(account_text_clean("a\xc2\x85", 64, 0, &out), JS_ERR_INVALID);
	assert_int_equal(account_text_clean("a\xe2\x80\xae" "b", 64, 0, &out),
	    JS_ERR_INVALID);                                   /* U+202E */
	assert_int_equal(account_text_clean("a\xe2\x81\xa6" "b", 64, 0, &out),
	    JS_ERR_INVALID);                                   /* U+2066 */
	assert_int_equal(account_text_clean("a\xe2\x80\x8f" "b", 64, 0, &out),
	    JS_ERR_INVALID);                                   /* U+200F RLM */
	assert_int_equal(account_text_clean("a\xe2\x80\xa8" "b", 64, 1, &out),
	    JS_ERR_INVALID);                                   /* U+2028 */
	assert_int_equal(account_text_clean("a\xff", 64, 0, &out), JS_ERR_UTF8);
	assert_int_equal(account_text_clean("\xc0\xaf", 64, 0, &out), JS_ERR_UTF8);
	assert_int_equal(account_text_clean("\xed\xa0\x80", 64, 0, &out), JS_ERR_UTF8);
	assert_int_equal(account_text_clean("\xe4\xb8", 64, 0, &out), JS_ERR_UTF8);
	/* 64 CJK characters fit, 65 do not: the limit is characters, not bytes. */
	for (i = 0; i < 64; i++)
		memcpy(big + 3 * i, "字", 3);
	big[3 * 64] = '\0';
	assert_int_equal(account_text_clean(big, 64, 0, &out), 0);
	free(out);
	memcpy(big + 3 * 64, "字", 4);                       /* the 65th, and its NUL */
	assert_int_equal(account_text_clean(big, 64, 0, &out), JS_ERR_TOO_BIG);
	assert_int_equal(account_text_clean("😀", 1, 0, &out), 0);
	free(out);
	assert_int_equal(account_text_clean(NULL, 1, 0, &out), JS_ERR_INVALID);
}

static void
test_signup_creates_everything(void **state)
{
	struct tfx *f = *state;
	struct account_signup s;
	struct account a;
	struct tfx_key k;
	const char *bad = "x";
	int64_t id = 0;

	signup_init(&s, &k, "lihua");
	s.display_name = "  李华  ";
	s.is_freelancer = 1;
	s.email = "LiHua@Example.COM";
	assert_int_equal(account_signup(f->db, &s, &id, &bad), 0);
	assert_null(bad);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM users"), 1);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM profiles"), 1);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ledger_accounts"
	    " WHERE owner_type = 'user' AND purpose IN ('available','pending')"), 2);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ssh_keys"), 1);
	assert_int_equal(tfx_int(f->db, "SELECT completion_pct FROM profiles"), 15);
	assert_int_equal(account_by_id(f->db, id, &a), 0);
	assert_string_equal(a.handle, "lihua");
	assert_string_equal(a.display_name, "李华");
	assert_int_equal(a.is_client, 1);
	assert_int_equal(a.is_freelancer, 1);
	assert_int_equal(a.is_admin, 0);
	assert_string_equal(a.status, "active");
	assert_string_equal(a.locale, "zh_CN");
	assert_int_equal(a.has_password, 0);
	assert_int_equal(a.ui_mouse, 1);
	assert_string_equal(a.ui_theme, "auto");
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM users WHERE email ="
	    " 'lihua@example.com'"), 1);
	memset(&a, 0, sizeof a);
	assert_int_equal(account_by_handle(f->db, "LiHua", &a), 0);
	assert_int_equal(a.id, id);
	assert_int_equal(account_by_handle(f->db, "nobody-here", &a), JS_ERR_NOT_FOUND);
	assert_int_equal(account_by_id(f->db, id + 100, &a), JS_ERR_NOT_FOUND);
	assert_int_equal(account_handle_available(f->db, "lihua"), JS_ERR_EXISTS);
	assert_int_equal(account_handle_available(f->db, "wangfang"), 0);
	assert_int_equal(account_handle_available(f->db, "admin"), JS_ERR_PERM);
	assert_int_equal(account_handle_available(f->db, "X"), JS_ERR_INVALID);
}

static void
test_signup_duplicates(void **state)
{
	struct tfx *f = *state;
	struct account_signup s;
	struct tfx_key k, k2;
	const char *bad;
	int64_t id = 0;

	signup_init(&s, &k, "alice");
	s.email = "alice@example.com";
	assert_int_equal(account_signup(f->db, &s, &id, NULL), 0);
	/* Same handle, new key and email. */
	tfx_key_make(&k2, "other");
	s.key_b64 = k2.b64;
	s.key_fp = k2.fp;
	s.email = "other@example.com";
	assert_int_equal(account_signup(f->db, &s, &id, &bad), JS_ERR_EXISTS);
	assert_string_equal(bad, "handle");
	/* Same email in other case. */
	s.handle = "alice2";
	s.email = "ALICE@example.com";
	assert_int_equal(account_signup(f->db, &s, &id, &bad), JS_ERR_EXISTS);
	assert_string_equal(bad, "email");
	/* Same key. */
	s.email = NULL;
	s.key_b64 = k.b64;
	s.key_fp = k.fp;
	assert_int_equal(account_signup(f->db, &s, &id, &bad), JS_ERR_EXISTS);
	assert_string_equal(bad, "key");
	/* Nothing half-made is left behind. */
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM users"), 1);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM profiles"), 1);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ledger_accounts"), 2);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ssh_keys"), 1);
	/* A fresh one still works. */
	tfx_key_make(&k2, "fresh");
	s.key_b64 = k2.b64;
	s.key_fp = k2.fp;
	assert_int_equal(account_signup(f->db, &s, &id, &bad), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM users"), 2);
}

static void
test_signup_bad_fields(void **state)
{
	struct tfx *f = *state;
	struct account_signup s;
	struct tfx_key k;
	const char *bad;
	char long_name[80];
	int64_t id = 0;

	memset(long_name, 'n', 65);
	long_name[65] = '\0';
#define BAD(field_set, want_r, want_field) do { \
		signup_init(&s, &k, "zhangwei"); \
		field_set; \
		bad = NULL; \
		assert_int_equal(account_signup(f->db, &s, &id, &bad), want_r); \
		assert_non_null(bad); \
		assert_string_equal(bad, want_field); \
	} while (0)
	BAD(s.handle = "Zhang", JS_ERR_INVALID, "handle");
	BAD(s.handle = "9zhang", JS_ERR_INVALID, "handle");
	BAD(s.handle = "root", JS_ERR_PERM, "handle");
	BAD(s.handle = NULL, JS_ERR_INVALID, "handle");
	BAD(s.display_name = "", JS_ERR_INVALID, "display_name");
	BAD(s.display_name = "   ", JS_ERR_INVALID, "display_name");
	BAD(s.display_name = NULL, JS_ERR_INVALID, "display_name");
	BAD(s.display_name = long_name, JS_ERR_TOO_BIG, "display_name");
	BAD(s.display_name = "a\x1b]0;x\x07", JS_ERR_INVALID, "display_name");
	BAD(s.display_name = "evil\xe2\x80\xae", JS_ERR_INVALID, "display_name");
	BAD(s.display_name = "bad\xfe", JS_ERR_UTF8, "display_name");
	BAD(s.is_client = 0, JS_ERR_INVALID, "roles");
	BAD(s.is_client = 2, JS_ERR_INVALID, "roles");
	BAD(s.locale = "fr", JS_ERR_INVALID, "locale");
	BAD(s.locale = NULL, JS_ERR_INVALID, "locale");
	BAD(s.email = "no-at.example.com", JS_ERR_INVALID, "email");
	BAD(s.email = "a@b@example.com", JS_ERR_INVALID, "email");
	BAD(s.email = "a@localhost", JS_ERR_INVALID, "email");
	BAD(s.email = "a b@example.com", JS_ERR_INVALID, "email");
	BAD(s.email = "@example.com", JS_ERR_INVALID, "email");
	BAD(s.email = "a@example..com", JS_ERR_INVALID, "email");
	BAD(s.email = "a@example.com.", JS_ERR_INVALID, "email");
	BAD(s.email = "a@ex\tample.com", JS_ERR_INVALID, "email");
	BAD(s.password = "short", JS_ERR_INVALID, "password");
	BAD(s.key_type = "ssh-dss", JS_ERR_INVALID, "key");
	BAD(s.key_fp = "MD5:aa:bb", JS_ERR_INVALID, "key");
	BAD(s.key_b64 = "not base64!", JS_ERR_INVALID, "key");
	BAD((s.key_type = NULL, s.key_b64 = NULL, s.key_fp = NULL), JS_ERR_INVALID, "key");
#undef BAD
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM users"), 0);
	/* A long but plausible address is fine; 255 bytes is not. */
	{
		char email[300];

		memset(email, 'a', 242);
		snprintf(email + 242, sizeof email - 242, "@example.com");  /* 254 bytes */
		signup_init(&s, &k, "zhangwei");
		s.email = email;
		assert_int_equal(account_signup(f->db, &s, &id, &bad), 0);
		signup_init(&s, &k, "zhangwei2");
		memset(email, 'b', 243);
		snprintf(email + 243, sizeof email - 243, "@example.com");  /* 255 bytes */
		s.email = email;
		assert_int_equal(account_signup(f->db, &s, &id, &bad), JS_ERR_INVALID);
		assert_string_equal(bad, "email");
	}
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_passwords(void **state)
{
	struct tfx *f = *state;
	struct account_signup s;
	struct account a;
	struct tfx_key k;
	int64_t id = 0, other;
	double t0, known, unknown;

	signup_init(&s, &k, "wangfang");
	s.password = "correct horse battery";
	assert_int_equal(account_signup(f->db, &s, &id, NULL), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM users WHERE password_hash"
	    " LIKE '$argon2id$%'"), 1);
	other = tfx_user(f->db, "stranger", 0);
	memset(&a, 0, sizeof a);
	assert_int_equal(account_password_verify(f->db, "wangfang", "correct horse battery",
	    &a), 0);
	assert_int_equal(a.id, id);
	assert_int_equal(a.has_password, 1);
	t0 = now_s();
	assert_int_equal(account_password_verify(f->db, "WangFang", "wrong password",
	    NULL), JS_ERR_PERM);
	known = now_s() - t0;
	t0 = now_s();
	assert_int_equal(account_password_verify(f->db, "nosuchuser", "wrong password",
	    NULL), JS_ERR_PERM);
	unknown = now_s() - t0;
	/* One argon2id run either way: an unknown handle is not answered much faster. */
	assert_true(unknown > known / 4);
	/* Accounts without a password never match. */
	assert_int_equal(account_password_verify(f->db, "stranger", "whatever12", NULL),
	    JS_ERR_PERM);
	/* Changing it: a stranger may not, the owner may. */
	assert_int_equal(account_password_set(f->db, other, id, "hijacked!!"), JS_ERR_PERM);
	assert_int_equal(account_password_set(f->db, id, id, "short"), JS_ERR_INVALID);
	assert_int_equal(account_password_set(f->db, id, id, "new secret 2"), 0);
	assert_int_equal(account_password_verify(f->db, "wangfang", "new secret 2", NULL), 0);
	/* Suspended accounts cannot log in, even with the right password. */
	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'suspended'"
	    " WHERE handle = 'wangfang'"), 0);
	assert_int_equal(account_password_verify(f->db, "wangfang", "new secret 2", NULL),
	    JS_ERR_PERM);
	/* ... and a suspended actor cannot change anything. */
	assert_int_equal(account_set_locale(f->db, id, id, "en"), JS_ERR_PERM);
}

static void
test_by_key_and_prefs(void **state)
{
	struct tfx *f = *state;
	struct account a;
	struct tfx_key k;
	int64_t id = tfx_user(f->db, "chenjing", 0), other = tfx_user(f->db, "alice", 0);

	/* The fixture's keys are real: this one is what `ssh-keygen -lf` prints for it. */
	tfx_key_make(&k, "zhangwei");
	assert_string_equal(k.fp, "SHA256:/dBW9aOJXh/NiHsaLAPm0oUT9mI6sj9THoVdG61lZgI");
	tfx_key_make(&k, "chenjing");
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ssh_keys WHERE last_used_at"
	    " IS NOT NULL"), 0);
	assert_int_equal(account_by_key(f->db, k.fp, &a), 0);
	assert_int_equal(a.id, id);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ssh_keys WHERE last_used_at"
	    " IS NOT NULL"), 1);
	assert_int_equal(account_by_key(f->db, "SHA256:unknown", &a), JS_ERR_NOT_FOUND);
	assert_int_equal(account_by_key(f->db, NULL, &a), JS_ERR_NOT_FOUND);

	assert_int_equal(account_set_locale(f->db, id, id, "en"), 0);
	assert_int_equal(account_set_locale(f->db, id, id, "de"), JS_ERR_INVALID);
	assert_int_equal(account_set_locale(f->db, other, id, "zh_CN"), JS_ERR_PERM);
	assert_int_equal(account_set_ui(f->db, id, id, 0, "dark"), 0);
	assert_int_equal(account_set_ui(f->db, id, id, 2, "dark"), JS_ERR_INVALID);
	assert_int_equal(account_set_ui(f->db, id, id, 1, "pink"), JS_ERR_INVALID);
	assert_int_equal(account_set_ui(f->db, id, id, 1, NULL), JS_ERR_INVALID);
	assert_int_equal(account_set_ui(f->db, other, id, 1, "mono"), JS_ERR_PERM);
	assert_int_equal(account_by_id(f->db, id, &a), 0);
	assert_string_equal(a.locale, "en");
	assert_int_equal(a.ui_mouse, 0);
	assert_string_equal(a.ui_theme, "dark");
	/* An admin may change another account's preferences. */
	assert_int_equal(db_exec(f->db, "UPDATE users SET is_admin = 1 WHERE handle ="
	    " 'alice'"), 0);
	assert_int_equal(account_set_ui(f->db, other, id, 1, "mono"), 0);
	assert_int_equal(account_set_ui(f->db, other, id + 100, 1, "mono"), JS_ERR_NOT_FOUND);
}

static void
test_keys(void **state)
{
	struct tfx *f = *state;
	struct account_key keys[8];
	struct tfx_key k2, k3;
	size_t n = 0;
	int64_t id = tfx_user(f->db, "lihua", 0), first;

	tfx_key_make(&k2, "laptop");
	tfx_key_make(&k3, "phone");
	assert_int_equal(account_key_add(f->db, id, id, "ecdsa-sha2-nistp256", k2.b64, k2.fp,
	    "  笔记本  "), 0);
	assert_int_equal(account_key_add(f->db, id, id, "sk-ssh-ed25519@openssh.com", k3.b64,
	    k3.fp, NULL), 0);
	assert_int_equal(account_key_add(f->db, id, id, "ssh-ed25519", k3.b64, k3.fp, NULL),
	    JS_ERR_EXISTS);
	assert_int_equal(account_key_add(f->db, id, id, "ssh-dss", "AAAA", "SHA256:zz", NULL),
	    JS_ERR_INVALID);
	assert_int_equal(account_key_add(f->db, id, id, "ssh-rsa", "AAAA", "sha256:zz", NULL),
	    JS_ERR_INVALID);
	assert_int_equal(account_key_add(f->db, id, id, "ssh-rsa", "AAAA", "SHA256:zz",
	    "bad\x1b"), JS_ERR_INVALID);
	assert_int_equal(account_keys_list(f->db, id, id, keys, 8, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(keys[1].type, "ecdsa-sha2-nistp256");
	assert_string_equal(keys[1].label, "笔记本");
	assert_string_equal(keys[1].fingerprint, k2.fp);
	assert_int_equal(keys[1].last_used_at, 0);
	assert_true(keys[1].created_at > 0);
	assert_string_equal(keys[2].label, "");
	/* max caps what comes back. */
	assert_int_equal(account_keys_list(f->db, id, id, keys, 2, &n), 0);
	assert_int_equal(n, 2);
	first = keys[0].id;
	assert_int_equal(account_key_label(f->db, id, first, "台式机"), 0);
	assert_int_equal(account_key_label(f->db, id, first + 100, "x"), JS_ERR_NOT_FOUND);
	assert_int_equal(account_keys_list(f->db, id, id, keys, 8, &n), 0);
	assert_string_equal(keys[0].label, "台式机");
	/* Remove down to one; the last key of a password-less account stays. */
	assert_int_equal(account_key_remove(f->db, id, keys[1].id), 0);
	assert_int_equal(account_key_remove(f->db, id, keys[2].id), 0);
	assert_int_equal(account_key_remove(f->db, id, keys[2].id), JS_ERR_NOT_FOUND);
	assert_int_equal(account_key_remove(f->db, id, first), JS_ERR_STATE);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ssh_keys"), 1);
	/* With a password it may go. */
	assert_int_equal(db_exec(f->db, "UPDATE users SET password_hash ="
	    " '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA'"), 0);
	assert_int_equal(account_key_remove(f->db, id, first), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ssh_keys"), 0);
}

static void
test_keys_permissions_and_cap(void **state)
{
	struct tfx *f = *state;
	struct account_key keys[2];
	struct tfx_key k;
	char tag[16];
	size_t n = 9;
	int64_t owner = tfx_user(f->db, "owner", 0);
	int64_t stranger = tfx_user(f->db, "stranger", 0);
	int64_t boss = tfx_user(f->db, "boss", 0), key = first_key(f, owner, owner);
	int i;

	tfx_make_admin(f->db, boss);
	tfx_key_make(&k, "intruder");
	assert_int_equal(account_keys_list(f->db, stranger, owner, keys, 2, &n),
	    JS_ERR_PERM);
	assert_int_equal(n, 0);
	assert_int_equal(account_key_add(f->db, stranger, owner, "ssh-ed25519", k.b64, k.fp,
	    NULL), JS_ERR_PERM);
	assert_int_equal(account_key_label(f->db, stranger, key, "mine"), JS_ERR_PERM);
	assert_int_equal(account_key_remove(f->db, stranger, key), JS_ERR_PERM);
	assert_int_equal(account_keys_list(f->db, 0, owner, keys, 2, &n), JS_ERR_PERM);
	/* The admin may. */
	assert_int_equal(account_keys_list(f->db, boss, owner, keys, 2, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(account_key_add(f->db, boss, owner, "ssh-ed25519", k.b64, k.fp,
	    "added by admin"), 0);
	assert_int_equal(account_key_label(f->db, boss, key, "old"), 0);
	assert_int_equal(account_key_remove(f->db, boss, key), 0);
	/* A suspended admin is no admin. */
	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'suspended' WHERE"
	    " handle = 'boss'"), 0);
	assert_int_equal(account_keys_list(f->db, boss, owner, keys, 2, &n), JS_ERR_PERM);
	/* At most ACCOUNT_KEYS_MAX keys per account. */
	for (i = 1; i < ACCOUNT_KEYS_MAX; i++) {
		snprintf(tag, sizeof tag, "cap%d", i);
		tfx_key_make(&k, tag);
		assert_int_equal(account_key_add(f->db, stranger, stranger, "ssh-ed25519",
		    k.b64, k.fp, NULL), 0);
	}
	tfx_key_make(&k, "onetoomany");
	assert_int_equal(account_key_add(f->db, stranger, stranger, "ssh-ed25519", k.b64,
	    k.fp, NULL), JS_ERR_TOO_BIG);
}

static void
test_link_codes(void **state)
{
	struct tfx *f = *state;
	char code[ACCOUNT_LINK_CODE_LEN + 1], lower[ACCOUNT_LINK_CODE_LEN + 3];
	struct account a;
	struct tfx_key k, k2;
	int64_t id = tfx_user(f->db, "lihua", 0), user = 0;
	size_t i;

	assert_int_equal(account_link_code_new(f->db, id, code), 0);
	assert_int_equal(strlen(code), ACCOUNT_LINK_CODE_LEN);
	for (i = 0; i < ACCOUNT_LINK_CODE_LEN; i++)
		assert_non_null(strchr("23456789ABCDEFGHJKMNPQRSTUVWXYZ", code[i]));
	/* Only the hash is stored. */
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM link_codes"
	    " WHERE length(code_hash) = 64 AND used_at IS NULL"), 1);
	/* Redeem in lower case with spaces around. */
	snprintf(lower, sizeof lower, " %s ", code);
	for (i = 0; lower[i] != '\0'; i++)
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] = (char)(lower[i] - 'A' + 'a');
	tfx_key_make(&k, "newphone");
	assert_int_equal(account_link_code_redeem(f->db, lower, "ssh-ed25519", k.b64, k.fp,
	    "203.0.113.7", &user), 0);
	assert_int_equal(user, id);
	assert_int_equal(account_by_key(f->db, k.fp, &a), 0);
	assert_int_equal(a.id, id);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM link_codes l"
	    " JOIN ssh_keys k ON k.id = l.used_key_id WHERE l.used_at IS NOT NULL AND"
	    " l.used_remote_addr = '203.0.113.7' AND k.label = 'linked device'"), 1);
	/* Single use. */
	tfx_key_make(&k2, "another");
	assert_int_equal(account_link_code_redeem(f->db, code, "ssh-ed25519", k2.b64, k2.fp,
	    NULL, &user), JS_ERR_NOT_FOUND);
	/* Wrong codes, and characters outside the alphabet. */
	assert_int_equal(account_link_code_redeem(f->db, "ABCDEFGH", "ssh-ed25519", k2.b64,
	    k2.fp, NULL, NULL), JS_ERR_NOT_FOUND);
	assert_int_equal(account_link_code_redeem(f->db, "O0I1L234", "ssh-ed25519", k2.b64,
	    k2.fp, NULL, NULL), JS_ERR_NOT_FOUND);
	assert_int_equal(account_link_code_redeem(f->db, "ABC", "ssh-ed25519", k2.b64,
	    k2.fp, NULL, NULL), JS_ERR_NOT_FOUND);
	assert_int_equal(account_link_code_redeem(f->db, NULL, "ssh-ed25519", k2.b64,
	    k2.fp, NULL, NULL), JS_ERR_NOT_FOUND);
	/* A bad key is refused before the code is looked at. */
	assert_int_equal(account_link_code_new(f->db, id, code), 0);
	assert_int_equal(account_link_code_redeem(f->db, code, "ssh-dss", k2.b64, k2.fp,
	    NULL, NULL), JS_ERR_INVALID);
	/* A key someone has already: refused, and the code stays usable. */
	assert_int_equal(account_link_code_redeem(f->db, code, "ssh-ed25519", k.b64, k.fp,
	    NULL, NULL), JS_ERR_EXISTS);
	assert_int_equal(account_link_code_redeem(f->db, code, "ssh-ed25519", k2.b64, k2.fp,
	    NULL, NULL), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ssh_keys"), 3);
	/* Unknown or suspended user: no code. */
	assert_int_equal(account_link_code_new(f->db, id + 100, code), JS_ERR_NOT_FOUND);
}

static void
test_link_code_expiry_and_replacement(void **state)
{
	struct tfx *f = *state;
	char old[ACCOUNT_LINK_CODE_LEN + 1], code[ACCOUNT_LINK_CODE_LEN + 1];
	struct tfx_key k;
	int64_t id = tfx_user(f->db, "lihua", 0);

	tfx_key_make(&k, "tablet");
	assert_int_equal(account_link_code_new(f->db, id, old), 0);
	assert_int_equal(account_link_code_new(f->db, id, code), 0);
	/* A new code replaces the older unused one. */
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM link_codes"
	    " WHERE used_at IS NULL"), 1);
	if (strcmp(old, code) != 0)
		assert_int_equal(account_link_code_redeem(f->db, old, "ssh-ed25519", k.b64,
		    k.fp, NULL, NULL), JS_ERR_NOT_FOUND);
	/* Expired. */
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM link_codes"
	    " WHERE expires_at > created_at + 599"
	    " AND expires_at <= created_at + 600"), 1);
	assert_int_equal(db_exec(f->db, "UPDATE link_codes SET expires_at = 1"), 0);
	assert_int_equal(account_link_code_redeem(f->db, code, "ssh-ed25519", k.b64, k.fp,
	    NULL, NULL), JS_ERR_NOT_FOUND);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ssh_keys"), 1);
	/* A suspended account's code does not work either. */
	assert_int_equal(account_link_code_new(f->db, id, code), 0);
	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'suspended'"), 0);
	assert_int_equal(account_link_code_redeem(f->db, code, "ssh-ed25519", k.b64, k.fp,
	    NULL, NULL), JS_ERR_NOT_FOUND);
	assert_int_equal(account_link_code_new(f->db, id, code), JS_ERR_NOT_FOUND);
}

static void
test_sessions(void **state)
{
	struct tfx *f = *state;
	int64_t id = tfx_user(f->db, "lihua", 0), key = first_key(f, id, id);
	int64_t s1, s2, s3, s4;
	int pid = (int)getpid();

	assert_int_equal(session_begin(f->db, id, "publickey", key, "198.51.100.1",
	    "xterm-256color", pid, 2, &s1), 0);
	assert_int_equal(session_begin(f->db, id, "password", 0, NULL, NULL, pid, 2, &s2), 0);
	assert_int_equal(session_begin(f->db, id, "publickey", key, NULL, NULL, pid, 2, &s3),
	    JS_ERR_BUSY);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM sessions"), 2);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM users WHERE last_login_at"
	    " IS NOT NULL"), 1);
	/* Ending one frees a slot; ending it twice is harmless. */
	assert_int_equal(session_end(f->db, s1, "logout"), 0);
	assert_int_equal(session_end(f->db, s1, "logout"), 0);
	assert_int_equal(session_end(f->db, s2 + 100, "logout"), JS_ERR_NOT_FOUND);
	assert_int_equal(session_begin(f->db, id, "link_code", 0, NULL, "vt100", pid + 1, 2,
	    &s3), 0);
	assert_int_equal(session_begin(f->db, id, "local", 0, NULL, NULL, pid, 2, &s4),
	    JS_ERR_BUSY);
	/* No cap. */
	assert_int_equal(session_begin(f->db, id, "local", 0, NULL, NULL, pid, 0, &s4), 0);
	assert_int_equal(session_begin(f->db, id, "carrier-pigeon", 0, NULL, NULL, pid, 0,
	    &s4), JS_ERR_INVALID);
	assert_int_equal(session_begin(f->db, id + 100, "local", 0, NULL, NULL, pid, 0,
	    &s4), JS_ERR_NOT_FOUND);
	/* A crashed child: its rows on this host close, another host's stay open. */
	assert_int_equal(db_exec(f->db, "INSERT INTO sessions (user_id, auth_method, host,"
	    " pid) SELECT id, 'publickey', 'some-other-host.invalid', pid FROM users,"
	    " (SELECT MIN(pid) AS pid FROM sessions) p"), 0);
	assert_int_equal(session_end_pid(f->db, pid, "crashed"), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM sessions"
	    " WHERE ended_at IS NULL"), 2);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM sessions WHERE end_reason ="
	    " 'crashed'"), 2);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM sessions"
	    " WHERE ended_at IS NULL AND host = 'some-other-host.invalid'"), 1);
	assert_int_equal(session_end_pid(f->db, pid, "again"), 0);
	/* Suspended accounts get no session. */
	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'suspended'"), 0);
	assert_int_equal(session_begin(f->db, id, "publickey", key, NULL, NULL, pid, 0, &s4),
	    JS_ERR_PERM);
}

/* Display name changes follow the sign-up rules and the actor rule. */
static void
test_display_name(void **state)
{
	struct tfx *f = *state;
	int64_t a = tfx_user(f->db, "namer", 0), b = tfx_user(f->db, "other", 0);
	struct account acc;
	char longname[ACCOUNT_NAME_MAX * 3 + 8];
	size_t i;

	assert_int_equal(account_set_display_name(f->db, a, a, "  王小明  "), 0);
	assert_int_equal(account_by_id(f->db, a, &acc), 0);
	assert_string_equal(acc.display_name, "王小明");
	assert_int_equal(account_set_display_name(f->db, b, a, "冒名"), JS_ERR_PERM);
	assert_int_equal(account_set_display_name(f->db, a, a, "   "), JS_ERR_INVALID);
	assert_int_equal(account_set_display_name(f->db, a, a, "a\x1b[2Jb"), JS_ERR_INVALID);
	assert_int_equal(account_set_display_name(f->db, a, a, "\xe2\x80\xae" "evil"),
	    JS_ERR_INVALID);
	assert_int_equal(account_set_display_name(f->db, a, a, "\xff\xfe"), JS_ERR_UTF8);
	for (i = 0; i < ACCOUNT_NAME_MAX + 1; i++)
		memcpy(longname + i * 3, "字", 3);
	longname[(ACCOUNT_NAME_MAX + 1) * 3] = '\0';
	assert_int_equal(account_set_display_name(f->db, a, a, longname), JS_ERR_TOO_BIG);
	longname[ACCOUNT_NAME_MAX * 3] = '\0';
	assert_int_equal(account_set_display_name(f->db, a, a, longname), 0);
	assert_int_equal(account_by_id(f->db, a, &acc), 0);
	assert_string_equal(acc.display_name, longname);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TFX_TEST(test_handle_rules),
		TFX_TEST(test_text_clean),
		TFX_TEST(test_signup_creates_everything),
		TFX_TEST(test_signup_duplicates),
		TFX_TEST(test_signup_bad_fields),
		TFX_TEST(test_passwords),
		TFX_TEST(test_by_key_and_prefs),
		TFX_TEST(test_keys),
		TFX_TEST(test_keys_permissions_and_cap),
		TFX_TEST(test_link_codes),
		TFX_TEST(test_link_code_expiry_and_replacement),
		TFX_TEST(test_sessions),
		TFX_TEST(test_display_name),
	};

	return tfx_run_both("account", tests, TFX_COUNT(tests)) != 0;
}
