/* words.h: a command line split into words, for commands that no shell ever runs
 * (test commands, $EDITOR, $BROWSER). */
#ifndef FTPORT_WORDS_H
#define FTPORT_WORDS_H

#include "util.h"

/* Splits a command line into argv the way a POSIX shell would split words, and nothing
 * else: '...' and "..." quote (with \\ \" \$ \` escapes inside double quotes), a
 * backslash escapes outside quotes; $, ;, |, & and the rest are ordinary characters
 * because no shell ever runs it. -1 and *cause for an unbalanced quote or no words. */
int words_split(const char *cmd, struct strlist *argv, char **cause);

#endif
