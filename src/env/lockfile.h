/* lockfile.h: judging a project before anything is installed: a uv.lock, a pylock.toml
 * (PEP 751) or a pip requirements file read into an environment of locked releases,
 * which the graph, the check and the TUI take like an installed one. */
#ifndef FTPORT_LOCKFILE_H
#define FTPORT_LOCKFILE_H

#include <stdbool.h>

#include "env.h"

enum lock_format { LOCK_UV, LOCK_PYLOCK, LOCK_REQUIREMENTS };

struct lock_options {
	const char	*path;		/* --lock FILE */
	const char	*python;	/* --python: reads the TOML (NULL: python3 on PATH) */
	const char	*target;	/* the first --target ("3.14t"), NULL for the default */
	const char	*platform;	/* the first --platform, NULL or "current" for this
					   machine's */
	const struct strlist *extras;	/* --extra, --group: a pylock.toml's extras and */
	const struct strlist *groups;	/* dependency groups to install (NULL: none; no
					   group: the lock's default-groups) */
};

/* Reads the lockfile into an environment whose markers are those of the target and
 * platform (CPython 3.XY on that OS and machine), keeping only the packages that would
 * be installed there: for uv.lock those reachable from the project through dependencies
 * whose markers hold; for pylock.toml and requirements those whose own markers hold
 * (a pylock.toml marker's extras and dependency_groups are lo's; an extra or group
 * the lock does not list is an error). --extra and --group are only for pylock.toml.
 * TOML is read by a Python 3.11+ interpreter's tomllib (no shell: an argv vector).
 * -1 and a one-line *cause (exit status 3) when the file cannot be read or understood. */
int lockfile_load(const struct lock_options *lo, struct environment **out, char **cause);

/* The format by file name: uv.lock (any *.lock), pylock.toml and pylock.NAME.toml,
 * anything else a requirements file. */
enum lock_format lockfile_format(const char *path);

/* Fills e from a uv.lock or pylock.toml already turned into JSON text (by tomllib);
 * exposed for the unit tests. -1 and *cause on an unknown lock version or a shape
 * that is not the format's. */
int lockfile_from_json(struct environment *e, enum lock_format f, const char *json,
    size_t len, char **cause);
/* A requirements line's version once the index has answered: the newest final
 * release (else pre-release) within d->unpinned that has a file; NULL if none. */
char *lockfile_pick_version(const struct dist *d, const struct project *p);

#endif
