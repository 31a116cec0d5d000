/* err.c: texts for the JS_ERR_* codes. */
#include "err.h"

static const char *const err_text[] = {
	"success",
	"out of memory",
	"invalid input",
	"not found",
	"already exists",
	"idempotency key reused with a different request",
	"insufficient funds",
	"database error",
	"busy, try again",
	"number out of range",
	"permission denied",
	"not allowed in the current state",
	"input/output error",
	"configuration error",
	"input too large",
	"invalid UTF-8",
	"currency mismatch",
	"postings do not sum to zero",
	"constraint violated",
};

const char *
js_strerror(int err)
{
	int i = -err;

	if (i < 0 || i >= (int)(sizeof err_text / sizeof err_text[0]))
		return "unknown error";
	return err_text[i];
}
