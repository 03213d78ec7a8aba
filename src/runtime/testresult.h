/* testresult.h: what testing a package under PYTHON_GIL=0 found, and the
 * store in the cache that keeps each package's latest result for check, the TUI, drafts,
 * the checklist and the team state to read. Core only: no curses, no child processes. */
#ifndef FTPORT_TESTRESULT_H
#define FTPORT_TESTRESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "util.h"

/* Best first; testresult_worse() orders them. The names are the words shown and
 * exported: "passed", "gil-reenabled", ... */
enum test_outcome {
	TO_PASSED,		/* every module imports with the GIL off; the command passed */
	TO_GIL_REENABLED,	/* imports, but importing `module` turned the GIL back on */
	TO_FAILED,		/* imports; the test command exited non-zero (detail) */
	TO_IMPORT_FAILED,	/* an import raised: detail holds the last traceback lines */
	TO_TIMEOUT,		/* still running after the timeout: killed with its children */
	TO_CRASHED,		/* killed by a signal: `signal` names it ("SIGSEGV") */
	TO_INSTALL_FAILED,	/* pip could not install it: detail holds pip's reason */
	TO_COUNT
};

const char *testresult_outcome_name(enum test_outcome o);
int testresult_outcome_from_name(const char *name);	/* -1 if unknown */
/* Is a worse than b (for combining the steps of one package, and sorting)? */
bool testresult_worse(enum test_outcome a, enum test_outcome b);

/* 2: "abi" (the interpreter's ABI tag) added; results keyed by name, version and ABI. A
 * schema 1 result gets its ABI from the interpreter version and build it names. */
#define TESTRESULT_SCHEMA 2

struct test_result {
	char		*name;		/* normalised (PEP 503) */
	char		*version;	/* the version tested; NULL when unknown */
	enum test_outcome outcome;
	char		*module;	/* gil-reenabled: the module named by the warning (may
					 * be a dependency's); import-failed, crashed, timeout
					 * while importing: the module being imported; else NULL */
	char		*signal;	/* crashed: "SIGSEGV"; else NULL */
	char		*detail;	/* a few lines for people: the traceback's last lines,
					 * pip's reason, "exit status 2"; raw: sanitise it */
	char		*step;		/* where it was decided: "install", "import", "command" */
	double		 seconds;	/* how long that step ran */
	time_t		 when;		/* when the test finished */
	char		*python;	/* the free-threaded interpreter used (its path) */
	char		*python_version; /* "3.14.0" */
	bool		 free_threaded;	/* that interpreter's Py_GIL_DISABLED */
	char		*abi;		/* that interpreter's ABI tag: "cp313t" ("cp313" for a
					 * GIL build); NULL when not known. With name and
					 * version it says what the result is about. */
	char		*target;	/* "3.14t" */
	bool		 in_place;	/* tested in the environment itself, not a scratch venv */
	char		*command;	/* the test command as given, NULL for imports only */
	char		*log;		/* the log file (its last 1 MB), NULL when none */
	struct strlist	 modules;	/* the top-level modules imported */
	char		*excerpt;	/* the log's last lines when the log itself is on
					 * another machine (the team state's "log_excerpt") */
};

void testresult_clear(struct test_result *r);
/* A deep copy. */
void testresult_copy(struct test_result *dst, const struct test_result *src);
/* The ABI tag of CPython python_version ("3.13.5"): "cp313t" free-threaded, "cp313"
 * not; NULL when the version does not say. Allocated. */
char *testresult_abi_of(const char *python_version, bool free_threaded);
/* One line for people: "crashed (SIGSEGV) importing foo after 0.4 s",
 * "gil-reenabled by _cffi_backend", "install-failed: No matching distribution ...".
 * Raw text: sanitise before display. */
char *testresult_summary(const struct test_result *r);

/* One object in the documented JSON form (ftport(1), `ftport test --json`). */
json_t *testresult_to_json(const struct test_result *r);
/* Fills r (zeroed by the caller) from that form; -1 and *cause when it is not one. */
int testresult_from_json(const json_t *j, struct test_result *r, char **cause);

/* The store: DIR/tests/NAME@VERSION@ABI.json under the cache directory (NULL: the
 * default one), the latest result per package, version and interpreter ABI, written
 * atomically; its log beside it (.log). A result without a version or ABI is NAME.json,
 * as every result was in schema 1; saving a result of NAME moves such a file to its
 * key when it has one (its ABI from the interpreter it names), else removes it. */
char *testresult_dir(const char *cache_dir, char **cause);
/* The file of r's key with extension ext ("json", "log"); NULL and *cause when a part
 * of the key could leave the directory. */
char *testresult_path(const char *cache_dir, const struct test_result *r, const char *ext,
    char **cause);
int testresult_save(const char *cache_dir, const struct test_result *r, char **cause);
/* 1 and *out filled with the newest result for the (normalised or not) name, whatever
 * its version and ABI; 0 when there is none, -1 and *cause when its only files are
 * damaged (they are then ignored). */
int testresult_load(const char *cache_dir, const char *name, struct test_result *out,
    char **cause);
/* Every stored result, sorted by name; damaged files are skipped. */
int testresult_load_all(const char *cache_dir, struct test_result **out, size_t *n,
    char **cause);
void testresult_free_all(struct test_result *v, size_t n);
/* Results and logs in the store and their size; clear removes them. */
int testresult_store_stats(const char *cache_dir, size_t *results, unsigned long long *bytes,
    char **cause);
int testresult_store_clear(const char *cache_dir, size_t *results, unsigned long long *bytes,
    char **cause);

#endif
