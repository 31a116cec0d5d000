/* test_tui_screen.c: unit tests for the screen stack, handler flags, key tables and the
 * escape-sequence filter (tui/screen.c, keymap.c, keyseq.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "err.h"
#include "keymap.h"
#include "keys.h"
#include "keyseq.h"
#include "screen.h"

static const struct screen s_root = { .name = "root" };
static const struct screen s_form = { .name = "form" };
static const struct screen s_help = { .name = "help", .flags = SCREEN_OVERLAY };

static int closed;
static const struct screen *last_closed;

static void
on_close(void *ud, struct screen_inst *inst)
{
	(void)ud;
	closed++;
	last_closed = inst->scr;
}

static void
test_push_pop(void **state)
{
	struct screen_stack s = { 0 };
	int r, i, x = 1;

	(void)state;
	closed = 0;
	assert_null(screen_stack_top(&s));
	assert_int_equal(screen_stack_push(&s, &s_root, &x), 0);
	assert_int_equal(screen_stack_push(&s, &s_form, NULL), 0);
	assert_ptr_equal(screen_stack_top(&s)->scr, &s_form);
	assert_int_equal(screen_stack_find(&s, &s_root), 0);
	assert_int_equal(screen_stack_find(&s, &s_help), -1);
	/* flags without R_POP pass through untouched */
	assert_int_equal(screen_stack_apply(&s, R_HANDLED | R_REDRAW, on_close, NULL),
	    R_HANDLED | R_REDRAW);
	assert_int_equal(s.n, 2);
	/* R_POP closes the top and reports a redraw and a resumed screen */
	r = screen_stack_apply(&s, R_HANDLED | R_POP, on_close, NULL);
	assert_int_equal(r, R_HANDLED | R_REDRAW | R_RESUMED);
	assert_int_equal(s.n, 1);
	assert_int_equal(closed, 1);
	assert_ptr_equal(last_closed, &s_form);
	assert_ptr_equal(screen_stack_top(&s)->st, &x);
	/* popping the last screen quits instead */
	r = screen_stack_apply(&s, R_HANDLED | R_POP, on_close, NULL);
	assert_int_equal(r, R_HANDLED | R_BREAK_LOOP);
	assert_int_equal(s.n, 1);
	assert_int_equal(closed, 1);
	/* bounded */
	for (i = 1; i < SCREEN_STACK_MAX; i++)
		assert_int_equal(screen_stack_push(&s, &s_form, NULL), 0);
	assert_int_equal(screen_stack_push(&s, &s_form, NULL), JS_ERR_TOO_BIG);
	assert_int_equal(s.n, SCREEN_STACK_MAX);
}

static void
test_overlay_base(void **state)
{
	struct screen_stack s = { 0 };

	(void)state;
	screen_stack_push(&s, &s_root, NULL);
	assert_int_equal(screen_stack_base(&s), 0);
	screen_stack_push(&s, &s_form, NULL);
	assert_int_equal(screen_stack_base(&s), 1);
	screen_stack_push(&s, &s_help, NULL);
	assert_int_equal(screen_stack_base(&s), 1);      /* drawn over the form */
	screen_stack_push(&s, &s_help, NULL);
	assert_int_equal(screen_stack_base(&s), 1);
	screen_stack_apply(&s, R_POP, NULL, NULL);
	screen_stack_apply(&s, R_POP, NULL, NULL);
	assert_int_equal(screen_stack_base(&s), 1);
}

static int
fn_a(struct app *a, void *st, int key)
{
	(void)a;
	(void)st;
	return key == 'j' ? R_HANDLED | R_REDRAW : R_HANDLED;
}

static const struct keybind table[] = {
	{ 'j', fn_a, "j/k", "move", KB_HINT },
	{ 'k', fn_a, NULL, NULL, 0 },
	{ TK(KEY_DOWN), fn_a, NULL, NULL, 0 },
	{ TK_ENTER, fn_a, "Enter", "open", 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

static void
test_keymap(void **state)
{
	const struct keybind *kb;

	(void)state;
	assert_non_null(kb = keymap_find(table, 'j'));
	assert_int_equal(kb->fn(NULL, NULL, 'j'), R_HANDLED | R_REDRAW);
	assert_ptr_equal(keymap_find(table, TK(KEY_DOWN))->fn, fn_a);
	assert_null(keymap_find(table, 'x'));
	assert_null(keymap_find(NULL, 'j'));
	/* U+0102 (Ă) and KEY_DOWN (0402 = 0x102) must not be confused */
	assert_null(keymap_find(table, 0x102));
	assert_int_equal(keymap_count(table, 0), 2);
	assert_int_equal(keymap_count(table, KB_HINT), 1);
	assert_int_equal(keymap_count(NULL, 0), 0);
	assert_true(TK_IS_CHAR('a'));
	assert_true(TK_IS_CHAR(0x4e2d));
	assert_false(TK_IS_CHAR(TK(KEY_UP)));
	assert_false(TK_IS_CHAR(TK_ESC));
	assert_false(TK_IS_CHAR(0x7f));
}

/* Feed a string of keys, collect what comes out (then the idle flush). */
static int
run(const int *in, size_t n, int *out)
{
	struct keyseq ks = { 0 };
	size_t i;
	int k, m = 0, got[2], j, c;

	for (i = 0; i < n; i++) {
		c = keyseq_feed(&ks, in[i], got);
		assert_true(c >= 0 && c <= 2);
		for (j = 0; j < c; j++)
			out[m++] = got[j];
	}
	if ((k = keyseq_idle(&ks)) != KS_NONE)
		out[m++] = k;
	return m;
}

static void
test_keyseq(void **state)
{
	static const int clear[] = { 27, '[', '2', 'J', 'a' };
	static const int osc[] = { 27, ']', '0', ';', 't', 'i', 7, 'b' };
	static const int osc_st[] = { 27, ']', '2', ';', 'x', 27, '\\', 'c' };
	static const int lone[] = { 27 };
	static const int twice[] = { 27, 27 };
	static const int alt[] = { 27, 'x', 'y' };
	static const int sgr[] = { 27, '[', '3', '8', ';', '5', ';', '1', 'm', 0x4e2d };
	static const int broken[] = { 27, '[', '1', TK(KEY_UP) };
	int out[16], m;

	(void)state;
	m = run(clear, 5, out);                  /* a pasted "clear screen" vanishes */
	assert_int_equal(m, 1);
	assert_int_equal(out[0], 'a');
	m = run(osc, 8, out);
	assert_int_equal(m, 1);
	assert_int_equal(out[0], 'b');
	m = run(osc_st, 8, out);
	assert_int_equal(m, 1);
	assert_int_equal(out[0], 'c');
	m = run(lone, 1, out);                   /* Escape alone is the Esc key */
	assert_int_equal(m, 1);
	assert_int_equal(out[0], TK_ESC);
	m = run(twice, 2, out);
	assert_int_equal(m, 2);
	assert_int_equal(out[0], TK_ESC);
	assert_int_equal(out[1], TK_ESC);
	m = run(alt, 3, out);                    /* a quick Esc then x is both keys */
	assert_int_equal(m, 3);
	assert_int_equal(out[0], TK_ESC);
	assert_int_equal(out[1], 'x');
	assert_int_equal(out[2], 'y');
	m = run(sgr, 10, out);
	assert_int_equal(m, 1);
	assert_int_equal(out[0], 0x4e2d);
	m = run(broken, 4, out);                 /* a function key ends a broken one */
	assert_int_equal(m, 1);
	assert_int_equal(out[0], TK(KEY_UP));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_push_pop),
		cmocka_unit_test(test_overlay_base),
		cmocka_unit_test(test_keymap),
		cmocka_unit_test(test_keyseq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
