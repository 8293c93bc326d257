/*
 * sign.h - sign a commit the way git does: run gpg.program (default gpg)
 * as `PROGRAM --status-fd=2 -bsau KEY`, the commit's text on its standard
 * input, and take the detached ASCII-armoured signature from its standard
 * output.  The signature counts only if gpg's status lines (on standard
 * error) say SIG_CREATED, as git checks.
 */
#ifndef THREAD_SIGN_H
#define THREAD_SIGN_H

#include "strbuf.h"
#include <stddef.h>

/* 0 with the signature in *sig, or -1 with an error printed that carries
 * what gpg said. */
int sign_buffer(const char *program, const char *key, const char *data,
		size_t len, struct strbuf *sig);

#endif
