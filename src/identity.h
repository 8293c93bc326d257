/*
 * identity.h - what makes a ledger item the same item from one version
 * of its file to the next (thread(5), "Item identity").
 *
 * history.h pairs the items of two versions by their session and their
 * normalised text; a calendar feed cannot compare versions, so it names
 * each item by the same two things, plus its rank among equals: the
 * identity of an item is its person's handle, its session's date, and a
 * hash of its normalised text and of how many items of the session before
 * it have that same text.  Moving lines, re-dating, handing it to another
 * owner, adding a [t:] reference or a trailing #tag, or changing case
 * keep it; rewording it, moving it to another session or renaming the
 * file make it another item.
 */
#ifndef THREAD_IDENTITY_H
#define THREAD_IDENTITY_H

#include "model.h"
#include "strbuf.h"

#include <stddef.h>

/* Inline fields and references removed, spacing and case folded: the
 * text items are paired by.  Replaces out's content. */
void identity_normalise(const char *s, size_t len, struct strbuf *out);

/*
 * The identities of the items of session s, in item order, as strings
 * "HANDLE-YYYYMMDD-HHHHHHHHHHHHHHHH" (the date "undated" when the session
 * has none): *n gets their number.  Free with identity_free().
 */
char **identity_session(const char *handle, const struct session *s, size_t *n);
void identity_free(char **ids, size_t n);

#endif
