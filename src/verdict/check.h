/* check.h: checking one environment: every installed package asked of the index (or
 * the cache, or the bundled snapshot), judged per target and platform, the answers
 * streaming in through the event loop. `ftport check` runs it to completion; the TUI
 * draws it while it runs. */
#ifndef FTPORT_CHECK_H
#define FTPORT_CHECK_H

#include <stdbool.h>

#include "graph.h"
#include "index.h"
#include "verdict.h"

struct evidence;
struct replacement;
struct replacements;
struct snapshot;

enum check_state { CHECK_PENDING, CHECK_DONE };

struct check_pkg {
	struct graph_node	*node;
	enum check_state	 state;
	const struct project	*project;	/* the index answer, NULL if none (yet) */
	char			*error;		/* the index error for this package, or NULL */
	bool			 not_found;	/* that error is the index's answer: no such
						   project (404), not a failure to answer */
	struct verdict		*verdicts;	/* ntargets * nplatforms: [t * nplatforms + p] */
	/* After check_propagate (for the first target and platform): */
	enum ft_status		 worst;		/* worst status in the subtree */
	bool			 leaf_blocker;
	bool			 ignored;	/* the team ignores it (check_set_ignored) */
	struct strlist		 blocked_by;	/* leaf blockers below, normalised names */
	char			*chain;		/* "cffi blocks cryptography, which blocks
						   paramiko"; through an ignored package
						   only: "numpy (ignored) blocks app" */
	/* After check_propagate: a drop-in that works free-threaded, unless every
	 * verdict is ready or pure (the package itself is then fine). */
	const struct replacement *replacement;
	/* With --nightly, for a package that is not ready: "nightly free-threaded
	 * wheels: pip install --pre --extra-index-url URL numpy", from the nightly index
	 * (nightly_version: the newest such build) or, when it could not be asked, the
	 * bundled snapshot's hint with its date (nightly_version NULL); NULL otherwise.
	 * A finding of its own: never a verdict. */
	char			*nightly;
	char			*nightly_version;
};

struct check_config {
	struct strlist		 targets;	/* "3.14t" ...; empty = 3.14t */
	struct strlist		 platforms;	/* "current", "linux-x86_64" ...; empty = current */
	bool			 no_index;	/* judge from installed files and snapshot only */
};

typedef void (*check_changed_fn)(struct check_pkg *cp, void *arg);

struct check {
	struct graph		*graph;		/* not owned */
	struct target		*targets;
	size_t			 ntargets;
	char			**platforms;	/* resolved: "current" -> the interpreter's */
	size_t			 nplatforms;
	struct check_pkg	*pkgs;		/* one per graph node, same index */
	size_t			 npkgs;
	size_t			 ndone;
	bool			 dirty;		/* answers arrived since the last propagate */
	check_changed_fn	 changed;	/* called as each package's answer arrives */
	void			*changed_arg;
	struct index_client	*index;		/* not owned */
	struct snapshot		*snapshot;	/* not owned; may be NULL */
	const struct replacements *replacements; /* not owned; may be NULL */
	/* --nightly: the nightly index (asked after the index for the packages that
	 * are not ready), not owned; NULL without --nightly. */
	struct index_client	*nightly;
	struct strlist		 ignored;	/* packages the team decided to ignore
						   (normalised): they block nothing above
						   them (check_set_ignored) */
	/* The results of `ftport test` (not owned; may be NULL): applied to each package's
	 * verdicts as they are judged (evidence.h). */
	const struct evidence	*evidence;
};

/* The Scientific Python nightly wheels, where free-threaded builds of numpy, scipy,
 * matplotlib and others appear before their releases. */
#define CHECK_NIGHTLY_INDEX "https://pypi.anaconda.org/scientific-python-nightly-wheels/simple"

/* The --platform values, for messages ("current" is the interpreter's platform, with
 * its C library: musllinux_1_2_x86_64 on Alpine). */
#define CHECK_PLATFORM_CHOICES "current, linux-x86_64, linux-aarch64, musllinux-x86_64, " \
	"musllinux-aarch64, macos-arm64, macos-x86_64 (with a macOS version: macos-13-arm64) " \
	"or windows-amd64"

/* The packages the team decided to ignore (names, normalised here): from the next
 * check_propagate on, each counts for no package above it, is no leaf blocker, and
 * its own blockers reach nothing through it. Marks the check dirty. */
void check_set_ignored(struct check *ch, const struct strlist *names);

/* The index's errors summed up in one line, those it answered "not on the index"
 * apart from those that got no answer: "2 packages got no answer from the index
 * (numpy: timed out); 167 are not on it (aiohttp, ...)". NULL when there were none. */
char *check_errors_summary(const struct check *ch);

/* NULL and *cause when a target or platform is not understood (a usage error). */
struct check *check_new(struct graph *g, const struct check_config *c,
    struct index_client *ic, struct snapshot *snap, char **cause);
void check_free(struct check *ch);
/* Judges what local files can tell now and asks the index for the rest. */
void check_start(struct check *ch);
bool check_finished(const struct check *ch);
/* Uses e (not owned, may be NULL) from now on and applies it to every package judged
 * so far; propagate afterwards. Call it again after e changed. */
void check_set_evidence(struct check *ch, const struct evidence *e);
/* The check's runtime evidence (ch->evidence) on every verdict of cp, one per target
 * and platform: after a new test result. */
void check_apply_evidence(const struct check *ch, struct check_pkg *cp);
/* Recomputes worst/leaf_blocker/blocked_by/chain over the tree (O(nodes + edges)). */
void check_propagate(struct check *ch);
/* Counts of packages by status (first target and platform). */
void check_counts(const struct check *ch, size_t counts[ST_COUNT]);

#endif
