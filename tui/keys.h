/* keys.h: how the TUI names a key: one int for characters and ncurses function keys. */
#ifndef JS_KEYS_H
#define JS_KEYS_H

/*
 * A character is its code point; an ncurses function key (KEY_UP ...) is TK(KEY_UP), so
 * that code points above 0x100 never collide with KEY_* codes. Enter is always '\n',
 * every Backspace variant is TK(KEY_BACKSPACE). Mouse events are TK(KEY_MOUSE).
 */
#define TK_FN 0x40000000
#define TK(k) (TK_FN | (k))
#define TK_CTRL(c) ((c) & 0x1f)
#define TK_ESC 27
#define TK_TAB '\t'
#define TK_ENTER '\n'
#define TK_IS_FN(k) (((k) & TK_FN) != 0)
/* A printable character (not a function key, not a control). */
#define TK_IS_CHAR(k) (!TK_IS_FN(k) && (k) >= 0x20 && (k) != 0x7f)

#endif
