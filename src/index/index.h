/* index.h: the package-index client: one request per project to the Simple
 * API (PEP 691 JSON, PEP 503 HTML fallback), through the cache, asynchronously on a
 * fetch engine. */
#ifndef FTPORT_INDEX_H
#define FTPORT_INDEX_H

#include <stdbool.h>

#include "fetch.h"
#include "project.h"
#include "verdict.h"

struct index_config {
	const char	*index_url;	/* NULL: --index-url, else PIP_INDEX_URL, pip.conf, PyPI */
	const struct strlist *extra_index_urls;	/* --extra-index-url values, may be NULL */
	/* The --lock file, whose directory is the project's (NULL: the working
	 * directory). When the project uses uv (uv.lock, uv.toml, [tool.uv]), uv's
	 * indexes are asked instead of pip's. */
	const char	*lock_path;
	/* Set: index_url alone is asked, without pip's or uv's configuration, and this
	 * says where it came from ("--nightly-index"). */
	const char	*only_origin;
	const char	*cache_dir;	/* NULL: $XDG_CACHE_HOME/ftport */
	bool		 offline;	/* only the cache */
	bool		 refresh;	/* revalidate now, whatever the TTL */
	long		 ttl_seconds;	/* 0: the default (3600); negative: always stale */
};
#define INDEX_DEFAULT_TTL 3600
void index_config_defaults(struct index_config *c);

/* The answer for one project. project is NULL when error is set; source says whether it
 * came from the network (VS_INDEX, also after a 304 confirmed the cached copy) or the
 * cache alone (VS_CACHE: fresh, --offline, or a stale copy while the index could not
 * be reached); VS_NONE with an error. Owned by the client: valid until index_free; the
 * callback may keep the pointers. */
struct index_answer {
	const char		*name;		/* as it was asked for */
	struct project		*project;
	enum verdict_source	 source;
	char			*error;		/* one line: "not on the index", ... */
	bool			 not_found;	/* the index has no such project */
	/* With several indexes: the ones that could not answer ("not asked: URL: why"),
	 * when the others did; NULL otherwise. */
	char			*note;
};

typedef void (*index_done_fn)(const struct index_answer *a, void *arg);

struct index_client;

/* Resolves the index URL and the cache directory (creating it; without one it works
 * uncached and says so in index_warning). NULL and *cause when the index URL is
 * unusable (not http or https). */
struct index_client *index_new(const struct index_config *c, struct fetch *f, char **cause);
void index_free(struct index_client *ic);
/* The base URL in use ("https://pypi.org/simple/"), and where it came from. */
const char *index_url(const struct index_client *ic);
const char *index_url_origin(const struct index_client *ic);
/* The configured indexes (1 with the default alone): the i-th's public URL and
 * origin, in the order their answers rank; NULL past the end. */
size_t index_count(const struct index_client *ic);
const char *index_nth_url(const struct index_client *ic, size_t i, const char **origin);
/* The cache directory in use; NULL when there is none (see index_warning). */
const char *index_cache_dir(const struct index_client *ic);
/* A problem to show once (one line: "no cache: cannot create ..."), or NULL. */
const char *index_warning(const struct index_client *ic);
/* Asks for one project; done runs later from fetch_run_once (fresh cache hits too, so
 * callers see one order of events). */
void index_request(struct index_client *ic, const char *name, index_done_fn done, void *arg);
/* The same for a package whose lockfile names its registry (uv.lock's source.registry,
 * pylock.toml's index): that index alone, with the credentials configured for it if it
 * is one of the configured indexes. NULL registry: index_request. */
void index_request_from(struct index_client *ic, const char *name, const char *registry,
    index_done_fn done, void *arg);

#endif
