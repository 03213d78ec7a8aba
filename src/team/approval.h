/* approval.h: the test commands of a team state that this machine agreed to run. The
 * state is committed with the project: whoever can change it could run anything on a
 * teammate's machine through a package's test_command. So each new or changed command
 * is asked about once, and the answer is kept on this machine, outside the repository:
 * $XDG_CONFIG_HOME/ftport/approved-commands, one line per state file and command (the
 * SHA-1 of both, so the file tells nobody what the commands are). */
#ifndef FTPORT_APPROVAL_H
#define FTPORT_APPROVAL_H

#include <stdbool.h>

/* Was command, from the state file at state_path, approved here? */
bool approval_granted(const char *state_path, const char *command);
/* Remembers the approval; -1 and *cause when it cannot be written. */
int approval_grant(const char *state_path, const char *command, char **cause);

#endif
