/* account.h: accounts and how people prove who they are: sign-up, SSH keys, passwords,
 * device-link codes, failed-auth rate limits and the live-session registry. */
#ifndef JS_ACCOUNT_H
#define JS_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define ACCOUNT_HANDLE_MIN 3
#define ACCOUNT_HANDLE_MAX 32
#define ACCOUNT_NAME_MAX 64          /* display name, in characters (code points) */
#define ACCOUNT_PASSWORD_MIN 8       /* bytes */
#define ACCOUNT_PASSWORD_MAX 256
#define ACCOUNT_LINK_CODE_LEN 8      /* characters of a device-link code */
#define ACCOUNT_LINK_CODE_TTL 600    /* seconds a link code stays valid */
#define AUTH_LIMIT_MAX_FAILURES 10   /* per source address and per account ... */
#define AUTH_LIMIT_WINDOW 60         /* ... in this many seconds */
#define ACCOUNT_KEYS_MAX 32          /* SSH keys per account */
#define ACCOUNT_LABEL_MAX 64         /* key label, in characters */
#define ACCOUNT_EMAIL_MAX 254        /* bytes */

struct account {
	int64_t id;
	char handle[ACCOUNT_HANDLE_MAX + 1];
	char display_name[ACCOUNT_NAME_MAX * 4 + 1];
	int is_client, is_freelancer, is_admin;
	char status[16];                  /* active | suspended | deleted */
	char locale[8];                   /* zh_CN | en */
	int has_password;
	int ui_mouse;                     /* 0 | 1: the TUI may switch mouse tracking on */
	char ui_theme[8];                 /* auto | dark | light | mono */
};

/*
 * Check and tidy one piece of user text: valid UTF-8 (else JS_ERR_UTF8), ASCII spaces
 * trimmed at both ends, no C0/C1 control or DEL (with `multiline`, '\n' is allowed and
 * blank lines around the text are trimmed too), no U+2028/2029 and no bidi control
 * (overrides and isolates U+202A..202E, U+2066..2069, marks U+061C, U+200E/F:
 * utf8_is_bidi_control) (JS_ERR_INVALID), at most max_chars code points after trimming
 * (JS_ERR_TOO_BIG). The result may be empty. On success *out is a new string the
 * caller frees (NULL on failure). Used by every module that stores a name, title or label.
 */
int account_text_clean(const char *s, size_t max_chars, int multiline, char **out);
/*
 * A plausible e-mail address: ACCOUNT_EMAIL_MAX bytes at most, valid UTF-8 without
 * spaces or controls, exactly one '@' with something before it, and a domain with a dot
 * that neither starts nor ends it and no "..". Copies it with ASCII letters lowercased
 * into out (the stored form). 0 or JS_ERR_INVALID.
 */
int account_email_clean(const char *s, char out[ACCOUNT_EMAIL_MAX + 1]);

/*
 * May `actor` act on `user`'s account? 0 when the actor is an active account and is
 * the user or an admin (users.is_admin); JS_ERR_PERM otherwise (also for an unknown
 * actor). Does not check that `user` exists.
 */
int account_actor_may(struct db *db, int64_t actor, int64_t user);

/* Handle rules: 3..32 of [a-z0-9_-], starting with a letter, not a reserved word
 * (admin, root, jishi, support, system, ...) and not starting with "jishi" or
 * "official". JS_ERR_INVALID or JS_ERR_PERM (reserved). Nothing is lowercased here:
 * "Alice" is JS_ERR_INVALID (the sign-up form lowercases what it offers). */
int account_handle_check(const char *handle);
/* 0 when the handle passes account_handle_check and nobody has it; JS_ERR_EXISTS if taken. */
int account_handle_available(struct db *db, const char *handle);

struct account_signup {
	const char *handle;
	const char *display_name;         /* UTF-8, 1..ACCOUNT_NAME_MAX characters, no controls */
	int is_client, is_freelancer;     /* at least one */
	const char *locale;               /* zh_CN | en */
	const char *email;                /* NULL or a plausible address */
	const char *password;             /* NULL or ACCOUNT_PASSWORD_MIN..MAX bytes */
	const char *key_type;             /* "ssh-ed25519", ...; NULL for no key */
	const char *key_b64;              /* the public key blob, base64 */
	const char *key_fp;               /* "SHA256:..." */
};

/*
 * Create the account, its profile, its wallet accounts and its first SSH key in one
 * transaction. On a validation error *bad_field (may be NULL) names the field
 * ("handle", "display_name", "roles", "locale", "email", "password", "key").
 * JS_ERR_EXISTS when the handle, email or key is already taken (*bad_field names which).
 * Either a key or a password is required ("key"). The e-mail is stored lowercased, the
 * display name trimmed (account_text_clean). The password is hashed before the
 * transaction begins, so no lock is held during the argon2id run.
 */
int account_signup(struct db *db, const struct account_signup *s, int64_t *id,
                   const char **bad_field);

int account_by_id(struct db *db, int64_t id, struct account *out);
int account_by_handle(struct db *db, const char *handle, struct account *out);
/* The account that owns the key with this fingerprint; JS_ERR_NOT_FOUND if none.
 * Also records the key's last use. account_by_* return accounts of every status: the
 * caller refuses a login unless out->status is "active". A handle is looked up
 * lowercased. */
int account_by_key(struct db *db, const char *fingerprint, struct account *out);

/* Check a password (argon2id, libsodium). JS_ERR_PERM on mismatch, no password or an
 * account that is not active; the time taken does not reveal which. */
int account_password_verify(struct db *db, const char *handle, const char *password,
                            struct account *out);
/* Set or change the actor's own password (actor == user, or an admin).
 * JS_ERR_INVALID unless ACCOUNT_PASSWORD_MIN..MAX bytes; JS_ERR_NOT_FOUND: no user. */
int account_password_set(struct db *db, int64_t actor, int64_t user,
                         const char *password);
/* Locale zh_CN | en (JS_ERR_INVALID otherwise); actor == user or an admin. */
int account_set_locale(struct db *db, int64_t actor, int64_t user, const char *locale);
/* Change the display name (actor == user, or an admin); the same rules as at sign-up:
 * account_text_clean, 1..ACCOUNT_NAME_MAX characters. JS_ERR_INVALID / JS_ERR_TOO_BIG. */
int account_set_display_name(struct db *db, int64_t actor, int64_t user,
                             const char *name);
/* TUI preferences: mouse 0 | 1, theme auto | dark | light | mono (JS_ERR_INVALID
 * otherwise); actor == user or an admin. */
int account_set_ui(struct db *db, int64_t actor, int64_t user, int mouse,
                   const char *theme);

struct account_key {
	int64_t id;
	char type[32];
	char fingerprint[64];
	char label[128];
	int64_t created_at, last_used_at;  /* last_used_at 0: never */
};

/*
 * A key as sent by a client: type one of ssh-ed25519, ecdsa-sha2-nistp256/384/521,
 * ssh-rsa, rsa-sha2-256, rsa-sha2-512, sk-ssh-ed25519@openssh.com,
 * sk-ecdsa-sha2-nistp256@openssh.com; b64 non-empty base64 of at most 8192 bytes; fp
 * "SHA256:" + base64, shorter than struct account_key's field. 0 or JS_ERR_INVALID.
 */
int account_key_check(const char *type, const char *b64, const char *fp);

/* The user's keys (actor must be user or an admin), oldest first: up to max into
 * out[], *n gets the count. */
int account_keys_list(struct db *db, int64_t actor, int64_t user,
                      struct account_key *out, size_t max, size_t *n);
/* Add a key (label NULL or up to ACCOUNT_LABEL_MAX characters, cleaned like a display
 * name). JS_ERR_EXISTS when the fingerprint is anyone's already; JS_ERR_TOO_BIG beyond
 * ACCOUNT_KEYS_MAX keys. */
int account_key_add(struct db *db, int64_t actor, int64_t user, const char *type,
                    const char *b64, const char *fp, const char *label);
/* Relabel a key of the actor's (or, for an admin, anyone's). JS_ERR_NOT_FOUND: no key. */
int account_key_label(struct db *db, int64_t actor, int64_t key_id, const char *label);
/* Refuses (JS_ERR_STATE) to remove the last key of an account without a password. */
int account_key_remove(struct db *db, int64_t actor, int64_t key_id);

/*
 * Device linking: a logged-in user asks for a code (shown once, stored hashed, valid
 * ACCOUNT_LINK_CODE_TTL seconds, single use; a new code replaces older unused ones);
 * the new device, connecting with an unknown key, types it to add its key.
 * Codes are ACCOUNT_LINK_CODE_LEN characters of 23456789ABCDEFGHJKMNPQRSTUVWXYZ;
 * redeem ignores case and surrounding spaces. new: JS_ERR_NOT_FOUND unless the user is
 * active. redeem: JS_ERR_NOT_FOUND for a wrong, used or expired code (or an account
 * that is no longer active; the caller counts it with auth_limit_fail), JS_ERR_INVALID
 * for a bad key, JS_ERR_EXISTS when the key belongs to an account already; on success
 * the key (labelled "linked device") is added and *user (may be NULL) is its account.
 */
int account_link_code_new(struct db *db, int64_t user,
                          char code[ACCOUNT_LINK_CODE_LEN + 1]);
int account_link_code_redeem(struct db *db, const char *code, const char *key_type,
                             const char *key_b64, const char *key_fp,
                             const char *remote_addr, int64_t *user);

/*
 * Failed-auth rate limit: at most AUTH_LIMIT_MAX_FAILURES failures per source address
 * and per account handle within AUTH_LIMIT_WINDOW seconds. check returns JS_ERR_BUSY
 * while either is over the limit; fail records one failure against both (handle may be
 * NULL). `now` is unix seconds (a parameter so tests can move time).
 * The window slides: failures are counted per second (auth_failures.window_start is the
 * second), and check sums the seconds in (now - AUTH_LIMIT_WINDOW, now]. fail also
 * deletes rows older than 5 windows. Handles are compared lowercased; subjects are cut
 * to 64 bytes. addr NULL skips the address.
 */
int auth_limit_check(struct db *db, const char *addr, const char *handle, int64_t now);
int auth_limit_fail(struct db *db, const char *addr, const char *handle, int64_t now);

/*
 * Live sessions, for the per-account cap. begin refuses (JS_ERR_BUSY) when the account
 * already has `max` open sessions; rows of processes that died without ending are closed
 * by session_end_pid (the master calls it when it reaps a child).
 * begin: method publickey | password | link_code | local (JS_ERR_INVALID otherwise);
 * key_id 0 for none; addr and term may be NULL (cut to 64 bytes, printable ASCII);
 * max <= 0 means no cap; JS_ERR_PERM unless the account is active. It records the
 * host name (gethostname) and pid and sets users.last_login_at.
 * end: closes one session (0 if it was closed already; JS_ERR_NOT_FOUND if none).
 * end_pid: closes this host's open sessions of that pid (several hosts may share one
 * PostgreSQL, each with its own pids). reason may be NULL (cut to 64 bytes).
 */
int session_begin(struct db *db, int64_t user, const char *method, int64_t key_id,
                  const char *addr, const char *term, int pid, int max, int64_t *id);
int session_end(struct db *db, int64_t id, const char *reason);
int session_end_pid(struct db *db, int pid, const char *reason);

#endif
