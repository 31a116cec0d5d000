/* screens.c: the table of screens. */
#include <stddef.h>
#include <string.h>

#include "screens.h"

const struct screen *const screens[] = {
	&scr_welcome, &scr_signup, &scr_link, &scr_home, &scr_profile, &scr_profile_edit,
	&scr_skills, &scr_portfolio, &scr_item_edit, &scr_social, &scr_settings,
	&scr_password, &scr_keys, &scr_linkcode, &scr_about, &scr_keyhelp, &scr_confirm,
	&scr_prompt, &scr_prompt_area, &scr_minsize, &scr_search, &scr_gig_filter, &scr_categories,
	&scr_gig_list, &scr_gig_page, &scr_gig_mine, &scr_gig_edit, &scr_gig_item,
	&scr_gig_dash, &scr_filepick, &scr_order_new, &scr_order_reqs, &scr_order_page,
	&scr_order_act, &scr_orders, &scr_wallet, &scr_offers, &scr_offer_new,
	&scr_disputes, &scr_dispute_resolve, NULL,
};

const struct screen *
screen_by_name(const char *name)
{
	size_t i;

	for (i = 0; screens[i] != NULL; i++)
		if (strcmp(screens[i]->name, name) == 0)
			return screens[i];
	return NULL;
}
