/* auth.c: who gets in. Public keys and passwords are checked against the store; an unknown
 * key is let in to sign-up only, unless the SSH user name is an existing handle (then
 * only that account's keys or password will do). Failures feed the rate limiter. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "account.h"
#include "err.h"
#include "log.h"
#include "session.h"

/* Fill s->key_* from the offered key. Returns 0, or -1 if it cannot be encoded. */
static int
auth_key_describe(struct session *s, ssh_key key)
{
	unsigned char *hash = NULL;
	char *b64 = NULL, *fp;
	size_t hlen = 0;
	const char *type = ssh_key_type_to_char(ssh_key_type(key));

	if (type == NULL || ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK)
		return -1;
	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) != 0) {
		ssh_string_free_char(b64);
		return -1;
	}
	fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	ssh_clean_pubkey_hash(&hash);
	if (fp == NULL || strlen(b64) >= sizeof s->key_b64) {
		ssh_string_free_char(b64);
		ssh_string_free_char(fp);
		return -1;
	}
	snprintf(s->key_type, sizeof s->key_type, "%s", type);
	snprintf(s->key_b64, sizeof s->key_b64, "%s", b64);
	snprintf(s->key_fp, sizeof s->key_fp, "%s", fp);
	ssh_string_free_char(b64);
	ssh_string_free_char(fp);
	return 0;
}

static int
auth_rate_limited(struct session *s, const char *user)
{
	if (auth_limit_check(s->db, s->addr, user, (int64_t)time(NULL)) == JS_ERR_BUSY) {
		log_warn("auth refused addr=%s user=%s reason=rate-limited", s->addr, user);
		return 1;
	}
	return 0;
}

/* Is `user` the handle of an existing account? (Fills *acc when it is.) */
static int
auth_user_is_handle(struct session *s, const char *user, struct account *acc)
{
	if (account_handle_check(user) != 0)
		return 0;
	return account_by_handle(s->db, user, acc) == 0;
}

static void
auth_log(struct session *s, const char *method, const char *outcome, const char *why)
{
	log_info("auth %s addr=%s user=%s method=%s fp=%s account=%s ms=%ld%s%s", outcome,
	    s->addr, s->user, method, s->key_fp[0] ? s->key_fp : "-",
	    s->handle[0] ? s->handle : (s->account_id == 0 && s->authenticated ?
	    "(sign-up)" : "-"), session_elapsed_ms(s), why ? " reason=" : "",
	    why ? why : "");
}

static int
auth_pubkey(ssh_session ssh, const char *user, struct ssh_key_struct *pubkey,
    char signature_state, void *userdata)
{
	struct session *s = userdata;
	struct account owner, named;
	int known, user_is_handle;

	(void)ssh;
	snprintf(s->user, sizeof s->user, "%s", user);
	if (++s->pubkey_offers > JISHID_MAX_PUBKEY_OFFERS || auth_rate_limited(s, user))
		return SSH_AUTH_DENIED;
	if (signature_state == SSH_PUBLICKEY_STATE_WRONG)
		return SSH_AUTH_DENIED;
	if (auth_key_describe(s, pubkey) != 0)
		return SSH_AUTH_DENIED;
	known = account_by_key(s->db, s->key_fp, &owner) == 0;
	user_is_handle = auth_user_is_handle(s, user, &named);
	if (user_is_handle && (!known || owner.id != named.id)) {
		/* A key that is not this account's: count it once per connection. */
		if (!s->account_failure_logged) {
			auth_limit_fail(s->db, s->addr, user, (int64_t)time(NULL));
			s->account_failure_logged = 1;
		}
		auth_log(s, "publickey", "fail", "key-not-registered-for-handle");
		s->key_fp[0] = '\0';
		return SSH_AUTH_DENIED;
	}
	if (known && strcmp(owner.status, "active") != 0) {
		auth_log(s, "publickey", "fail", "account-not-active");
		return SSH_AUTH_DENIED;
	}
	if (signature_state == SSH_PUBLICKEY_STATE_NONE)
		return SSH_AUTH_SUCCESS;    /* "this key would do": the client now signs */
	/* SSH_PUBLICKEY_STATE_VALID: the client proved it holds the key. */
	s->authenticated = 1;
	s->auth_method = "publickey";
	if (known) {
		s->account_id = owner.id;
		snprintf(s->handle, sizeof s->handle, "%s", owner.handle);
	}
	auth_log(s, "publickey", "ok", known ? NULL : "unknown-key-sign-up-only");
	return SSH_AUTH_SUCCESS;
}

static int
auth_password(ssh_session ssh, const char *user, const char *password, void *userdata)
{
	struct session *s = userdata;
	struct account acc;
	int r;

	snprintf(s->user, sizeof s->user, "%s", user);
	s->key_fp[0] = '\0';
	if (++s->password_tries > JISHID_MAX_PASSWORD_TRIES) {
		auth_log(s, "password", "fail", "too-many-tries");
		ssh_disconnect(ssh);
		return SSH_AUTH_DENIED;
	}
	if (auth_rate_limited(s, user))
		return SSH_AUTH_DENIED;
	r = account_password_verify(s->db, user, password, &acc);
	if (r != 0) {
		auth_limit_fail(s->db, s->addr, account_handle_check(user) == 0 ? user : NULL,
		    (int64_t)time(NULL));
		auth_log(s, "password", "fail", r == JS_ERR_PERM ? "bad-password" :
		    js_strerror(r));
		return SSH_AUTH_DENIED;
	}
	s->authenticated = 1;
	s->auth_method = "password";
	s->account_id = acc.id;
	snprintf(s->handle, sizeof s->handle, "%s", acc.handle);
	auth_log(s, "password", "ok", NULL);
	return SSH_AUTH_SUCCESS;
}

static ssh_channel
auth_channel_open(ssh_session ssh, void *userdata)
{
	struct session *s = userdata;
	ssh_channel chan;

	if (!s->authenticated || s->chan != NULL)
		return NULL;                /* one session channel per connection */
	if ((chan = ssh_channel_new(ssh)) == NULL)
		return NULL;
	channel_install(s, chan);
	return chan;
}

void
auth_install(struct session *s)
{
	memset(&s->server_cb, 0, sizeof s->server_cb);
	s->server_cb.userdata = s;
	s->server_cb.auth_pubkey_function = auth_pubkey;
	s->server_cb.auth_password_function = auth_password;
	s->server_cb.channel_open_request_session_function = auth_channel_open;
	ssh_callbacks_init(&s->server_cb);
	ssh_set_server_callbacks(s->ssh, &s->server_cb);
}
