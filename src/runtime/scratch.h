/* scratch.h: the scratch virtual environments that packages are tested in when the
 * environment itself is not free-threaded: one per target and interpreter under the
 * cache directory (venvs/), created once and reused; and what a test imports from an
 * installed distribution (its top-level modules). */
#ifndef FTPORT_SCRATCH_H
#define FTPORT_SCRATCH_H

#include <stdbool.h>

#include "meta.h"
#include "util.h"

/* CACHE/venvs/ABI-NAME-HASH for the interpreter at python (ABI its tag, "cp313t"; NAME
 * its file name, HASH of its path): the same interpreter always gets the same venv,
 * whatever the target. cache_dir NULL: the default cache. NULL and *cause when there
 * is no cache directory. */
char *scratch_venv_dir(const char *cache_dir, const char *abi, const char *python,
    char **cause);
/* Its interpreter (DIR/bin/python), and whether it is there (the venv is usable). */
char *scratch_venv_python(const char *venv);
bool scratch_venv_ready(const char *venv);
/* The venv's site-packages directory (lib/python3.X*\/site-packages), NULL if none. */
char *scratch_venv_site(const char *venv);

/* The distribution named name (normalised or not) installed in site, NULL if none. */
struct dist *scratch_find_dist(const char *site, const char *name);

/* The modules to import for d: top_level.txt, else the top-level packages and modules
 * of RECORD (directories with Python or extension files, *.py, extension modules),
 * without the metadata, scripts, __pycache__ and names Python cannot import. */
void scratch_modules(const struct dist *d, struct strlist *out);

/* Scratch venvs under the cache and their size; clear removes them (and any left
 * half-made by an interrupted creation). */
int scratch_stats(const char *cache_dir, size_t *venvs, unsigned long long *bytes,
    struct strlist *names, char **cause);
int scratch_clear(const char *cache_dir, size_t *venvs, unsigned long long *bytes,
    char **cause);


#endif
