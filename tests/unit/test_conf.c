/* test_conf.c: unit tests for shared/conf.c (syntax, caps, UTF-8, overrides, typed getters). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "err.h"

extern char **environ;

static char tmpdir[64];

/* The aliases tests declare; every JISHI_* goes too, so the caller's shell cannot leak in. */
static const char *const env_used[] = { "DATABASE_URL", "PGURL", "OLD_POOL" };

static void
env_clear(void)
{
	char name[256];
	size_t i, n;

	for (i = 0; i < sizeof env_used / sizeof env_used[0]; i++)
		assert_int_equal(unsetenv(env_used[i]), 0);
	/* restart the scan after each unsetenv, which may reshuffle environ */
	for (i = 0; environ[i] != NULL; i++) {
		if (strncmp(environ[i], "JISHI_", 6) != 0)
			continue;
		n = strcspn(environ[i], "=");
		assert_true(n < sizeof name);
		memcpy(name, environ[i], n);
		name[n] = '\0';
		assert_int_equal(unsetenv(name), 0);
		i = (size_t)-1;
	}
}

static int
group_setup(void **state)
{
	(void)state;
	if (snprintf(tmpdir, sizeof tmpdir, "%s", "/tmp/test_conf.XXXXXX") < 0)
		return -1;
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
group_teardown(void **state)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int n, r = 0;

	(void)state;
	if ((d = opendir(tmpdir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		n = snprintf(path, sizeof path, "%s/%s", tmpdir, de->d_name);
		if (n < 0 || (size_t)n >= sizeof path || unlink(path) != 0)
			r = -1;
	}
	if (closedir(d) != 0 || rmdir(tmpdir) != 0)
		r = -1;
	return r;
}

static int
setup(void **state)
{
	env_clear();
	*state = conf_new();
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	conf_free(*state);
	env_clear();
	return 0;
}

/* Writes a file under tmpdir; the path lives in a static buffer until the next call. */
static const char *
write_file(const char *name, const char *data, size_t len)
{
	static char path[PATH_MAX];
	FILE *f;
	int n;

	n = snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	assert_true(n > 0 && (size_t)n < sizeof path);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static int
load(struct conf *c, const char *text, char *err, size_t errlen)
{
	return conf_load_string(c, "t.conf", text, err, errlen);
}

static void
test_syntax_basic(void **state)
{
	struct conf *c = *state;
	char err[256];

	assert_int_equal(load(c,
	    "\xef\xbb\xbf# comment\n"
	    "; another comment\n"
	    "\n"
	    "   \t\n"
	    "listen = 0.0.0.0:2222\n"
	    "name=jishi\n"
	    "  \t spaced \t =  \t padded value \t \n"
	    "empty =\n"
	    "eq = a=b=c\n"
	    "hash = x # not a comment\n"
	    "    # indented comment\n"
	    "[db]\n"
	    "url = postgres://localhost/jishi\n"
	    "\t[http]  \n"
	    "max-body = 65536\r\n"
	    "[db.replica]\n"
	    "url = sqlite:replica.db\n"
	    "[db]\n"
	    "pool = 8", err, sizeof err), 0);
	assert_string_equal(err, "");
	assert_string_equal(conf_get(c, "listen", NULL), "0.0.0.0:2222");
	assert_string_equal(conf_get(c, "name", NULL), "jishi");
	assert_string_equal(conf_get(c, "spaced", NULL), "padded value");
	assert_string_equal(conf_get(c, "empty", "def"), "");
	assert_string_equal(conf_get(c, "eq", NULL), "a=b=c");
	assert_string_equal(conf_get(c, "hash", NULL), "x # not a comment");
	assert_string_equal(conf_get(c, "db.url", NULL), "postgres://localhost/jishi");
	assert_string_equal(conf_get(c, "http.max-body", NULL), "65536");
	assert_string_equal(conf_get(c, "db.replica.url", NULL), "sqlite:replica.db");
	assert_string_equal(conf_get(c, "db.pool", NULL), "8");
	/* keys are not visible outside their section */
	assert_null(conf_get(c, "url", NULL));
	assert_null(conf_get(c, "pool", NULL));
	assert_null(conf_get(c, "http.listen", NULL));
	assert_string_equal(conf_get(c, "missing", "fallback"), "fallback");
	assert_null(conf_get(c, "missing", NULL));
}

static void
test_syntax_empty_inputs(void **state)
{
	struct conf *c = *state;
	char err[128];

	assert_int_equal(load(c, "", err, sizeof err), 0);
	assert_int_equal(load(c, "\n\n\n", err, sizeof err), 0);
	assert_int_equal(load(c, "\xef\xbb\xbf", err, sizeof err), 0);
	assert_int_equal(load(c, "# only a comment", err, sizeof err), 0);
	assert_int_equal(load(c, "[lonely]\n", err, sizeof err), 0);
	assert_null(conf_get(c, "lonely", NULL));
	/* CRLF everywhere, and a bare CR line counts as blank */
	assert_int_equal(load(c, "a = 1\r\n\r\n[s]\r\nb = 2\r\n", err, sizeof err), 0);
	assert_string_equal(conf_get(c, "a", NULL), "1");
	assert_string_equal(conf_get(c, "s.b", NULL), "2");
}

static void
test_quoting(void **state)
{
	struct conf *c = *state;
	char err[128];

	assert_int_equal(load(c,
	    "q = \"quoted\"\n"
	    "pad = \"  keep  spaces  \"\n"
	    "esc = \"say \\\"hi\\\" \\\\ done\"\n"
	    "blank = \"\"\n"
	    "hash = \"# kept\"\n"
	    "semi = \"; kept\"\n"
	    "inner = say \"hi\"\n"
	    "tail = hi\"\n"
	    "path = C:\\dir\\n\n"
	    "han = \"\xe9\x9b\x86\xe5\xb8\x82\"\n"
	    "eqq = \"a = b\"\n", err, sizeof err), 0);
	assert_string_equal(conf_get(c, "q", NULL), "quoted");
	assert_string_equal(conf_get(c, "pad", NULL), "  keep  spaces  ");
	assert_string_equal(conf_get(c, "esc", NULL), "say \"hi\" \\ done");
	assert_string_equal(conf_get(c, "blank", "x"), "");
	assert_string_equal(conf_get(c, "hash", NULL), "# kept");
	assert_string_equal(conf_get(c, "semi", NULL), "; kept");
	assert_string_equal(conf_get(c, "inner", NULL), "say \"hi\"");
	assert_string_equal(conf_get(c, "tail", NULL), "hi\"");
	assert_string_equal(conf_get(c, "path", NULL), "C:\\dir\\n");
	assert_string_equal(conf_get(c, "han", NULL), "\xe9\x9b\x86\xe5\xb8\x82");
	assert_string_equal(conf_get(c, "eqq", NULL), "a = b");
}

struct bad_case {
	const char *text;
	int rc;
	const char *msg;
};

static const struct bad_case bad_cases[] = {
	{ "listen 2222", JS_ERR_CONFIG,
	    "t.conf:1: expected 'key = value', got 'listen 2222'" },
	{ "a = 1\n\n# c\nlisten 2222\n", JS_ERR_CONFIG,
	    "t.conf:4: expected 'key = value', got 'listen 2222'" },
	{ "a = 1\r\nb\r\n", JS_ERR_CONFIG, "t.conf:2: expected 'key = value', got 'b'" },
	{ "= 5", JS_ERR_CONFIG, "t.conf:1: expected 'key = value', got '= 5'" },
	{ "  =", JS_ERR_CONFIG, "t.conf:1: expected 'key = value', got '='" },
	{ "Key = 1", JS_ERR_CONFIG,
	    "t.conf:1: bad key 'Key' (want [a-z0-9_.-], at most 255 bytes with its section)" },
	{ "my key = 1", JS_ERR_CONFIG,
	    "t.conf:1: bad key 'my key' (want [a-z0-9_.-], at most 255 bytes with its section)" },
	{ "k/x = 1", JS_ERR_CONFIG,
	    "t.conf:1: bad key 'k/x' (want [a-z0-9_.-], at most 255 bytes with its section)" },
	{ "[db]\n\xe9\x94\xae = 1", JS_ERR_CONFIG,
	    "t.conf:2: bad key '\xe9\x94\xae' (want [a-z0-9_.-], at most 255 bytes with its "
	    "section)" },
	{ "[Db]", JS_ERR_CONFIG,
	    "t.conf:1: bad section name 'Db' (want [a-z0-9_.-], at most 253 bytes)" },
	{ "[ db ]", JS_ERR_CONFIG,
	    "t.conf:1: bad section name ' db ' (want [a-z0-9_.-], at most 253 bytes)" },
	{ "[]", JS_ERR_CONFIG,
	    "t.conf:1: bad section name '' (want [a-z0-9_.-], at most 253 bytes)" },
	{ "[a]b]", JS_ERR_CONFIG,
	    "t.conf:1: bad section name 'a]b' (want [a-z0-9_.-], at most 253 bytes)" },
	{ "[db", JS_ERR_CONFIG, "t.conf:1: expected '[section]', got '[db'" },
	{ "[", JS_ERR_CONFIG, "t.conf:1: expected '[section]', got '['" },
	{ "[db] # c", JS_ERR_CONFIG, "t.conf:1: expected '[section]', got '[db] # c'" },
	{ "k = \"open", JS_ERR_CONFIG, "t.conf:1: k: unterminated quoted value" },
	{ "k = \"", JS_ERR_CONFIG, "t.conf:1: k: unterminated quoted value" },
	{ "[s]\nk = \"end\\\"", JS_ERR_CONFIG, "t.conf:2: s.k: unterminated quoted value" },
	{ "k = \"end\\", JS_ERR_CONFIG, "t.conf:1: k: unterminated quoted value" },
	{ "k = \"a\\nb\"", JS_ERR_CONFIG,
	    "t.conf:1: k: unknown escape in quoted value (only \\\" and \\\\)" },
	{ "k = \"a\" b", JS_ERR_CONFIG, "t.conf:1: k: text after the closing quote" },
	{ "k = \"a\" # c", JS_ERR_CONFIG, "t.conf:1: k: text after the closing quote" },
	{ "k = \"a\"\"b\"", JS_ERR_CONFIG, "t.conf:1: k: text after the closing quote" },
	/* control bytes and bad UTF-8 are never echoed raw */
	{ "bad\x1b[31m", JS_ERR_CONFIG, "t.conf:1: expected 'key = value', got 'bad?[31m'" },
	{ "x\xff\xc2\x9by", JS_ERR_CONFIG, "t.conf:1: expected 'key = value', got 'x??y'" },
	{ "\xe9\x9b\x86\xe5\xb8\x82", JS_ERR_CONFIG,
	    "t.conf:1: expected 'key = value', got '\xe9\x9b\x86\xe5\xb8\x82'" },
	{ "0123456789012345678901234567890123456789012345678901234567890123456789",
	    JS_ERR_CONFIG, "t.conf:1: expected 'key = value', got "
	    "'012345678901234567890123456789012345678901234567890123456789...'" },
};

static void
test_bad_lines(void **state)
{
	char err[256];
	struct conf *c;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		assert_non_null(c = conf_new());
		assert_int_equal(conf_set(c, "a", "kept"), 0);
		rc = load(c, bad_cases[i].text, err, sizeof err);
		if (rc != bad_cases[i].rc || strcmp(err, bad_cases[i].msg) != 0)
			fail_msg("case %zu: rc %d '%s', want %d '%s'", i, rc, err,
			    bad_cases[i].rc, bad_cases[i].msg);
		conf_free(c);
	}
}

static void
test_name_lengths(void **state)
{
	struct conf *c = *state;
	char text[600], want[300], err[256];
	int n;

	/* 253-byte section + '.' + 1-byte key = 255: the longest name */
	n = snprintf(text, sizeof text, "[%0253d]\nk = v\n", 0);
	assert_true(n > 0 && (size_t)n < sizeof text);
	assert_int_equal(load(c, text, err, sizeof err), 0);
	n = snprintf(want, sizeof want, "%0253d.k", 0);
	assert_true(n > 0 && (size_t)n < sizeof want);
	assert_string_equal(conf_get(c, want, NULL), "v");

	n = snprintf(text, sizeof text, "[%0254d]\n", 0);
	assert_true(n > 0 && (size_t)n < sizeof text);
	assert_int_equal(load(c, text, err, sizeof err), JS_ERR_CONFIG);
	assert_string_equal(err, "t.conf:1: bad section name "
	    "'000000000000000000000000000000000000000000000000000000000000...' "
	    "(want [a-z0-9_.-], at most 253 bytes)");

	/* a 255-byte top-level key fits, 256 does not, nor 200 + '.' + 60 */
	n = snprintf(text, sizeof text, "%0255d = top\n", 0);
	assert_true(n > 0 && (size_t)n < sizeof text);
	assert_int_equal(load(c, text, err, sizeof err), 0);
	n = snprintf(text, sizeof text, "%0256d = top\n", 0);
	assert_true(n > 0 && (size_t)n < sizeof text);
	assert_int_equal(load(c, text, err, sizeof err), JS_ERR_CONFIG);
	assert_string_equal(err, "t.conf:1: bad key "
	    "'000000000000000000000000000000000000000000000000000000000000...' "
	    "(want [a-z0-9_.-], at most 255 bytes with its section)");
	n = snprintf(text, sizeof text, "[%0200d]\n%060d = v\n", 0, 1);
	assert_true(n > 0 && (size_t)n < sizeof text);
	assert_int_equal(load(c, text, err, sizeof err), JS_ERR_CONFIG);
	assert_string_equal(err, "t.conf:2: bad key "
	    "'000000000000000000000000000000000000000000000000000000000001' "
	    "(want [a-z0-9_.-], at most 255 bytes with its section)");
}

static void
test_repeated_keys(void **state)
{
	struct conf *c = *state;
	char err[256];
	int64_t v;

	assert_int_equal(load(c, "k = 1\nk = 2\n[s]\nk = 3\n[t]\n[s]\nk = 4\nk = 5\n", err,
	    sizeof err), 0);
	assert_string_equal(conf_get(c, "k", NULL), "2");
	assert_string_equal(conf_get(c, "s.k", NULL), "5");
	/* provenance follows the winning line */
	assert_int_equal(conf_get_int(c, "s.k", 0, 0, 4, &v, err, sizeof err), JS_ERR_CONFIG);
	assert_string_equal(err, "t.conf:8: s.k: 5 is out of range [0, 4]");

	/* a second source overrides the first, key by key */
	assert_int_equal(conf_load_string(c, "u.conf", "[s]\nk = 6\nnew = 7\n", err,
	    sizeof err), 0);
	assert_string_equal(conf_get(c, "k", NULL), "2");
	assert_string_equal(conf_get(c, "s.k", NULL), "6");
	assert_string_equal(conf_get(c, "s.new", NULL), "7");
	assert_int_equal(conf_get_int(c, "s.k", 0, 0, 4, &v, err, sizeof err), JS_ERR_CONFIG);
	assert_string_equal(err, "u.conf:2: s.k: 6 is out of range [0, 4]");
}

/* A failed load leaves every earlier value as it was and adds nothing. */
static void
test_load_is_atomic(void **state)
{
	struct conf *c = *state;
	char err[256];

	assert_int_equal(load(c, "a = 1\n[s]\nb = 2\n", err, sizeof err), 0);
	assert_int_equal(load(c, "a = changed\nnew = x\n[s]\nb = changed\noops\n", err,
	    sizeof err), JS_ERR_CONFIG);
	assert_string_equal(err, "t.conf:5: expected 'key = value', got 'oops'");
	assert_string_equal(conf_get(c, "a", NULL), "1");
	assert_string_equal(conf_get(c, "s.b", NULL), "2");
	assert_null(conf_get(c, "new", NULL));
}

struct utf8_case {
	const char *value;
	int ok;
	int badbyte;	/* 1-based position of the first bad byte in the value */
};

static const struct utf8_case utf8_cases[] = {
	{ "plain ascii", 1, 0 },
	{ "\xc2\xa5", 1, 0 },			/* U+00A5 */
	{ "\xc2\x80", 1, 0 },			/* U+0080, smallest 2-byte */
	{ "\xdf\xbf", 1, 0 },			/* U+07FF */
	{ "\xe0\xa0\x80", 1, 0 },		/* U+0800, smallest 3-byte */
	{ "\xe9\x9b\x86\xe5\xb8\x82", 1, 0 },	/* 集市 */
	{ "\xed\x9f\xbf", 1, 0 },		/* U+D7FF, just below surrogates */
	{ "\xee\x80\x80", 1, 0 },		/* U+E000, just above */
	{ "\xef\xbf\xbf", 1, 0 },		/* U+FFFF */
	{ "\xf0\x90\x80\x80", 1, 0 },		/* U+10000, smallest 4-byte */
	{ "\xf0\x9f\x98\x80", 1, 0 },		/* emoji */
	{ "\xf4\x8f\xbf\xbf", 1, 0 },		/* U+10FFFF, the last */
	{ "\x80", 0, 1 },			/* lone continuation */
	{ "ab\xbf", 0, 3 },
	{ "\xc0\x80", 0, 1 },			/* overlong NUL */
	{ "\xc1\xbf", 0, 1 },			/* overlong 2-byte */
	{ "\xe0\x80\x80", 0, 1 },		/* overlong 3-byte */
	{ "\xe0\x9f\xbf", 0, 1 },		/* overlong U+07FF */
	{ "\xf0\x80\x80\x80", 0, 1 },		/* overlong 4-byte */
	{ "\xf0\x8f\xbf\xbf", 0, 1 },		/* overlong U+FFFF */
	{ "\xed\xa0\x80", 0, 1 },		/* U+D800 surrogate */
	{ "x\xed\xbf\xbf", 0, 2 },		/* U+DFFF surrogate */
	{ "\xf4\x90\x80\x80", 0, 1 },		/* U+110000 */
	{ "\xf5\x80\x80\x80", 0, 1 },
	{ "\xf8\x88\x80\x80\x80", 0, 1 },	/* old 5-byte form */
	{ "\xfe", 0, 1 },
	{ "\xff", 0, 1 },
	{ "ok\xe9\x9b", 0, 3 },			/* truncated at the end */
	{ "\xe9\x9b x", 0, 1 },			/* truncated in the middle */
	{ "\xc2", 0, 1 },
	{ "\xf0\x9f\x98", 0, 1 },
	{ "\xe9\x9b\x86\xe5\xb8", 0, 4 },
};

static void
test_utf8_values(void **state)
{
	char text[64], err[256], want[128];
	struct conf *c;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof utf8_cases / sizeof utf8_cases[0]; i++) {
		assert_non_null(c = conf_new());
		assert_true(snprintf(text, sizeof text, "[s]\nk = %s\n", utf8_cases[i].value) > 0);
		rc = load(c, text, err, sizeof err);
		if (utf8_cases[i].ok) {
			if (rc != 0 || strcmp(conf_get(c, "s.k", ""), utf8_cases[i].value) != 0)
				fail_msg("case %zu: rc %d '%s'", i, rc, err);
		} else {
			assert_true(snprintf(want, sizeof want, "t.conf:2: s.k: invalid UTF-8 at "
			    "byte %d of the value", utf8_cases[i].badbyte) > 0);
			if (rc != JS_ERR_CONFIG || strcmp(err, want) != 0)
				fail_msg("case %zu: rc %d '%s', want '%s'", i, rc, err, want);
			assert_null(conf_get(c, "s.k", NULL));
		}
		/* inside quotes the same rules hold */
		assert_true(snprintf(text, sizeof text, "k = \"%s\"\n", utf8_cases[i].value) > 0);
		rc = load(c, text, err, sizeof err);
		assert_int_equal(rc, utf8_cases[i].ok ? 0 : JS_ERR_CONFIG);
		conf_free(c);
	}
}

static void
test_line_cap(void **state)
{
	struct conf *c = *state;
	char *text, err[256];
	size_t n;

	/* "k = " plus a value makes a line of exactly CONF_MAX_LINE bytes */
	assert_non_null(text = malloc(CONF_MAX_LINE + 16));
	memcpy(text, "a = 1\nk = ", 10);
	memset(text + 10, 'v', CONF_MAX_LINE - 4);
	n = 6 + CONF_MAX_LINE;
	memcpy(text + n, "\r\n", 3);	/* CR of a CRLF is not counted */
	assert_int_equal(load(c, text, err, sizeof err), 0);
	assert_int_equal(strlen(conf_get(c, "k", "")), CONF_MAX_LINE - 4);

	text[n] = 'v';
	memcpy(text + n + 1, "\n", 2);
	assert_int_equal(load(c, text, err, sizeof err), JS_ERR_TOO_BIG);
	assert_string_equal(err, "t.conf:2: line longer than 4096 bytes");

	/* comments are lines too, and the last line needs no newline */
	text[6] = '#';
	text[n + 1] = '\0';
	assert_int_equal(load(c, text, err, sizeof err), JS_ERR_TOO_BIG);
	assert_string_equal(err, "t.conf:2: line longer than 4096 bytes");
	free(text);
}

/* Builds "k0 = 0\nk1 = 1\n..." with n lines. */
static char *
many_keys(const char *prefix, size_t n)
{
	size_t i, len = 0, cap = n * 32 + 1;
	char *text;
	int w;

	assert_non_null(text = malloc(cap));
	text[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(text + len, cap - len, "%s%zu = %zu\n", prefix, i, i);
		assert_true(w > 0 && (size_t)w < cap - len);
		len += (size_t)w;
	}
	return text;
}

static void
test_entry_cap(void **state)
{
	struct conf *c = *state;
	char *text, err[256];

	text = many_keys("k", CONF_MAX_ENTRIES);
	assert_int_equal(load(c, text, err, sizeof err), 0);
	assert_string_equal(conf_get(c, "k1023", NULL), "1023");
	/* repeating known keys adds nothing, so it still fits */
	assert_int_equal(load(c, text, err, sizeof err), 0);
	assert_int_equal(load(c, "k0 = again\n", err, sizeof err), 0);
	assert_string_equal(conf_get(c, "k0", NULL), "again");
	/* one more is too many, and the failed load changes nothing */
	assert_int_equal(load(c, "k1 = changed\nmore = 1\n", err, sizeof err), JS_ERR_TOO_BIG);
	assert_string_equal(err, "t.conf:2: too many entries (max 1024)");
	assert_string_equal(conf_get(c, "k1", NULL), "1");
	assert_null(conf_get(c, "more", NULL));
	free(text);

	conf_free(c);
	assert_non_null(*state = c = conf_new());
	text = many_keys("k", CONF_MAX_ENTRIES + 1);
	assert_int_equal(load(c, text, err, sizeof err), JS_ERR_TOO_BIG);
	assert_string_equal(err, "t.conf:1025: too many entries (max 1024)");
	assert_null(conf_get(c, "k0", NULL));
	free(text);

	/* across files: 1000 then 30 more overflows at the 25th new one */
	text = many_keys("a", 1000);
	assert_int_equal(load(c, text, err, sizeof err), 0);
	free(text);
	text = many_keys("b", 30);
	assert_int_equal(conf_load_string(c, "b.conf", text, err, sizeof err), JS_ERR_TOO_BIG);
	assert_string_equal(err, "b.conf:25: too many entries (max 1024)");
	assert_null(conf_get(c, "b0", NULL));
	free(text);
}

static void
test_text_cap(void **state)
{
	struct conf *c = *state;
	char *text, err[256];
	size_t i;

	assert_non_null(text = malloc(CONF_MAX_FILE + 2));
	for (i = 0; i < CONF_MAX_FILE + 1; i++)
		text[i] = i % 100 == 99 ? '\n' : '#';
	text[CONF_MAX_FILE + 1] = '\0';
	assert_int_equal(load(c, text, err, sizeof err), JS_ERR_TOO_BIG);
	assert_string_equal(err, "t.conf: text larger than 1048576 bytes");
	text[CONF_MAX_FILE] = '\0';
	assert_int_equal(load(c, text, err, sizeof err), 0);
	free(text);
}

static void
test_file_load(void **state)
{
	struct conf *c = *state;
	char path[PATH_MAX], err[PATH_MAX + 128], want[PATH_MAX + 128];
	static const char text[] = "# jishi\n[db]\npool = 99\n[http]\nmax-body = 65536\n";
	int64_t v;

	assert_true(snprintf(path, sizeof path, "%s",
	    write_file("jishi.conf", text, sizeof text - 1)) > 0);
	assert_int_equal(conf_load_file(c, path, err, sizeof err), 0);
	assert_string_equal(err, "");
	assert_int_equal(conf_get_int(c, "http.max-body", 0, 0, 1 << 20, &v, err, sizeof err), 0);
	assert_int_equal(v, 65536);
	assert_int_equal(conf_get_int(c, "db.pool", 4, 1, 64, &v, err, sizeof err),
	    JS_ERR_CONFIG);
	assert_true(snprintf(want, sizeof want, "%s:3: db.pool: 99 is out of range [1, 64]",
	    path) > 0);
	assert_string_equal(err, want);
}

static void
test_file_errors(void **state)
{
	struct conf *c = *state;
	char path[PATH_MAX], err[PATH_MAX + 128], want[PATH_MAX + 128];
	static const char withnul[] = "a = 1\n# ok\nb = x\0y\n";
	static const char badline[] = "a = 1\nlisten 2222\n";
	char *big;
	size_t i;

	assert_true(snprintf(path, sizeof path, "%s/missing.conf", tmpdir) > 0);
	assert_int_equal(conf_load_file(c, path, err, sizeof err), JS_ERR_IO);
	assert_true(snprintf(want, sizeof want, "%s: cannot open: No such file or directory",
	    path) > 0);
	assert_string_equal(err, want);

	assert_int_equal(conf_load_file(c, tmpdir, err, sizeof err), JS_ERR_IO);
	assert_true(snprintf(want, sizeof want, "%s: cannot read: Is a directory", tmpdir) > 0);
	assert_string_equal(err, want);

	assert_true(snprintf(path, sizeof path, "%s",
	    write_file("nul.conf", withnul, sizeof withnul - 1)) > 0);
	assert_int_equal(conf_load_file(c, path, err, sizeof err), JS_ERR_CONFIG);
	assert_true(snprintf(want, sizeof want, "%s:3: NUL byte in file", path) > 0);
	assert_string_equal(err, want);
	assert_null(conf_get(c, "a", NULL));

	assert_true(snprintf(path, sizeof path, "%s",
	    write_file("bad.conf", badline, sizeof badline - 1)) > 0);
	assert_int_equal(conf_load_file(c, path, err, sizeof err), JS_ERR_CONFIG);
	assert_true(snprintf(want, sizeof want, "%s:2: expected 'key = value', got "
	    "'listen 2222'", path) > 0);
	assert_string_equal(err, want);

	/* exactly CONF_MAX_FILE bytes load; one more does not */
	assert_non_null(big = malloc(CONF_MAX_FILE + 1));
	for (i = 0; i < CONF_MAX_FILE + 1; i++)
		big[i] = i % 100 == 99 ? '\n' : '#';
	memcpy(big, "k = v\n", 6);
	assert_true(snprintf(path, sizeof path, "%s",
	    write_file("max.conf", big, CONF_MAX_FILE)) > 0);
	assert_int_equal(conf_load_file(c, path, err, sizeof err), 0);
	assert_string_equal(conf_get(c, "k", NULL), "v");
	assert_true(snprintf(path, sizeof path, "%s",
	    write_file("big.conf", big, CONF_MAX_FILE + 1)) > 0);
	assert_int_equal(conf_load_file(c, path, err, sizeof err), JS_ERR_TOO_BIG);
	assert_true(snprintf(want, sizeof want, "%s: file larger than 1048576 bytes", path) > 0);
	assert_string_equal(err, want);
	free(big);
}

static void
test_env_override(void **state)
{
	struct conf *c = *state;
	char err[256];
	int64_t v;

	assert_int_equal(load(c, "listen = :2222\n[db]\nurl = file\npool = 4\n"
	    "[http]\nmax-body = 100\n", err, sizeof err), 0);
	assert_int_equal(setenv("JISHI_DB_URL", "env-url", 1), 0);
	assert_int_equal(setenv("JISHI_LISTEN", ":3333", 1), 0);
	assert_int_equal(setenv("JISHI_HTTP_MAX_BODY", "200", 1), 0);
	assert_int_equal(setenv("JISHI_DB_POOL", "", 1), 0);	/* empty counts as unset */
	assert_string_equal(conf_get(c, "db.url", NULL), "env-url");
	assert_string_equal(conf_get(c, "listen", NULL), ":3333");
	assert_string_equal(conf_get(c, "http.max-body", NULL), "200");
	assert_string_equal(conf_get(c, "db.pool", NULL), "4");
	/* the environment also supplies keys the file lacks */
	assert_int_equal(setenv("JISHI_TLS", "on", 1), 0);
	assert_string_equal(conf_get(c, "tls", "off"), "on");
	/* "a.b", "a-b" and "a_b" all map to JISHI_A_B */
	assert_int_equal(setenv("JISHI_A_B", "ab", 1), 0);
	assert_string_equal(conf_get(c, "a.b", NULL), "ab");
	assert_string_equal(conf_get(c, "a-b", NULL), "ab");
	assert_string_equal(conf_get(c, "a_b", NULL), "ab");
	/* names that cannot be keys never reach the environment */
	assert_null(conf_get(c, "A_B", NULL));
	assert_null(conf_get(c, "", NULL));

	assert_int_equal(setenv("JISHI_DB_POOL", "x9", 1), 0);
	assert_int_equal(conf_get_int(c, "db.pool", 4, 1, 64, &v, err, sizeof err),
	    JS_ERR_CONFIG);
	assert_string_equal(err, "environment variable JISHI_DB_POOL: db.pool: expected an "
	    "integer in [1, 64], got 'x9'");
	assert_int_equal(unsetenv("JISHI_DB_URL"), 0);
	assert_string_equal(conf_get(c, "db.url", NULL), "file");
}

static void
test_aliases(void **state)
{
	struct conf *c = *state;
	char err[256];
	int64_t v;

	assert_int_equal(load(c, "[db]\nurl = file\npool = 4\n", err, sizeof err), 0);
	assert_int_equal(conf_alias(c, "DATABASE_URL", "db.url"), 0);
	assert_int_equal(conf_alias(c, "PGURL", "db.url"), 0);
	assert_int_equal(conf_alias(c, "DATABASE_URL", "db.url"), 0);	/* twice is fine */
	assert_int_equal(conf_alias(c, "OLD_POOL", "db.pool"), 0);
	assert_string_equal(conf_get(c, "db.url", NULL), "file");

	assert_int_equal(setenv("PGURL", "pg", 1), 0);
	assert_string_equal(conf_get(c, "db.url", NULL), "pg");
	assert_int_equal(setenv("DATABASE_URL", "database", 1), 0);
	assert_string_equal(conf_get(c, "db.url", NULL), "database");	/* declared first */
	assert_int_equal(setenv("JISHI_DB_URL", "jishi", 1), 0);
	assert_string_equal(conf_get(c, "db.url", NULL), "jishi");	/* canonical wins */
	assert_int_equal(conf_set(c, "db.url", "flag"), 0);
	assert_string_equal(conf_get(c, "db.url", NULL), "flag");	/* flag wins all */

	/* an alias names its variable in messages, and an empty one is unset */
	assert_int_equal(setenv("OLD_POOL", "", 1), 0);
	assert_string_equal(conf_get(c, "db.pool", NULL), "4");
	assert_int_equal(setenv("OLD_POOL", "1000", 1), 0);
	assert_int_equal(conf_get_int(c, "db.pool", 4, 1, 64, &v, err, sizeof err),
	    JS_ERR_CONFIG);
	assert_string_equal(err, "environment variable OLD_POOL: db.pool: 1000 is out of range "
	    "[1, 64]");
	/* an alias does not leak to other names */
	assert_null(conf_get(c, "db.other", NULL));

	assert_int_equal(conf_alias(c, "", "db.url"), JS_ERR_INVALID);
	assert_int_equal(conf_alias(c, "9LIVES", "db.url"), JS_ERR_INVALID);
	assert_int_equal(conf_alias(c, "BAD-NAME", "db.url"), JS_ERR_INVALID);
	assert_int_equal(conf_alias(c, "BAD=NAME", "db.url"), JS_ERR_INVALID);
	assert_int_equal(conf_alias(c, "GOOD", "Db.url"), JS_ERR_INVALID);
	assert_int_equal(conf_alias(c, "GOOD", ""), JS_ERR_INVALID);
	assert_int_equal(conf_alias(c, NULL, "db.url"), JS_ERR_INVALID);
	assert_int_equal(conf_alias(c, "GOOD", NULL), JS_ERR_INVALID);
	assert_int_equal(conf_alias(NULL, "GOOD", "db.url"), JS_ERR_INVALID);
	assert_int_equal(conf_alias(c, "_lower_ok9", "db.url"), 0);
}

static void
test_alias_cap(void **state)
{
	struct conf *c = *state;
	char env[32];
	int i;

	for (i = 0; i < CONF_MAX_ENTRIES; i++) {
		assert_true(snprintf(env, sizeof env, "ALIAS_%d", i) > 0);
		assert_int_equal(conf_alias(c, env, "x"), 0);
	}
	assert_int_equal(conf_alias(c, "ONE_MORE", "x"), JS_ERR_TOO_BIG);
	assert_int_equal(conf_alias(c, "ALIAS_7", "x"), 0);	/* known pair: no growth */
}

static void
test_set_precedence(void **state)
{
	struct conf *c = *state;
	char err[256], *big;
	int64_t v;

	assert_string_equal(conf_get(c, "db.pool", "def"), "def");
	assert_int_equal(load(c, "[db]\npool = 4\n", err, sizeof err), 0);
	assert_string_equal(conf_get(c, "db.pool", "def"), "4");
	assert_int_equal(setenv("JISHI_DB_POOL", "8", 1), 0);
	assert_string_equal(conf_get(c, "db.pool", "def"), "8");
	assert_int_equal(conf_set(c, "db.pool", "16"), 0);
	assert_string_equal(conf_get(c, "db.pool", "def"), "16");
	assert_int_equal(conf_set(c, "db.pool", "32"), 0);	/* last set wins */
	assert_string_equal(conf_get(c, "db.pool", "def"), "32");
	/* a file loaded after the flag still loses to it */
	assert_int_equal(load(c, "[db]\npool = 5\n", err, sizeof err), 0);
	assert_string_equal(conf_get(c, "db.pool", "def"), "32");
	assert_int_equal(conf_set(c, "db.pool", "65"), 0);
	assert_int_equal(conf_get_int(c, "db.pool", 4, 1, 64, &v, err, sizeof err),
	    JS_ERR_CONFIG);
	assert_string_equal(err, "command line: db.pool: 65 is out of range [1, 64]");
	assert_int_equal(conf_set(c, "empty", ""), 0);
	assert_string_equal(conf_get(c, "empty", "def"), "");

	assert_int_equal(conf_set(c, "Bad", "x"), JS_ERR_INVALID);
	assert_int_equal(conf_set(c, "", "x"), JS_ERR_INVALID);
	assert_int_equal(conf_set(c, "a b", "x"), JS_ERR_INVALID);
	assert_int_equal(conf_set(c, "k", NULL), JS_ERR_INVALID);
	assert_int_equal(conf_set(c, NULL, "x"), JS_ERR_INVALID);
	assert_int_equal(conf_set(NULL, "k", "x"), JS_ERR_INVALID);
	assert_int_equal(conf_set(c, "k", "\xed\xa0\x80"), JS_ERR_UTF8);
	assert_int_equal(conf_set(c, "k", "\xc0\xaf"), JS_ERR_UTF8);
	assert_null(conf_get(c, "k", NULL));

	assert_non_null(big = malloc(CONF_MAX_LINE + 2));
	memset(big, 'v', CONF_MAX_LINE + 1);
	big[CONF_MAX_LINE + 1] = '\0';
	assert_int_equal(conf_set(c, "k", big), JS_ERR_TOO_BIG);
	big[CONF_MAX_LINE] = '\0';
	assert_int_equal(conf_set(c, "k", big), 0);
	free(big);
}

static void
test_set_cap(void **state)
{
	struct conf *c = *state;
	char name[32];
	int i;

	for (i = 0; i < CONF_MAX_ENTRIES; i++) {
		assert_true(snprintf(name, sizeof name, "k%d", i) > 0);
		assert_int_equal(conf_set(c, name, "v"), 0);
	}
	assert_int_equal(conf_set(c, "one.more", "v"), JS_ERR_TOO_BIG);
	assert_int_equal(conf_set(c, "k5", "replaced"), 0);
	assert_string_equal(conf_get(c, "k5", NULL), "replaced");
}

struct int_case {
	const char *value;
	int64_t min, max;
	int rc;
	int64_t want;
	const char *msg;
};

static const struct int_case int_cases[] = {
	{ "0", 0, 10, 0, 0, NULL },
	{ "10", 0, 10, 0, 10, NULL },
	{ "007", 0, 10, 0, 7, NULL },
	{ "-5", -10, 10, 0, -5, NULL },
	{ "-0", -10, 10, 0, 0, NULL },
	{ "9223372036854775807", INT64_MIN, INT64_MAX, 0, INT64_MAX, NULL },
	{ "-9223372036854775808", INT64_MIN, INT64_MAX, 0, INT64_MIN, NULL },
	{ "11", 0, 10, JS_ERR_CONFIG, 0, "command line: n: 11 is out of range [0, 10]" },
	{ "-1", 0, 10, JS_ERR_CONFIG, 0, "command line: n: -1 is out of range [0, 10]" },
	{ "9223372036854775808", INT64_MIN, INT64_MAX, JS_ERR_CONFIG, 0,
	    "command line: n: 9223372036854775808 is out of range "
	    "[-9223372036854775808, 9223372036854775807]" },
	{ "-9223372036854775809", INT64_MIN, INT64_MAX, JS_ERR_CONFIG, 0,
	    "command line: n: -9223372036854775809 is out of range "
	    "[-9223372036854775808, 9223372036854775807]" },
	{ "99999999999999999999999999", 0, 10, JS_ERR_CONFIG, 0,
	    "command line: n: 99999999999999999999999999 is out of range [0, 10]" },
	{ "", 0, 10, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [0, 10], got ''" },
	{ "-", 0, 10, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [0, 10], got '-'" },
	{ "+5", 0, 10, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [0, 10], got '+5'" },
	{ " 5", 0, 10, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [0, 10], got ' 5'" },
	{ "5 ", 0, 10, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [0, 10], got '5 '" },
	{ "- 5", -10, 10, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [-10, 10], got '- 5'" },
	{ "--5", -10, 10, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [-10, 10], got '--5'" },
	{ "0x10", 0, 100, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [0, 100], got '0x10'" },
	{ "1e3", 0, 10000, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [0, 10000], got '1e3'" },
	{ "1.5", 0, 10, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [0, 10], got '1.5'" },
	{ "1,000", 0, 10000, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [0, 10000], got '1,000'" },
	{ "ten", 0, 10, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [0, 10], got 'ten'" },
	{ "5\t", 0, 10, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [0, 10], got '5?'" },
	{ "99999999999999999999999999x", 0, 10, JS_ERR_CONFIG, 0,
	    "command line: n: expected an integer in [0, 10], got "
	    "'99999999999999999999999999x'" },
};

static void
test_get_int(void **state)
{
	char err[256];
	struct conf *c;
	size_t i;
	int64_t v;
	int rc;

	(void)state;
	for (i = 0; i < sizeof int_cases / sizeof int_cases[0]; i++) {
		assert_non_null(c = conf_new());
		assert_int_equal(conf_set(c, "n", int_cases[i].value), 0);
		v = -777;
		rc = conf_get_int(c, "n", int_cases[i].min, int_cases[i].min, int_cases[i].max,
		    &v, err, sizeof err);
		if (rc != int_cases[i].rc)
			fail_msg("case %zu '%s': rc %d '%s'", i, int_cases[i].value, rc, err);
		if (rc == 0 && v != int_cases[i].want)
			fail_msg("case %zu: got %lld", i, (long long)v);
		if (rc != 0 && (v != -777 || strcmp(err, int_cases[i].msg) != 0))
			fail_msg("case %zu: '%s', want '%s'", i, err, int_cases[i].msg);
		conf_free(c);
	}
}

static void
test_get_int_defaults(void **state)
{
	struct conf *c = *state;
	char err[256];
	int64_t v = 0;

	assert_int_equal(conf_get_int(c, "absent", 42, 0, 100, &v, err, sizeof err), 0);
	assert_int_equal(v, 42);
	assert_string_equal(err, "");
	assert_int_equal(conf_get_int(c, "absent", 42, 0, 100, &v, NULL, 0), 0);
	assert_int_equal(conf_get_int(c, "absent", 101, 0, 100, &v, err, sizeof err),
	    JS_ERR_INVALID);
	assert_int_equal(conf_get_int(c, "absent", 5, 10, 0, &v, err, sizeof err),
	    JS_ERR_INVALID);
	assert_int_equal(conf_get_int(c, "absent", 5, 0, 10, NULL, err, sizeof err),
	    JS_ERR_INVALID);
	assert_int_equal(conf_get_int(NULL, "absent", 5, 0, 10, &v, err, sizeof err),
	    JS_ERR_INVALID);
	assert_int_equal(conf_get_int(c, NULL, 5, 0, 10, &v, err, sizeof err), JS_ERR_INVALID);

	/* a long bad value is cut short in the message, and small buffers are safe */
	assert_int_equal(load(c, "[a]\nn = 0123456789012345678901234567890123456789"
	    "01234567890123456789xyz\n", err, sizeof err), 0);
	assert_int_equal(conf_get_int(c, "a.n", 0, 0, 9, &v, err, sizeof err), JS_ERR_CONFIG);
	assert_string_equal(err, "t.conf:2: a.n: expected an integer in [0, 9], got "
	    "'012345678901234567890123456789012345678901234567890123456789...'");
	assert_int_equal(conf_get_int(c, "a.n", 0, 0, 9, &v, err, 8), JS_ERR_CONFIG);
	assert_string_equal(err, "t.conf:");
	assert_int_equal(conf_get_int(c, "a.n", 0, 0, 9, &v, NULL, 0), JS_ERR_CONFIG);
}

static void
test_get_bool(void **state)
{
	static const struct {
		const char	*word;
		int		 value;
	} words[] = {
		{ "yes", 1 }, { "no", 0 }, { "true", 1 }, { "false", 0 }, { "on", 1 },
		{ "off", 0 }, { "1", 1 }, { "0", 0 }, { "YES", 1 }, { "False", 0 }, { "On", 1 },
	};
	static const char *const bad[] = { "", "y", "n", "2", "-1", "yes ", "enable", "nope" };
	struct conf *c = *state;
	char err[256], want[256];
	size_t i;
	int b;

	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		assert_int_equal(conf_set(c, "tls", words[i].word), 0);
		b = -1;
		assert_int_equal(conf_get_bool(c, "tls", !words[i].value, &b, err, sizeof err), 0);
		assert_int_equal(b, words[i].value);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(conf_set(c, "tls", bad[i]), 0);
		b = -1;
		assert_int_equal(conf_get_bool(c, "tls", 1, &b, err, sizeof err), JS_ERR_CONFIG);
		assert_int_equal(b, -1);
		assert_true(snprintf(want, sizeof want, "command line: tls: expected yes/no, "
		    "true/false, on/off or 1/0, got '%s'", bad[i]) > 0);
		assert_string_equal(err, want);
	}
	assert_int_equal(load(c, "[http]\ntls = maybe\n", err, sizeof err), 0);
	assert_int_equal(conf_get_bool(c, "http.tls", 0, &b, err, sizeof err), JS_ERR_CONFIG);
	assert_string_equal(err, "t.conf:2: http.tls: expected yes/no, true/false, on/off or "
	    "1/0, got 'maybe'");
	assert_int_equal(setenv("JISHI_TLS", "off", 1), 0);
	assert_int_equal(conf_get_bool(c, "tls", 1, &b, err, sizeof err), JS_ERR_CONFIG);
	assert_int_equal(conf_get_bool(c, "absent", 7, &b, err, sizeof err), 0);
	assert_int_equal(b, 1);
	assert_int_equal(conf_get_bool(c, "absent", 0, &b, err, sizeof err), 0);
	assert_int_equal(b, 0);
	assert_int_equal(conf_get_bool(c, "absent", 0, NULL, err, sizeof err), JS_ERR_INVALID);
	assert_int_equal(conf_get_bool(NULL, "absent", 0, &b, err, sizeof err), JS_ERR_INVALID);
}

static void
test_null_and_small_buffers(void **state)
{
	struct conf *c = *state;
	char err[16];

	conf_free(NULL);
	assert_string_equal(conf_get(NULL, "x", "def"), "def");
	assert_string_equal(conf_get(c, NULL, "def"), "def");
	assert_int_equal(conf_load_string(NULL, "t", "", err, sizeof err), JS_ERR_INVALID);
	assert_int_equal(conf_load_string(c, NULL, "", err, sizeof err), JS_ERR_INVALID);
	assert_int_equal(conf_load_string(c, "t", NULL, err, sizeof err), JS_ERR_INVALID);
	assert_int_equal(conf_load_file(NULL, "x", err, sizeof err), JS_ERR_INVALID);
	assert_int_equal(conf_load_file(c, NULL, err, sizeof err), JS_ERR_INVALID);
	assert_int_equal(load(c, "listen 2222", NULL, 0), JS_ERR_CONFIG);
	assert_int_equal(load(c, "listen 2222", err, sizeof err), JS_ERR_CONFIG);
	assert_string_equal(err, "t.conf:1: expec");
	err[0] = 'x';
	assert_int_equal(load(c, "listen 2222", err, 0), JS_ERR_CONFIG);
	assert_int_equal(err[0], 'x');
	assert_int_equal(load(c, "a = 1", err, sizeof err), 0);
	assert_string_equal(err, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_syntax_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_empty_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_name_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_is_atomic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf8_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aliases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alias_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_precedence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_int_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_bool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_and_small_buffers, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
