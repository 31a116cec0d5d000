/* keyseq.c: the escape-sequence filter in front of the key handlers. */
#include "keys.h"
#include "keyseq.h"

enum { KS_IDLE, KS_ESC, KS_CSI, KS_STR, KS_STR_ESC, KS_SS3 };

int
keyseq_feed(struct keyseq *ks, int key, int out[2])
{
	switch (ks->state) {
	case KS_IDLE:
		if (key == TK_ESC) {
			ks->state = KS_ESC;
			ks->len = 0;
			return 0;
		}
		out[0] = key;
		return 1;
	case KS_ESC:
		if (key == '[')
			ks->state = KS_CSI;
		else if (key == ']' || key == 'P' || key == '_' || key == '^' || key == 'X')
			ks->state = KS_STR;      /* OSC, DCS, APC, PM, SOS: up to BEL or ST */
		else if (key == 'O')
			ks->state = KS_SS3;
		else if (key == TK_ESC) {
			out[0] = TK_ESC;         /* Esc Esc: the first one was a key */
			return 1;
		} else {
			ks->state = KS_IDLE;     /* the Escape key, then an ordinary key */
			out[0] = TK_ESC;
			out[1] = key;
			return 2;
		}
		return 0;
	case KS_CSI:
		if (TK_IS_FN(key) || key > 0x7e || key < 0x20) {
			ks->state = KS_IDLE;     /* not a sequence after all: act on the key */
			return keyseq_feed(ks, key, out);
		}
		if ((key >= 0x40 && key <= 0x7e) || ++ks->len > 64)
			ks->state = KS_IDLE;     /* the final byte */
		return 0;
	case KS_STR:
		if (key == 7 || ++ks->len > KEYSEQ_MAX)
			ks->state = KS_IDLE;
		else if (key == TK_ESC)
			ks->state = KS_STR_ESC;
		return 0;
	case KS_STR_ESC:
		ks->state = key == '\\' ? KS_IDLE : KS_STR;
		return 0;
	case KS_SS3:
	default:
		ks->state = KS_IDLE;
		return 0;
	}
}

int
keyseq_idle(struct keyseq *ks)
{
	int was = ks->state;

	ks->state = KS_IDLE;
	return was == KS_ESC ? TK_ESC : KS_NONE;
}
