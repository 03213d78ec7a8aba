/* reqfile.h: pip requirements files read as a lock. */
#ifndef FTPORT_REQFILE_H
#define FTPORT_REQFILE_H

#include "env.h"

/* Reads a pip requirements file (and its -r includes) into e. */
int reqfile_read(struct environment *e, const char *path, char **cause);
/* The same for text already read, named path (its -r includes are read from files
 * relative to path; the fuzzer's entry). */
int reqfile_read_text(struct environment *e, const char *path, const char *text,
    size_t len, char **cause);

#endif
