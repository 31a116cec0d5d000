/* demo_gigs_data.h: the data tables behind `jishictl seed-demo`'s gigs and sellers
 * (shared/demo_gigs_data.c); read only by demo_seed.c. */
#ifndef JS_DEMO_GIGS_DATA_H
#define JS_DEMO_GIGS_DATA_H

#include <stddef.h>
#include <stdint.h>

/* A demo seller: a users row, its profile and a 'new' reputation row. */
struct demo_seller {
	const char *handle, *name, *locale;
	const char *location, *headline, *bio;
	const char *languages;            /* as typed: "中文，English" */
};

struct demo_req {
	const char *question, *kind;      /* kind: text | choice | attachment */
	const char *choices;              /* choice: "a,b,c" */
	int required;
};

struct demo_faq {
	const char *q, *a;
};

/* What every gig of one sub-category in one language shares. */
struct demo_lang_tpl {
	const char *pkg_names[3];         /* basic, standard, premium */
	const char *desc[3];              /* opening paragraphs; a gig takes one */
	const char *features[3];          /* per tier, items separated by ';' */
	struct demo_req reqs[3];          /* NULL question ends the list */
	struct demo_faq faq[2];
	const char *extra_title, *extra_desc;   /* the custom extra */
};

struct demo_cat_tpl {
	const char *slug;
	struct demo_lang_tpl zh, en;
};

/* One gig: a title in Chinese (or English: the template's en half is used), tags
 * "a,b,c", prices in yuan and delivery days of the three packages. desc and pkgs
 * (package names "a,b,c") override the template when not NULL. */
struct demo_gig_row {
	const char *seller, *category, *title, *tags;
	int price[3];
	int days[3];
	const char *desc, *pkgs;
};

/* Closing paragraphs appended to a description, by language. */
extern const char *const demo_closing_zh[3];
extern const char *const demo_closing_en[2];

extern const struct demo_seller demo_sellers[];
extern const size_t demo_sellers_n;
extern const struct demo_cat_tpl demo_cat_tpls[];
extern const size_t demo_cat_tpls_n;
extern const struct demo_gig_row demo_gig_rows[];
extern const size_t demo_gig_rows_n;

#endif
