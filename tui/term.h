/* term.h: the terminal's life: newterm with TERM fallbacks, modes, and a teardown that
 * runs on every way out (quit, signals, EOF, time-out, crash). */
#ifndef JS_TERM_H
#define JS_TERM_H

#include <curses.h>

/*
 * Start ncursesw on fds 0/1 for terminal type `term` (NULL: $TERM); an unknown type falls
 * back to xterm-256color, then vt100. Alternate screen, raw keys, keypad, no echo.
 * Installs handlers: SIGHUP/SIGTERM/SIGINT set the flag term_signal reads; crash
 * signals restore the terminal's modes before dying. 0 or -1 (message logged).
 */
int term_open(const char *term);
/* Undo everything term_open did (mouse off, cursor on, endwin, handlers back). Safe to
 * call twice, and from atexit. */
void term_close(void);
/* The signal that asked us to stop (SIGHUP, SIGTERM, SIGINT), or 0. */
int term_signal(void);
/* A key from the terminal in keys.h encoding (a mouse event is stored in *mev), or -1
 * when none is waiting. Never blocks. */
int term_read_key(MEVENT *mev);
/* Is the terminal gone (EOF / hang-up on fd 0)? Checked after poll() said readable but
 * no key came. */
int term_input_gone(void);

#endif
