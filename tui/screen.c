/* screen.c: the screen stack: push, pop, and applying handler result flags. */
#include <stddef.h>

#include "err.h"
#include "screen.h"

int
screen_stack_push(struct screen_stack *s, const struct screen *scr, void *st)
{
	if (s->n >= SCREEN_STACK_MAX)
		return JS_ERR_TOO_BIG;
	s->v[s->n].scr = scr;
	s->v[s->n].st = st;
	s->n++;
	return 0;
}

struct screen_inst *
screen_stack_top(struct screen_stack *s)
{
	return s->n > 0 ? &s->v[s->n - 1] : NULL;
}

int
screen_stack_base(const struct screen_stack *s)
{
	int i = s->n - 1;

	while (i > 0 && (s->v[i].scr->flags & SCREEN_OVERLAY))
		i--;
	return i;
}

int
screen_stack_find(const struct screen_stack *s, const struct screen *scr)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].scr == scr)
			return i;
	return -1;
}

int
screen_stack_apply(struct screen_stack *s, int flags, screen_close_fn close_fn, void *ud)
{
	if (!(flags & R_POP))
		return flags;
	flags &= ~R_POP;
	if (s->n <= 1)
		return flags | R_BREAK_LOOP;
	if (close_fn != NULL)
		close_fn(ud, &s->v[s->n - 1]);
	s->n--;
	return flags | R_REDRAW | R_RESUMED;
}
