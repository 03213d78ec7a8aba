/* verdict.h: SPEC §4: for one package, one target ABI and one platform, the first
 * status of the table that holds, with its reason and the fix. */
#ifndef FTPORT_VERDICT_H
#define FTPORT_VERDICT_H

#include <stdbool.h>

#include "meta.h"
#include "project.h"

/* In SPEC §4's precedence order. */
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
	ST_UNKNOWN,
	ST_COUNT
};

/* Where an answer came from (the "source" field of check --format json). */
enum verdict_source { VS_INDEX, VS_INSTALLED, VS_SNAPSHOT, VS_CACHE, VS_LOCK, VS_NONE };

const char *status_name(enum ft_status s);		/* "ready", "other-abi", ... */
int status_from_name(const char *name);			/* -1 if unknown */
/* How bad a status is for the move (higher is worse), for "worst in subtree" and the
 * blockers-first view: blocked > abi3 > source > unknown > other-abi > elsewhere >
 * prerelease > upgrade > fallback > pure = ready. */
int status_severity(enum ft_status s);
/* Does this status stop the move as things stand (blocked, abi3)? */
bool status_is_blocker(enum ft_status s);
const char *verdict_source_name(enum verdict_source s);

/* A target ABI: "3.14t" -> cp314t (minor 14). */
struct target {
	char	 tag[16];	/* "cp314t" */
	int	 major, minor;
};
int target_parse(const char *text, struct target *t); /* "3.14t", "cp314t"; -1 if bad */

struct verdict {
	enum ft_status		 status;
	char			*target;	/* "cp314t" */
	char			*platform;	/* "linux-x86_64" */
	char			*reason;	/* one sentence, for people */
	char			*fix_version;	/* "upgrade to >= X": X, else NULL */
	char			*latest;	/* newest non-yanked release, NULL if unknown */
	enum verdict_source	 source;
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
