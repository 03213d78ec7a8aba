/* gitscan.h: the source scan: declarations of free-threading support in a
 * clone's default branch and in the installed version's tag, read from the object
 * database; results cached by repository and commit. */
#ifndef FTPORT_GITSCAN_H
#define FTPORT_GITSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "scanpat.h"
#include "util.h"

struct cache;

struct scan_finding {
	enum scanpat_kind	 kind;
	char			*path;	/* in the tree; sanitised */
	unsigned		 line;
	char			*text;	/* the line, sanitised and trimmed, at most 160 bytes */
};

enum scan_state {
	SCAN_EMPTY,		/* the repository has no commits */
	SCAN_NONE,		/* no declaration on the default branch nor at the tag */
	SCAN_RELEASED,		/* declared at the installed version's tag */
	SCAN_UNRELEASED,	/* declared on the default branch, in no release after the
				 * installed version (nor at its tag) */
	SCAN_NO_TAG,		/* the same, and no tag for the installed version */
	SCAN_REMOVED,		/* declared at the tag, not on the default branch any more */
	SCAN_UPGRADE,		/* declared in a release after the installed version */
	SCAN_GIL_USED,		/* no declaration on the default branch, an opt-out there */
};

/* At most this many findings are kept per tree (their total is counted). */
#define SCAN_MAX_FINDINGS 100

struct scan_result {
	char			*url;		/* credentials removed */
	char			*name;		/* the distribution as asked; NULL: none */
	char			*branch;	/* "main"; NULL when empty */
	char			 head[41];	/* hex; "" when empty */
	/* On the default branch: declarations and opt-outs (scanpat_kind_is_optout) in
	 * file order; findings_total counts the declarations, optouts_total the others. */
	struct scan_finding	*findings;
	size_t			 nfindings, findings_total, optouts_total;
	char			*tag;		/* the installed version's tag; NULL: none */
	char			 tag_commit[41];
	struct scan_finding	*tag_findings;
	size_t			 ntag_findings, tag_findings_total;
	/* SCAN_UPGRADE: the first release tag after the installed version (PEP 440 order,
	 * pre-releases left out) whose tree declares support. */
	char			*release_tag;
	char			 release_version[64];
	char			 release_commit[41];
	/* The newest release tag of all ("" and NULL: none), for "not yet released". */
	char			*latest_tag;
	char			 latest_version[64];
	/* The earliest commit on the default branch's first-parent line that declares
	 * support, when the bisection found it in time ("" otherwise). */
	char			 intro[41];
	char			*intro_summary;	/* sanitised */
	long long		 intro_time;	/* Unix time */
	enum scan_state		 state;
	unsigned		 files_read;	/* blobs read on the default branch */
	unsigned		 skipped_binary, skipped_large;
	bool			 from_cache;
};

struct scan_opts {
	const char	*repo;		/* a bare clone (gitclone.c) or any repository */
	const char	*url;		/* the cache key and what the result names */
	const char	*name;		/* the distribution, for tag names; may be NULL */
	const char	*version;	/* installed; NULL: no tag comparison */
	struct cache	*cache;		/* results by head and tag commit; may be NULL */
	size_t		 max_file;	/* larger blobs are skipped; 0: 1 MiB */
	unsigned	 history;	/* first-parent commits bisected at most; 0: 1,000,000 */
	long		 history_ms;	/* time for the bisection; 0: 10 s */
};

/* Scans; returns 0 and a result, or -1 and a cause (a repository that cannot be read). */
int scan_repo(const struct scan_opts *o, struct scan_result **out, char **cause);
void scan_result_free(struct scan_result *r);

/* The tag names tried for a version, in order: v1.2.3, 1.2.3, release-1.2.3,
 * name-1.2.3, name-v1.2.3,
 * with the name as given, normalised (PEP 503) and with underscores. */
void scan_tag_names(const char *name, const char *version, struct strlist *out);

const char *scan_state_name(enum scan_state s);
/* One line for people: "support released in 6.1.0 (upgrade: pip install
 * "psutil>=6.1.0")", "support merged after the latest release 1.2.3, not yet released
 * (abc1234 ...)", "upstream declares it needs the GIL (src/lib.rs:199)". */
char *scan_result_summary(const struct scan_result *r, const char *version);
/* The upgrade command for SCAN_UPGRADE, quoted for a POSIX shell: pip install
 * "psutil>=6.1.0"; NULL when the result names no distribution. */
char *scan_result_pip(const struct scan_result *r);
/* The commit that first declared support, for people ("abc1234 Declare support,
 * 2026-05-01"), allocated; NULL when not known. */
char *scan_result_intro(const struct scan_result *r);
/* The first opt-out finding, NULL when none. */
const struct scan_finding *scan_result_optout(const struct scan_result *r);
/* The JSON form (ftport(1) documents it) and back (for the cache). */
json_t *scan_result_json(const struct scan_result *r);
struct scan_result *scan_result_from_json(const json_t *j);

#endif
