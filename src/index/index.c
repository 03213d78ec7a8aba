/* index.c: the package-index client: one Simple API request per project through the
 * cache (fresh entries answer without a request, stale ones are revalidated), parsed
 * as PEP 691 JSON or PEP 503 HTML by the response's Content-Type. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cache.h"
#include "index.h"
#include "pipconf.h"
#include "strbuf.h"
#include "url.h"
#include "util.h"
#include "uvconf.h"

#define INDEX_NS	"simple"
#define INDEX_ACCEPT	"Accept: application/vnd.pypi.simple.v1+json, " \
			"application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"

/* One index: its base URL (ending in '/', maybe with credentials, which go to its
 * own host only) and the same without them, for keys, files and messages. */
struct index_site {
	char			*url;
	char			*url_public;
	char			*origin;	/* "--index-url", "PIP_EXTRA_INDEX_URL" ... */
};

struct index_req {
	struct index_client	*ic;
	struct index_req	*next;		/* every request, for index_free */
	const struct index_site	*site;
	char			*url;		/* may carry credentials: never stored */
	char			*key;		/* url without them */
	index_done_fn		 done;
	void			*arg;
	struct cache_entry	 cached;	/* a stale entry being revalidated */
	bool			 have_cached;
	struct index_answer	 answer;
};

/* One project asked of several indexes: the answers merged once all are in. */
struct index_ask {
	struct index_client	*ic;
	struct index_ask	*next;		/* every one, for index_free */
	index_done_fn		 done;
	void			*arg;
	struct index_req	**subs;		/* one per index, in the client's order */
	size_t			 nsubs;
	size_t			 pending;
	struct index_answer	 answer;
};

struct index_client {
	struct fetch		*fetch;
	struct cache		*cache;
	/* The configured indexes in the order their answers rank (pip: index-url then
	 * the extra ones; uv: its priority order, the default last), then any a
	 * lockfile named (asked only for its own packages). */
	struct index_site	**sites;
	size_t			 nconfigured;
	size_t			 nsites;
	size_t			 primary;	/* pip's index-url, uv's default index */
	/* pip's way: every index's files together. uv's (first-index): the first
	 * index that has the project answers alone. */
	bool			 merge;
	char			*warning;	/* one line, or NULL */
	bool			 offline;
	bool			 refresh;
	long			 ttl;
	struct index_req	*reqs;
	struct index_ask	*asks;
};

void
index_config_defaults(struct index_config *c)
{
	memset(c, 0, sizeof *c);
	c->ttl_seconds = INDEX_DEFAULT_TTL;
}

/* A base URL without a query or fragment, ending in '/', so names can be appended. */
static char *
base_url(const char *url)
{
	char *u = xstrdup(url);

	u[strcspn(u, "?#")] = '\0';
	if (!str_ends_with(u, "/")) {
		char *v = xprintf("%s/", u);

		free(u);
		u = v;
	}
	return u;
}

static struct index_site *
site_add(struct index_client *ic, const char *url, const char *origin)
{
	struct index_site *s = xcalloc(1, sizeof *s);

	s->url = base_url(url);
	s->url_public = url_redact(s->url);
	s->origin = xstrdup(origin);
	ic->sites = xreallocarray(ic->sites, ic->nsites + 1, sizeof *ic->sites);
	ic->sites[ic->nsites++] = s;
	return s;
}

static void
site_free(struct index_site *s)
{
	free(s->url);
	free(s->url_public);
	free(s->origin);
	free(s);
}

/* The indexes pip or uv would ask, into urls/origins; *primary is the position of
 * pip's index-url or uv's default index, *merge whether answers are merged. */
static void
configured_indexes(const struct index_config *c, struct strlist *urls,
    struct strlist *origins, size_t *primary, bool *merge)
{
	struct pipconf_env pe;
	char *url, *origin, *dir;
	const char *slash = c->lock_path != NULL ? strrchr(c->lock_path, '/') : NULL;

	if (c->only_origin != NULL && c->index_url != NULL) {
		strlist_push(urls, c->index_url);
		strlist_push(origins, c->only_origin);
		*primary = 0;
		*merge = true;
		return;
	}
	pipconf_env_init(&pe);
	dir = slash == NULL ? xstrdup(".") : slash == c->lock_path ? xstrdup("/") :
	    xstrndup(c->lock_path, (size_t)(slash - c->lock_path));
	if (uvconf_project_uses_uv(dir)) {
		struct uvconf_env ue;
		struct strlist ul = STRLIST_INIT, uo = STRLIST_INIT;
		bool best = false;

		uvconf_env_init(&ue);
		uvconf_indexes(&ue, dir, &ul, &uo, &best);
		/* The command line's indexes come first, as uv's --index does, and its
		 * --index-url replaces the default. */
		for (size_t i = 0; c->extra_index_urls != NULL &&
		    i < c->extra_index_urls->n; i++) {
			strlist_push(urls, c->extra_index_urls->v[i]);
			strlist_push(origins, "--extra-index-url");
		}
		for (size_t i = 0; i + 1 < ul.n; i++)
			if (!strlist_contains(urls, ul.v[i])) {
				strlist_push(urls, ul.v[i]);
				strlist_push(origins, uo.v[i]);
			}
		strlist_push(urls, c->index_url != NULL ? c->index_url : ul.v[ul.n - 1]);
		strlist_push(origins, c->index_url != NULL ? "--index-url" : uo.v[uo.n - 1]);
		*primary = urls->n - 1;
		*merge = best;
		strlist_clear(&ul);
		strlist_clear(&uo);
		free(dir);
		return;
	}
	free(dir);
	pipconf_index_url(&pe, c->index_url, &url, &origin);
	strlist_push_owned(urls, url);
	strlist_push_owned(origins, origin);
	pipconf_extra_index_urls(&pe, c->extra_index_urls, urls, origins);
	*primary = 0;
	*merge = true;
}

struct index_client *
index_new(const struct index_config *c, struct fetch *f, char **cause)
{
	struct index_client *ic;
	struct pipconf_env pe;
	struct strlist urls = STRLIST_INIT, origins = STRLIST_INIT;
	char *cert, *cert_from;
	struct cache *cache;
	size_t primary;
	bool merge;

	configured_indexes(c, &urls, &origins, &primary, &merge);
	for (size_t i = 0; i < urls.n; i++) {
		char *pub;

		if (url_is_http(urls.v[i]))
			continue;
		pub = url_redact(urls.v[i]);
		*cause = xprintf("the index URL '%s' (from %s) is not an http:// or https:// URL",
		    pub, origins.v[i]);
		free(pub);
		strlist_clear(&urls);
		strlist_clear(&origins);
		return NULL;
	}
	ic = xcalloc(1, sizeof *ic);
	for (size_t i = 0; i < urls.n; i++) {
		/* An index named twice (once with credentials) is asked once. */
		bool dup = false;
		char *pub = url_redact(urls.v[i]), *b = base_url(pub);

		for (size_t k = 0; k < ic->nsites && !dup; k++)
			dup = strcmp(ic->sites[k]->url_public, b) == 0;
		free(pub);
		free(b);
		if (dup) {
			if (i == primary)
				primary = 0;
			continue;
		}
		if (i == primary)
			primary = ic->nsites;
		site_add(ic, urls.v[i], origins.v[i]);
	}
	strlist_clear(&urls);
	strlist_clear(&origins);
	ic->nconfigured = ic->nsites;
	if (f != NULL && ic->nsites > 1)
		fetch_expect_hosts(f, (int)ic->nsites);
	ic->primary = primary < ic->nsites ? primary : 0;
	ic->merge = merge;
	/* A cache that cannot be made (a read-only home) slows ftport down; it does not
	 * stop it. The caller shows index_warning. */
	if ((cache = cache_open(c->cache_dir, cause)) == NULL) {
		ic->warning = xprintf("no cache: %s", *cause);
		free(*cause);
		*cause = NULL;
	}
	ic->fetch = f;
	ic->cache = cache;
	/* pip's certificate bundle for the index (PIP_CERT, pip.conf cert). */
	pipconf_env_init(&pe);
	if (f != NULL && pipconf_cert(&pe, &cert, &cert_from) == 1) {
		log_debug("CA certificates from %s (%s)", cert, cert_from);
		fetch_set_ca_file(f, cert);
		free(cert);
		free(cert_from);
	}
	ic->offline = c->offline;
	ic->refresh = c->refresh;
	ic->ttl = c->ttl_seconds > 0 ? c->ttl_seconds :
	    c->ttl_seconds == 0 ? INDEX_DEFAULT_TTL : 0;
	return ic;
}

static void
answer_clear(struct index_answer *a)
{
	free((char *)a->name);
	project_free(a->project);
	free(a->error);
	free(a->note);
}

static void
req_free(struct index_req *r)
{
	free(r->url);
	free(r->key);
	cache_entry_clear(&r->cached);
	answer_clear(&r->answer);
	free(r);
}

void
index_free(struct index_client *ic)
{
	struct index_req *r, *next;
	struct index_ask *a, *anext;

	if (ic == NULL)
		return;
	for (r = ic->reqs; r != NULL; r = next) {
		next = r->next;
		req_free(r);
	}
	for (a = ic->asks; a != NULL; a = anext) {
		anext = a->next;
		answer_clear(&a->answer);
		free(a->subs);
		free(a);
	}
	cache_close(ic->cache);
	for (size_t i = 0; i < ic->nsites; i++)
		site_free(ic->sites[i]);
	free(ic->sites);
	free(ic->warning);
	free(ic);
}

const char *
index_url(const struct index_client *ic)
{
	return ic->sites[ic->primary]->url_public;
}

const char *
index_url_origin(const struct index_client *ic)
{
	return ic->sites[ic->primary]->origin;
}

size_t
index_count(const struct index_client *ic)
{
	return ic->nconfigured;
}

const char *
index_nth_url(const struct index_client *ic, size_t i, const char **origin)
{
	if (i >= ic->nconfigured)
		return NULL;
	if (origin != NULL)
		*origin = ic->sites[i]->origin;
	return ic->sites[i]->url_public;
}

const char *
index_cache_dir(const struct index_client *ic)
{
	return ic->cache != NULL ? cache_dir(ic->cache) : NULL;
}

const char *
index_warning(const struct index_client *ic)
{
	return ic->warning;
}

/* JSON when the server says so; HTML when it says so; otherwise a look at the body. */
static bool
is_json(const char *content_type, const char *body, size_t len)
{
	if (content_type != NULL) {
		if (strstr(content_type, "json") != NULL)
			return true;
		if (strstr(content_type, "html") != NULL)
			return false;
	}
	for (size_t i = 0; i < len; i++)
		if (!isspace((unsigned char)body[i]))
			return body[i] == '{';
	return false;
}

static struct project *
parse_body(struct index_req *r, const char *ct, const char *body, size_t len,
    const char *base, char **cause)
{
	struct project *p;
	char *why = NULL;

	if (is_json(ct, body, len)) {
		if ((p = project_parse_json(r->answer.name, body, len, base, &why)) == NULL)
			*cause = xprintf("invalid JSON from the index: %s", why);
	} else {
		if ((p = project_parse_html(r->answer.name, body, len, base, &why)) == NULL)
			*cause = xprintf("invalid HTML from the index: %s", why);
	}
	free(why);
	return p;
}

static void
answer(struct index_req *r)
{
	r->done(&r->answer, r->arg);
}

static void
answer_deferred(void *arg)
{
	answer(arg);
}

/* Answers from r->cached (fresh, offline, or confirmed by a 304); false when the
 * cached body does not parse (then it is not trusted). */
static bool
answer_from_cache(struct index_req *r, enum verdict_source source)
{
	char *cause = NULL;
	struct project *p = parse_body(r, r->cached.content_type, r->cached.body,
	    r->cached.len, r->cached.location != NULL ? r->cached.location : r->key, &cause);

	if (p == NULL) {
		log_debug("cache entry for %s unusable: %s", r->key, cause);
		free(cause);
		return false;
	}
	r->answer.project = p;
	r->answer.source = source;
	return true;
}

static void
fail(struct index_req *r, char *error, bool not_found)
{
	r->answer.error = error;
	r->answer.not_found = not_found;
	r->answer.source = VS_NONE;
}

static void
on_response(struct fetch_response *resp, void *arg)
{
	struct index_req *r = arg;
	struct index_client *ic = r->ic;
	time_t now = time(NULL);
	char *cause = NULL, *base;

	if (resp->error != NULL) {
		/* The index could not be asked: an old answer beats none, and says so. */
		if (r->have_cached && answer_from_cache(r, VS_CACHE)) {
			log_debug("%s: %s; using the cached answer", r->key, resp->error);
			answer(r);
			return;
		}
		fail(r, xstrdup(resp->error), false);
		answer(r);
		return;
	}
	if (resp->status == 304 && r->have_cached) {
		if (ic->cache != NULL && cache_touch(ic->cache, INDEX_NS, r->key, now, resp->etag,
		    resp->last_modified, &cause) != 0) {
			log_debug("cache: %s", cause);
			free(cause);
		}
		if (!answer_from_cache(r, VS_INDEX))
			fail(r, xstrdup("the index said the cached answer is current, but it is unreadable; try --refresh"),
			    false);
		answer(r);
		return;
	}
	if (resp->status == 404 || resp->status == 410) {
		fail(r, xstrdup("not on the index"), true);
		answer(r);
		return;
	}
	if (resp->status == 401 || resp->status == 403) {
		fail(r, xprintf("HTTP %ld from the index: check the credentials for %s",
		    resp->status, r->site->url_public), false);
		answer(r);
		return;
	}
	if (resp->status != 200) {
		fail(r, xprintf("HTTP %ld from the index", resp->status), false);
		answer(r);
		return;
	}
	/* Relative links resolve against where the page really was (after redirects),
	 * without credentials. */
	base = url_redact(resp->effective_url != NULL ? resp->effective_url : r->url);
	{
		struct project *p = parse_body(r, resp->content_type, resp->body, resp->len,
		    base, &cause);

		if (p == NULL) {
			free(base);
			fail(r, cause, false);
			answer(r);
			return;
		}
		r->answer.project = p;
		r->answer.source = VS_INDEX;
	}
	{
		struct cache_entry e;

		memset(&e, 0, sizeof e);
		e.fetched = now;
		e.etag = resp->etag;
		e.last_modified = resp->last_modified;
		e.content_type = resp->content_type;
		e.body = resp->body;
		e.len = resp->len;
		e.location = strcmp(base, r->key) != 0 ? base : NULL;
		if (ic->cache != NULL && cache_put(ic->cache, INDEX_NS, r->key, &e, &cause) != 0) {
			log_debug("cache: %s", cause);
			free(cause);
		}
	}
	free(base);
	answer(r);
}

static void
index_fetch(struct index_req *r)
{
	struct strlist headers = STRLIST_INIT;

	strlist_push(&headers, INDEX_ACCEPT);
	if (r->have_cached && r->cached.etag != NULL)
		strlist_push_owned(&headers, xprintf("If-None-Match: %s", r->cached.etag));
	if (r->have_cached && r->cached.last_modified != NULL)
		strlist_push_owned(&headers, xprintf("If-Modified-Since: %s",
		    r->cached.last_modified));
	fetch_get(r->ic->fetch, r->url, &headers, on_response, r);
	strlist_clear(&headers);
}

static void
answer_offline_deferred(void *arg)
{
	struct index_req *r = arg;

	if (!r->have_cached || !answer_from_cache(r, VS_CACHE))
		fail(r, xstrdup("not in the cache (offline)"), false);
	answer(r);
}

static void
answer_fresh_deferred(void *arg)
{
	struct index_req *r = arg;

	if (answer_from_cache(r, VS_CACHE)) {
		answer(r);
		return;
	}
	/* A cached body that no longer parses is not trusted: ask the index, without
	 * validators so a 304 cannot confirm it. */
	cache_entry_clear(&r->cached);
	r->have_cached = false;
	index_fetch(r);
}

/* One request of one index; done gets its answer. */
static struct index_req *
request_site(struct index_client *ic, const struct index_site *site, const char *name,
    index_done_fn done, void *arg)
{
	struct index_req *r = xcalloc(1, sizeof *r);
	char *norm = name_normalize(name);
	time_t now = time(NULL);

	r->ic = ic;
	r->site = site;
	r->done = done;
	r->arg = arg;
	r->answer.name = xstrdup(name);
	r->answer.source = VS_NONE;
	r->next = ic->reqs;
	ic->reqs = r;
	r->url = xprintf("%s%s/", site->url, norm);
	r->key = url_redact(r->url);
	if (*norm == '\0' || strspn(norm, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(norm)) {
		free(norm);
		fail(r, xstrdup("not a valid project name"), true);
		fetch_defer(ic->fetch, answer_deferred, r);
		return r;
	}
	free(norm);
	r->have_cached = ic->cache != NULL &&
	    cache_get(ic->cache, INDEX_NS, r->key, &r->cached) == 0;
	if (ic->offline) {
		fetch_defer(ic->fetch, answer_offline_deferred, r);
		return r;
	}
	if (r->have_cached && !ic->refresh && cache_entry_fresh(&r->cached, ic->ttl, now)) {
		/* Parsed in the deferred call: asking never does the work of answering. */
		fetch_defer(ic->fetch, answer_fresh_deferred, r);
		return r;
	}
	index_fetch(r);
	return r;
}

static void
file_copy(struct project_file *to, const struct project_file *from, const char *index)
{
	to->filename = xstrdup(from->filename);
	to->url = xstrdup(from->url);
	to->yanked = from->yanked;
	to->yanked_reason = from->yanked_reason != NULL ? xstrdup(from->yanked_reason) : NULL;
	to->requires_python = from->requires_python != NULL ?
	    xstrdup(from->requires_python) : NULL;
	to->index = xstrdup(index);
}

/* Every answered index's files in one project, each saying which index offered it; a
 * file name seen already (the same file on two indexes) is kept once, from the
 * index that ranks first, as pip keeps the first link of equal candidates. */
static struct project *
merge_projects(struct index_ask *a)
{
	struct project *m = NULL;
	size_t total = 0;

	for (size_t i = 0; i < a->nsubs; i++)
		if (a->subs[i]->answer.project != NULL)
			total += a->subs[i]->answer.project->nfiles;
	for (size_t i = 0; i < a->nsubs; i++) {
		const struct project *p = a->subs[i]->answer.project;

		if (p == NULL)
			continue;
		if (m == NULL) {
			m = xcalloc(1, sizeof *m);
			m->name = xstrdup(p->name);
			m->files = xcalloc(total > 0 ? total : 1, sizeof *m->files);
		}
		for (size_t k = 0; k < p->nfiles; k++) {
			bool seen = false;

			for (size_t j = 0; j < m->nfiles && !seen; j++)
				seen = strcmp(m->files[j].filename, p->files[k].filename) == 0;
			if (!seen)
				file_copy(&m->files[m->nfiles++], &p->files[k],
				    a->subs[i]->site->url_public);
		}
	}
	return m;
}

/* uv's first-index: the first index (in priority order) that has the project. */
static struct project *
first_project(struct index_ask *a)
{
	for (size_t i = 0; i < a->nsubs; i++) {
		const struct project *p = a->subs[i]->answer.project;
		struct project *m;

		if (p == NULL)
			continue;
		m = xcalloc(1, sizeof *m);
		m->name = xstrdup(p->name);
		m->files = xcalloc(p->nfiles > 0 ? p->nfiles : 1, sizeof *m->files);
		for (size_t k = 0; k < p->nfiles; k++)
			file_copy(&m->files[m->nfiles++], &p->files[k],
			    a->subs[i]->site->url_public);
		return m;
	}
	return NULL;
}

static void
ask_sub_done(const struct index_answer *sub, void *arg)
{
	struct index_ask *a = arg;
	struct index_answer *ans = &a->answer;
	struct strbuf failed = STRBUF_INIT;
	bool all_not_found = true, from_index = false;
	const char *first_error = NULL;

	(void)sub;
	if (--a->pending > 0)
		return;
	for (size_t i = 0; i < a->nsubs; i++) {
		const struct index_answer *s = &a->subs[i]->answer;

		if (s->project != NULL) {
			all_not_found = false;
			from_index = from_index || s->source == VS_INDEX;
			continue;
		}
		if (s->not_found)
			continue;
		all_not_found = false;
		if (first_error == NULL)
			first_error = s->error;
		strbuf_addf(&failed, "%s%s: %s", failed.len > 0 ? "; " : "",
		    a->subs[i]->site->url_public, s->error != NULL ? s->error : "no answer");
	}
	ans->project = a->ic->merge ? merge_projects(a) : first_project(a);
	if (ans->project != NULL) {
		ans->source = from_index ? VS_INDEX : VS_CACHE;
		/* An index that could not answer leaves the others' files incomplete:
		 * pip goes on without it, and so does the verdict, saying so. */
		if (failed.len > 0)
			ans->note = xprintf("not asked: %s", failed.buf);
	} else if (all_not_found) {
		ans->error = xprintf("not on any of the %zu indexes", a->nsubs);
		ans->not_found = true;
		ans->source = VS_NONE;
	} else {
		ans->error = xstrdup(failed.len > 0 ? failed.buf : "no answer from the indexes");
		ans->source = VS_NONE;
	}
	(void)first_error;
	strbuf_release(&failed);
	a->done(ans, a->arg);
}

void
index_request(struct index_client *ic, const char *name, index_done_fn done, void *arg)
{
	struct index_ask *a;

	/* One index: its answer as it is, with no merging to pay for. */
	if (ic->nconfigured == 1) {
		(void)request_site(ic, ic->sites[0], name, done, arg);
		return;
	}
	a = xcalloc(1, sizeof *a);
	a->ic = ic;
	a->done = done;
	a->arg = arg;
	a->answer.name = xstrdup(name);
	a->answer.source = VS_NONE;
	a->next = ic->asks;
	ic->asks = a;
	a->nsubs = ic->nconfigured;
	a->pending = a->nsubs;
	a->subs = xcalloc(a->nsubs, sizeof *a->subs);
	for (size_t i = 0; i < a->nsubs; i++)
		a->subs[i] = request_site(ic, ic->sites[i], name, ask_sub_done, a);
}

void
index_request_from(struct index_client *ic, const char *name, const char *registry,
    index_done_fn done, void *arg)
{
	const struct index_site *site = NULL;
	char *pub, *want;

	if (registry == NULL || !url_is_http(registry)) {
		index_request(ic, name, done, arg);
		return;
	}
	/* The lock's registry is one of the configured indexes (whose credentials then
	 * go with it), or one of its own, asked without any. */
	pub = url_redact(registry);
	want = base_url(pub);
	free(pub);
	for (size_t i = 0; i < ic->nsites && site == NULL; i++)
		if (strcmp(ic->sites[i]->url_public, want) == 0)
			site = ic->sites[i];
	if (site == NULL)
		site = site_add(ic, want, "the lockfile");
	free(want);
	(void)request_site(ic, site, name, done, arg);
}
