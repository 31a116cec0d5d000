/* test_search_tokens.c: search tokens, query terms, suggestion terms and pinyin (no store). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "search.h"
#include "search_impl.h"
#include "search_impl.h"

/* Tokens of s as a NUL-terminated string (caller frees). */
static char *
toks(const char *s)
{
	struct buf b;

	buf_init(&b, SEARCH_TOKENS_MAX);
	assert_int_equal(search_tokens(s, strlen(s), &b), 0);
	return b.data ? buf_steal(&b) : strdup("");
}

/* Is tok one of the space-separated tokens of list? */
static int
has(const char *list, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = list;

	while ((p = strstr(p, tok)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

static void
expect_tokens(const char *text, const char *const *want)
{
	char *t = toks(text);

	for (; *want != NULL; want++)
		if (!has(t, *want))
			fail_msg("tokens of \"%s\" lack \"%s\": %s", text, *want, t);
	free(t);
}

static void
test_chinese_title(void **state)
{
	static const char *const want[] = {
		"企", "网", "企业", "网站", "站设", "设计", "开发", "wangzhan", "sheji", "kaifa",
		"qiye", "wangzhansheji", "wz", "sj", "wzsj", "qywzsj", NULL,
	};

	(void)state;
	expect_tokens("企业网站设计与开发", want);
}

static void
test_mixed_latin_and_fullwidth(void **state)
{
	static const char *const logo[] = { "logo", "设计", "设", "计", "sheji", "sj", NULL };
	char *a, *b;

	(void)state;
	expect_tokens("Logo 设计", logo);
	expect_tokens("logo设计", logo);
	/* NFKC folds full-width letters, case folding lowercases */
	expect_tokens("ＬＯＧＯ设计", logo);
	a = toks("ＬＯＧＯ");
	b = toks("logo");
	assert_string_equal(a, b);
	assert_string_equal(a, "logo");
	free(a);
	free(b);
	a = toks("Straße ＡＢＣ１２３");
	assert_true(has(a, "strasse"));
	assert_true(has(a, "abc123"));
	free(a);
}

static void
test_design_sentence_bigrams(void **state)
{
	struct search_query q;
	char *t;
	size_t i;

	(void)state;
	/* ICU: 我想|找|一个|会|做|网站|设计|的|程序|员 -- 程序员 only through bigrams */
	t = toks("我想找一个会做网站设计的程序员");
	assert_true(has(t, "程序"));
	assert_true(has(t, "序员"));
	assert_true(has(t, "chengxuyuan"));
	assert_int_equal(search_query_parse("程序员", &q), 0);
	assert_int_equal(q.n, 2);
	for (i = 0; i < q.n; i++)
		assert_true(has(t, q.t[i].tok));
	free(t);
}

static void
test_emoji_and_punctuation_dropped(void **state)
{
	char *t;

	(void)state;
	t = toks("😀🎨 设计！！！ «hello», \"world\" C++ don't <script>");
	assert_true(has(t, "设计"));
	assert_true(has(t, "hello"));
	assert_true(has(t, "world"));
	assert_true(has(t, "script"));
	assert_null(strpbrk(t, "\"'!<>+,.«»"));
	assert_null(strstr(t, "😀"));
	free(t);
	t = toks("🎉🎉🎉 ... !!!");
	assert_string_equal(t, "");
	free(t);
}

static void
test_no_duplicates(void **state)
{
	char *t = toks("设计 设计 设计 logo LOGO Logo");

	(void)state;
	/* each token once per call, in order of first appearance */
	assert_string_equal(t, "设 计 设计 sheji sj logo");
	free(t);
}

static void
test_invalid_input(void **state)
{
	struct search_query q;
	struct buf b;
	char big[SEARCH_TEXT_MAX + 2], full[64], ini[16];

	(void)state;
	buf_init(&b, SEARCH_TOKENS_MAX);
	assert_int_equal(buf_puts(&b, "keep"), 0);
	assert_int_equal(search_tokens("ab\xff" "cd", 5, &b), JS_ERR_UTF8);
	assert_int_equal(search_tokens("\xe4\xb8", 2, &b), JS_ERR_UTF8);       /* cut 中 */
	assert_int_equal(search_tokens("\xc0\xaf", 2, &b), JS_ERR_UTF8);       /* overlong */
	assert_int_equal(search_tokens("\xed\xa0\x80", 3, &b), JS_ERR_UTF8);   /* surrogate */
	assert_string_equal(b.data, "keep");
	memset(big, 'a', sizeof big);
	assert_int_equal(search_tokens(big, SEARCH_TEXT_MAX + 1, &b), JS_ERR_TOO_BIG);
	assert_string_equal(b.data, "keep");
	buf_free(&b);
	/* a small cap on out: TOO_BIG, nothing half-written */
	buf_init(&b, 8);
	assert_int_equal(search_tokens("企业网站设计与开发", strlen("企业网站设计与开发"), &b),
	    JS_ERR_TOO_BIG);
	assert_true(b.len == 0);
	buf_free(&b);
	assert_int_equal(search_query_parse("a\xff", &q), JS_ERR_UTF8);
	big[SEARCH_QUERY_MAX + 1] = '\0';
	assert_int_equal(search_query_parse(big, &q), JS_ERR_TOO_BIG);
	assert_int_equal(pinyin_of("\xff", full, sizeof full, ini, sizeof ini), JS_ERR_UTF8);
}

static void
test_pinyin_of(void **state)
{
	char full[128], ini[64];

	(void)state;
	assert_int_equal(pinyin_of("网站设计", full, sizeof full, ini, sizeof ini), 0);
	assert_string_equal(full, "wangzhansheji");
	assert_string_equal(ini, "wzsj");
	assert_int_equal(pinyin_of("企业网站设计与开发", full, sizeof full, ini, sizeof ini), 0);
	assert_string_equal(full, "qiyewangzhanshejiyukaifa");
	assert_string_equal(ini, "qywzsjykf");
	assert_int_equal(pinyin_of("Logo 设计", full, sizeof full, ini, sizeof ini), 0);
	assert_string_equal(full, "logo sheji");
	assert_string_equal(ini, "l sj");
	assert_int_equal(pinyin_of("绿色女装", full, sizeof full, NULL, 0), 0);
	assert_string_equal(full, "lvsenvzhuang");           /* ü as v */
	/* cut at a syllable, never inside one */
	assert_int_equal(pinyin_of("网站设计", full, 10, ini, 3), 0);
	assert_string_equal(full, "wangzhan");
	assert_string_equal(ini, "wz");
	assert_int_equal(pinyin_of("", full, sizeof full, ini, sizeof ini), 0);
	assert_string_equal(full, "");
}

static void
test_query_terms(void **state)
{
	static const struct {
		const char *q, *terms;
	} cases[] = {
		{ "网站设计", "网站 站设 设计" },
		{ "设计", "设计" },
		{ "程序员", "程序 序员" },
		{ "网站设计开发", "网站 设计 开发" },         /* long run: per word */
		{ "wangzhan", "wangzhan" },
		{ "WZSJ", "wzsj" },
		{ "Logo", "logo" },
		{ "logo设计", "logo 设计" },
		{ "网站的设计", "网站 设计" },               /* 5 characters: per word */
		{ "设计师", "设计 计师" },
		{ "网站 的 设计", "网站 设计" },              /* lone function character dropped */
		{ "的", "的" },
		{ "  ，。！ ", "" },
		{ "猫", "猫" },
		{ "\"' OR 1=1 --", "or 1" },
		{ "ＬＯＧＯ　设计", "logo 设计" },
	};
	struct search_query q;
	char got[512];
	size_t i, k, len;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(search_query_parse(cases[i].q, &q), 0);
		for (k = len = 0, got[0] = '\0'; k < q.n; k++)
			len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", k ? " " : "",
			    q.t[k].tok);
		if (strcmp(got, cases[i].terms) != 0)
			fail_msg("query \"%s\": terms \"%s\", want \"%s\"", cases[i].q, got,
			    cases[i].terms);
	}
}

static int
collect_term(void *ud, const char *term)
{
	struct buf *b = ud;

	return buf_printf(b, "%s%s", b->len ? "|" : "", term);
}

static void
test_suggestion_terms(void **state)
{
	struct buf b;
	char n[SEARCH_TERM_LEN + 1];

	(void)state;
	buf_init(&b, 4096);
	assert_int_equal(search_terms_each("企业网站设计与开发", strlen("企业网站设计与开发"),
	    collect_term, &b), 0);
	assert_string_equal(b.data, "企业|企业网站|网站|网站设计|设计|开发");
	buf_reset(&b);
	assert_int_equal(search_terms_each("Logo 设计 a 3", strlen("Logo 设计 a 3"),
	    collect_term, &b), 0);
	assert_string_equal(b.data, "logo|设计");
	buf_free(&b);
	assert_int_equal(search_norm_text("  Ｌｏｇｏ \t 设计\n ",
	    strlen("  Ｌｏｇｏ \t 设计\n "), n, sizeof n - 1), 0);
	assert_string_equal(n, "logo 设计");
	assert_int_equal(search_norm_text("网站设计", strlen("网站设计"), n, 7), 0);
	assert_string_equal(n, "网站");                    /* cut at a character */
}

/* Random valid UTF-8 in, tokens out: never a byte that FTS5 or tsquery would parse. */
static void
test_tokens_are_safe(void **state)
{
	static const char *const pieces[] = {
		"设计", "a", "Z", "9", " ", "\"", "'", "*", ":", "&", "|", "!", "(", ")", "\\",
		"😀", "ー", "カ", "한", "\t", "\n", "-", "ﬁ", "Ⅻ", "①", "\xc2\xa0", "‘", "「",
		"\xe2\x80\x8b", "NEAR", "AND", "^",
	};
	unsigned seed = 12345;
	char text[256], *t;
	int round;
	size_t k;

	(void)state;
	for (round = 0; round < 300; round++) {
		for (k = 0, text[0] = '\0'; k < 12; k++) {
			seed = seed * 1103515245u + 12345u;
			strcat(text, pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])]);
		}
		t = toks(text);
		assert_null(strpbrk(t, "\"'*:&|!()\\\t\n^-"));
		assert_null(strstr(t, "  "));
		free(t);
	}
}

/* Price buckets partition the prices in order: every price lies in its own bucket. */
static void
test_price_buckets(void **state)
{
	static const int64_t prices[] = { 0, 1, 7, 8, 9, 15, 16, 17, 100, 4999, 5000, 123456,
	    (int64_t)1 << 40, INT64_MAX - 1, INT64_MAX };
	char t[SEARCH_PRICE_TOKENS_LEN];
	size_t i;
	int o, e, po = -1, pe = -1;

	(void)state;
	for (i = 0; i < sizeof prices / sizeof prices[0]; i++) {
		search_bucket_of(prices[i], &o, &e);
		assert_true(o == 0 || (o >= 3 && o <= 62));
		assert_true(e >= 0 && e <= 7);
		assert_true(search_bucket_low(o, e) <= prices[i]);
		assert_true(prices[i] < search_bucket_low(o, e + 1) ||
		    (search_bucket_low(o, e + 1) == INT64_MAX && o == 62 && e == 7));
		assert_true(o > po || (o == po && e >= pe));
		po = o;
		pe = e;
	}
	search_price_tokens(5000, t, sizeof t);
	assert_string_equal(t, "zzp12 zzp12q1");
	assert_true(search_bucket_token("zzp12q1"));
	assert_false(search_bucket_token("zzpx"));
	/* PostgreSQL's id blocks: 1,024 ids each; their tokens are dropped from queries too */
	search_block_token(1023, t, sizeof t);
	assert_string_equal(t, "zzb0");
	search_block_token(1024, t, sizeof t);
	assert_string_equal(t, "zzb1");
	search_block_token(INT64_MAX, t, sizeof t);
	assert_string_equal(t, "zzb9007199254740991");
	assert_true(search_bucket_token("zzb12"));
	assert_false(search_bucket_token("zzbx"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chinese_title),
		cmocka_unit_test(test_mixed_latin_and_fullwidth),
		cmocka_unit_test(test_design_sentence_bigrams),
		cmocka_unit_test(test_emoji_and_punctuation_dropped),
		cmocka_unit_test(test_no_duplicates),
		cmocka_unit_test(test_invalid_input),
		cmocka_unit_test(test_pinyin_of),
		cmocka_unit_test(test_query_terms),
		cmocka_unit_test(test_suggestion_terms),
		cmocka_unit_test(test_tokens_are_safe),
		cmocka_unit_test(test_price_buckets),
	};
	int r;

	if (search_init() != 0) {
		fprintf(stderr, "test_search_tokens: ICU is missing\n");
		return 1;
	}
	r = cmocka_run_group_tests(tests, NULL, NULL);
	search_cleanup();
	return r;
}
