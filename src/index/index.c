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

#define INDEX_NS	"simple"
#define INDEX_ACCEPT	"Accept: application/vnd.pypi.simple.v1+json, " \
			"application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"

struct index_req {
	struct index_client	*ic;
	struct index_req	*next;		/* every request, for index_free */
	char			*url;		/* may carry credentials: never stored */
	char			*key;		/* url without them */
	index_done_fn		 done;
	void			*arg;
	struct cache_entry	 cached;	/* a stale entry being revalidated */
	bool			 have_cached;
	struct index_answer	 answer;
};

struct index_client {
	struct fetch		*fetch;
	struct cache		*cache;
	char			*url;		/* as configured, with trailing '/' */
	char			*url_public;	/* without credentials */
	char			*origin;
	char			*warning;	/* one line, or NULL */
	bool			 offline;
	bool			 refresh;
	long			 ttl;
	struct index_req	*reqs;
};

void
index_config_defaults(struct index_config *c)
{
	memset(c, 0, sizeof *c);
	c->ttl_seconds = INDEX_DEFAULT_TTL;
}

struct index_client *
index_new(const struct index_config *c, struct fetch *f, char **cause)
{
	struct index_client *ic;
	struct pipconf_env pe;
	char *url, *origin, *cert, *cert_from;
	struct cache *cache;

	pipconf_env_init(&pe);
	pipconf_index_url(&pe, c->index_url, &url, &origin);
	if (!url_is_http(url)) {
		char *pub = url_redact(url);

		*cause = xprintf("the index URL '%s' (from %s) is not an http:// or https:// URL",
		    pub, origin);
		free(pub);
		free(url);
		free(origin);
		return NULL;
	}
	ic = xcalloc(1, sizeof *ic);
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
	if (f != NULL && pipconf_cert(&pe, &cert, &cert_from) == 1) {
		log_debug("CA certificates from %s (%s)", cert, cert_from);
		fetch_set_ca_file(f, cert);
		free(cert);
		free(cert_from);
	}
	/* A base without a query or fragment, ending in '/', so names can be appended. */
	url[strcspn(url, "?#")] = '\0';
	if (!str_ends_with(url, "/")) {
		char *u = xprintf("%s/", url);

		free(url);
		url = u;
	}
	ic->url = url;
	ic->url_public = url_redact(url);
	ic->origin = origin;
	ic->offline = c->offline;
	ic->refresh = c->refresh;
	ic->ttl = c->ttl_seconds > 0 ? c->ttl_seconds :
	    c->ttl_seconds == 0 ? INDEX_DEFAULT_TTL : 0;
	return ic;
}

static void
req_free(struct index_req *r)
{
	free(r->url);
	free(r->key);
	cache_entry_clear(&r->cached);
	free((char *)r->answer.name);
	project_free(r->answer.project);
	free(r->answer.error);
	free(r);
}

void
index_free(struct index_client *ic)
{
	struct index_req *r, *next;

	if (ic == NULL)
		return;
	for (r = ic->reqs; r != NULL; r = next) {
		next = r->next;
		req_free(r);
	}
	cache_close(ic->cache);
	free(ic->url);
	free(ic->url_public);
	free(ic->origin);
	free(ic->warning);
	free(ic);
}

const char *
index_url(const struct index_client *ic)
{
	return ic->url_public;
}

const char *
index_url_origin(const struct index_client *ic)
{
	return ic->origin;
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
		    resp->status, ic->url_public), false);
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

void
index_request(struct index_client *ic, const char *name, index_done_fn done, void *arg)
{
	struct index_req *r = xcalloc(1, sizeof *r);
	char *norm = name_normalize(name);
	time_t now = time(NULL);

	r->ic = ic;
	r->done = done;
	r->arg = arg;
	r->answer.name = xstrdup(name);
	r->answer.source = VS_NONE;
	r->next = ic->reqs;
	ic->reqs = r;
	r->url = xprintf("%s%s/", ic->url, norm);
	r->key = url_redact(r->url);
	if (*norm == '\0' || strspn(norm, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(norm)) {
		free(norm);
		fail(r, xstrdup("not a valid project name"), true);
		fetch_defer(ic->fetch, answer_deferred, r);
		return;
	}
	free(norm);
	r->have_cached = ic->cache != NULL &&
	    cache_get(ic->cache, INDEX_NS, r->key, &r->cached) == 0;
	if (ic->offline) {
		fetch_defer(ic->fetch, answer_offline_deferred, r);
		return;
	}
	if (r->have_cached && !ic->refresh && cache_entry_fresh(&r->cached, ic->ttl, now)) {
		/* Parsed in the deferred call: asking never does the work of answering. */
		fetch_defer(ic->fetch, answer_fresh_deferred, r);
		return;
	}
	index_fetch(r);
}
