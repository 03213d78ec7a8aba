/* env.h: finding and reading a Python environment: which interpreter, which site
 * directories, and every distribution installed there. */
#ifndef FTPORT_ENV_H
#define FTPORT_ENV_H

#include <stdbool.h>

#include "marker.h"
#include "meta.h"
#include "util.h"

struct env_options {
	const char	*python;	/* --python */
	const char	*venv;		/* --venv */
	struct strlist	 paths;		/* --path, repeatable: replaces sys.path's site dirs */
	/* The interpreter's answer is kept in the cache (probecache.h) when probe_cache is
	 * set: in cache_dir, NULL for the default; refresh asks the interpreter anyway. */
	bool		 probe_cache;
	const char	*cache_dir;
	bool		 refresh;
};

struct environment {
	char		*python;	/* interpreter that was run, NULL on pyvenv.cfg fallback */
	char		*prefix;	/* sys.prefix or the venv directory */
	char		*source;	/* how it was found: "--python", "--venv", "VIRTUAL_ENV", ... */
	char		*version;	/* "3.11.7" */
	char		*implementation; /* "cpython" */
	bool		 free_threaded;	/* Py_GIL_DISABLED */
	char		*platform;	/* sysconfig.get_platform(): "linux-x86_64" */
	char		*libc;		/* "glibc 2.36", "musl 1.2.5"; NULL when unknown */
	char		*marker_values[MV_COUNT];
	struct marker_env markers;	/* points into marker_values, lock_extras and
					   lock_groups */
	struct strlist	 lock_extras;	/* --lock: the extras and dependency groups */
	struct strlist	 lock_groups;	/* chosen (--extra, --group; PEP 751 markers) */
	struct strlist	 site_paths;	/* the sys.path entries that were scanned, in order */

	struct dist	**dists;	/* first one wins by path order; sorted by name after load */
	size_t		 ndists;
	struct strlist	 warnings;
};

/* Finds the environment (--python > --venv > $VIRTUAL_ENV > $CONDA_PREFIX > python3 on
 * PATH), asks the interpreter once, and reads every distribution. Returns -1 and a
 * one-line *cause saying what to do when no environment can be read (exit status 3). */
int env_load(const struct env_options *opts, struct environment **out, char **cause);
void env_free(struct environment *e);

/* Reads the distributions on the given site directories into e (used by env_load and
 * by tests that build an environment by hand). Directories are listed in order and,
 * like importlib.metadata, in readdir order within one; the first distribution of a
 * name wins. Large environments are read by a few threads; the result does not depend
 * on them. */
void env_read_site_paths(struct environment *e);

/* Finds a distribution by normalised name (binary search), NULL if not installed. */
struct dist *env_find(const struct environment *e, const char *name);

/* How long the interpreter may take to answer before it is killed (default 10 s; tests
 * shorten it). */
void env_set_timeout(int ms);

#endif
