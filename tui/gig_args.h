/* gig_args.h: what the gig, search and discovery screens take when they open
 * (app_push's arg). Every arg is read during open and may live on the caller's stack,
 * except the ud of a callback, which must outlive the screen it is given to. */
#ifndef JS_GIG_ARGS_H
#define JS_GIG_ARGS_H

#include <stdint.h>

#include "gig.h"
#include "search.h"

struct app;

/* scr_search: arg may be NULL (empty query, no filter). A query runs at once. */
struct search_open {
	const char *query;
	int64_t category_id;
};

/* scr_gig_filter: the filter and sort to start from; done gets the new ones and
 * returns R_* flags (the dialog then closes). */
struct gig_filter_arg {
	struct search_filter f;
	enum search_sort sort;
	int (*done)(struct app *a, void *ud, const struct search_filter *f,
	            enum search_sort sort);
	void *ud;
};

/* scr_gig_list: which list to show. */
enum gig_list_kind { GL_CATEGORY, GL_TRENDING, GL_RECENT, GL_RECOMMENDED, GL_FAVORITES };
struct gig_list_arg {
	enum gig_list_kind kind;
	int64_t category_id;         /* GL_CATEGORY, GL_TRENDING (0: all) */
	const char *title;           /* translated text shown above the list; may be NULL */
};

/* scr_gig_page: the gig to show. */
struct gig_page_arg {
	int64_t gig_id;
};

/* scr_gig_edit: gig_id 0 creates a new gig. */
struct gig_edit_arg {
	int64_t gig_id;
};

/* scr_gig_item: edit one list item of a gig's content in place (extras, requirements,
 * FAQ). index may be c->n_xxx (a new item, appended on OK). done runs after OK with the
 * item stored (R_* flags); the dialog then closes. */
enum gig_item_kind { GI_EXTRA, GI_REQ, GI_FAQ };
struct gig_item_arg {
	enum gig_item_kind kind;
	struct gig_content *c;       /* borrowed: the editor's content */
	size_t index;
	int (*done)(struct app *a, void *ud);
	void *ud;
};

/* scr_gig_dash: gig_id 0 shows every gig of the seller; else that gig is selected. */
struct gig_dash_arg {
	int64_t gig_id;
};

#endif
