/* forge.h: asking GitHub and GitLab about a package's free-threading issues and pull
 * requests. One queue per API honours the search rate limit (10 a minute
 * without a token, 30 with), the rate-limit headers and Retry-After; answers are
 * cached for a day; requests go through fetch.c and the loop (loop.h), never blocking. */
#ifndef FTPORT_FORGE_H
#define FTPORT_FORGE_H

#include <stdbool.h>
#include <stddef.h>

#include "fetch.h"
#include "loop.h"
#include "upstream.h"

struct snapshot;
struct dist;

struct forge_config {
	const char	*github_api;	/* NULL: https://api.github.com */
	const char	*gitlab_api;	/* NULL: https://HOST/api/v4 of each repository */
	const char	*cache_dir;	/* NULL: the default cache */
	bool		 offline;	/* the cache only, whatever its age */
	bool		 refresh;	/* past the cache */
	long		 ttl_seconds;	/* 0: a day */
};

struct forge;

/* Tokens come from GITHUB_TOKEN or GH_TOKEN, and GITLAB_TOKEN. A token goes only to
 * its API (api.github.com or --github-api; gitlab.com or --gitlab-api): a self-hosted
 * GitLab named by a package's metadata never receives one. A missing cache is a
 * warning (forge_warning), not a failure. */
struct forge *forge_new(const struct forge_config *c, struct fetch *f, struct loop *l);
void forge_free(struct forge *fg);
const char *forge_warning(const struct forge *fg);

typedef void (*forge_done_fn)(struct upstream *u, void *arg);

/* Asks about u (its repo and tracking_url set; see upstream_for_dist). done(u, arg)
 * is called once, from a turn of the loop, with u->state UP_DONE or UP_FAILED. u must
 * live until then. urgent: ahead of the queue (what the user is looking at). */
void forge_ask(struct forge *fg, struct upstream *u, bool urgent, forge_done_fn done,
    void *arg);
/* Moves u's queued request to the front of its queue; false when it is not queued. */
bool forge_bump(struct forge *fg, const struct upstream *u);
/* Packages asked about and not answered yet. */
size_t forge_pending(const struct forge *fg);
/* What the packages asked about and not answered from the cache will cost: how many,
 * the requests they need at least, and how long that takes at the slowest API's
 * budget (its sends a minute, and the hint to raise it: "; set GITHUB_TOKEN for
 * 30/min", or ""). */
struct forge_plan {
	size_t		 repos;
	size_t		 requests;
	double		 seconds;
	int		 per_minute;
	const char	*hint;
};
void forge_plan(const struct forge *fg, struct forge_plan *p);
/* Stops asking (Ctrl-C): every package still waiting for its turn fails at once as
 * interrupted (its done called), requests in flight are answered as they come but no
 * further one is sent; forge_pending then falls to 0 as they do. */
void forge_stop(struct forge *fg);

/* When the next answer can come, if a rate limit holds the queue back ("rate limited:
 * next in 42 s; set GITHUB_TOKEN for 30/min"); NULL when nothing waits. Allocated. */
char *forge_status(const struct forge *fg);

/* The findings of a package: its repository (repo_for_dist) and the tracking table's
 * issue (s may be NULL). override: --repo. */
struct upstream *upstream_for_dist(const struct dist *d, const struct snapshot *s,
    const char *override);

/* Parsers, exposed for the unit tests. Each adds the items of one answer to u (an item
 * already there, by kind and number, is not added twice); *total gets the forge's
 * total_count when the answer has one. -1 and *cause when the body is not the JSON
 * expected. */
int forge_parse_github(struct upstream *u, const char *body, size_t len, size_t *total,
    char **cause);
int forge_parse_gitlab(struct upstream *u, const char *body, size_t len, bool mr,
    char **cause);
/* The rel="next" URL of a Link header, allocated, or NULL. */
char *forge_link_next(const char *link);
/* The search queries for GitHub's issue search (at most five ORs each, GitHub's
 * limit), NULL-terminated. */
extern const char *const forge_github_terms[];

#endif
