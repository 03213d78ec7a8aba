/* gitlocal.h: a clone of a repository on this machine (a file:// URL or a path) starts
 * from a copy of its pack files: libgit2 1.5's local transport would build a new
 * pack object by object, searching deltas afresh, and index it again (63 s for psutil's
 * 49 MB under load, against 10 s for git clone --bare of the same). The fetch that
 * follows then sends only what the packs lack. */
#ifndef FTPORT_GITLOCAL_H
#define FTPORT_GITLOCAL_H

#include <stdbool.h>

/* The git directory of the repository url names when it is on this machine (file://
 * URL or a path to a repository), else NULL. */
char *gitlocal_gitdir(const char *url);

/* Copies the pack files (each .pack with its .idx) of the repository at
 * src into dst's object directory: 0, or 1 when they add up to more than max_bytes
 * (0: no limit; nothing copied), or -1 and a cause (what was copied is removed).
 * progress gets the bytes so far and may stop the copy by returning nonzero (-1, cause
 * "stopped"). */
int gitlocal_copy_packs(const char *src, const char *dst, unsigned long long max_bytes,
    int (*progress)(unsigned long long bytes, void *arg), void *arg, char **cause);

#endif
