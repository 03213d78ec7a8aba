/* gitscan.h: the source scan (SPEC §6): declarations of free-threading support in a
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
	SCAN_UNRELEASED,	/* declared on the default branch, not at the tag */
	SCAN_NO_TAG,		/* declared on the default branch; no tag for the version */
	SCAN_REMOVED,		/* declared at the tag, not on the default branch any more */
};

/* At most this many findings are kept per tree (their total is counted). */
#define SCAN_MAX_FINDINGS 100
/* Directories deeper than this are not walked: the scan fails saying so. */
#define SCAN_MAX_DEPTH 256

struct scan_result {
	char			*url;		/* credentials removed */
	char			*branch;	/* "main"; NULL when empty */
	char			 head[41];	/* hex; "" when empty */
	struct scan_finding	*findings;	/* on the default branch */
	size_t			 nfindings, findings_total;
	char			*tag;		/* the installed version's tag; NULL: none */
	char			 tag_commit[41];
	struct scan_finding	*tag_findings;
	size_t			 ntag_findings, tag_findings_total;
	/* The commit on the default branch that brought the first declaration, when the
	 * bounded walk back found it ("" otherwise). */
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
	unsigned	 history;	/* commits walked back for the intro; 0: 500 */
};

/* Scans; returns 0 and a result, or -1 and a cause (a repository that cannot be read). */
int scan_repo(const struct scan_opts *o, struct scan_result **out, char **cause);
void scan_result_free(struct scan_result *r);

/* The tag names tried for a version, in order: v1.2.3, 1.2.3, name-1.2.3, name-v1.2.3,
 * with the name as given, normalised (PEP 503) and with underscores. */
void scan_tag_names(const char *name, const char *version, struct strlist *out);

const char *scan_state_name(enum scan_state s);
/* One line for people: "support merged after 1.2.3, not yet released (abc1234 ...)". */
char *scan_result_summary(const struct scan_result *r, const char *version);
/* The JSON form (ftport(1) documents it) and back (for the cache). */
json_t *scan_result_json(const struct scan_result *r);
struct scan_result *scan_result_from_json(const json_t *j);

#endif
