/* profile_data.h: everything a profile screen shows, loaded in one go, and the display
 * names of its parts in the current language. */
#ifndef JS_PROFILE_DATA_H
#define JS_PROFILE_DATA_H

#include <stddef.h>

#include "profile.h"

struct app;

struct profile_data {
	struct profile pr;
	struct profile_skill skills[PROFILE_SKILLS_MAX];
	size_t nskills;
	struct profile_item items[PROFILE_PORTFOLIO_MAX];
	size_t nitems;
	struct profile_social social[PROFILE_SOCIAL_MAX];
	size_t nsocial;
};

/* Load the signed-in user's profile, skills, portfolio and links. 0 or JS_ERR_*. */
int profile_data_load(struct app *a, struct profile_data *d);
/* A profile's languages joined with the separator of the current language. */
void profile_data_languages(const struct profile *pr, char *buf, size_t len);
/* A skill's name in the current language. */
const char *profile_skill_name(const struct profile_skill *s);

/* The providers of social links, in the order of profile.h, and their shown names. */
#define PROFILE_PROVIDERS 9
extern const char *const profile_providers[PROFILE_PROVIDERS];
const char *profile_provider_name(const char *provider);

#endif
