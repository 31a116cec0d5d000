/* term.c: ncursesw set-up and teardown, signal handling, reading keys. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "keys.h"
#include "log.h"
#include "term.h"

static SCREEN *scr;
static WINDOW *w_input;              /* 1x1, never drawn: wgetch on stdscr would repaint */
static volatile sig_atomic_t got_signal;
static struct termios saved_tios;
static int have_tios;
/* What a crash handler writes to put the terminal back: prepared while it is safe. */
static char reset_seq[256];
static size_t reset_len;

static const int stop_signals[] = { SIGHUP, SIGTERM, SIGINT };
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };

static void
on_stop(int sig)
{
	got_signal = sig;
}

static void
on_crash(int sig)
{
	ssize_t r;

	if (reset_len > 0)
		r = write(STDOUT_FILENO, reset_seq, reset_len);
	if (have_tios)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tios);
	(void)r;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
add_cap(const char *name)
{
	char *s = tigetstr(name);
	size_t n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (reset_len + n < sizeof reset_seq) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

static void
prepare_reset(void)
{
	static const char mouse_off[] = "\033[?1000l\033[?1002l\033[?1003l\033[?1006l";

	reset_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	if (reset_len + sizeof mouse_off - 1 < sizeof reset_seq) {
		memcpy(reset_seq + reset_len, mouse_off, sizeof mouse_off - 1);
		reset_len += sizeof mouse_off - 1;
	}
	add_cap("rmcup");
}

static void
install(const int *sigs, size_t n, void (*fn)(int))
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;                     /* no SA_RESTART: poll() must wake up */
	for (i = 0; i < n; i++)
		sigaction(sigs[i], &sa, NULL);
}

int
term_open(const char *term)
{
	static const char *const fallbacks[] = { "xterm-256color", "vt100" };
	size_t i;

	if (term == NULL || *term == '\0')
		term = getenv("TERM");
	if (tcgetattr(STDIN_FILENO, &saved_tios) == 0)
		have_tios = 1;
	if (term != NULL && *term != '\0')
		scr = newterm(term, stdout, stdin);
	for (i = 0; scr == NULL && i < sizeof fallbacks / sizeof fallbacks[0]; i++) {
		log_info("terminal type %s unknown, trying %s", term ? term : "(none)",
		    fallbacks[i]);
		scr = newterm(fallbacks[i], stdout, stdin);
	}
	if (scr == NULL) {
		log_error("newterm failed for every terminal type");
		return -1;
	}
	set_term(scr);
	prepare_reset();
	install(stop_signals, sizeof stop_signals / sizeof stop_signals[0], on_stop);
	install(crash_signals, sizeof crash_signals / sizeof crash_signals[0], on_crash);
	signal(SIGPIPE, SIG_IGN);
	raw();
	noecho();
	nonl();
	set_escdelay(100);
	mouseinterval(0);
	curs_set(0);
	if ((w_input = newwin(1, 1, 0, 0)) == NULL) {
		term_close();
		return -1;
	}
	keypad(w_input, TRUE);
	nodelay(w_input, TRUE);
	return 0;
}

void
term_close(void)
{
	size_t i;

	if (scr == NULL)
		return;
	mousemask(0, NULL);
	curs_set(1);
	if (w_input != NULL)
		delwin(w_input);
	w_input = NULL;
	endwin();
	fflush(stdout);
	delscreen(scr);
	scr = NULL;
	for (i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		signal(crash_signals[i], SIG_DFL);
}

int
term_signal(void)
{
	return got_signal;
}

int
term_read_key(MEVENT *mev)
{
	wint_t ch;
	int r;

	if (w_input == NULL)
		return -1;
	r = wget_wch(w_input, &ch);
	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES) {
		switch (ch) {
		case KEY_ENTER:
			return TK_ENTER;
		case KEY_BACKSPACE:
			return TK(KEY_BACKSPACE);
		case KEY_MOUSE:
			if (getmouse(mev) != OK)
				return 0;            /* a dropped event: a key that does nothing */
			return TK(KEY_MOUSE);
		default:
			return TK((int)ch);
		}
	}
	switch (ch) {
	case '\r':
		return TK_ENTER;
	case 0x7f:
	case 0x08:
		return TK(KEY_BACKSPACE);
	default:
		return (int)ch;
	}
}

int
term_input_gone(void)
{
	int n = 0;

	if (ioctl(STDIN_FILENO, FIONREAD, &n) != 0)
		return errno == EIO || errno == EBADF;
	return n == 0;
}
