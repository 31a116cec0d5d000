/* gig_ui.c: gig values shown and read in the user's language. */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "gig_ui.h"
#include "i18n.h"
#include "money.h"

static const struct {
	const char *code, *name;
	enum trole role;
} statuses[] = {
	{ "draft", N_("Draft"), T_DIM },
	{ "pending_review", N_("In review"), T_WARN },
	{ "active", N_("Live"), T_OK },
	{ "paused", N_("Paused"), T_DIM },
	{ "rejected", N_("Rejected"), T_ERR },
	{ "deleted", N_("Deleted"), T_DIM },
};

const char *
gig_ui_status(const char *status)
{
	size_t i;

	for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (strcmp(statuses[i].code, status) == 0)
			return _(statuses[i].name);
	return status;
}

enum trole
gig_ui_status_role(const char *status)
{
	size_t i;

	for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (strcmp(statuses[i].code, status) == 0)
			return statuses[i].role;
	return T_NORMAL;
}

void
gig_ui_price(int64_t fen, char *buf, size_t len)
{
	char *dot;

	if (money_format(fen, buf, len) != 0)
		return;
	if ((dot = strrchr(buf, '.')) != NULL && strcmp(dot, ".00") == 0)
		*dot = '\0';
}

void
gig_ui_days(int days, char *buf, size_t len)
{
	snprintf(buf, len, ngettext("%d day", "%d days", (unsigned long)days), days);
}

void
gig_ui_revisions(int revisions, char *buf, size_t len)
{
	if (revisions < 0)
		snprintf(buf, len, "%s", _("unlimited"));
	else
		snprintf(buf, len, "%d", revisions);
}

void
gig_ui_revisions_long(int revisions, char *buf, size_t len)
{
	if (revisions < 0)
		snprintf(buf, len, "%s", _("unlimited revisions"));
	else
		snprintf(buf, len, ngettext("%d revision", "%d revisions",
		    (unsigned long)revisions), revisions);
}

void
gig_ui_extra_days(int days, char *buf, size_t len)
{
	if (days < 0)
		snprintf(buf, len, ngettext("%d day faster", "%d days faster",
		    (unsigned long)-days), -days);
	else if (days > 0)
		snprintf(buf, len, ngettext("%d more day", "%d more days", (unsigned long)days),
		    days);
	else
		buf[0] = '\0';
}

void
gig_ui_rating(int avg_x100, int64_t count, char *buf, size_t len)
{
	if (count <= 0)
		snprintf(buf, len, "%s", _("New"));
	else
		snprintf(buf, len, _("%d.%d (%lld)"), avg_x100 / 100, avg_x100 % 100 / 10,
		    (long long)count);
}

void
gig_ui_response(int64_t secs, char *buf, size_t len)
{
	if (secs < 0)
		snprintf(buf, len, "%s", _("unknown"));
	else if (secs <= 3600)
		snprintf(buf, len, "%s", _("within 1 hour"));
	else if (secs < 86400)
		snprintf(buf, len, _("within %lld hours"), (long long)((secs + 3599) / 3600));
	else
		snprintf(buf, len, _("within %lld days"), (long long)((secs + 86399) / 86400));
}

const char *
gig_ui_name(const char *zh, const char *en)
{
	if (strcmp(i18n_lang(), "en") == 0)
		return en != NULL && en[0] ? en : zh;
	return zh != NULL && zh[0] ? zh : en;
}

const char *
gig_ui_tier(enum gig_tier t)
{
	static const char *const names[GIG_TIERS] = {
		N_("Basic"), N_("Standard"), N_("Premium"),
	};

	return t < GIG_TIERS ? _(names[t]) : "";
}

/* Skip ASCII spaces at both ends into buf. */
static const char *
trim(const char *s, char *buf, size_t len)
{
	size_t n;

	while (*s == ' ')
		s++;
	snprintf(buf, len, "%s", s);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
	return buf;
}

int
gig_ui_parse_price(const char *s, int allow_zero, int64_t *out, const char **msg)
{
	char buf[64];
	const char *dot;
	int64_t v;
	int r;

	s = trim(s, buf, sizeof buf);
	if (*s == '\0') {
		if (allow_zero) {
			*out = 0;
			return 0;
		}
		*msg = _("required");
		return JS_ERR_INVALID;
	}
	if ((r = money_parse(s, &v)) != 0) {
		dot = strchr(s, '.');
		if (*s == '-')
			*msg = _("cannot be negative");
		else if (r == JS_ERR_OVERFLOW)
			*msg = _("too large");
		else if (dot != NULL && strspn(dot + 1, "0123456789") > 2)
			*msg = _("at most two decimals");
		else
			*msg = _("a price in yuan, e.g. 1500 or 99.50");
		return JS_ERR_INVALID;
	}
	if (v > GIG_PRICE_MAX || (v < GIG_PRICE_MIN && !(allow_zero && v == 0))) {
		*msg = allow_zero ? _("from ¥0 to ¥1,000,000") : _("from ¥1 to ¥1,000,000");
		return JS_ERR_INVALID;
	}
	*out = v;
	return 0;
}

int
gig_ui_parse_int(const char *s, int lo, int hi, int *out, const char **msg)
{
	static char m[96];
	char buf[32], *end;
	long v;

	s = trim(s, buf, sizeof buf);
	snprintf(m, sizeof m, _("a whole number from %d to %d"), lo, hi);
	*msg = m;
	if (*s == '\0' || strspn(s, "-0123456789") != strlen(s))
		return JS_ERR_INVALID;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return JS_ERR_INVALID;
	*out = (int)v;
	return 0;
}

int
gig_ui_parse_revisions(const char *s, int *out, const char **msg)
{
	char buf[32];

	s = trim(s, buf, sizeof buf);
	if (*s == '\0') {
		*out = 0;
		return 0;
	}
	if (strcmp(s, "-1") == 0 || strcmp(s, "不限") == 0 || strcasecmp(s, "unlimited") == 0 ||
	    strcmp(s, _("unlimited")) == 0) {
		*out = -1;
		return 0;
	}
	if (gig_ui_parse_int(s, 0, GIG_REVISIONS_MAX, out, msg) != 0) {
		*msg = _("0 to 99, or \"unlimited\"");
		return JS_ERR_INVALID;
	}
	return 0;
}

void
gig_ui_price_input(int64_t fen, int empty0, char *buf, size_t len)
{
	if (fen == 0 && empty0)
		buf[0] = '\0';
	else if (fen % 100 == 0)
		snprintf(buf, len, "%lld", (long long)(fen / 100));
	else
		money_format_plain(fen, buf, len);
}

void
gig_ui_join(const char *items, size_t stride, size_t n, char *buf, size_t len)
{
	const char *sep = strcmp(i18n_lang(), "en") == 0 ? ", " : "，", *it;
	size_t i, pos = 0, need;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		it = items + i * stride;
		need = (i > 0 ? strlen(sep) : 0) + strlen(it);
		if (pos + need >= len)
			break;                   /* whole items only: never half a character */
		pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", i > 0 ? sep : "", it);
	}
}

static int
is(const struct gig_bad *b, const char *f)
{
	return strcmp(b->field, f) == 0;
}

const char *
gig_ui_bad_text(const struct gig_bad *b, int err)
{
	static char m[256];
	int big = err == JS_ERR_TOO_BIG;

	if (err == JS_ERR_UTF8)
		return _("not valid UTF-8 text");
	if (b == NULL || b->field == NULL)
		return _("not valid");
#define SAY(...) (snprintf(m, sizeof m, __VA_ARGS__), m)
	if (is(b, "title"))
		return SAY(_("%d to %d characters"), GIG_TITLE_MIN, GIG_TITLE_MAX);
	if (is(b, "category"))
		return _("choose a sub-category");
	if (is(b, "description"))
		return big ? SAY(_("at most %d characters"), GIG_DESC_MAX) : _("required");
	if (is(b, "tags"))
		return b->index < 0 ? SAY(_("at most %d tags"), GIG_TAGS_MAX) :
		    SAY(_("each tag at most %d characters"), GIG_TAG_MAX);
	if (is(b, "package"))
		return b->index == GIG_BASIC ? _("the Basic package is required") :
		    b->index == GIG_PREMIUM ? _("fill in name, price and days (Premium needs "
		    "Standard too)") : _("fill in name, price and delivery days");
	if (is(b, "package_name"))
		return big ? SAY(_("at most %d characters"), GIG_PKG_NAME_MAX) : _("required");
	if (is(b, "package_description"))
		return SAY(_("at most %d characters"), GIG_PKG_DESC_MAX);
	if (is(b, "package_price"))
		return _("from ¥1 to ¥1,000,000");
	if (is(b, "package_days"))
		return SAY(_("a whole number from %d to %d"), 1, GIG_DAYS_MAX);
	if (is(b, "package_revisions"))
		return _("0 to 99, or \"unlimited\"");
	if (is(b, "package_features"))
		return b->sub < 0 ? SAY(_("at most %d items"), GIG_FEATURES_MAX) :
		    SAY(_("each item at most %d characters"), GIG_FEATURE_MAX);
	if (is(b, "extras"))
		return SAY(_("at most %d extras"), GIG_EXTRAS_MAX);
	if (is(b, "extra_kind"))
		return _("at most one fast delivery and one extra revision");
	if (is(b, "extra_title"))
		return big ? SAY(_("at most %d characters"), GIG_EXTRA_TITLE_MAX) : _("required");
	if (is(b, "extra_description"))
		return SAY(_("at most %d characters"), GIG_EXTRA_DESC_MAX);
	if (is(b, "extra_price"))
		return _("from ¥0 to ¥1,000,000");
	if (is(b, "extra_days"))
		return _("fast delivery: fewer days than the fastest package (e.g. -2); "
		    "others 0 or more");
	if (is(b, "requirements"))
		return SAY(_("at most %d questions"), GIG_REQS_MAX);
	if (is(b, "requirement_question"))
		return big ? SAY(_("at most %d characters"), GIG_REQ_QUESTION_MAX) : _("required");
	if (is(b, "requirement_kind"))
		return _("not valid");
	if (is(b, "requirement_choices"))
		return SAY(_("2 to %d different choices, each at most %d characters"),
		    GIG_REQ_CHOICES_MAX, GIG_REQ_CHOICE_MAX);
	if (is(b, "media")) {
		if (b->index < 0)
			return SAY(_("at most %d files"), GIG_MEDIA_MAX);
		switch (err) {
		case JS_ERR_NOT_FOUND: return _("this upload no longer exists");
		case JS_ERR_PERM: return _("not one of your uploads");
		case JS_ERR_STATE: return _("this upload was deleted");
		case JS_ERR_EXISTS: return _("chosen twice");
		default: return _("the cover (the first file) must be an image");
		}
	}
	if (is(b, "faq"))
		return SAY(_("at most %d questions"), GIG_FAQ_MAX);
	if (is(b, "faq_question"))
		return big ? SAY(_("at most %d characters"), GIG_FAQ_Q_MAX) : _("required");
	if (is(b, "faq_answer"))
		return big ? SAY(_("at most %d characters"), GIG_FAQ_A_MAX) : _("required");
#undef SAY
	return _("not valid");
}
