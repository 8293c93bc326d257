/*
 * rule_help.h - what to do about each lint finding: the advice of
 * thread(5) LINT RULES, one paragraph per rule, for what shows a rule's
 * explanation (thread lsp's hover).  diag.h's rule_table says what a rule
 * finds in one line; this says why it matters and how to fix it.
 */
#ifndef THREAD_RULE_HELP_H
#define THREAD_RULE_HELP_H

#include "diag.h"

/* The explanation of rule r (plain text, one paragraph), or NULL when
 * none is written yet. */
const char *rule_help(enum rule_id r);

#endif
