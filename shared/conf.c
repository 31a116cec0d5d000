/* conf.c: read jishi.conf (`key = value` in [sections]) with environment and flag overrides. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conf.h"
#include "err.h"
#include "utf8.h"

#define CONF_MAX_NAME 255	/* "section.key"; keeps env names in a small buffer */
#define CONF_ENV_PREFIX "JISHI_"
#define CONF_QUOTE_MAX 60	/* bytes of outside text echoed into a message */
#define CONF_QUOTE_SIZE UTF8_QUOTE_SIZE(CONF_QUOTE_MAX)

struct conf_entry {
	char		*name;	/* one allocation holding name, value and src */
	const char	*value;
	const char	*src;	/* file name, or NULL when set by conf_set */
	unsigned long	 line;
};

struct conf_table {
	struct conf_entry	*v;
	size_t			 n;
	size_t			 cap;
};

struct conf {
	struct conf_table	 file;
	struct conf_table	 set;
	struct conf_table	 alias;	/* name "ENV=key", value ENV, src key */
};

static void __attribute__((format(printf, 3, 4)))
conf_msg(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (buf == NULL || len == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(buf, len, fmt, ap);	/* truncating a message is fine */
	va_end(ap);
}

/* Outside text for a message: bounded, controls and bad bytes as '?' (logs reach terminals). */
static const char *
conf_quote(const char *s, size_t len, char out[CONF_QUOTE_SIZE])
{
	return utf8_quote(s, len, CONF_QUOTE_MAX, out);
}

static int
conf_name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > CONF_MAX_NAME)
		return 0;
	for (i = 0; i < len; i++) {
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < '0' || s[i] > '9') &&
		    s[i] != '_' && s[i] != '.' && s[i] != '-')
			return 0;
	}
	return 1;
}

/* Index of name in t, or t->n. */
static size_t
table_find(const struct conf_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].name, name) == 0)
			break;
	}
	return i;
}

static void
table_free(struct conf_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

static int
table_reserve(struct conf_table *t, size_t want)
{
	struct conf_entry *v;
	size_t cap = t->cap == 0 ? 16 : t->cap;

	if (want <= t->cap)
		return 0;
	while (cap < want)
		cap *= 2;
	if ((v = reallocarray(t->v, cap, sizeof *v)) == NULL)
		return JS_ERR_NOMEM;
	t->v = v;
	t->cap = cap;
	return 0;
}

/* Adds or replaces name; on success the table owns the copies. src may be NULL. */
static int
table_put(struct conf_table *t, const char *name, const char *value, size_t vlen,
    const char *src, unsigned long line)
{
	struct conf_entry e;
	size_t nlen = strlen(name), slen = src == NULL ? 0 : strlen(src) + 1, i;
	char *p;
	int r;

	i = table_find(t, name);
	if (i == t->n && t->n >= CONF_MAX_ENTRIES)
		return JS_ERR_TOO_BIG;
	if (i == t->n && (r = table_reserve(t, t->n + 1)) != 0)
		return r;
	if ((p = malloc(nlen + 1 + vlen + 1 + slen)) == NULL)
		return JS_ERR_NOMEM;
	e.name = p;
	memcpy(p, name, nlen + 1);
	e.value = p += nlen + 1;
	memcpy(p, value, vlen);
	p[vlen] = '\0';
	e.src = NULL;
	if (src != NULL) {
		e.src = p += vlen + 1;
		memcpy(p, src, slen);
	}
	e.line = line;
	if (i == t->n)
		t->n++;
	else
		free(t->v[i].name);
	t->v[i] = e;
	return 0;
}

/* Moves every entry of src into dst, all or nothing: checks the cap and memory first. */
static int
table_merge(struct conf_table *dst, struct conf_table *src, const char *file,
    char *errbuf, size_t errlen)
{
	size_t i, j, fresh = 0;
	int r;

	for (i = 0; i < src->n; i++) {
		if (table_find(dst, src->v[i].name) < dst->n)
			continue;
		if (dst->n + ++fresh > CONF_MAX_ENTRIES) {
			conf_msg(errbuf, errlen, "%s:%lu: too many entries (max %d)", file,
			    src->v[i].line, CONF_MAX_ENTRIES);
			return JS_ERR_TOO_BIG;
		}
	}
	if ((r = table_reserve(dst, dst->n + fresh)) != 0) {
		conf_msg(errbuf, errlen, "%s: %s", file, js_strerror(r));
		return r;
	}
	for (i = 0; i < src->n; i++) {
		if ((j = table_find(dst, src->v[i].name)) == dst->n)
			dst->n++;
		else
			free(dst->v[j].name);
		dst->v[j] = src->v[i];
	}
	src->n = 0;
	return 0;
}

/* Removes quotes and escapes from a value that starts with '"'; out has room for len bytes. */
static int
conf_unquote(const char *v, size_t len, char *out, size_t *outlen, const char **why)
{
	size_t i, o = 0;

	for (i = 1; i < len; i++) {
		if (v[i] == '"')
			break;
		if (v[i] == '\\') {
			if (++i == len)
				break;
			if (v[i] != '"' && v[i] != '\\') {
				*why = "unknown escape in quoted value (only \\\" and \\\\)";
				return -1;
			}
		}
		out[o++] = v[i];
	}
	if (i >= len) {
		*why = "unterminated quoted value";
		return -1;
	}
	if (i != len - 1) {
		*why = "text after the closing quote";
		return -1;
	}
	*outlen = o;
	return 0;
}

static int
conf_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* One line (no newline) into st; section is the current section, updated by headers. */
static int
conf_line(struct conf_table *st, char section[CONF_MAX_NAME + 1], const char *file,
    unsigned long lno, const char *p, size_t len, char *errbuf, size_t errlen)
{
	char q[CONF_QUOTE_SIZE], full[CONF_MAX_NAME + 1], val[CONF_MAX_LINE + 1];
	const char *e = p + len, *eq, *k, *v, *why;
	size_t klen, vlen, bad;
	int r;

	while (p < e && conf_blank(*p))
		p++;
	while (e > p && conf_blank(e[-1]))
		e--;
	if (p == e || *p == '#' || *p == ';')
		return 0;
	if (*p == '[') {
		if (e[-1] != ']' || e - p < 2) {
			conf_msg(errbuf, errlen, "%s:%lu: expected '[section]', got '%s'", file,
			    lno, conf_quote(p, (size_t)(e - p), q));
			return JS_ERR_CONFIG;
		}
		/* the name and a '.' and a key must still fit CONF_MAX_NAME */
		if (!conf_name_ok(p + 1, (size_t)(e - p - 2)) || e - p - 2 > CONF_MAX_NAME - 2) {
			conf_msg(errbuf, errlen, "%s:%lu: bad section name '%s' (want "
			    "[a-z0-9_.-], at most %d bytes)", file, lno,
			    conf_quote(p + 1, (size_t)(e - p - 2), q), CONF_MAX_NAME - 2);
			return JS_ERR_CONFIG;
		}
		memcpy(section, p + 1, (size_t)(e - p - 2));
		section[e - p - 2] = '\0';
		return 0;
	}
	if ((eq = memchr(p, '=', (size_t)(e - p))) == NULL || eq == p) {
		conf_msg(errbuf, errlen, "%s:%lu: expected 'key = value', got '%s'", file, lno,
		    conf_quote(p, (size_t)(e - p), q));
		return JS_ERR_CONFIG;
	}
	for (k = eq; k > p && conf_blank(k[-1]); k--)
		;
	klen = (size_t)(k - p);
	r = snprintf(full, sizeof full, "%s%s%.*s", section, *section != '\0' ? "." : "",
	    (int)klen, p);
	if (!conf_name_ok(p, klen) || r < 0 || (size_t)r >= sizeof full) {
		conf_msg(errbuf, errlen, "%s:%lu: bad key '%s' (want [a-z0-9_.-], at most %d "
		    "bytes with its section)", file, lno, conf_quote(p, klen, q), CONF_MAX_NAME);
		return JS_ERR_CONFIG;
	}
	for (v = eq + 1; v < e && conf_blank(*v); v++)
		;
	vlen = (size_t)(e - v);
	if (vlen > 0 && *v == '"') {
		if (conf_unquote(v, vlen, val, &vlen, &why) != 0) {
			conf_msg(errbuf, errlen, "%s:%lu: %s: %s", file, lno, full, why);
			return JS_ERR_CONFIG;
		}
	} else
		memcpy(val, v, vlen);
	if ((bad = utf8_check(val, vlen)) != vlen) {
		conf_msg(errbuf, errlen, "%s:%lu: %s: invalid UTF-8 at byte %zu of the value",
		    file, lno, full, bad + 1);
		return JS_ERR_CONFIG;
	}
	if ((r = table_put(st, full, val, vlen, file, lno)) != 0) {
		if (r == JS_ERR_TOO_BIG)
			conf_msg(errbuf, errlen, "%s:%lu: too many entries (max %d)", file, lno,
			    CONF_MAX_ENTRIES);
		else
			conf_msg(errbuf, errlen, "%s:%lu: %s", file, lno, js_strerror(r));
	}
	return r;
}

/* Parses text into a scratch table first so that a bad file leaves c unchanged. */
static int
conf_parse(struct conf *c, const char *file, const char *text, size_t len, char *errbuf,
    size_t errlen)
{
	struct conf_table st = { NULL, 0, 0 };
	char section[CONF_MAX_NAME + 1] = "";
	const char *p = text, *end = text + len, *nl, *nul;
	unsigned long lno = 1;
	size_t ll;
	int r = 0;

	if ((nul = memchr(text, '\0', len)) != NULL) {
		for (; p < nul; p++)
			lno += *p == '\n';
		conf_msg(errbuf, errlen, "%s:%lu: NUL byte in file", file, lno);
		return JS_ERR_CONFIG;
	}
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (; p < end; lno++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		ll = (size_t)((nl != NULL ? nl : end) - p);
		if (ll > 0 && p[ll - 1] == '\r')
			ll--;
		if (ll > CONF_MAX_LINE) {
			conf_msg(errbuf, errlen, "%s:%lu: line longer than %d bytes", file, lno,
			    CONF_MAX_LINE);
			r = JS_ERR_TOO_BIG;
			goto out;
		}
		if ((r = conf_line(&st, section, file, lno, p, ll, errbuf, errlen)) != 0)
			goto out;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	r = table_merge(&c->file, &st, file, errbuf, errlen);
out:
	table_free(&st);
	return r;
}

struct conf *
conf_new(void)
{
	return calloc(1, sizeof(struct conf));
}

void
conf_free(struct conf *c)
{
	if (c == NULL)
		return;
	table_free(&c->file);
	table_free(&c->set);
	table_free(&c->alias);
	free(c);
}

int
conf_load_file(struct conf *c, const char *path, char *errbuf, size_t errlen)
{
	char *buf;
	size_t len = 0;
	ssize_t n;
	int fd, r;

	conf_msg(errbuf, errlen, "%s", "");
	if (c == NULL || path == NULL)
		return JS_ERR_INVALID;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		conf_msg(errbuf, errlen, "%s: cannot open: %s", path, strerror(errno));
		return JS_ERR_IO;
	}
	if ((buf = malloc(CONF_MAX_FILE + 1)) == NULL) {
		(void)close(fd);
		conf_msg(errbuf, errlen, "%s: %s", path, js_strerror(JS_ERR_NOMEM));
		return JS_ERR_NOMEM;
	}
	/* reading one byte past the cap is how a too-big file shows itself */
	while (len <= CONF_MAX_FILE) {
		if ((n = read(fd, buf + len, CONF_MAX_FILE + 1 - len)) == -1) {
			if (errno == EINTR)
				continue;
			conf_msg(errbuf, errlen, "%s: cannot read: %s", path, strerror(errno));
			r = JS_ERR_IO;
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > CONF_MAX_FILE) {
		conf_msg(errbuf, errlen, "%s: file larger than %d bytes", path, CONF_MAX_FILE);
		r = JS_ERR_TOO_BIG;
		goto out;
	}
	r = conf_parse(c, path, buf, len, errbuf, errlen);
out:
	(void)close(fd);	/* read-only: nothing to lose */
	free(buf);
	return r;
}

int
conf_load_string(struct conf *c, const char *name, const char *text, char *errbuf,
    size_t errlen)
{
	size_t len;

	conf_msg(errbuf, errlen, "%s", "");
	if (c == NULL || name == NULL || text == NULL)
		return JS_ERR_INVALID;
	if ((len = strnlen(text, CONF_MAX_FILE + 1)) > CONF_MAX_FILE) {
		conf_msg(errbuf, errlen, "%s: text larger than %d bytes", name, CONF_MAX_FILE);
		return JS_ERR_TOO_BIG;
	}
	return conf_parse(c, name, text, len, errbuf, errlen);
}

int
conf_set(struct conf *c, const char *name, const char *value)
{
	size_t vlen;

	if (c == NULL || name == NULL || value == NULL || !conf_name_ok(name, strlen(name)))
		return JS_ERR_INVALID;
	if ((vlen = strnlen(value, CONF_MAX_LINE + 1)) > CONF_MAX_LINE)
		return JS_ERR_TOO_BIG;
	if (!utf8_valid(value, vlen))
		return JS_ERR_UTF8;
	return table_put(&c->set, name, value, vlen, NULL, 0);
}

static int
conf_env_ok(const char *s)
{
	size_t i;

	if (s[0] == '\0' || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= CONF_MAX_NAME || ((s[i] < 'A' || s[i] > 'Z') &&
		    (s[i] < 'a' || s[i] > 'z') && (s[i] < '0' || s[i] > '9') && s[i] != '_'))
			return 0;
	}
	return 1;
}

int
conf_alias(struct conf *c, const char *env, const char *name)
{
	char pair[2 * CONF_MAX_NAME + 2];
	int n;

	if (c == NULL || env == NULL || name == NULL || !conf_env_ok(env) ||
	    !conf_name_ok(name, strlen(name)))
		return JS_ERR_INVALID;
	/* keyed by the pair, so declaring the same alias twice changes nothing */
	n = snprintf(pair, sizeof pair, "%s=%s", env, name);
	if (n < 0 || (size_t)n >= sizeof pair)
		return JS_ERR_INVALID;
	return table_put(&c->alias, pair, env, strlen(env), name, 0);
}

/* The value for name by precedence, with where it came from written into where. */
static const char *
conf_lookup(const struct conf *c, const char *name, char *where, size_t wlen)
{
	char env[sizeof CONF_ENV_PREFIX + CONF_MAX_NAME], ch;
	const char *v;
	size_t i, n = strlen(name);

	if ((i = table_find(&c->set, name)) < c->set.n) {
		conf_msg(where, wlen, "command line");
		return c->set.v[i].value;
	}
	if (conf_name_ok(name, n)) {
		memcpy(env, CONF_ENV_PREFIX, sizeof CONF_ENV_PREFIX - 1);
		for (i = 0; i <= n; i++) {
			ch = name[i];
			env[sizeof CONF_ENV_PREFIX - 1 + i] = ch == '.' || ch == '-' ? '_' :
			    (char)(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
		}
		if ((v = getenv(env)) != NULL && *v != '\0') {
			conf_msg(where, wlen, "environment variable %s", env);
			return v;
		}
	}
	for (i = 0; i < c->alias.n; i++) {
		if (strcmp(c->alias.v[i].src, name) == 0 &&
		    (v = getenv(c->alias.v[i].value)) != NULL && *v != '\0') {
			conf_msg(where, wlen, "environment variable %s", c->alias.v[i].value);
			return v;
		}
	}
	if ((i = table_find(&c->file, name)) < c->file.n) {
		conf_msg(where, wlen, "%s:%lu", c->file.v[i].src, c->file.v[i].line);
		return c->file.v[i].value;
	}
	return NULL;
}

const char *
conf_get(const struct conf *c, const char *name, const char *def)
{
	const char *v;

	if (c == NULL || name == NULL || (v = conf_lookup(c, name, NULL, 0)) == NULL)
		return def;
	return v;
}

/* Decimal with an optional '-', nothing else: strtoll alone would take " 5", "+5", "0x5". */
static int
conf_strtoi(const char *v, long long *n)
{
	const char *d = *v == '-' ? v + 1 : v;
	char *end;

	if (*d < '0' || *d > '9')
		return JS_ERR_INVALID;
	errno = 0;
	*n = strtoll(v, &end, 10);
	if (*end != '\0')
		return JS_ERR_INVALID;
	return errno == ERANGE ? JS_ERR_OVERFLOW : 0;
}

int
conf_get_int(const struct conf *c, const char *name, int64_t def, int64_t min, int64_t max,
    int64_t *out, char *errbuf, size_t errlen)
{
	char where[512], q[CONF_QUOTE_SIZE];
	const char *v;
	long long n;
	int r;

	conf_msg(errbuf, errlen, "%s", "");
	if (c == NULL || name == NULL || out == NULL || min > max || def < min || def > max)
		return JS_ERR_INVALID;
	if ((v = conf_lookup(c, name, where, sizeof where)) == NULL) {
		*out = def;
		return 0;
	}
	if ((r = conf_strtoi(v, &n)) == JS_ERR_INVALID) {
		conf_msg(errbuf, errlen, "%s: %s: expected an integer in [%" PRId64 ", %" PRId64
		    "], got '%s'", where, name, min, max, conf_quote(v, strlen(v), q));
		return JS_ERR_CONFIG;
	}
	if (r != 0 || n < min || n > max) {
		conf_msg(errbuf, errlen, "%s: %s: %s is out of range [%" PRId64 ", %" PRId64 "]",
		    where, name, conf_quote(v, strlen(v), q), min, max);
		return JS_ERR_CONFIG;
	}
	*out = (int64_t)n;
	return 0;
}

int
conf_get_bool(const struct conf *c, const char *name, int def, int *out, char *errbuf,
    size_t errlen)
{
	static const struct {
		const char	*word;
		int		 value;
	} words[] = {
		{ "yes", 1 }, { "no", 0 }, { "true", 1 }, { "false", 0 },
		{ "on", 1 }, { "off", 0 }, { "1", 1 }, { "0", 0 },
	};
	char where[512], q[CONF_QUOTE_SIZE];
	const char *v;
	size_t i;

	conf_msg(errbuf, errlen, "%s", "");
	if (c == NULL || name == NULL || out == NULL)
		return JS_ERR_INVALID;
	if ((v = conf_lookup(c, name, where, sizeof where)) == NULL) {
		*out = def != 0;
		return 0;
	}
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcasecmp(v, words[i].word) == 0) {
			*out = words[i].value;
			return 0;
		}
	}
	conf_msg(errbuf, errlen, "%s: %s: expected yes/no, true/false, on/off or 1/0, got '%s'",
	    where, name, conf_quote(v, strlen(v), q));
	return JS_ERR_CONFIG;
}
