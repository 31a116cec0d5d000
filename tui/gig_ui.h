/* gig_ui.h: how the gig screens show and read gig values in the user's language:
 * status badges, prices, days, revisions, ratings, category names, the checks of typed
 * prices and numbers, and the text of a validation error (struct gig_bad). */
#ifndef JS_GIG_UI_H
#define JS_GIG_UI_H

#include <stddef.h>
#include <stdint.h>

#include "gig.h"
#include "theme.h"

/* "草稿" / "Draft" ... for a stored status; the role to draw its badge with. */
const char *gig_ui_status(const char *status);
enum trole gig_ui_status_role(const char *status);

/* Localized display pieces into buf: "¥1,500" (no ".00" for whole yuan), "7天" /
 * "7 days", "不限" / "unlimited", "4.9 (12)" or "New", "1小时内" / "within 1 hour". */
void gig_ui_price(int64_t fen, char *buf, size_t len);
void gig_ui_days(int days, char *buf, size_t len);
void gig_ui_revisions(int revisions, char *buf, size_t len);
/* "2 revisions" / "unlimited revisions" ("修改 2 次" / "不限修改次数"). */
void gig_ui_revisions_long(int revisions, char *buf, size_t len);
/* An extra's change of the delivery time: "2 days faster", "1 more day", "" for 0. */
void gig_ui_extra_days(int days, char *buf, size_t len);
void gig_ui_rating(int avg_x100, int64_t count, char *buf, size_t len);
void gig_ui_response(int64_t secs, char *buf, size_t len);
/* The name for the session's language (zh or en, falling back to the other). */
const char *gig_ui_name(const char *zh, const char *en);
/* A tier's display name: "基础版" / "Basic" ... */
const char *gig_ui_tier(enum gig_tier t);

/*
 * Read what was typed in a form field. 0 with *out set, or JS_ERR_INVALID with *msg a
 * translated reason to show beside the field ("最多两位小数", "1 to 365" ...).
 * Prices are yuan (money_parse: "1500", "¥1,500.50") within GIG_PRICE_MIN..MAX unless
 * allow_zero (extras may be free). Empty text: *out = 0 and 0 only where zero is fine.
 * Revisions: a number 0..GIG_REVISIONS_MAX, or -1 / "不限" / "unlimited" for -1.
 */
int gig_ui_parse_price(const char *s, int allow_zero, int64_t *out, const char **msg);
int gig_ui_parse_int(const char *s, int lo, int hi, int *out, const char **msg);
int gig_ui_parse_revisions(const char *s, int *out, const char **msg);
/* The text a field shows for a stored price ("1500", "12.50"; "" for 0 when empty0). */
void gig_ui_price_input(int64_t fen, int empty0, char *buf, size_t len);
/* Join list items with "，" / ", " (tags, features, choices) into buf. */
void gig_ui_join(const char *items, size_t stride, size_t n, char *buf, size_t len);

/* The user-language reason for a validation error of err about bad (never NULL). */
const char *gig_ui_bad_text(const struct gig_bad *bad, int err);

#endif
