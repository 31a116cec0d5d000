/* err.h: the one error-code space of Jishi; every shared/ function returns 0 or one of these. */
#ifndef JS_ERR_H
#define JS_ERR_H

/*
 * Functions in shared/ return int: 0 on success, a negative JS_ERR_* on failure.
 * Results come back through out-pointers. js_strerror() gives a stable English text
 * suitable for logs; user-facing text is translated at the edge.
 */
enum {
	JS_OK = 0,
	JS_ERR_NOMEM = -1,        /* allocation failed */
	JS_ERR_INVALID = -2,      /* malformed argument or input */
	JS_ERR_NOT_FOUND = -3,    /* no such row / key / file */
	JS_ERR_EXISTS = -4,       /* unique value already taken */
	JS_ERR_CONFLICT = -5,     /* same idempotency key, different request */
	JS_ERR_FUNDS = -6,        /* a user account would go below zero */
	JS_ERR_DB = -7,           /* database error that retrying will not fix */
	JS_ERR_BUSY = -8,         /* retryable: lock, serialization failure, deadlock */
	JS_ERR_OVERFLOW = -9,     /* a number does not fit */
	JS_ERR_PERM = -10,        /* the actor may not do this */
	JS_ERR_STATE = -11,       /* not allowed in the current state */
	JS_ERR_IO = -12,          /* file or socket error */
	JS_ERR_CONFIG = -13,      /* configuration is wrong */
	JS_ERR_TOO_BIG = -14,     /* input exceeds its cap */
	JS_ERR_UTF8 = -15,        /* text is not valid UTF-8 */
	JS_ERR_CURRENCY = -16,    /* accounts of different currencies mixed */
	JS_ERR_UNBALANCED = -17,  /* postings do not sum to zero */
	JS_ERR_CONSTRAINT = -18,  /* a schema constraint refused the change */
	JS_ERR_LAST = -19
};

/* Stable English text for an error code; never NULL. */
const char *js_strerror(int err);

#endif
