/* test_log.c: level parsing, level filtering and the line format of log.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* Run fn with stderr redirected to a temporary file; return what it wrote. */
static char *
capture(void (*fn)(void))
{
	char path[] = "/tmp/test_log.XXXXXX", *out;
	int fd = mkstemp(path), saved = dup(2);
	long n;
	FILE *f;

	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	f = fdopen(fd, "r");
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	out = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(out, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	unlink(path);
	return out;
}

static void
emit_all(void)
{
	log_debug("hidden debug");
	log_info("shown key=%s n=%d", "值", 42);
	log_warn("a warning");
	log_error("an error");
}

static void
test_level_parse(void **state)
{
	(void)state;
	assert_int_equal(log_level_parse("debug"), LOG_LVL_DEBUG);
	assert_int_equal(log_level_parse("info"), LOG_LVL_INFO);
	assert_int_equal(log_level_parse("warn"), LOG_LVL_WARN);
	assert_int_equal(log_level_parse("error"), LOG_LVL_ERROR);
	assert_int_equal(log_level_parse("verbose"), -1);
	assert_int_equal(log_level_parse(""), -1);
}

static void
test_filter_and_format(void **state)
{
	char *out;

	(void)state;
	log_init("tlog", LOG_LVL_INFO, 0);
	out = capture(emit_all);
	assert_null(strstr(out, "hidden debug"));
	/* "2026-11-27T16:01:02Z tlog[123] info emit_all: shown key=值 n=42" */
	assert_non_null(strstr(out, " info emit_all: shown key=值 n=42\n"));
	assert_non_null(strstr(out, " warn emit_all: a warning\n"));
	assert_non_null(strstr(out, " error emit_all: an error\n"));
	assert_true(out[4] == '-' && out[10] == 'T' && out[19] == 'Z');
	assert_non_null(strstr(out, "tlog["));
	free(out);

	log_set_level(LOG_LVL_ERROR);
	out = capture(emit_all);
	assert_null(strstr(out, "shown"));
	assert_null(strstr(out, "a warning"));
	assert_non_null(strstr(out, "an error"));
	free(out);
}

static void
emit_long(void)
{
	char big[5000];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	log_error("%s", big);
}

/* A line longer than the internal buffer is cut, not overflowed. */
static void
test_long_line_is_cut(void **state)
{
	char *out;

	(void)state;
	log_init("tlog", LOG_LVL_INFO, 0);
	out = capture(emit_long);
	assert_true(strlen(out) < 2200);
	assert_int_equal(out[strlen(out) - 1], '\n');
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_parse),
		cmocka_unit_test(test_filter_and_format),
		cmocka_unit_test(test_long_line_is_cut),
	};

	return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}
