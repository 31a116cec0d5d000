/* keyseq.h: neutralizes escape sequences that ncurses does not know (pasted "\e[2J",
 * OSC titles, Alt+key): the Escape key only counts when nothing follows it at once. */
#ifndef JS_KEYSEQ_H
#define JS_KEYSEQ_H

#define KS_NONE (-1)                 /* the key was swallowed */
#define KEYSEQ_MAX 4096              /* longest sequence swallowed before giving up */

struct keyseq {
	int state;
	int len;
};

/*
 * Feed each key from ncurses (keys.h encoding). Puts the keys to act on in out[] and
 * returns how many (0..2): ESC followed by a key that cannot start a sequence is the
 * Escape key and then that key (a quick Esc then s is not Alt+s).
 */
int keyseq_feed(struct keyseq *ks, int key, int out[2]);
/* No more input is waiting: a pending lone ESC becomes TK_ESC; an unfinished sequence
 * is dropped. Returns TK_ESC or KS_NONE. */
int keyseq_idle(struct keyseq *ks);

#endif
