/* lockenv.h: the environment a lock describes, built by the lock readers. */
#ifndef FTPORT_LOCKENV_H
#define FTPORT_LOCKENV_H

#include "env.h"

/* An environment with the marker values of CPython target (cp3XYt) on platform (the
 * --platform style), and no distributions yet. */
struct environment *lockenv_new(const char *path, int major, int minor,
    const char *platform);

/* A new distribution of e, named (normalised here) and versioned; the lockfile
 * readers fill in the rest. Returns NULL (and adds nothing) when e has that name
 * already: the first one wins, as on sys.path. */
struct dist *lockenv_add(struct environment *e, const char *name, const char *version);
/* Sorts e's distributions by name (env_find needs it) and drops the ones not reachable
 * from roots (normalised names; none: keep all) through edges whose markers hold. */
void lockenv_finish(struct environment *e, const struct strlist *roots);

#endif
