/* conf.h: the jishi.conf reader (`key = value` lines in [sections]) with env overrides. */
#ifndef JS_CONF_H
#define JS_CONF_H

#include <stddef.h>
#include <stdint.h>

struct conf;

/* Caps that keep a hostile or broken file from growing memory without bound. */
#define CONF_MAX_LINE 4096      /* bytes per line, excluding the newline */
#define CONF_MAX_ENTRIES 1024
#define CONF_MAX_FILE (1 << 20) /* bytes */

/*
 * File syntax:
 *   # comment            ; comment            (whole-line only)
 *   [section]            names: [a-z0-9_.-]+
 *   key = value          keys:  [a-z0-9_.-]+ ; value trimmed; may be "double quoted"
 *                        (quotes removed; \" and \\ escapes inside quotes)
 * Keys before any [section] belong to section "" (written "key" in lookups).
 * A key repeated in one section: the last wins. Values must be valid UTF-8.
 * Also: lines end in "\n" or "\r\n"; a leading UTF-8 BOM is skipped; blanks are spaces
 * and tabs; "section.key" is at most 255 bytes; no other escapes exist inside quotes and
 * nothing may follow the closing quote; outside quotes the value is taken literally.
 *
 * Lookups name "section.key" (or "key" for the top level).
 * Environment overrides: for lookup "db.url" the variable JISHI_DB_URL (upper case,
 * '.' and '-' become '_') wins over the file. Aliases: conf_alias("JISHI_DB", "db.url").
 * The derived variable wins over aliases, aliases go in the order declared, and a variable
 * that is set but empty counts as unset. Environment values are returned as they are.
 */

/* New empty configuration. Returns NULL on out of memory. Free with conf_free. */
struct conf *conf_new(void);
void conf_free(struct conf *c);           /* NULL is a no-op */

/*
 * Load and merge a file. On error returns JS_ERR_CONFIG (syntax), JS_ERR_IO (cannot read),
 * JS_ERR_TOO_BIG (caps) and writes a message naming file, line and what is wrong into
 * errbuf (e.g. "jishi.conf:12: expected 'key = value', got 'listen 2222'").
 * Invalid UTF-8 in a value and NUL bytes are JS_ERR_CONFIG too. All or nothing: on error
 * c is unchanged. A later load overrides keys of an earlier one. errbuf may be NULL.
 */
int conf_load_file(struct conf *c, const char *path, char *errbuf, size_t errlen);
/* Same for text in memory; `name` is used in messages in place of the file name. */
int conf_load_string(struct conf *c, const char *name, const char *text,
                     char *errbuf, size_t errlen);

/*
 * Set a value (as from a command-line flag); it wins over the file and the environment.
 * Both strings are copied. JS_ERR_INVALID for a bad name, JS_ERR_UTF8 for a bad value,
 * JS_ERR_TOO_BIG past CONF_MAX_LINE bytes or CONF_MAX_ENTRIES names.
 */
int conf_set(struct conf *c, const char *name, const char *value);
/*
 * Declare an extra environment variable that overrides `name` (copied; env is
 * [A-Za-z_][A-Za-z0-9_]*, else JS_ERR_INVALID). At most CONF_MAX_ENTRIES aliases.
 */
int conf_alias(struct conf *c, const char *env, const char *name);

/*
 * Value for "section.key": command line (conf_set) > environment > file > def.
 * The returned string is owned by c (or is def, or getenv's) and lives until conf_free,
 * or until a later conf_set or load replaces that key (or setenv that variable).
 */
const char *conf_get(const struct conf *c, const char *name, const char *def);

/*
 * Integer value within [min, max]; def when absent. On a bad value returns JS_ERR_CONFIG
 * and a message naming the key, where it came from (file:line or environment variable)
 * and the allowed range. Only decimal digits with an optional '-' are integers.
 * JS_ERR_INVALID if min > max or def lies outside [min, max].
 */
int conf_get_int(const struct conf *c, const char *name, int64_t def, int64_t min,
                 int64_t max, int64_t *out, char *errbuf, size_t errlen);
/* Booleans: yes/no, true/false, on/off, 1/0, in any case; a bad value as conf_get_int. */
int conf_get_bool(const struct conf *c, const char *name, int def, int *out,
                  char *errbuf, size_t errlen);

#endif
