/* i18n.h: message catalogs (gettext domain "jishi"), the session's language, and dates
 * and other locale-dependent formats. */
#ifndef JS_I18N_H
#define JS_I18N_H

#include <libintl.h>
#include <stddef.h>
#include <time.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Bind the "jishi" domain: $JISHI_LOCALEDIR, else the installed directory if it holds
 * the catalogs, else the build tree. Call after setlocale(LC_ALL, "C.UTF-8"). */
void i18n_init(void);
/* Switch the message language ("zh_CN" or "en"; anything else is zh_CN) at once:
 * strings looked up after this call come from the new catalog. */
void i18n_set_lang(const char *lang);
/* The current language: "zh_CN" or "en". */
const char *i18n_lang(void);
/* The language for a new account from the client's LANG: en* -> en, else zh_CN. */
const char *i18n_lang_from_hint(const char *hint);
/* A date in the current language: "2026年11月27日" / "27 Nov 2026" (local time). */
void i18n_date(time_t t, char *buf, size_t len);

#endif
