/* evidence.h: runtime evidence beside the wheel verdict. The results of `ftport test`
 * (the local store's and the team state's) are matched to a package by name, installed
 * version and the target's ABI; the one rule here turns a wheel verdict and such a
 * result into the status that check, export, drafts, the tree and the TUI all show. */
#ifndef FTPORT_EVIDENCE_H
#define FTPORT_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "testresult.h"
#include "verdict.h"


/* The known results, newest per name, version and ABI. Each result has an address of
 * its own that stays put while the set grows: verdicts point at them. */
struct evidence {
	struct test_result	**v;		/* sorted by name */
	size_t			 n, alloc;
	size_t			 unkeyed;	/* added without a version or ABI: kept to be
						 * shown, never current */
};

void evidence_init(struct evidence *e);
void evidence_free(struct evidence *e);
/* A copy of r, unless a result for the same name, version and ABI is as new (then
 * false). A newer one replaces the older in place. */
bool evidence_add(struct evidence *e, const struct test_result *r);
/* Every result of the local store (testresult_load_all). -1 and *cause when the store
 * cannot be listed. */
int evidence_load_store(struct evidence *e, const char *cache_dir, char **cause);

/* Is r about this installed version with the interpreter of this target ABI? Versions
 * compare by PEP 440 (2.1.05 is 2.1.5); a result without a version or ABI never is. */
bool evidence_current(const struct test_result *r, const char *version, const char *abi);

/* The rule: a result for this version and ABI that turned the GIL back on, failed,
 * could not import or crashed replaces the wheel verdict (gil-reenabled, failed,
 * import-failed, crashed); passed leaves it and confirms it; timeout and install-failed
 * are shown beside it and change nothing (a slow test or an install that did not
 * happen says nothing about free-threading). A gil-reenabled whose module is not one
 * of the package's own (a dependency's) changes nothing either. */
enum ft_status evidence_status(enum ft_status wheel, const struct test_result *r);
/* Is the package known to work as installed for this verdict: ready, pure, fallback,
 * or source confirmed by a passed test of this version? (check --fail-on any, the
 * checklist's "ready" section.) */
bool evidence_works(const struct verdict *v);

/* Sets test, other and status of d's verdict v for the target ABI abi ("cp314t") from e
 * (NULL: none), from what the wheels said; applied again, it gives the same. */
void evidence_apply(const struct evidence *e, const struct dist *d, const char *abi,
    struct verdict *v);

/* For people (raw text: clean it before display); installed is the installed version.
 * The TEST cell: "gil-reenabled (markupsafe._speedups)", "passed", "crashed (SIGSEGV)";
 * for another version or ABI "passed on 3.0.2", "passed on cp314t"; NULL when there is
 * no result. */
char *evidence_cell(const struct verdict *v, const char *installed);
/* A sentence: "Under PYTHON_GIL=0 with CPython 3.13.5 (cp313t): gil-reenabled by
 * markupsafe._speedups; the wheels alone say ready.", "Passed under PYTHON_GIL=0 with
 * CPython 3.13.5 (cp313t).", "A test of 3.0.2, not the installed 2.1.5, says passed:
 * not used."; NULL when there is no result. */
char *evidence_sentence(const struct verdict *v, const char *installed);

#endif
