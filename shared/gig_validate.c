/* gig_validate.c: checking and tidying a gig's content before it is written; list parsing. */
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "account.h"
#include "err.h"
#include "gig.h"
#include "gig_impl.h"
#include "utf8.h"

static const char *const extra_kinds[] = { "fast_delivery", "extra_revision", "custom" };
static const char *const req_kinds[] = { "text", "choice", "attachment" };

void
gig_bad_set(struct gig_bad *bad, const char *field, int index, int sub)
{
	if (bad == NULL)
		return;
	bad->field = field;
	bad->index = index;
	bad->sub = sub;
}

static size_t
char_count(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * account_text_clean of a fixed-size input buffer into a fixed-size output buffer,
 * with at least min_chars characters (JS_ERR_INVALID below). An input without its NUL
 * inside the buffer is JS_ERR_TOO_BIG.
 */
static int
clean_into(const char *in, size_t insize, size_t max_chars, size_t min_chars,
    int multiline, char *dst, size_t dstsize)
{
	char *out;
	int r;

	if (strnlen(in, insize) == insize)
		return JS_ERR_TOO_BIG;
	if ((r = account_text_clean(in, max_chars, multiline, &out)) != 0)
		return r;
	if (char_count(out) < min_chars)
		r = JS_ERR_INVALID;
	else if (strlen(out) >= dstsize)
		r = JS_ERR_TOO_BIG;         /* cannot happen: max_chars * 4 + 1 bytes */
	else
		memcpy(dst, out, strlen(out) + 1);
	free(out);
	return r;
}

#define CLEAN(in, max, min, ml, dst) \
	clean_into((in), sizeof(in), (max), (min), (ml), (dst), sizeof(dst))

static int
kind_index(const char *kind, size_t kindsize, const char *const *kinds, size_t n)
{
	size_t i;

	if (strnlen(kind, kindsize) == kindsize)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return (int)i;
	return -1;
}

/* NFKC + case folding (the search module's normal form): "Ｌｏｇｏ" -> "logo". */
static int
tag_fold(const char *in, char *out, size_t outsize)
{
	UChar src[GIG_TAG_MAX * 2 + 2], dst[GIG_TAG_MAX * 8 + 8];
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nf;
	int32_t slen, dlen, olen;

	u_strFromUTF8(src, (int32_t)(sizeof src / sizeof src[0]), &slen, in, -1, &e);
	if (U_FAILURE(e))
		return JS_ERR_UTF8;
	nf = unorm2_getNFKCCasefoldInstance(&e);
	if (U_FAILURE(e))
		return JS_ERR_IO;
	dlen = unorm2_normalize(nf, src, slen, dst, (int32_t)(sizeof dst / sizeof dst[0]), &e);
	if (e == U_BUFFER_OVERFLOW_ERROR)
		return JS_ERR_TOO_BIG;
	if (U_FAILURE(e))
		return JS_ERR_INVALID;
	u_strToUTF8(out, (int32_t)outsize, &olen, dst, dlen, &e);
	if (e == U_BUFFER_OVERFLOW_ERROR || e == U_STRING_NOT_TERMINATED_WARNING)
		return JS_ERR_TOO_BIG;
	if (U_FAILURE(e))
		return JS_ERR_INVALID;
	return char_count(out) > GIG_TAG_MAX ? JS_ERR_TOO_BIG : 0;
}

static int
clean_tags(const struct gig_content *in, struct gig_content *out, struct gig_bad *bad)
{
	char one[GIG_TAG_MAX * 4 + 1], folded[GIG_TAG_MAX * 4 + 1];
	size_t i, j;
	int r;

	if (in->n_tags > GIG_TAGS_MAX)
		return gig_bad_set(bad, "tags", -1, -1), JS_ERR_TOO_BIG;
	out->n_tags = 0;
	for (i = 0; i < in->n_tags; i++) {
		if ((r = CLEAN(in->tags[i], GIG_TAG_MAX, 0, 0, one)) != 0)
			return gig_bad_set(bad, "tags", (int)i, -1), r;
		if (one[0] == '\0')
			continue;
		if (strchr(one, ',') != NULL || strstr(one, "，") != NULL ||
		    strstr(one, "、") != NULL)
			return gig_bad_set(bad, "tags", (int)i, -1), JS_ERR_INVALID;
		if ((r = tag_fold(one, folded, sizeof folded)) != 0)
			return gig_bad_set(bad, "tags", (int)i, -1), r;
		if (folded[0] == '\0')
			continue;
		for (j = 0; j < out->n_tags; j++)
			if (strcmp(out->tags[j], folded) == 0)
				break;
		if (j == out->n_tags)
			memcpy(out->tags[out->n_tags++], folded, strlen(folded) + 1);
	}
	return 0;
}

static int
pkg_is_present(const struct gig_package *p)
{
	return p->present || p->name[0] != '\0' || p->description[0] != '\0' ||
	    p->price != 0 || p->delivery_days != 0 || p->n_features > 0;
}

static int
clean_package(const struct gig_package *in, struct gig_package *out, int t,
    struct gig_bad *bad)
{
	char one[GIG_FEATURE_MAX * 4 + 1];
	size_t i;
	int r;

	out->present = 1;
	if ((r = CLEAN(in->name, GIG_PKG_NAME_MAX, 1, 0, out->name)) != 0)
		return gig_bad_set(bad, "package_name", t, -1), r;
	if ((r = CLEAN(in->description, GIG_PKG_DESC_MAX, 0, 1, out->description)) != 0)
		return gig_bad_set(bad, "package_description", t, -1), r;
	if (in->price < GIG_PRICE_MIN || in->price > GIG_PRICE_MAX)
		return gig_bad_set(bad, "package_price", t, -1), JS_ERR_INVALID;
	out->price = in->price;
	if (in->delivery_days < 1 || in->delivery_days > GIG_DAYS_MAX)
		return gig_bad_set(bad, "package_days", t, -1), JS_ERR_INVALID;
	out->delivery_days = in->delivery_days;
	if (in->revisions < -1 || in->revisions > GIG_REVISIONS_MAX)
		return gig_bad_set(bad, "package_revisions", t, -1), JS_ERR_INVALID;
	out->revisions = in->revisions;
	if (in->n_features > GIG_FEATURES_MAX)
		return gig_bad_set(bad, "package_features", t, -1), JS_ERR_TOO_BIG;
	out->n_features = 0;
	for (i = 0; i < in->n_features; i++) {
		if ((r = CLEAN(in->features[i], GIG_FEATURE_MAX, 0, 0, one)) != 0)
			return gig_bad_set(bad, "package_features", t, (int)i), r;
		if (one[0] != '\0')
			memcpy(out->features[out->n_features++], one, strlen(one) + 1);
	}
	return 0;
}

static int
clean_packages(const struct gig_content *in, struct gig_content *out, struct gig_bad *bad)
{
	int t, r;

	if (!pkg_is_present(&in->pkg[GIG_BASIC]))
		return gig_bad_set(bad, "package", GIG_BASIC, -1), JS_ERR_INVALID;
	for (t = 0; t < GIG_TIERS; t++)
		if (pkg_is_present(&in->pkg[t]) &&
		    (r = clean_package(&in->pkg[t], &out->pkg[t], t, bad)) != 0)
			return r;
	if (out->pkg[GIG_PREMIUM].present && !out->pkg[GIG_STANDARD].present)
		return gig_bad_set(bad, "package", GIG_STANDARD, -1), JS_ERR_INVALID;
	return 0;
}

void
gig_derive(const struct gig_content *c, int64_t *price_from, int *days_min)
{
	int t, first = 1;

	*price_from = 0;
	*days_min = 0;
	for (t = 0; t < GIG_TIERS; t++) {
		if (!c->pkg[t].present)
			continue;
		if (first || c->pkg[t].price < *price_from)
			*price_from = c->pkg[t].price;
		if (first || c->pkg[t].delivery_days < *days_min)
			*days_min = c->pkg[t].delivery_days;
		first = 0;
	}
}

static int
clean_extras(const struct gig_content *in, struct gig_content *out, struct gig_bad *bad)
{
	int64_t price_from;
	int days_min, k, seen[2] = { 0, 0 }, r;
	size_t i;

	if (in->n_extras > GIG_EXTRAS_MAX)
		return gig_bad_set(bad, "extras", -1, -1), JS_ERR_TOO_BIG;
	gig_derive(out, &price_from, &days_min);
	for (i = 0; i < in->n_extras; i++) {
		const struct gig_extra *e = &in->extras[i];
		struct gig_extra *o = &out->extras[i];
		int idx = (int)i;

		k = kind_index(e->kind, sizeof e->kind, extra_kinds, 3);
		if (k < 0 || (k < 2 && seen[k]++))
			return gig_bad_set(bad, "extra_kind", idx, -1), JS_ERR_INVALID;
		memcpy(o->kind, extra_kinds[k], strlen(extra_kinds[k]) + 1);
		if ((r = CLEAN(e->title, GIG_EXTRA_TITLE_MAX, 1, 0, o->title)) != 0)
			return gig_bad_set(bad, "extra_title", idx, -1), r;
		if ((r = CLEAN(e->description, GIG_EXTRA_DESC_MAX, 0, 1, o->description)) != 0)
			return gig_bad_set(bad, "extra_description", idx, -1), r;
		if (e->price < 0 || e->price > GIG_PRICE_MAX)
			return gig_bad_set(bad, "extra_price", idx, -1), JS_ERR_INVALID;
		o->price = e->price;
		if (k == 0 ? (e->added_days > 0 || e->added_days < 1 - days_min) :
		    (e->added_days < 0 || e->added_days > GIG_DAYS_MAX))
			return gig_bad_set(bad, "extra_days", idx, -1), JS_ERR_INVALID;
		o->added_days = e->added_days;
	}
	out->n_extras = in->n_extras;
	return 0;
}

static int
clean_reqs(const struct gig_content *in, struct gig_content *out, struct gig_bad *bad)
{
	size_t i, j, m;
	int k, r;

	if (in->n_reqs > GIG_REQS_MAX)
		return gig_bad_set(bad, "requirements", -1, -1), JS_ERR_TOO_BIG;
	for (i = 0; i < in->n_reqs; i++) {
		const struct gig_requirement *q = &in->reqs[i];
		struct gig_requirement *o = &out->reqs[i];
		int idx = (int)i;

		if ((r = CLEAN(q->question, GIG_REQ_QUESTION_MAX, 1, 1, o->question)) != 0)
			return gig_bad_set(bad, "requirement_question", idx, -1), r;
		if ((k = kind_index(q->kind, sizeof q->kind, req_kinds, 3)) < 0)
			return gig_bad_set(bad, "requirement_kind", idx, -1), JS_ERR_INVALID;
		memcpy(o->kind, req_kinds[k], strlen(req_kinds[k]) + 1);
		o->required = q->required != 0;
		if (q->n_choices > GIG_REQ_CHOICES_MAX)
			return gig_bad_set(bad, "requirement_choices", idx, -1), JS_ERR_TOO_BIG;
		if (k != 1 && q->n_choices != 0)
			return gig_bad_set(bad, "requirement_choices", idx, -1), JS_ERR_INVALID;
		for (j = 0, m = 0; j < q->n_choices; j++) {
			if ((r = CLEAN(q->choices[j], GIG_REQ_CHOICE_MAX, 0, 0,
			    o->choices[m])) != 0)
				return gig_bad_set(bad, "requirement_choices", idx, (int)j), r;
			if (o->choices[m][0] == '\0')
				continue;
			for (size_t p = 0; p < m; p++)
				if (strcmp(o->choices[p], o->choices[m]) == 0)
					return gig_bad_set(bad, "requirement_choices", idx, (int)j),
					    JS_ERR_INVALID;
			m++;
		}
		o->n_choices = m;
		if (k == 1 && m < 2)
			return gig_bad_set(bad, "requirement_choices", idx, -1), JS_ERR_INVALID;
	}
	out->n_reqs = in->n_reqs;
	return 0;
}

static int
clean_media_faq(const struct gig_content *in, struct gig_content *out, struct gig_bad *bad)
{
	size_t i, j;
	int r;

	if (in->n_media > GIG_MEDIA_MAX)
		return gig_bad_set(bad, "media", -1, -1), JS_ERR_TOO_BIG;
	for (i = 0; i < in->n_media; i++) {
		if (in->media[i].upload_id <= 0)
			return gig_bad_set(bad, "media", (int)i, -1), JS_ERR_NOT_FOUND;
		for (j = 0; j < i; j++)
			if (in->media[j].upload_id == in->media[i].upload_id)
				return gig_bad_set(bad, "media", (int)i, -1), JS_ERR_EXISTS;
		out->media[i].upload_id = in->media[i].upload_id;
		out->media[i].is_cover = i == 0;
	}
	out->n_media = in->n_media;
	if (in->n_faq > GIG_FAQ_MAX)
		return gig_bad_set(bad, "faq", -1, -1), JS_ERR_TOO_BIG;
	for (i = 0; i < in->n_faq; i++) {
		if ((r = CLEAN(in->faq[i].question, GIG_FAQ_Q_MAX, 1, 0,
		    out->faq[i].question)) != 0)
			return gig_bad_set(bad, "faq_question", (int)i, -1), r;
		if ((r = CLEAN(in->faq[i].answer, GIG_FAQ_A_MAX, 1, 1, out->faq[i].answer)) != 0)
			return gig_bad_set(bad, "faq_answer", (int)i, -1), r;
	}
	out->n_faq = in->n_faq;
	return 0;
}

int
gig_clean(const struct gig_content *in, struct gig_content *out, struct gig_bad *bad)
{
	int r;

	gig_bad_set(bad, NULL, -1, -1);
	memset(out, 0, sizeof *out);
	if ((r = CLEAN(in->title, GIG_TITLE_MAX, GIG_TITLE_MIN, 0, out->title)) != 0)
		return gig_bad_set(bad, "title", -1, -1), r;
	if (in->category_id <= 0)
		return gig_bad_set(bad, "category", -1, -1), JS_ERR_INVALID;
	out->category_id = in->category_id;
	if ((r = CLEAN(in->description, GIG_DESC_MAX, 1, 1, out->description)) != 0)
		return gig_bad_set(bad, "description", -1, -1), r;
	if ((r = clean_tags(in, out, bad)) != 0 || (r = clean_packages(in, out, bad)) != 0 ||
	    (r = clean_extras(in, out, bad)) != 0 || (r = clean_reqs(in, out, bad)) != 0 ||
	    (r = clean_media_faq(in, out, bad)) != 0)
		return r;
	return 0;
}

int
gig_validate(const struct gig_content *c, struct gig_bad *bad)
{
	struct gig_content *tmp;
	int r;

	gig_bad_set(bad, NULL, -1, -1);
	if (c == NULL)
		return JS_ERR_INVALID;
	if ((tmp = malloc(sizeof *tmp)) == NULL)
		return JS_ERR_NOMEM;
	r = gig_clean(c, tmp, bad);
	free(tmp);
	return r;
}

/* ---- splitting a typed line into items ---- */

/* Length of a separator at p (0: none). */
static size_t
sep_len(const char *p, int semicolons)
{
	if (*p == ',' || *p == '\n' || (semicolons && *p == ';'))
		return 1;
	if (strncmp(p, "，", 3) == 0 || strncmp(p, "、", 3) == 0 ||
	    (semicolons && strncmp(p, "；", 3) == 0))
		return 3;
	return 0;
}

/* Split line into items of itemsize bytes at out (max of them), trimming ASCII spaces
 * and dropping empty items. */
static int
split_items(const char *line, int semicolons, char *out, size_t itemsize, size_t max,
    size_t *n)
{
	const char *p = line, *start = line, *a, *b;
	size_t sep;
	int r = 0;

	*n = 0;
	if (line == NULL)
		return 0;
	for (;; p++) {
		if ((sep = sep_len(p, semicolons)) == 0 && *p != '\0')
			continue;
		for (a = start, b = p; a < b && (*a == ' ' || *a == '\t' || *a == '\r'); a++)
			;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
			b--;
		if (b > a) {
			if (*n == max || (size_t)(b - a) >= itemsize)
				r = JS_ERR_TOO_BIG;
			else {
				memcpy(out + *n * itemsize, a, (size_t)(b - a));
				out[*n * itemsize + (size_t)(b - a)] = '\0';
				(*n)++;
			}
		}
		if (*p == '\0')
			break;
		p += sep - 1;
		start = p + 1;
	}
	return r;
}

int
gig_tags_parse(const char *line, struct gig_content *c)
{
	return split_items(line, 0, c->tags[0], sizeof c->tags[0], GIG_TAGS_MAX, &c->n_tags);
}

int
gig_choices_parse(const char *line, struct gig_requirement *q)
{
	return split_items(line, 0, q->choices[0], sizeof q->choices[0], GIG_REQ_CHOICES_MAX,
	    &q->n_choices);
}

int
gig_features_parse(const char *line, struct gig_package *p)
{
	return split_items(line, 1, p->features[0], sizeof p->features[0], GIG_FEATURES_MAX,
	    &p->n_features);
}
