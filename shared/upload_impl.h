/* upload_impl.h: what upload.c (names, temp files) lends upload_store.c (the commit). */
#ifndef JS_UPLOAD_IMPL_H
#define JS_UPLOAD_IMPL_H

#include "upload.h"

/* libsodium initialised (once per process); JS_ERR_IO if it cannot be. */
int upload_sodium(void);
/*
 * stem + suffix + extension in at most UPLOAD_NAME_MAX code points: the stem is cut (and
 * trailing spaces dropped) to make room. suffix may be "".
 */
void upload_name_compose(const char *name, const char *suffix, char out[UPLOAD_NAME_BUF]);
/* 32 random hex digits (16 bytes from libsodium). */
void upload_random_hex(char out[33]);
/* mkdir 0700 that accepts an existing directory. 0 or JS_ERR_IO. */
int upload_mkdir(const char *path);

#endif
