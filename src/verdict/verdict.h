/* verdict.h: for one package, one target ABI and one platform, the first
 * status that holds in precedence order (enum ft_status), with its reason and the fix. */
#ifndef FTPORT_VERDICT_H
#define FTPORT_VERDICT_H

#include <stdbool.h>

#include "meta.h"
#include "project.h"
#include "target.h"

/* The wheel verdicts in precedence order (the first that holds wins), then what
 * runtime evidence puts in their place (evidence.c): a test under PYTHON_GIL=0 of
 * this version with this target's interpreter that turned the GIL back on, failed,
 * could not import, or crashed. Those four stop the move like blocked and abi3 do. */
enum ft_status {
	ST_READY,
	ST_PURE,
	ST_FALLBACK,
	ST_UPGRADE,
	ST_PRERELEASE,
	ST_ELSEWHERE,
	ST_OTHER_ABI,
	ST_SOURCE,
	ST_ABI3,
	ST_BLOCKED,
	ST_GIL_REENABLED,
	ST_TEST_FAILED,
	ST_IMPORT_FAILED,
	ST_CRASHED,
	ST_UNKNOWN,
	ST_COUNT
};

/* Where an answer came from (the "source" field of check --format json). */
enum verdict_source { VS_INDEX, VS_INSTALLED, VS_SNAPSHOT, VS_CACHE, VS_LOCK, VS_NONE };

const char *status_name(enum ft_status s);		/* "ready", "other-abi", ... */
int status_from_name(const char *name);			/* -1 if unknown */
/* How bad a status is for the move (higher is worse), for "worst in subtree" and the
 * blockers-first view: blocked > abi3 > crashed > import-failed > failed >
 * gil-reenabled > source > unknown > other-abi > elsewhere > prerelease > upgrade >
 * fallback > pure = ready. */
int status_severity(enum ft_status s);
/* Does this status stop the move as things stand (blocked, abi3, and what a test
 * found: gil-reenabled, failed, import-failed, crashed)? */
bool status_is_blocker(enum ft_status s);
const char *verdict_source_name(enum verdict_source s);

struct test_result;

struct verdict {
	enum ft_status		 status;	/* what every output shows and counts */
	char			*target;	/* "cp314t" */
	char			*platform;	/* "linux-x86_64" */
	char			*reason;	/* one sentence, for people */
	char			*fix_version;	/* "upgrade to >= X": X, else NULL */
	char			*latest;	/* newest non-yanked release, NULL if unknown */
	enum verdict_source	 source;
	/* Runtime evidence (evidence.c), pointing into the check's evidence (not owned):
	 * test is the result for this installed version and this target's ABI, which
	 * decided status (wheel keeps what the files alone said); other is the newest
	 * result for another version or ABI, shown as such and never applied. */
	const struct test_result *test;
	const struct test_result *other;
	enum ft_status		 wheel;
};

void verdict_clear(struct verdict *v);

/* Judges the installed distribution d (NULL: the project's latest release) for one
 * target and platform (a --platform value or the interpreter's sysconfig platform;
 * "current" must be resolved by the caller). p is the index's answer, NULL when there
 * is none; src says where p came from, and with p == NULL, VS_NONE means "not checked
 * yet" and anything else "not on the index". out must be zeroed or hold an earlier
 * verdict, which is cleared first. The decision table is at the top of verdict.c. */
void verdict_judge(const struct dist *d, const struct project *p, enum verdict_source src,
    const struct target *t, const char *platform, struct verdict *out);

/* The files found per target and platform, for the detail pane: for the installed
 * release and the latest, the wheels that install on platform and where wheels for the
 * target exist. Several lines, each ending in a newline; allocated. */
char *verdict_files_text(const struct dist *d, const struct project *p,
    const struct target *t, const char *platform);

#endif
