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

struct account {
	int64_t id;
	char handle[ACCOUNT_HANDLE_MAX + 1];
	char display_name[ACCOUNT_NAME_MAX * 4 + 1];
	int is_client, is_freelancer, is_admin;
	char status[16];                  /* active | suspended | deleted */
	char locale[8];                   /* zh_CN | en */
	int has_password;
};

/* Handle rules: 3..32 of [a-z0-9_-], starting with a letter, not a reserved word
 * (admin, root, jishi, support, system, ...). JS_ERR_INVALID or JS_ERR_PERM (reserved). */
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
 * JS_ERR_EXISTS when the handle, email or key is already taken.
 */
int account_signup(struct db *db, const struct account_signup *s, int64_t *id,
                   const char **bad_field);

int account_by_id(struct db *db, int64_t id, struct account *out);
int account_by_handle(struct db *db, const char *handle, struct account *out);
/* The account that owns the key with this fingerprint; JS_ERR_NOT_FOUND if none.
 * Also records the key's last use. */
int account_by_key(struct db *db, const char *fingerprint, struct account *out);

/* Check a password (argon2id, libsodium). JS_ERR_PERM on mismatch, no password or an
 * account that is not active; the time taken does not reveal which. */
int account_password_verify(struct db *db, const char *handle, const char *password,
                            struct account *out);
/* Set or change the actor's own password (actor == user, or an admin). */
int account_password_set(struct db *db, int64_t actor, int64_t user,
                         const char *password);
int account_set_locale(struct db *db, int64_t actor, int64_t user, const char *locale);

struct account_key {
	int64_t id;
	char type[32];
	char fingerprint[64];
	char label[128];
	int64_t created_at, last_used_at;  /* last_used_at 0: never */
};

/* The actor's keys (actor must be user or an admin), oldest first. */
int account_keys_list(struct db *db, int64_t actor, int64_t user,
                      struct account_key *out, size_t max, size_t *n);
int account_key_add(struct db *db, int64_t actor, int64_t user, const char *type,
                    const char *b64, const char *fp, const char *label);
int account_key_label(struct db *db, int64_t actor, int64_t key_id, const char *label);
/* Refuses (JS_ERR_STATE) to remove the last key of an account without a password. */
int account_key_remove(struct db *db, int64_t actor, int64_t key_id);

/*
 * Device linking: a logged-in user asks for a code (shown once, stored hashed, valid
 * ACCOUNT_LINK_CODE_TTL seconds, single use; a new code replaces older unused ones);
 * the new device, connecting with an unknown key, types it to add its key.
 * redeem: JS_ERR_NOT_FOUND for a wrong, used or expired code.
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
 */
int auth_limit_check(struct db *db, const char *addr, const char *handle, int64_t now);
int auth_limit_fail(struct db *db, const char *addr, const char *handle, int64_t now);

/*
 * Live sessions, for the per-account cap. begin refuses (JS_ERR_BUSY) when the account
 * already has `max` open sessions; rows of processes that died without ending are closed
 * by session_end_pid (the master calls it when it reaps a child).
 */
int session_begin(struct db *db, int64_t user, const char *method, int64_t key_id,
                  const char *addr, const char *term, int pid, int max, int64_t *id);
int session_end(struct db *db, int64_t id, const char *reason);
int session_end_pid(struct db *db, int pid, const char *reason);

#endif
