/* i18n.c: gettext binding, per-session language switching, date formatting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

/* glibc bumps this when catalogs change; bumping it ourselves makes gettext forget
 * its cached translations after LANGUAGE changed. */
extern int _nl_msg_cat_cntr;

static char cur_lang[8] = "zh_CN";

void
i18n_init(void)
{
	const char *dir = getenv("JISHI_LOCALEDIR");

	if (dir == NULL || *dir == '\0') {
		dir = JISHI_LOCALEDIR;
		if (access(JISHI_LOCALEDIR "/zh_CN/LC_MESSAGES/jishi.mo", R_OK) != 0)
			dir = JISHI_BUILD_LOCALEDIR;
	}
	bindtextdomain("jishi", dir);
	bind_textdomain_codeset("jishi", "UTF-8");
	textdomain("jishi");
}

void
i18n_set_lang(const char *lang)
{
	snprintf(cur_lang, sizeof cur_lang, "%s",
	    lang != NULL && strcmp(lang, "en") == 0 ? "en" : "zh_CN");
	setenv("LANGUAGE", cur_lang, 1);
	++_nl_msg_cat_cntr;
}

const char *
i18n_lang(void)
{
	return cur_lang;
}

const char *
i18n_lang_from_hint(const char *hint)
{
	if (hint != NULL && strncmp(hint, "en", 2) == 0)
		return "en";
	return "zh_CN";
}

void
i18n_date(time_t t, char *buf, size_t len)
{
	static const char *const months[12] = {
		N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
		N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
	};
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "?");
		return;
	}
	/* TRANSLATORS: day, month name, year: "27 Nov 2026"; Chinese: "%3$d年%2$s%1$d日" */
	snprintf(buf, len, _("%1$d %2$s %3$d"), tm.tm_mday, _(months[tm.tm_mon]),
	    tm.tm_year + 1900);
}
