/* log.h: levelled logging to stderr or syslog, one line per event, key=value fields. */
#ifndef JS_LOG_H
#define JS_LOG_H

enum log_level { LOG_LVL_DEBUG, LOG_LVL_INFO, LOG_LVL_WARN, LOG_LVL_ERROR };

/*
 * Lines look like:
 *   2026-11-27T16:01:02Z info ledger_post: applied key=order:7:accept tx=42
 * The function name comes from the macros; put facts in key=value form after the text.
 * Defaults: stderr, level info, program name "jishi". Not thread-safe by design: every
 * Jishi process is single-threaded.
 */
void log_init(const char *progname, enum log_level level, int use_syslog);
void log_set_level(enum log_level level);
/* Parse "debug", "info", "warn", "error"; -1 if unknown. */
int log_level_parse(const char *s);
void log_write(enum log_level level, const char *func, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_debug(...) log_write(LOG_LVL_DEBUG, __func__, __VA_ARGS__)
#define log_info(...) log_write(LOG_LVL_INFO, __func__, __VA_ARGS__)
#define log_warn(...) log_write(LOG_LVL_WARN, __func__, __VA_ARGS__)
#define log_error(...) log_write(LOG_LVL_ERROR, __func__, __VA_ARGS__)

#endif
