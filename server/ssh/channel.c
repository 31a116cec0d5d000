/* channel.c: the session channel: pty and environment requests, the TUI child on a pty,
 * the byte bridge channel <-> pty master, window changes, and plain answers to exec. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include "account.h"
#include "err.h"
#include "log.h"
#include "session.h"
#include "tui.h"

/* Absurd window sizes from a client are clamped to these. */
#define COLS_MIN 10
#define COLS_MAX 500
#define ROWS_MIN 4
#define ROWS_MAX 300

static void
clamp_size(int *cols, int *rows)
{
	if (*cols <= 0 || *rows <= 0) {
		*cols = 80;
		*rows = 24;
	}
	*cols = *cols < COLS_MIN ? COLS_MIN : *cols > COLS_MAX ? COLS_MAX : *cols;
	*rows = *rows < ROWS_MIN ? ROWS_MIN : *rows > ROWS_MAX ? ROWS_MAX : *rows;
}

static void
channel_say(struct session *s, const char *text)
{
	ssh_channel_write(s->chan, text, (uint32_t)strlen(text));
}

/*
 * Finish the channel with an exit status. The event loop goes on until the client has
 * closed its side too (or a short grace period passes), so it reads the status and
 * leaves on its own instead of finding the connection cut.
 */
void
channel_finish(struct session *s, int status)
{
	s->exit_status = status;
	if (s->chan != NULL && ssh_channel_is_open(s->chan)) {
		ssh_channel_request_send_exit_status(s->chan, status);
		ssh_channel_send_eof(s->chan);
		ssh_channel_close(s->chan);
		s->closing_since = session_elapsed_ms(s);
		return;
	}
	s->done = 1;
}

static int
chan_pty_request(ssh_session ssh, ssh_channel chan, const char *term, int cols,
    int rows, int px, int py, void *userdata)
{
	struct session *s = userdata;

	(void)ssh, (void)chan, (void)px, (void)py;
	if (s->have_pty)
		return SSH_ERROR;
	snprintf(s->term, sizeof s->term, "%s", term && *term ? term : "xterm-256color");
	/* TERM reaches terminfo: allow only a plain name. */
	if (strspn(s->term, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-+._") != strlen(s->term))
		snprintf(s->term, sizeof s->term, "xterm-256color");
	s->cols = cols;
	s->rows = rows;
	clamp_size(&s->cols, &s->rows);
	s->have_pty = 1;
	return SSH_OK;
}

static int
chan_window_change(ssh_session ssh, ssh_channel chan, int cols, int rows, int px,
    int py, void *userdata)
{
	struct session *s = userdata;
	struct winsize ws;

	(void)ssh, (void)chan, (void)px, (void)py;
	s->cols = cols;
	s->rows = rows;
	clamp_size(&s->cols, &s->rows);
	if (s->pty_master >= 0) {
		memset(&ws, 0, sizeof ws);
		ws.ws_col = (unsigned short)s->cols;
		ws.ws_row = (unsigned short)s->rows;
		ioctl(s->pty_master, TIOCSWINSZ, &ws);   /* the TUI gets SIGWINCH */
	}
	return SSH_OK;
}

static int
chan_env_request(ssh_session ssh, ssh_channel chan, const char *name, const char *value,
    void *userdata)
{
	struct session *s = userdata;

	(void)ssh, (void)chan;
	if (strcmp(name, "LANG") == 0 || strcmp(name, "LC_ALL") == 0)
		snprintf(s->lang, sizeof s->lang, "%s", value);
	else if (strcmp(name, "NO_COLOR") == 0)
		s->no_color = 1;
	return SSH_OK;
}

/* Keystrokes from the client go to the TUI's terminal. */
static int
chan_data(ssh_session ssh, ssh_channel chan, void *data, uint32_t len, int is_stderr,
    void *userdata)
{
	struct session *s = userdata;
	const char *p = data;
	uint32_t off = 0;
	ssize_t n;

	(void)ssh, (void)chan, (void)is_stderr;
	if (s->pty_master < 0)
		return (int)len;            /* nothing to feed yet: drop */
	while (off < len) {
		n = write(s->pty_master, p + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd pfd = { s->pty_master, POLLOUT, 0 };

			if (poll(&pfd, 1, 1000) <= 0)
				break;      /* TUI not reading for a second: drop the rest */
			continue;
		}
		if (n <= 0)
			break;
		off += (uint32_t)n;
	}
	return (int)len;
}

static void
chan_eof(ssh_session ssh, ssh_channel chan, void *userdata)
{
	(void)ssh, (void)chan, (void)userdata;
}

static void
chan_close(ssh_session ssh, ssh_channel chan, void *userdata)
{
	struct session *s = userdata;

	(void)ssh, (void)chan;
	s->done = 1;
}

/* The TUI's output goes to the client. Called by the event loop when the master is
 * readable; EOF/EIO means every slave fd closed: the TUI has exited. */
static int
pty_readable(socket_t fd, int revents, void *userdata)
{
	struct session *s = userdata;
	char buf[16384];
	ssize_t n;

	(void)revents;
	n = read(fd, buf, sizeof buf);
	if (n > 0) {
		if (ssh_channel_write(s->chan, buf, (uint32_t)n) == SSH_ERROR)
			s->done = 1;
		return 0;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	/* Not here: libssh still uses this fd's poll handle after the callback returns,
	 * so removing it now would be a use-after-free. channel_after_poll does it. */
	s->pty_eof = 1;
	return 0;
}

void
channel_after_poll(struct session *s)
{
	if (!s->pty_eof || s->pty_master < 0)
		return;
	s->pty_eof = 0;
	ssh_event_remove_fd(s->event, s->pty_master);
	channel_stop_tui(s);
	log_info("ui ended addr=%s account=%s status=%d", s->addr,
	    s->handle[0] ? s->handle : "(sign-up)", s->exit_status);
	channel_finish(s, s->exit_status);
}

/* In the TUI child: become the session leader on the pty slave and run the UI. */
static void __attribute__((noreturn))
tui_child(struct session *s, int slave)
{
	struct tui_params p;
	int fd;

	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	setsid();
	/* fd 2 stays the server's log: a log line must never land on the user's screen. */
	if (ioctl(slave, TIOCSCTTY, 0) != 0 || dup2(slave, 0) < 0 || dup2(slave, 1) < 0)
		_exit(111);
	/* Nothing of the connection or the store may stay open in the UI process. */
	for (fd = 3; fd < 1024; fd++)
		close(fd);
	setenv("TERM", s->term, 1);
	memset(&p, 0, sizeof p);
	p.db_url = s->cfg->db_url;
	p.account_id = s->account_id;
	if (s->key_fp[0] != '\0') {
		p.key_type = s->key_type;
		p.key_b64 = s->key_b64;
		p.key_fp = s->key_fp;
	}
	p.term = s->term;
	p.no_color = s->no_color;
	p.lang_hint = s->lang[0] ? s->lang : NULL;
	p.remote_addr = s->addr;
	p.idle_timeout = s->cfg->idle_timeout;
	p.session_id = s->session_row;
	p.orders = &s->cfg->worker.orders;
	_exit(tui_run(&p));
}

static int
tui_start(struct session *s)
{
	struct winsize ws;
	int master, slave, flags;
	pid_t pid;

	memset(&ws, 0, sizeof ws);
	ws.ws_col = (unsigned short)s->cols;
	ws.ws_row = (unsigned short)s->rows;
	if (openpty(&master, &slave, NULL, NULL, &ws) != 0) {
		log_error("openpty: %s", strerror(errno));
		return -1;
	}
	/* The UI opens its own store connection; this process reopens one afterwards. */
	db_close(s->db);
	s->db = NULL;
	if ((pid = fork()) < 0) {
		log_error("fork: %s", strerror(errno));
		close(master);
		close(slave);
		return -1;
	}
	if (pid == 0) {
		close(master);
		tui_child(s, slave);
	}
	close(slave);
	flags = fcntl(master, F_GETFL);
	fcntl(master, F_SETFL, flags | O_NONBLOCK);
	fcntl(master, F_SETFD, FD_CLOEXEC);
	s->pty_master = master;
	s->tui_pid = pid;
	if (ssh_event_add_fd(s->event, master, POLLIN, pty_readable, s) != SSH_OK) {
		log_error("cannot watch the pty");
		return -1;
	}
	return 0;
}

static int
chan_shell_request(ssh_session ssh, ssh_channel chan, void *userdata)
{
	struct session *s = userdata;
	char errbuf[256];
	int r;

	(void)ssh, (void)chan;
	if (s->tui_pid != 0 || s->sftp != NULL)
		return SSH_ERROR;
	if (!s->have_pty) {
		channel_say(s, "Jishi (集市) is a full-screen terminal app and needs a "
		    "terminal.\r\nConnect with: ssh -t -p PORT HOST\r\n"
		    "集市需要交互式终端，请使用 ssh -t 连接。\r\n");
		channel_finish(s, 1);
		return SSH_OK;
	}
	if (s->account_id != 0) {
		r = session_begin(s->db, s->account_id, s->auth_method, 0, s->addr, s->term,
		    (int)getpid(), s->cfg->max_sessions, &s->session_row);
		if (r == JS_ERR_BUSY) {
			snprintf(errbuf, sizeof errbuf, "Too many open sessions for this account "
			    "(at most %d). Close one and try again.\r\n"
			    "该账号同时在线的会话过多（最多 %d 个），请关闭一个后重试。\r\n",
			    s->cfg->max_sessions, s->cfg->max_sessions);
			channel_say(s, errbuf);
			log_info("session refused addr=%s account=%s reason=session-cap",
			    s->addr, s->handle);
			channel_finish(s, 1);
			return SSH_OK;
		}
		if (r != 0)
			log_warn("session_begin: %s", js_strerror(r));
	}
	if (tui_start(s) != 0) {
		channel_say(s, "Internal error, please try again later.\r\n");
		channel_finish(s, 1);
	}
	return SSH_OK;
}

static int
chan_exec_request(ssh_session ssh, ssh_channel chan, const char *command, void *userdata)
{
	struct session *s = userdata;
	char out[512];

	(void)ssh, (void)chan;
	if (s->tui_pid != 0 || s->sftp != NULL)
		return SSH_ERROR;       /* the channel already runs the UI or SFTP */
	if (strncmp(command, "scp ", 4) == 0) {
		/* Legacy scp (-O) reads a status byte: 2 = fatal, then the message line. */
		channel_say(s, "\002Jishi: legacy scp (scp -O) is not supported. Use scp "
		    "without -O (it speaks SFTP) or sftp.\n");
		channel_finish(s, 1);
		return SSH_OK;
	}
	if (strcmp(command, "whoami") == 0) {
		snprintf(out, sizeof out, "%s\n", s->account_id ? s->handle :
		    "(not signed up: connect with a terminal to sign up)");
		channel_say(s, out);
		channel_finish(s, 0);
		return SSH_OK;
	}
	channel_say(s, "Jishi (集市) is used interactively, not with commands.\n"
	    "Connect with:  ssh -p PORT HOST\n"
	    "Commands: whoami\n"
	    "集市是交互式应用，请直接连接：ssh -p 端口 主机\n");
	channel_finish(s, 2);
	return SSH_OK;
}

static int
chan_subsystem_request(ssh_session ssh, ssh_channel chan, const char *name,
    void *userdata)
{
	struct session *s = userdata;

	(void)ssh, (void)chan;
	if (strcmp(name, "sftp") == 0)
		return sftpd_start(s);
	log_info("subsystem refused name=%s", name);
	return SSH_ERROR;
}

void
channel_install(struct session *s, ssh_channel chan)
{
	s->chan = chan;
	memset(&s->chan_cb, 0, sizeof s->chan_cb);
	s->chan_cb.userdata = s;
	s->chan_cb.channel_pty_request_function = chan_pty_request;
	s->chan_cb.channel_pty_window_change_function = chan_window_change;
	s->chan_cb.channel_env_request_function = chan_env_request;
	s->chan_cb.channel_shell_request_function = chan_shell_request;
	s->chan_cb.channel_exec_request_function = chan_exec_request;
	s->chan_cb.channel_subsystem_request_function = chan_subsystem_request;
	s->chan_cb.channel_data_function = chan_data;
	s->chan_cb.channel_eof_function = chan_eof;
	s->chan_cb.channel_close_function = chan_close;
	ssh_callbacks_init(&s->chan_cb);
	ssh_set_channel_callbacks(chan, &s->chan_cb);
}

void
channel_stop_tui(struct session *s)
{
	struct timespec tick = { 0, 20 * 1000000L };
	int status = 0, i;
	pid_t r;

	if (s->tui_pid == 0)
		return;
	/* Give a running UI SIGHUP (it restores the terminal and exits), then force. */
	for (i = 0; i < 100; i++) {
		r = waitpid(s->tui_pid, &status, WNOHANG);
		if (r == s->tui_pid || (r < 0 && errno == ECHILD))
			break;
		if (i == 0)
			kill(s->tui_pid, SIGHUP);
		nanosleep(&tick, NULL);
	}
	if (i == 100) {
		kill(s->tui_pid, SIGKILL);
		waitpid(s->tui_pid, &status, 0);
	}
	s->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	s->tui_pid = 0;
	if (s->pty_master >= 0) {
		close(s->pty_master);
		s->pty_master = -1;
	}
}
