/* upstream.h: what upstream knows about a package's free-threading support:
 * its repository, the issues and pull requests found on its forge (forge.c fills
 * them), and what a scan of its source found (gitscan fills those). One struct per
 * package, read by `ftport upstream`, `check --upstream`, the TUI and the drafts. */
#ifndef FTPORT_UPSTREAM_H
#define FTPORT_UPSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "gitscan.h"
#include "repo_url.h"
#include "util.h"
#include "verdict.h"

/* One issue, pull request or merge request. Text is as the forge sent it: sanitise
 * before it reaches a terminal or an export. */
struct upstream_item {
	unsigned long	 number;	/* #1234 (GitLab: the iid) */
	bool		 pr;		/* a pull or merge request, else an issue */
	bool		 open;
	bool		 merged;	/* a PR that was merged */
	bool		 tracking;	/* the tracking table's issue for this package */
	char		*title;
	char		*url;		/* the web page */
	char		*updated;	/* ISO 8601 as sent ("2024-08-19T10:00:00Z"), or NULL */
	struct strlist	 labels;
};

struct loop;
struct scanjob_watch;

/* The source scan (gitscan.c, run in the background by scanjob.c). */
struct upstream_scan {
	bool			 running;
	char			*progress;	/* while running: "receiving objects 12/80, ..." */
	char			*error;		/* it failed: why, one line */
	struct scan_result	*result;	/* NULL until one finished */
	struct scanjob_watch	*watch;		/* the job while it runs */
};

enum upstream_state {
	UP_IDLE,	/* not asked */
	UP_QUEUED,	/* waiting its turn (rate limit) */
	UP_RUNNING,	/* being asked */
	UP_DONE,	/* answered (items may be empty) */
	UP_FAILED	/* error says why */
};

struct upstream {
	char			*name;		/* normalised package name */
	char			*version;	/* installed, or NULL */
	struct repo		 repo;
	enum upstream_state	 state;
	struct upstream_item	*items;		/* the tracking issue first, then by update */
	size_t			 nitems, items_alloc;
	uint64_t		*item_keys;	/* the items' numbers, hashed (upstream_has_item) */
	size_t			 item_keys_alloc;
	size_t			 total;		/* matches the forge reported (may exceed nitems) */
	bool			 cached;	/* the answer came from the cache */
	char			*fetched;	/* when the forge answered ("2026-12-06T10:00:00Z") */
	char			*error;		/* UP_FAILED: one line */
	bool			 interrupted;	/* UP_FAILED because the user stopped asking */
	char			*tracking_url;	/* the tracking table's issue, NULL: none */
	struct upstream_scan	 scan;
};

struct upstream *upstream_new(const char *name, const char *version);
void upstream_free(struct upstream *u);
/* Forgets the forge's answer (items, total, error), not the repository or scan. */
void upstream_clear_items(struct upstream *u);
/* Forgets the scan, stopping one that runs. */
void upstream_scan_clear(struct upstream_scan *s);
void upstream_item_clear(struct upstream_item *it);
/* Appends an item (its strings are taken; *it is zeroed). */
void upstream_add_item(struct upstream *u, struct upstream_item *it);
/* Is an item of that number there: a pull request (pr) or an issue, or either when
 * shared (GitHub numbers both in one space)? A hash set: a hostile forge's 300,000
 * items took 101 s to deduplicate pairwise. */
bool upstream_has_item(const struct upstream *u, bool pr, unsigned long number, bool shared);
/* The tracking issue first, then open before closed, then the latest update first. */
void upstream_sort(struct upstream *u);

/* One short cell for a table ("#26157 open", "PR #812 merged", "none found",
 * "no repository", "rate limited"...), allocated, raw (sanitise for output). */
char *upstream_summary(const struct upstream *u);
/* Scans u's repository in the background on l (replacing a scan that runs): clone or
 * fetch it into the cache, unless no_fetch (then only a clone already there is read).
 * notify is called on l's turns as the scan progresses and once when it is over
 * (running false). Returns -1 and u->scan.error when it cannot start (no repository
 * to clone). */
struct upstream_scan_config {
	const char		*cache_dir;
	unsigned long long	 max_bytes;
	long			 timeout_ms;
	bool			 no_fetch;
	bool			 if_cloned;	/* no clone in the cache: no scan, no error */
};
int upstream_scan_start(struct upstream *u, struct loop *l,
    const struct upstream_scan_config *cfg,
    void (*notify)(struct upstream *u, void *arg), void *arg);
/* The scan's finding in a few words for a table cell ("support merged after 1.2.3,
 * unreleased"), NULL when it has nothing to add to the forge's. */
char *upstream_scan_cell(const struct upstream *u);

/* A verdict's reason with what the scan adds to it, allocated: "...; upstream released
 * support in 6.1.0 (upgrade: pip install "psutil>=6.1.0")", "...; upstream merged
 * support after the latest release 1.2.3, not yet released (e6c6789)", "...; upstream
 * declares it needs the GIL (src/lib.rs:199)" (or "upstream declares support on main,
 * no tag found for 1.2.3"). The reason as is when u is NULL, the scan is not known or
 * has nothing to add, or the status is fine as it stands. Not sanitised. */
char *upstream_verdict_reason(const struct upstream *u, const char *reason,
    enum ft_status st);

/* The scan for people (the upstream report, the TUI's detail pane), one line each,
 * sanitised: first what it says ("support merged after 1.2.3, not yet released
 * (abc1234 ..., 2026-05-01)", "scan failed: ...", "scanning: receiving objects ..."),
 * then its declarations ("src/mod.c:12: Py_mod_gil slot Py_MOD_GIL_NOT_USED"). Nothing
 * when no scan was asked for. */
void upstream_scan_lines(const struct upstream *u, struct strlist *out);

/* "PR #812 merged" / "issue #26157 open": an item's kind, number and state. */
char *upstream_item_label(const struct upstream_item *it);

/* The fields every JSON form of an item shares (a forge's answer, the cache): the
 * number (a positive integer under num_key), title, the URL under url_key, the update
 * time under upd_key, labels (strings or {"name": ...}); *state gets the "state"
 * string. -1 (it cleared) when the number or state is missing. */
int upstream_item_read(struct upstream_item *it, const json_t *o, const char *num_key,
    const char *url_key, const char *upd_key, const char **state);

/* The JSON form (schema in ftport(1)): name, version, repository {forge, url, from},
 * state, items [...], total, error, scan {...}. Text is sanitised. */
json_t *upstream_to_json(const struct upstream *u);
/* Items as the cache keeps them, and back: [{number, pr, open, merged, title, url,
 * updated, labels}]. upstream_items_from_json returns -1 with *cause when the
 * document is not that. */
json_t *upstream_items_to_json(const struct upstream *u);
int upstream_items_from_json(struct upstream *u, const json_t *a, char **cause);

#endif
