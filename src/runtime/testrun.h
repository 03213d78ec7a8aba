/* testrun.h: testing packages under PYTHON_GIL=0, several at once, on the
 * event loop: the scratch venv made once, installs with pip (--only-binary=:all:, one
 * pip at a time per venv, the packages waiting batched into one run), then per
 * top-level module an import with PYTHON_GIL unset (did the GIL come back?) and one
 * with PYTHON_GIL=0, then the optional test command. `ftport test` and the TUI's `t`
 * drive it; results go to the store (testresult.h) and the team state (state.h) as each
 * package finishes. */
#ifndef FTPORT_TESTRUN_H
#define FTPORT_TESTRUN_H

#include <stdbool.h>

#include "env.h"
#include "fetch.h"
#include "ftpython.h"
#include "loop.h"
#include "pipfail.h"
#include "testresult.h"

#define TESTRUN_LOG_MAX		(1024UL * 1024)	/* a package's log keeps its last 1 MB */
#define TESTRUN_TIMEOUT_S	300

struct testrun_config {
	const struct ftpython	 *python;	/* not owned */
	const char		 *target;	/* "3.14t" */
	const char		 *cache_dir;	/* NULL: the default */
	const char		 *index_url;	/* handed to pip; NULL: pip's own configuration */
	const char		 *command;	/* the test command as given, NULL for none */
	int			  timeout_ms;	/* per import and for the command */
	int			  jobs;		/* imports and commands at once */
	const struct environment *env;		/* in place: where the distributions are */
	const char		 *state_path;	/* the team state each stored result is
						   also recorded in; NULL: none */
	struct fetch		 *fetch;	/* the loop's: the index is asked why pip found
						   nothing; NULL: not asked (install-failed) */
};

enum testrun_state {
	TR_WAITING,	/* for the venv, or for pip */
	TR_INSTALLING,
	TR_RUNNING,	/* imports and the command */
	TR_DONE,	/* result is filled in (and stored) */
	TR_CANCELLED,
};

struct testrun_pkg {
	char			*name;		/* as asked (pip gets it as is) */
	char			*version;	/* pinned: NAME==VERSION; NULL: the newest */
	enum testrun_state	 state;
	char			*activity;	/* "importing foo (PYTHON_GIL=0)": live status */
	struct test_result	 result;	/* TR_DONE */
	enum pipfail		 pipfail;	/* not PF_PACKAGE: pip failed for a reason that
						   is not the package's (result.detail says
						   which); nothing stored or recorded */
	bool			 saved;		/* the result is in the store */
	struct testrun_item	*priv;
};

typedef void (*testrun_changed_fn)(struct testrun_pkg *p, void *arg);

struct testrun;

/* The command is split (gilrun_split) here: NULL and *cause when it cannot be. */
struct testrun *testrun_new(struct loop *l, const struct testrun_config *c, char **cause);
/* Kills every child (and reaps it) and frees everything. */
void testrun_free(struct testrun *t);
void testrun_set_changed(struct testrun *t, testrun_changed_fn fn, void *arg);
/* Queues a package. command is its own test command (the team state's), NULL for the
 * run's; one that cannot be split makes the package's result "failed" with the reason. */
struct testrun_pkg *testrun_add(struct testrun *t, const char *name, const char *version,
    const char *command);
/* Stops it (its children killed with their groups); state TR_CANCELLED. */
void testrun_cancel(struct testrun *t, struct testrun_pkg *p);
/* Packages added, in order; and the one of a name not yet finished, or NULL. */
size_t testrun_count(const struct testrun *t);
struct testrun_pkg *testrun_get(const struct testrun *t, size_t i);
struct testrun_pkg *testrun_active(const struct testrun *t, const char *name);
/* Packages not yet done or cancelled. */
size_t testrun_pending(const struct testrun *t);
/* The scratch venv (NULL in place). */
const char *testrun_venv(const struct testrun *t);

#endif
