/* upstream.h: what upstream knows about a package's free-threading support (SPEC §6):
 * its repository, the issues and pull requests found on its forge (forge.c fills
 * them), and what a scan of its source found (gitscan fills those). One struct per
 * package, read by `ftport upstream`, `check --upstream`, the TUI and the drafts. */
#ifndef FTPORT_UPSTREAM_H
#define FTPORT_UPSTREAM_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "repo_url.h"
#include "util.h"

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

/* A declaration of free-threading support found in the source (gitscan). */
struct upstream_decl {
	char		*kind;		/* "Py_mod_gil", "cython", "pyo3", "cibuildwheel", ... */
	char		*path;		/* in the repository */
	unsigned	 line;		/* 1-based; 0 when not line-based */
	char		*text;		/* the line as found (raw), or NULL */
};

/* What a source scan found (filled by gitscan; empty until one ran). */
struct upstream_scan {
	bool			 done;
	char			*error;		/* the scan failed: why, one line */
	char			*head;		/* the default branch's commit scanned */
	char			*branch;	/* its name */
	struct upstream_decl	*decls;
	size_t			 ndecls;
	char			*tag;		/* the installed version's tag, NULL: none found */
	bool			 in_tag;	/* that tag already declares support */
	/* "support merged after 1.2.3, not yet released", NULL when not the case. */
	char			*unreleased;
	char			*first_commit;	/* the commit that added the first declaration */
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
	size_t			 nitems;
	size_t			 total;		/* matches the forge reported (may exceed nitems) */
	bool			 cached;	/* the answer came from the cache */
	char			*fetched;	/* when the forge answered ("2026-12-06T10:00:00Z") */
	char			*error;		/* UP_FAILED: one line */
	char			*tracking_url;	/* the tracking table's issue, NULL: none */
	struct upstream_scan	 scan;
};

struct upstream *upstream_new(const char *name, const char *version);
void upstream_free(struct upstream *u);
/* Forgets the forge's answer (items, total, error), not the repository or scan. */
void upstream_clear_items(struct upstream *u);
void upstream_scan_clear(struct upstream_scan *s);
void upstream_item_clear(struct upstream_item *it);
/* Appends an item (its strings are taken; *it is zeroed). */
void upstream_add_item(struct upstream *u, struct upstream_item *it);
void upstream_add_decl(struct upstream_scan *s, const char *kind, const char *path,
    unsigned line, const char *text);
/* The tracking issue first, then open before closed, then the latest update first. */
void upstream_sort(struct upstream *u);

/* One short cell for a table ("#26157 open", "PR #812 merged", "none found",
 * "no repository", "rate limited"...), allocated, raw (sanitise for output). */
char *upstream_summary(const struct upstream *u);
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
