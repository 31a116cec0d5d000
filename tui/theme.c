/* theme.c: colour pairs for UI roles; 256/8-colour palettes and a monochrome fallback. */
#include <string.h>

#include "theme.h"

static attr_t attrs[T_COUNT];
static int mono;
static int colour_started;

enum theme_kind
theme_parse(const char *name)
{
	if (name == NULL)
		return THEME_AUTO;
	if (strcmp(name, "dark") == 0)
		return THEME_DARK;
	if (strcmp(name, "light") == 0)
		return THEME_LIGHT;
	if (strcmp(name, "mono") == 0)
		return THEME_MONO;
	return THEME_AUTO;
}

const char *
theme_name(enum theme_kind k)
{
	static const char *const names[] = { "auto", "dark", "light", "mono" };

	return names[k <= THEME_MONO ? k : THEME_AUTO];
}

/* fg/bg for one role in each palette; -1 is the terminal's default. */
struct pal {
	short fg, bg;
	attr_t extra;
};

/* Index: [theme auto/dark/light][role] for 256 colours. */
static const struct pal pal256[3][T_COUNT] = {
	{ /* auto: mid tones readable on black and on white */
	[T_NORMAL] = { -1, -1, 0 }, [T_STATUS] = { 231, 25, 0 }, [T_BRAND] = { 231, 166, A_BOLD },
	[T_TITLE] = { 31, -1, A_BOLD }, [T_SEL] = { 231, 31, A_BOLD }, [T_KEY] = { 166, -1, A_BOLD },
	[T_HINT] = { -1, -1, 0 }, [T_ERR] = { 160, -1, A_BOLD }, [T_OK] = { 28, -1, A_BOLD },
	[T_WARN] = { 16, 214, A_BOLD }, [T_DIM] = { 244, -1, 0 }, [T_FIELD] = { -1, -1, A_UNDERLINE },
	[T_FIELD_FOCUS] = { 31, -1, A_UNDERLINE | A_BOLD }, [T_BUTTON] = { -1, -1, A_BOLD },
	[T_BUTTON_FOCUS] = { 231, 31, A_BOLD }, [T_BORDER] = { 244, -1, 0 },
	[T_BADGE] = { 231, 160, A_BOLD }, [T_HEAD] = { 31, -1, A_BOLD }, [T_MONEY] = { 28, -1, A_BOLD },
	},
	{ /* dark background */
	[T_NORMAL] = { -1, -1, 0 }, [T_STATUS] = { 255, 238, 0 }, [T_BRAND] = { 16, 214, A_BOLD },
	[T_TITLE] = { 117, -1, A_BOLD }, [T_SEL] = { 16, 117, A_BOLD }, [T_KEY] = { 214, -1, A_BOLD },
	[T_HINT] = { 250, -1, 0 }, [T_ERR] = { 203, -1, A_BOLD }, [T_OK] = { 114, -1, A_BOLD },
	[T_WARN] = { 16, 214, A_BOLD }, [T_DIM] = { 245, -1, 0 }, [T_FIELD] = { 255, 237, 0 },
	[T_FIELD_FOCUS] = { 255, 24, A_BOLD }, [T_BUTTON] = { 255, 238, A_BOLD },
	[T_BUTTON_FOCUS] = { 16, 117, A_BOLD }, [T_BORDER] = { 242, -1, 0 },
	[T_BADGE] = { 231, 160, A_BOLD }, [T_HEAD] = { 117, -1, A_BOLD }, [T_MONEY] = { 114, -1, A_BOLD },
	},
	{ /* light background */
	[T_NORMAL] = { -1, -1, 0 }, [T_STATUS] = { 231, 24, 0 }, [T_BRAND] = { 231, 130, A_BOLD },
	[T_TITLE] = { 24, -1, A_BOLD }, [T_SEL] = { 231, 24, A_BOLD }, [T_KEY] = { 130, -1, A_BOLD },
	[T_HINT] = { 238, -1, 0 }, [T_ERR] = { 124, -1, A_BOLD }, [T_OK] = { 22, -1, A_BOLD },
	[T_WARN] = { 16, 220, A_BOLD }, [T_DIM] = { 242, -1, 0 }, [T_FIELD] = { 16, 254, 0 },
	[T_FIELD_FOCUS] = { 16, 153, A_BOLD }, [T_BUTTON] = { 16, 252, A_BOLD },
	[T_BUTTON_FOCUS] = { 231, 24, A_BOLD }, [T_BORDER] = { 245, -1, 0 },
	[T_BADGE] = { 231, 124, A_BOLD }, [T_HEAD] = { 24, -1, A_BOLD }, [T_MONEY] = { 22, -1, A_BOLD },
	},
};

/* 8 colours: the same for every theme (the 8 basic colours adapt to the terminal). */
static const struct pal pal8[T_COUNT] = {
	[T_NORMAL] = { -1, -1, 0 }, [T_STATUS] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
	[T_BRAND] = { COLOR_BLACK, COLOR_YELLOW, 0 }, [T_TITLE] = { COLOR_CYAN, -1, A_BOLD },
	[T_SEL] = { COLOR_WHITE, COLOR_BLUE, A_BOLD }, [T_KEY] = { COLOR_YELLOW, -1, A_BOLD },
	[T_HINT] = { -1, -1, 0 }, [T_ERR] = { COLOR_RED, -1, A_BOLD },
	[T_OK] = { COLOR_GREEN, -1, A_BOLD }, [T_WARN] = { COLOR_BLACK, COLOR_YELLOW, 0 },
	[T_DIM] = { -1, -1, 0 }, [T_FIELD] = { -1, -1, A_UNDERLINE },
	[T_FIELD_FOCUS] = { COLOR_CYAN, -1, A_UNDERLINE | A_BOLD }, [T_BUTTON] = { -1, -1, A_BOLD },
	[T_BUTTON_FOCUS] = { COLOR_WHITE, COLOR_BLUE, A_BOLD }, [T_BORDER] = { -1, -1, 0 },
	[T_BADGE] = { COLOR_WHITE, COLOR_RED, A_BOLD }, [T_HEAD] = { COLOR_CYAN, -1, A_BOLD },
	[T_MONEY] = { COLOR_GREEN, -1, A_BOLD },
};

/* Monochrome: attributes only; selection and focus never rely on colour anyway. */
static const attr_t attr_mono[T_COUNT] = {
	[T_NORMAL] = 0, [T_STATUS] = A_REVERSE, [T_BRAND] = A_BOLD, [T_TITLE] = A_BOLD,
	[T_SEL] = A_REVERSE, [T_KEY] = A_BOLD, [T_HINT] = 0, [T_ERR] = A_BOLD,
	[T_OK] = A_BOLD, [T_WARN] = A_REVERSE | A_BOLD, [T_DIM] = 0,
	[T_FIELD] = A_UNDERLINE, [T_FIELD_FOCUS] = A_UNDERLINE | A_BOLD, [T_BUTTON] = A_BOLD,
	[T_BUTTON_FOCUS] = A_REVERSE | A_BOLD, [T_BORDER] = 0, [T_BADGE] = A_REVERSE,
	[T_HEAD] = A_BOLD | A_UNDERLINE, [T_MONEY] = A_BOLD,
};

void
theme_apply(enum theme_kind kind, int no_color)
{
	const struct pal *p;
	int i;

	mono = no_color || kind == THEME_MONO || !has_colors();
	if (!mono && !colour_started) {
		/* the palettes draw on the terminal's own background (-1) */
		if (start_color() == ERR || use_default_colors() == ERR)
			colour_started = -1;
		else
			colour_started = 1;
	}
	if (colour_started < 0)
		mono = 1;
	if (mono || COLOR_PAIRS < T_COUNT + 1) {
		mono = 1;
		memcpy(attrs, attr_mono, sizeof attrs);
		return;
	}
	for (i = 0; i < T_COUNT; i++) {
		p = COLORS >= 256 ? &pal256[kind == THEME_MONO ? 0 : kind][i] : &pal8[i];
		if (p->fg == -1 && p->bg == -1) {
			attrs[i] = p->extra;
			continue;
		}
		init_pair((short)(i + 1), p->fg, p->bg);
		attrs[i] = COLOR_PAIR(i + 1) | p->extra;
	}
}

attr_t
theme_attr(enum trole r)
{
	return r < T_COUNT ? attrs[r] : 0;
}

int
theme_is_mono(void)
{
	return mono;
}
