/* probecache.h: the interpreter's answer kept between runs, so that a warm run starts
 * no Python; valid while nothing that shapes the answer has changed. */
#ifndef FTPORT_PROBECACHE_H
#define FTPORT_PROBECACHE_H

#include "pyquery.h"

struct cache;

/* The environment variables that change sys.path, the site directories or how file
 * names decode: part of the key (NULL-terminated). */
extern const char *const probecache_env_vars[];

/*
 * An entry ("probe" namespace of the cache) is keyed by the interpreter's path as
 * given and the values of probecache_env_vars, and holds the answer with what it
 * depended on, each checked by lstat/stat on every use (device, inode, size, mtime and
 * ctime in nanoseconds, or absence): the path given and what it resolves to, the
 * executable Python reported, pyvenv.cfg next to it and one directory up, every
 * sys.path entry (a .pth file added to a site directory changes its mtime) and the
 * user site directory (whose creation adds it to sys.path). Returns the answer, or
 * NULL on a miss (absent, damaged, or anything changed).
 */
struct pyquery *probecache_get(struct cache *c, const char *python);
/* Stores q for python; failures are only logged (-v): the cache is an optimisation. */
void probecache_put(struct cache *c, const char *python, const struct pyquery *q);

#endif
