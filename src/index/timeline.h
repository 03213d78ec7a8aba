/* timeline.h: the support timeline: when a package first had free-threaded wheels
 * (the bundled top-package history and the tracking table; the index's files name the
 * version where the table does not), and an environment's compiled packages counted
 * month by month against that history (ftport stats). */
#ifndef FTPORT_TIMELINE_H
#define FTPORT_TIMELINE_H

#include <stdbool.h>

#include "env.h"
#include "project.h"
#include "snapshot.h"
#include "verdict.h"

struct timeline_since {
	char		*day;		/* "2024-10-07": first seen in the history */
	char		*version;	/* the first version with them, NULL if not known */
	const char	*version_from;	/* "tracking table", "index" or NULL */
};

/* What the history says of a package: false (out cleared) when it has no day for it.
 * p, the index's answer (may be NULL), names the first version with a free-threaded
 * wheel where the tracking table does not. */
bool timeline_since(const struct snapshot *s, const char *name, const struct project *p,
    struct timeline_since *out);
void timeline_since_clear(struct timeline_since *t);
/* "free-threaded wheels since 2024-10 (version 2.1.0)", with date (may be NULL) the
 * history's: "(version 2.1.0; history of 2026-06-14)"; allocated. */
char *timeline_since_text(const struct timeline_since *t, const char *date);
/* The oldest release of p with a free-threaded wheel (cp3XYt, cp3XYtd, abi3t) for any
 * target, NULL when none; allocated. */
char *timeline_first_ft_version(const struct project *p);

/* One compiled package of an environment. */
struct timeline_pkg {
	const struct dist	*dist;
	char			*since;		/* day, NULL when the history has none */
	bool			 in_top;	/* in the history's top-package results */
	bool			 ready_now;	/* no day, but its own files make it ready
						   (a lock's wheel names, an ft build's RECORD) */
	bool			 installed_ready; /* the installed version is known to
						   work: its files, or at or past the
						   tracking table's version (the same
						   answer as check --offline) */
	char			*upgrade_to;	/* with a day: the tracking table's version
						   the installed one is older than, NULL
						   when none or not known */
};

struct timeline_stats {
	struct timeline_pkg	*pkgs;		/* the compiled ones, by name */
	size_t			 npkgs;
	size_t			 nmonths;	/* the history's months */
	const struct snapshot_month *months;
	size_t			*ready;		/* per month: packages with a day <= it */
	size_t			 remaining;	/* compiled packages neither with a day nor
						   ready_now */
};

/* Counts e's compiled distributions (RECORD lists extension modules or native
 * libraries; a lock's wheels are not all none-any) month by month. One without a day
 * is judged from its own files for target on e's platform. -1 and *cause when the
 * snapshot has no history. */
int timeline_stats_build(const struct environment *e, const struct snapshot *s,
    const struct target *target, struct timeline_stats *out, char **cause);
void timeline_stats_free(struct timeline_stats *st);

#endif
