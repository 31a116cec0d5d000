/* sftp.c: the "sftp" subsystem (uploads into the account's own area), driven by the
 * session's event loop: the channel data callback only counts the requests that have
 * arrived whole, and sftpd_pump hands exactly those to libssh's sftp server API, so
 * sftp_get_client_message never has to wait for the client. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include "account.h"
#include "err.h"
#include "log.h"
#include "session.h"
#include "sftp_srv.h"
#include "upload.h"

void
sftpd_tell(struct session *s, const char *fmt, ...)
{
	char line[600];
	va_list ap;
	int n;

	if (s->chan == NULL || !ssh_channel_is_open(s->chan))
		return;
	memcpy(line, "jishi: ", 7);
	va_start(ap, fmt);
	n = vsnprintf(line + 7, sizeof line - 8, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	n = (int)strlen(line);
	line[n++] = '\n';
	ssh_channel_write_stderr(s->chan, line, (uint32_t)n);
}

void
sftpd_status(struct session *s, sftp_client_message msg, uint32_t status,
    const char *text)
{
	if (text != NULL && (status == SSH_FX_PERMISSION_DENIED ||
	    status == SSH_FX_FAILURE || status == SSH_FX_OP_UNSUPPORTED))
		sftpd_tell(s, "%s", text);
	if (sftp_reply_status(msg, status, text) != 0)
		log_warn("sftp reply failed addr=%s: %s", s->addr, ssh_get_error(s->ssh));
}

/* Read a big-endian u32 at p. */
static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int
sftpd_wire_has_nul(sftp_client_message msg, int skip)
{
	const unsigned char *p;
	size_t len, off = 4;    /* the request id */
	uint32_t n;

	if (msg->complete_message == NULL)
		return 1;
	p = ssh_buffer_get(msg->complete_message);
	len = ssh_buffer_get_len(msg->complete_message);
	for (;;) {
		if (off > len || len - off < 4)
			return 1;
		n = be32(p + off);
		off += 4;
		if (n > len - off)
			return 1;
		if (skip-- == 0)
			return memchr(p + off, 0, n) != NULL;
		off += n;
	}
}

/*
 * The channel's data callback. libssh hands it everything buffered on the channel; it
 * consumes nothing (so sftp_get_client_message can read it later) and only counts how
 * many whole requests are at the front. A request longer than SFTP_PACKET_MAX ends the
 * subsystem. Data that waits here keeps the channel window from growing, so a client
 * cannot make us buffer more than one window.
 */
static int
sftpd_chan_data(ssh_session ssh, ssh_channel chan, void *data, uint32_t len,
    int is_stderr, void *userdata)
{
	struct session *s = userdata;
	struct sftpd *v = s->sftp;
	const unsigned char *p = data;
	size_t off = 0, n = 0;
	uint32_t plen;

	(void)ssh, (void)chan;
	if (is_stderr || v == NULL)
		return (int)len;
	v->last_ms = session_elapsed_ms(s);     /* bytes arriving count as activity */
	while (len - off >= 4) {
		plen = be32(p + off);
		if (plen == 0 || plen > SFTP_PACKET_MAX) {
			v->bad = 1;
			break;
		}
		if (len - off - 4 < plen)
			break;
		off += 4 + (size_t)plen;
		n++;
	}
	v->ready = n;
	return 0;
}

/* Requests in the order of their numbers; `path`: the first string is a path. */
static const struct sftpd_op {
	uint8_t type;
	int path;
	void (*fn)(struct session *, sftp_client_message);
} sftpd_ops[] = {
	{ SSH_FXP_OPEN, 1, sftpd_op_open },
	{ SSH_FXP_CLOSE, 0, sftpd_op_close },
	{ SSH_FXP_READ, 0, sftpd_op_read },
	{ SSH_FXP_WRITE, 0, sftpd_op_write },
	{ SSH_FXP_LSTAT, 1, sftpd_op_stat },
	{ SSH_FXP_FSTAT, 0, sftpd_op_fstat },
	{ SSH_FXP_SETSTAT, 1, sftpd_op_setstat },
	{ SSH_FXP_FSETSTAT, 0, sftpd_op_fsetstat },
	{ SSH_FXP_OPENDIR, 1, sftpd_op_opendir },
	{ SSH_FXP_READDIR, 0, sftpd_op_readdir },
	{ SSH_FXP_REMOVE, 1, sftpd_op_remove },
	{ SSH_FXP_MKDIR, 1, sftpd_op_refuse },
	{ SSH_FXP_RMDIR, 1, sftpd_op_refuse },
	{ SSH_FXP_REALPATH, 1, sftpd_op_realpath },
	{ SSH_FXP_STAT, 1, sftpd_op_stat },
	{ SSH_FXP_RENAME, 1, sftpd_op_rename },
	{ SSH_FXP_READLINK, 1, sftpd_op_refuse },
	{ SSH_FXP_SYMLINK, 1, sftpd_op_refuse },
	{ SSH_FXP_EXTENDED, 0, sftpd_op_extended },
};

static void
sftpd_dispatch(struct session *s, sftp_client_message msg)
{
	uint8_t type = sftp_client_message_get_type(msg);
	size_t i;

	for (i = 0; i < sizeof sftpd_ops / sizeof sftpd_ops[0]; i++)
		if (sftpd_ops[i].type == type)
			break;
	if (i == sizeof sftpd_ops / sizeof sftpd_ops[0]) {
		sftpd_status(s, msg, SSH_FX_OP_UNSUPPORTED, "Not supported here.");
		return;
	}
	if (s->sftp->deny != NULL) {
		sftp_reply_status(msg, SSH_FX_PERMISSION_DENIED, s->sftp->deny);
		return;
	}
	if (sftpd_ops[i].path && sftpd_wire_has_nul(msg, 0)) {
		sftpd_status(s, msg, SSH_FX_PERMISSION_DENIED,
		    "A file name may not contain a NUL byte.");
		return;
	}
	sftpd_ops[i].fn(s, msg);
}

/* End the subsystem: unfinished uploads are dropped, the channel is finished. */
static void
sftpd_stop(struct session *s, int status, const char *why)
{
	struct sftpd *v = s->sftp;
	size_t i;

	if (v->stopping)
		return;
	v->stopping = 1;
	for (i = 0; i < SFTP_OPEN_MAX; i++)
		if (v->files[i].kind != SF_FREE)
			sftpd_handle_release(s, &v->files[i]);
	log_info("sftp end addr=%s account=%s reason=%s", s->addr,
	    s->handle[0] ? s->handle : "(sign-up)", why);
	channel_finish(s, status);
}

void
sftpd_pump(struct session *s)
{
	struct sftpd *v = s->sftp;
	sftp_client_message msg;
	long now;

	if (v == NULL || v->stopping)
		return;
	while (v->ready > 0 && !v->bad && !v->stopping) {
		v->ready--;
		if (!v->initialized) {
			if (sftp_server_init(v->sftp) != 0) {
				log_info("sftp init failed addr=%s: %s", s->addr,
				    ssh_get_error(s->ssh));
				sftpd_stop(s, 1, "bad-init");
				return;
			}
			v->initialized = 1;
			if (v->deny != NULL)
				sftpd_tell(s, "%s\n%s", v->deny, v->deny_zh);
			continue;
		}
		if ((msg = sftp_get_client_message(v->sftp)) == NULL) {
			log_info("sftp bad request addr=%s: %s", s->addr, ssh_get_error(s->ssh));
			sftpd_stop(s, 1, "bad-request");
			return;
		}
		sftpd_dispatch(s, msg);
		sftp_client_message_free(msg);
	}
	now = session_elapsed_ms(s);
	if (v->bad) {
		log_info("sftp oversized request addr=%s", s->addr);
		sftpd_stop(s, 1, "bad-request");
	} else if (ssh_channel_is_eof(s->chan) && v->ready == 0) {
		sftpd_stop(s, 0, "eof");
	} else if (s->cfg->idle_timeout > 0 &&
	    now - v->last_ms > s->cfg->idle_timeout * 1000L) {
		sftpd_tell(s, "closing after %d seconds without a request.",
		    s->cfg->idle_timeout);
		sftpd_stop(s, 1, "idle");
	}
}

int
sftpd_start(struct session *s)
{
	struct sftpd *v;
	size_t i;
	int r;

	if (s->sftp != NULL || s->tui_pid != 0)
		return SSH_ERROR;
	if ((v = calloc(1, sizeof *v)) == NULL)
		return SSH_ERROR;
	for (i = 0; i < SFTP_OPEN_MAX; i++)
		v->files[i].fd = -1;
	if ((v->sftp = sftp_server_new(s->ssh, s->chan)) == NULL) {
		free(v);
		return SSH_ERROR;
	}
	v->last_ms = session_elapsed_ms(s);
	s->sftp = v;
	if (s->account_id == 0) {
		/* ASCII: OpenSSH's sftp prints status texts with other bytes escaped. */
		snprintf(v->deny_buf, sizeof v->deny_buf, "Permission denied: this key has no "
		    "Jishi account, so it has no upload area. Sign up first: ssh -p %d HOST",
		    s->cfg->listen_port);
		v->deny = v->deny_buf;
		v->deny_zh = "该密钥尚未注册账号，没有上传区。请先用 ssh 登录注册。";
	} else {
		r = session_begin(s->db, s->account_id, s->auth_method, 0, s->addr, "sftp",
		    (int)getpid(), s->cfg->max_sessions, &s->session_row);
		if (r == JS_ERR_BUSY) {
			snprintf(v->deny_buf, sizeof v->deny_buf, "Too many open sessions for "
			    "this account (at most %d). Close one and try again.",
			    s->cfg->max_sessions);
			v->deny = v->deny_buf;
			v->deny_zh = "该账号同时在线的会话过多，请关闭一个后重试。";
		} else if (r == JS_ERR_PERM) {
			v->deny = "Permission denied: this account is not active.";
			v->deny_zh = "该账号已停用。";
		} else if (r != 0) {
			log_warn("session_begin: %s", js_strerror(r));
		}
	}
	/* From now on the channel's bytes are SFTP requests, read by sftpd_pump. */
	s->chan_cb.channel_data_function = sftpd_chan_data;
	log_info("sftp start addr=%s account=%s%s", s->addr,
	    s->handle[0] ? s->handle : "(sign-up)", v->deny ? " denied=1" : "");
	return SSH_OK;
}

void
sftpd_end(struct session *s)
{
	struct sftpd *v = s->sftp;
	size_t i;
	int n = 0;

	if (v == NULL)
		return;
	for (i = 0; i < SFTP_OPEN_MAX; i++)
		if (v->files[i].kind != SF_FREE)
			sftpd_handle_release(s, &v->files[i]);
	sftp_server_free(v->sftp);
	/* Anything this process left in the temp directory (it should be nothing). */
	upload_tmp_clean(s->cfg->data_dir, (int)getpid(), &n);
	if (n > 0)
		log_warn("sftp removed %d stray temp files", n);
	free(v);
	s->sftp = NULL;
}
