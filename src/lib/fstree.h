/* fstree.h: directory trees measured and removed without following links. */
#ifndef FTPORT_FSTREE_H
#define FTPORT_FSTREE_H

#include <stdbool.h>

/* Adds the size of the regular files at and under path to *bytes and, with remove,
 * deletes them and path itself. A symbolic link is counted as nothing and removed as
 * a link: what it names is never touched. A missing path is 0. -1 and a one-line
 * *cause at the first failure. */
int fstree_walk(const char *path, bool remove, unsigned long long *bytes, char **cause);
/* fstree_walk removing, the size dropped. */
int fstree_remove(const char *path, char **cause);
/* fstree_remove for a clean-up that may fail (a temporary directory): the failure is
 * only logged (-v). */
void fstree_remove_quiet(const char *path);

#endif
