/* profile_data.c: loading a whole profile and naming its parts for display. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "profile_data.h"

const char *const profile_providers[PROFILE_PROVIDERS] = {
	"github", "gitee", "weibo", "zhihu", "bilibili", "wechat", "linkedin", "website",
	"other",
};

static const char *const provider_names[PROFILE_PROVIDERS] = {
	N_("GitHub"), N_("Gitee"), N_("Weibo"), N_("Zhihu"), N_("Bilibili"), N_("WeChat"),
	N_("LinkedIn"), N_("Website"), N_("Other"),
};

int
profile_data_load(struct app *a, struct profile_data *d)
{
	int r;

	memset(d, 0, sizeof *d);
	if ((r = profile_get(a->db, a->acct.id, &d->pr)) != 0 ||
	    (r = profile_skills_list(a->db, a->acct.id, d->skills, PROFILE_SKILLS_MAX,
	    &d->nskills)) != 0 ||
	    (r = profile_items_list(a->db, a->acct.id, d->items, PROFILE_PORTFOLIO_MAX,
	    &d->nitems)) != 0 ||
	    (r = profile_social_list(a->db, a->acct.id, d->social, PROFILE_SOCIAL_MAX,
	    &d->nsocial)) != 0)
		return r;
	return 0;
}

void
profile_data_languages(const struct profile *pr, char *buf, size_t len)
{
	/* TRANSLATORS: separator between languages in a list, e.g. ", " or "、" */
	const char *sep = _(", ");
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < pr->n_languages && o < len; i++) {
		int n = snprintf(buf + o, len - o, "%s%s", i > 0 ? sep : "", pr->languages[i]);

		if (n < 0)
			break;
		o += (size_t)n;
	}
}

const char *
profile_skill_name(const struct profile_skill *s)
{
	const char *n = strcmp(i18n_lang(), "en") == 0 ? s->name_en : s->name_zh;

	return n[0] != '\0' ? n : s->name;
}

const char *
profile_provider_name(const char *provider)
{
	int i;

	for (i = 0; i < PROFILE_PROVIDERS; i++)
		if (strcmp(profile_providers[i], provider) == 0)
			return _(provider_names[i]);
	return provider;
}
