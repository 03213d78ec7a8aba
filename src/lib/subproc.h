/* subproc.h: starting a child process with an argv vector (never a shell): stdin from
 * /dev/null, stdout and stderr on pipes of their own, in a process group of its own so
 * that a timeout or a cancel can kill everything it started. */
#ifndef FTPORT_SUBPROC_H
#define FTPORT_SUBPROC_H

#include <sys/types.h>

/* Starts argv[0] (a path, not searched) with envp (NULL: this process's environment)
 * and the default signal dispositions and mask. *outfd and *errfd are the read ends,
 * non-blocking and close-on-exec. -1 and *cause ("cannot run it: ...", without the
 * path: the caller says what it is) when it cannot be started. */
int subproc_spawn(char *const argv[], char *const envp[], pid_t *pid, int *outfd, int *errfd,
    char **cause);

#endif
