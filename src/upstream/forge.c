/* forge.c: the GitHub and GitLab clients behind `ftport upstream`. A package is a job:
 * a few requests (the searches, their further pages, the tracking issue) run one at a
 * time per API through a queue that keeps to the rate limit it was told (headers, then
 * Retry-After, then its own count of a minute's requests), so the program says when
 * the next answer comes instead of being refused. Answers are cached as parsed
 * findings, so the cache holds neither tokens nor the forge's raw pages. */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "cache.h"
#include "forge.h"
#include "sanitize.h"
#include "meta.h"
#include "ratequeue.h"
#include "snapshot.h"
#include "strbuf.h"
#include "url.h"
#include "util.h"

#define FORGE_TTL		(24L * 3600)
#define FORGE_MAX_PAGES		10	/* per package: 1,000 findings is plenty */
#define FORGE_MAX_WAIT_S	120	/* a rate limit that lasts longer fails the package */
/* What one package may wait in all, and how many rate-limited answers it takes: a
 * forge (any gitlab.* host a package names is asked) that answers Retry-After: 120 for
 * ever was asked for ever. */
#define FORGE_MAX_JOB_WAIT_S	300
#define FORGE_MAX_RATE_WAITS	8
#define FORGE_CACHE_NS		"upstream"
#define GITHUB_API		"https://api.github.com"

/* GitHub's search takes at most five ORs a query: two queries cover the terms. */
const char *const forge_github_terms[] = {
	"\"free-threading\" OR \"free-threaded\" OR nogil OR \"3.13t\" OR \"3.14t\" OR Py_GIL_DISABLED",
	"cp313t OR cp314t OR Py_mod_gil OR PYTHON_GIL OR freethreading_compatible",
	NULL
};
/* GitLab's search is one phrase a request (matched inside titles and descriptions). */
static const char *const gitlab_terms[] = { "free-thread", "nogil", NULL };

/* One API's queue state: its own minute's count and what its headers said. */
struct forge_bucket {
	struct forge_bucket	*next;
	char			*key;		/* API base and "search" or "core" */
	char			*label;		/* the host, for messages */
	const char		*hint;		/* "; set GITHUB_TOKEN for 30/min" when none */
	bool			 has_token;
	struct rq_budget	 rl;		/* its minute's count, headers, busy */
};

struct forge_job {
	struct forge		*fg;
	struct rq_item		 q;		/* in the queue, on its next step's bucket */
	struct forge_job	*all_next;	/* in fg->jobs */
	struct upstream		*u;
	forge_done_fn		 done;
	void			*arg;
	bool			 gitlab;
	char			*api;		/* the API base for this repository */
	char			*base;		/* its project: API/repos/o/n, API/projects/ID */
	bool			 on_page;	/* the next step is a further page (Link) */
	char			*auth;		/* "Authorization: ..." or NULL */
	struct strlist		 steps;		/* URLs to ask, in order */
	size_t			 step;
	int			 pages;
	unsigned long		 tracking;	/* the tracking issue's number here, or 0 */
	bool			 tracking_asked;
	char			*cache_key;
	struct forge_bucket	*bucket;	/* of the request in flight */
	char			*fail;		/* failed before asking: said from the loop */
	long			 waited_s;	/* for rate limits, in all */
	unsigned		 rate_waits;	/* rate-limited answers */
};

struct forge {
	struct forge_config	 cfg;
	struct fetch		*fetch;
	struct loop		*loop;
	unsigned		 source;	/* loop source id while jobs exist, else 0 */
	struct cache		*cache;
	char			*warning;
	char			*github_api;
	char			*github_token;
	char			*gitlab_token;
	struct forge_bucket	*buckets;
	struct rq_item		*queue;
	struct forge_job	*jobs;
	size_t			 njobs;
	bool			 stopping;	/* forge_stop: no request goes out any more */
};

static void forge_dispatch(struct forge *fg);

#define JOB_OF(it) ((struct forge_job *)(void *)((char *)(it) - offsetof(struct forge_job, q)))

/* --- parsing ------------------------------------------------------------------------ */

static json_t *
parse_body(const char *body, size_t len, char **cause)
{
	json_error_t err;
	json_t *j;

	if (body == NULL || len == 0) {
		*cause = xstrdup("an empty answer");
		return NULL;
	}
	/* jansson's text can quote the bad bytes: the place is enough, on one line. */
	if ((j = json_loadb(body, len, 0, &err)) == NULL)
		*cause = xprintf("the answer is not JSON (line %d, column %d)", err.line,
		    err.column);
	return j;
}

/* One GitHub issue or pull request object. */
static int
github_item(struct upstream *u, const json_t *o)
{
	struct upstream_item it;
	const json_t *pr = json_object_get(o, "pull_request");
	const char *state;

	if (upstream_item_read(&it, o, "number", "html_url", "updated_at", &state) != 0)
		return -1;
	/* Issues and pull requests share one number space on GitHub. */
	if (upstream_has_item(u, false, it.number, true)) {
		upstream_item_clear(&it);
		return 0;
	}
	it.pr = json_is_object(pr);
	it.open = strcmp(state, "open") == 0;
	it.merged = it.pr && json_is_string(json_object_get(pr, "merged_at"));
	upstream_add_item(u, &it);
	return 0;
}

int
forge_parse_github(struct upstream *u, const char *body, size_t len, size_t *total,
    char **cause)
{
	json_t *j = parse_body(body, len, cause), *items, *o;
	size_t i;
	int rc = 0;

	if (j == NULL)
		return -1;
	items = json_object_get(j, "items");
	if (json_is_array(items)) {
		const json_t *tc = json_object_get(j, "total_count");

		if (json_is_integer(tc) && json_integer_value(tc) >= 0 && total != NULL)
			*total = (size_t)json_integer_value(tc);
		json_array_foreach(items, i, o)
			if (github_item(u, o) != 0) {
				*cause = xprintf("search result %zu is not an issue", i);
				rc = -1;
				break;
			}
	} else if (json_is_object(j) && json_object_get(j, "number") != NULL) {
		if (github_item(u, j) != 0) {
			*cause = xstrdup("the answer is not an issue");
			rc = -1;
		}
	} else {
		*cause = xstrdup("the answer is neither a search result nor an issue");
		rc = -1;
	}
	json_decref(j);
	return rc;
}

static int
gitlab_item(struct upstream *u, const json_t *o, bool mr)
{
	struct upstream_item it;
	const char *state;

	if (upstream_item_read(&it, o, "iid", "web_url", "updated_at", &state) != 0)
		return -1;
	/* Issues and merge requests are numbered apart on GitLab. */
	if (upstream_has_item(u, mr, it.number, false)) {
		upstream_item_clear(&it);
		return 0;
	}
	it.pr = mr;
	it.open = strcmp(state, "opened") == 0;
	/* Only a merge request is merged, whatever an answer says of an issue. */
	it.merged = mr && strcmp(state, "merged") == 0;
	upstream_add_item(u, &it);
	return 0;
}

int
forge_parse_gitlab(struct upstream *u, const char *body, size_t len, bool mr, char **cause)
{
	json_t *j = parse_body(body, len, cause), *o;
	size_t i;
	int rc = 0;

	if (j == NULL)
		return -1;
	if (json_is_array(j)) {
		json_array_foreach(j, i, o)
			if (gitlab_item(u, o, mr) != 0) {
				*cause = xprintf("result %zu is not an issue or merge request", i);
				rc = -1;
				break;
			}
	} else if (!json_is_object(j) || gitlab_item(u, j, mr) != 0) {
		*cause = xstrdup("the answer is neither a list nor an issue");
		rc = -1;
	}
	json_decref(j);
	return rc;
}

char *
forge_link_next(const char *link)
{
	const char *p = link;

	/* <url>; rel="next", <url>; rel="last" */
	while (p != NULL && (p = strchr(p, '<')) != NULL) {
		const char *end = strchr(p, '>'), *params, *comma;
		char *seg;
		bool next;

		if (end == NULL)
			return NULL;
		params = end + 1;
		comma = strchr(params, '<');
		seg = comma != NULL ? xstrndup(params, (size_t)(comma - params)) : xstrdup(params);
		next = strstr(seg, "rel=\"next\"") != NULL || strstr(seg, "rel=next") != NULL;
		free(seg);
		if (next)
			return xstrndup(p + 1, (size_t)(end - p - 1));
		p = comma;
	}
	return NULL;
}

/* --- the queue ---------------------------------------------------------------------- */

static char *
strip_slash(const char *s)
{
	char *r = xstrdup(s);
	size_t n = strlen(r);

	while (n > 0 && r[n - 1] == '/')
		r[--n] = '\0';
	return r;
}

static struct forge_bucket *
bucket_for(struct forge *fg, const struct forge_job *job, const char *url)
{
	bool search = !job->gitlab && strstr(url, "/search/") != NULL;
	char *key = xprintf("%s %s", job->api, job->gitlab ? "api" : search ? "search" : "core");
	struct forge_bucket *b;

	for (b = fg->buckets; b != NULL; b = b->next)
		if (strcmp(b->key, key) == 0) {
			free(key);
			return b;
		}
	b = xcalloc(1, sizeof *b);
	b->key = key;
	b->label = url_host_label(job->api);
	if (b->label == NULL)
		b->label = xstrdup("");
	b->has_token = job->auth != NULL;
	b->hint = b->has_token ? "" : job->gitlab ? "; set GITLAB_TOKEN" :
	    "; set GITHUB_TOKEN for 30/min";
	rq_budget_init(&b->rl, rq_per_minute(job->gitlab, search, b->has_token));
	b->next = fg->buckets;
	fg->buckets = b;
	return b;
}

static long
forge_timeout_ms(void *arg)
{
	struct forge *fg = arg;
	double best = rq_wait_ms(fg->queue, now_ms(), time(NULL), NULL);

	return best < 0 ? -1 : (long)best + 1;
}

static bool
forge_run(void *arg, const struct curl_waitfd *fds, unsigned n)
{
	(void)fds;
	(void)n;
	forge_dispatch(arg);
	return false;
}

static void
forge_job_free(struct forge_job *job)
{
	struct forge *fg = job->fg;
	struct forge_job **p;

	for (p = &fg->jobs; *p != NULL; p = &(*p)->all_next)
		if (*p == job) {
			*p = job->all_next;
			break;
		}
	fg->njobs--;
	if (fg->njobs == 0 && fg->source != 0) {
		loop_remove(fg->loop, fg->source);
		fg->source = 0;
	}
	strlist_clear(&job->steps);
	free(job->api);
	free(job->base);
	free(job->auth);
	free(job->cache_key);
	free(job->fail);
	free(job);
}

static void
iso_now(char *buf, size_t len, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
job_mark_tracking(struct forge_job *job)
{
	struct upstream *u = job->u;

	for (size_t i = 0; i < u->nitems && job->tracking != 0; i++)
		if (u->items[i].number == job->tracking && (!job->gitlab || !u->items[i].pr))
			u->items[i].tracking = true;
	upstream_sort(u);
}

/* The answer is complete: cached (findings only), then handed back. */
static void
job_finish(struct forge_job *job)
{
	struct upstream *u = job->u;
	char when[32];

	job_mark_tracking(job);
	if (u->total < u->nitems)
		u->total = u->nitems;
	u->state = UP_DONE;
	if (u->cached)
		goto done;	/* the entry keeps its own age: rewriting it would renew it */
	iso_now(when, sizeof when, time(NULL));
	free(u->fetched);
	u->fetched = xstrdup(when);
	if (job->fg->cache != NULL && job->cache_key != NULL) {
		json_t *doc = json_object();
		struct cache_entry e;
		char *text, *cause = NULL;

		json_object_set_new(doc, "total", json_integer((json_int_t)u->total));
		json_object_set_new(doc, "items", upstream_items_to_json(u));
		text = json_dumps(doc, JSON_COMPACT);
		json_decref(doc);
		memset(&e, 0, sizeof e);
		e.fetched = time(NULL);
		e.content_type = NULL;
		e.body = text;
		e.len = strlen(text);
		if (cache_put(job->fg->cache, FORGE_CACHE_NS, job->cache_key, &e, &cause) != 0) {
			log_debug("upstream cache: %s", cause);
			free(cause);
		}
		free(text);
	}
done:
	job->done(u, job->arg);
	forge_job_free(job);
}

static void
job_fail(struct forge_job *job, char *error)
{
	struct upstream *u = job->u;

	job_mark_tracking(job);
	u->state = UP_FAILED;
	free(u->error);
	u->error = error;
	job->done(u, job->arg);
	forge_job_free(job);
}

/* An answer that needed no request (the cache, or a failure known at once), handed
 * back from the loop like any other. Until then the package counts as running. */
static void
job_deferred(void *arg)
{
	struct forge_job *job = arg;
	char *fail = job->fail;

	job->fail = NULL;
	if (fail != NULL)
		job_fail(job, fail);
	else
		job_finish(job);
}

static void
queue_push(struct forge *fg, struct forge_job *job, bool front)
{
	if (fg->stopping) {
		job->u->interrupted = true;
		job_fail(job, xstrdup("interrupted before every search was answered"));
		return;
	}
	job->q.budget = &bucket_for(fg, job, job->steps.v[job->step])->rl;
	rq_push(&fg->queue, &job->q, front);
	job->u->state = job->step == 0 ? UP_QUEUED : UP_RUNNING;
}

static long
header_long(const struct fetch_response *r, const char *a, const char *b, bool *found)
{
	const char *v = fetch_response_header(r, a);
	char *end;
	long n;

	if (v == NULL)
		v = fetch_response_header(r, b);
	*found = false;
	if (v == NULL || !isdigit((unsigned char)*v))
		return 0;
	n = strtol(v, &end, 10);
	*found = *end == '\0' || isspace((unsigned char)*end);
	return n;
}

/* The forge's own words for a failure ("Validation Failed"), one line, or NULL. */
static char *
error_message(const struct fetch_response *r)
{
	json_t *j = r->body != NULL ? json_loadb(r->body, r->len, 0, NULL) : NULL;
	const char *m = json_string_value(json_object_get(j, "message"));
	char *out = NULL;

	if (m == NULL)
		m = json_string_value(json_object_get(j, "error"));
	if (m != NULL) {
		/* One line of at most 200 bytes, whatever the forge wrote. */
		out = sanitize_buf(m, strnlen(m, 200), 0);
	}
	json_decref(j);
	return out;
}

static void
job_response(struct fetch_response *r, void *arg)
{
	struct forge_job *job = arg;
	struct forge *fg = job->fg;
	struct forge_bucket *b = job->bucket;
	struct upstream *u = job->u;
	const char *url = job->steps.v[job->step];
	bool tracking_step = job->tracking_asked && job->step + 1 == job->steps.n;
	bool found, retry_found;
	long remaining, reset, retry_after;
	char *cause = NULL, *next;
	bool page = job->on_page;
	int rc;

	job->on_page = false;
	remaining = header_long(r, "x-ratelimit-remaining", "ratelimit-remaining", &found);
	reset = header_long(r, "x-ratelimit-reset", "ratelimit-reset", &retry_found);
	rq_budget_answered(&b->rl, found && retry_found ? remaining : -1, (time_t)reset);
	retry_after = header_long(r, "retry-after", "retry-after", &retry_found);
	if (r->error != NULL) {
		job_fail(job, xprintf("%s: %s", b->label, r->error));
		goto out;
	}
	if ((r->status == 403 || r->status == 429) &&
	    (retry_found || (found && remaining == 0))) {
		long wait = retry_found ? retry_after : (long)((time_t)reset - time(NULL));

		if (wait < 1)
			wait = 1;
		if (wait > FORGE_MAX_WAIT_S) {
			time_t when = time(NULL) + wait;
			struct tm tm;
			char buf[32];

			gmtime_r(&when, &tm);
			strftime(buf, sizeof buf, "%H:%M UTC", &tm);
			job_fail(job, xprintf("rate limited by %s until %s%s", b->label, buf,
			    b->hint));
			goto out;
		}
		if (job->waited_s + wait > FORGE_MAX_JOB_WAIT_S ||
		    job->rate_waits == FORGE_MAX_RATE_WAITS) {
			job_fail(job, xprintf("rate limited by %s: gave up after %u answers and "
			    "%ld s of waiting%s", b->label, job->rate_waits + 1, job->waited_s,
			    b->hint));
			goto out;
		}
		job->waited_s += wait;
		job->rate_waits++;
		b->rl.blocked_until = now_ms() + (double)wait * 1000.0;
		log_debug("%s: rate limited (HTTP %ld), next in %ld s", b->label, r->status, wait);
		queue_push(fg, job, true);
		goto out;
	}
	if (r->status != 200) {
		char *msg = error_message(r);

		if (tracking_step) {
			/* The tracking issue moved or went private: the search still stands. */
			log_debug("%s: tracking issue: HTTP %ld", b->label, r->status);
			free(msg);
			job_finish(job);
			goto out;
		}
		if (r->status == 404)
			job_fail(job, xprintf("%s: %s not found (HTTP 404)", b->label,
			    u->repo.path));
		else
			job_fail(job, xprintf("%s: HTTP %ld%s%s", b->label, r->status,
			    msg != NULL ? ": " : "", msg != NULL ? msg : ""));
		free(msg);
		goto out;
	}
	if (job->gitlab)
		rc = forge_parse_gitlab(u, r->body, r->len, strstr(url, "/merge_requests") != NULL,
		    &cause);
	else {
		size_t total = 0;

		rc = forge_parse_github(u, r->body, r->len, &total, &cause);
		if (strstr(url, "/search/") != NULL && !page)
			u->total += total;
	}
	if (rc != 0) {
		job_fail(job, xprintf("%s: %s", b->label, cause));
		free(cause);
		goto out;
	}
	/* Further pages, on the same API only: a Link elsewhere is not followed. */
	next = forge_link_next(fetch_response_header(r, "link") != NULL ?
	    fetch_response_header(r, "link") : "");
	job->step++;
	if (next != NULL && job->pages < FORGE_MAX_PAGES && url_same_origin(next, job->api)) {
		strlist_push_owned(&job->steps, NULL);
		memmove(&job->steps.v[job->step + 1], &job->steps.v[job->step],
		    (job->steps.n - 1 - job->step) * sizeof *job->steps.v);
		job->steps.v[job->step] = next;
		job->pages++;
		job->on_page = true;
	} else {
		if (next != NULL && job->pages < FORGE_MAX_PAGES)
			log_debug("%s: next page on another host not followed", b->label);
		free(next);
	}
	if (job->step == job->steps.n && !job->tracking_asked && job->tracking != 0 &&
	    !upstream_has_item(u, false, job->tracking, !job->gitlab)) {
		job->tracking_asked = true;
		strlist_push_owned(&job->steps, xprintf("%s/issues/%lu", job->base,
		    job->tracking));
	}
	if (job->step < job->steps.n)
		queue_push(fg, job, true);
	else
		job_finish(job);
out:
	forge_dispatch(fg);
}

static void
forge_send(struct forge *fg, struct forge_job *job, struct forge_bucket *b)
{
	static struct strlist gh_headers = STRLIST_INIT, gl_headers = STRLIST_INIT;
	const char *url = job->steps.v[job->step];
	struct fetch_opts o;

	if (gh_headers.n == 0) {
		strlist_push(&gh_headers, "Accept: application/vnd.github+json");
		strlist_push(&gh_headers, "X-GitHub-Api-Version: 2022-11-28");
		strlist_push(&gl_headers, "Accept: application/json");
	}
	memset(&o, 0, sizeof o);
	o.headers = job->gitlab ? &gl_headers : &gh_headers;
	/* The token only to its API's own origin (a Link could name another). */
	o.auth = job->auth != NULL && url_same_origin(url, job->api) ? job->auth : NULL;
	o.keep_headers = true;
	o.no_retry_429 = true;
	job->bucket = b;
	job->u->state = UP_RUNNING;
	rq_budget_sent(&b->rl, now_ms());
	log_debug("upstream: %s", url);
	fetch_get_opts(fg->fetch, url, &o, job_response, job);
}

static void
forge_dispatch(struct forge *fg)
{
	double now = now_ms();
	time_t wall = time(NULL);
	struct rq_item *it;

	while ((it = rq_take(&fg->queue, now, wall)) != NULL) {
		struct forge_job *job = JOB_OF(it);

		forge_send(fg, job, bucket_for(fg, job, job->steps.v[job->step]));
	}
}

/* --- the API ------------------------------------------------------------------------ */

struct forge *
forge_new(const struct forge_config *c, struct fetch *f, struct loop *l)
{
	struct forge *fg = xcalloc(1, sizeof *fg);
	const char *t;
	char *cause = NULL;

	fg->cfg = *c;
	fg->fetch = f;
	fg->loop = l;
	if (fg->cfg.ttl_seconds <= 0)
		fg->cfg.ttl_seconds = FORGE_TTL;
	fg->github_api = strip_slash(c->github_api != NULL ? c->github_api : GITHUB_API);
	if (((t = getenv("GITHUB_TOKEN")) != NULL && *t != '\0') ||
	    ((t = getenv("GH_TOKEN")) != NULL && *t != '\0'))
		fg->github_token = xstrdup(t);
	if ((t = getenv("GITLAB_TOKEN")) != NULL && *t != '\0')
		fg->gitlab_token = xstrdup(t);
	if ((fg->cache = cache_open(c->cache_dir, &cause)) == NULL) {
		fg->warning = xprintf("no upstream cache (%s): every run asks again", cause);
		free(cause);
	}
	return fg;
}

void
forge_free(struct forge *fg)
{
	struct forge_bucket *b, *bn;

	if (fg == NULL)
		return;
	/* Unfinished jobs: their requests die with the fetch engine, callbacks uncalled. */
	while (fg->jobs != NULL)
		forge_job_free(fg->jobs);
	for (b = fg->buckets; b != NULL; b = bn) {
		bn = b->next;
		free(b->key);
		free(b->label);
		rq_budget_clear(&b->rl);
		free(b);
	}
	if (fg->source != 0)
		loop_remove(fg->loop, fg->source);
	cache_close(fg->cache);
	if (fg->github_token != NULL)
		memset(fg->github_token, 0, strlen(fg->github_token));
	if (fg->gitlab_token != NULL)
		memset(fg->gitlab_token, 0, strlen(fg->gitlab_token));
	free(fg->github_token);
	free(fg->gitlab_token);
	free(fg->github_api);
	free(fg->warning);
	free(fg);
}

const char *
forge_warning(const struct forge *fg)
{
	return fg->warning;
}

size_t
forge_pending(const struct forge *fg)
{
	return fg->njobs;
}

/* The requests of a job, and its API and token. */
static void
job_plan(struct forge *fg, struct forge_job *job)
{
	struct upstream *u = job->u;

	if (!job->gitlab) {
		job->api = xstrdup(fg->github_api);
		if (fg->github_token != NULL)
			job->auth = xprintf("Authorization: Bearer %s", fg->github_token);
		for (size_t i = 0; forge_github_terms[i] != NULL; i++) {
			char *q = xprintf("repo:%s %s", u->repo.path, forge_github_terms[i]);
			char *enc = url_percent_encode(q);

			strlist_push_owned(&job->steps, xprintf("%s/search/issues?q=%s"
			    "&per_page=100&sort=updated&order=desc", job->api, enc));
			free(q);
			free(enc);
		}
		job->base = xprintf("%s/repos/%s", job->api, u->repo.path);
	} else {
		char *id = url_percent_encode(u->repo.path);
		bool public = strcmp(u->repo.host, "gitlab.com") == 0;

		job->api = fg->cfg.gitlab_api != NULL ? strip_slash(fg->cfg.gitlab_api) :
		    xprintf("https://%s/api/v4", u->repo.host);
		/* GITLAB_TOKEN is for gitlab.com or the API named by --gitlab-api, never for
		 * a host that a package's metadata chose. */
		if (fg->gitlab_token != NULL && (public || fg->cfg.gitlab_api != NULL))
			job->auth = xprintf("Authorization: Bearer %s", fg->gitlab_token);
		for (size_t k = 0; k < 2; k++)
			for (size_t i = 0; gitlab_terms[i] != NULL; i++) {
				char *t = url_percent_encode(gitlab_terms[i]);

				strlist_push_owned(&job->steps, xprintf("%s/projects/%s/%s?search=%s"
				    "&per_page=100&order_by=updated_at", job->api, id,
				    k == 0 ? "issues" : "merge_requests", t));
				free(t);
			}
		job->base = xprintf("%s/projects/%s", job->api, id);
		free(id);
	}
	job->tracking = repo_issue_number(&u->repo, u->tracking_url);
	job->cache_key = xprintf("v1 %s %s/%s #%lu", job->api, u->repo.host, u->repo.path,
	    job->tracking);
}

/* A fresh (or, offline, any) cached answer; true when u was filled from it. */
static bool
job_from_cache(struct forge *fg, struct forge_job *job)
{
	struct cache_entry e;
	json_t *doc;
	char *cause = NULL;
	bool ok = false;

	if (fg->cache == NULL || fg->cfg.refresh ||
	    cache_get(fg->cache, FORGE_CACHE_NS, job->cache_key, &e) != 0)
		return false;
	if ((fg->cfg.offline || cache_entry_fresh(&e, fg->cfg.ttl_seconds, time(NULL))) &&
	    (doc = json_loadb(e.body, e.len, 0, NULL)) != NULL) {
		const json_t *tot = json_object_get(doc, "total");
		char when[32];

		if (upstream_items_from_json(job->u, json_object_get(doc, "items"), &cause) == 0) {
			ok = true;
			job->u->cached = true;
			job->u->total = json_is_integer(tot) ? (size_t)json_integer_value(tot) : 0;
			iso_now(when, sizeof when, e.fetched);
			job->u->fetched = xstrdup(when);
		} else {
			log_debug("upstream cache: %s", cause);
			upstream_clear_items(job->u);
			free(cause);
		}
		json_decref(doc);
	}
	cache_entry_clear(&e);
	return ok;
}

void
forge_ask(struct forge *fg, struct upstream *u, bool urgent, forge_done_fn done, void *arg)
{
	struct forge_job *job = xcalloc(1, sizeof *job);

	job->fg = fg;
	job->u = u;
	job->done = done;
	job->arg = arg;
	job->all_next = fg->jobs;
	fg->jobs = job;
	fg->njobs++;
	upstream_clear_items(u);
	if (fg->source == 0) {
		struct loop_source s;

		memset(&s, 0, sizeof s);
		s.timeout_ms = forge_timeout_ms;
		s.run = forge_run;
		s.arg = fg;
		fg->source = loop_add(fg->loop, &s);
	}
	u->state = UP_RUNNING;
	if (u->repo.forge != REPO_GITHUB && u->repo.forge != REPO_GITLAB) {
		if (u->repo.forge == REPO_NONE)
			job->fail = xstrdup("no repository known (Project-URL, Home-page, tracking "
			    "table): name one with --repo URL");
		else
			job->fail = xprintf("%s is not on GitHub or GitLab: no issues to search",
			    u->repo.url);
		fetch_defer(fg->fetch, job_deferred, job);
		return;
	}
	job->gitlab = u->repo.forge == REPO_GITLAB;
	job_plan(fg, job);
	if (job_from_cache(fg, job)) {
		fetch_defer(fg->fetch, job_deferred, job);
		return;
	}
	if (fg->cfg.offline) {
		job->fail = xstrdup("--offline: not in the cache");
		fetch_defer(fg->fetch, job_deferred, job);
		return;
	}
	queue_push(fg, job, urgent);
	forge_dispatch(fg);
}

bool
forge_bump(struct forge *fg, const struct upstream *u)
{
	for (struct rq_item *it = fg->queue; it != NULL; it = it->next)
		if (JOB_OF(it)->u == u)
			return rq_bump(&fg->queue, it);
	return false;
}

void
forge_plan(const struct forge *fg, struct forge_plan *p)
{
	struct {
		struct rq_budget	*b;
		const char		*hint;
		size_t			 n;
	} per[8];
	size_t nper = 0;

	memset(p, 0, sizeof *p);
	p->hint = "";
	for (const struct forge_job *j = fg->jobs; j != NULL; j = j->all_next) {
		struct forge_bucket *b;
		size_t k;

		if (j->fail != NULL || j->u->cached || j->step >= j->steps.n)
			continue;
		b = bucket_for((struct forge *)fg, j, j->steps.v[j->step]);
		p->repos++;
		p->requests += j->steps.n - j->step;
		for (k = 0; k < nper && per[k].b != &b->rl; k++)
			;
		if (k == nper && nper < nitems(per)) {
			per[nper].b = &b->rl;
			per[nper].hint = b->hint;
			per[nper++].n = 0;
		}
		if (k < nper)
			per[k].n += j->steps.n - j->step;
	}
	/* A budget sends per_minute at once, then per_minute a minute. */
	for (size_t k = 0; k < nper; k++) {
		int pm = per[k].b->per_minute > 0 ? per[k].b->per_minute : 1;
		double t = per[k].n <= (size_t)pm ? 0 :
		    (double)(per[k].n - (size_t)pm) * 60.0 / pm;

		if (p->per_minute == 0 || t > p->seconds) {
			p->seconds = t;
			p->per_minute = pm;
			p->hint = per[k].hint;
		}
	}
}

void
forge_stop(struct forge *fg)
{
	struct rq_item *it;

	fg->stopping = true;
	while ((it = fg->queue) != NULL) {
		struct forge_job *job = JOB_OF(it);

		fg->queue = it->next;
		job->u->interrupted = true;
		job_fail(job, xstrdup(job->step == 0 ? "interrupted before it was asked" :
		    "interrupted before every search was answered"));
	}
}

char *
forge_status(const struct forge *fg)
{
	struct rq_item *first;
	double w = rq_wait_ms(fg->queue, now_ms(), time(NULL), &first);
	struct forge_job *j;

	if (w <= 0)
		return NULL;
	j = JOB_OF(first);
	return xprintf("rate limited: next in %ld s%s", (long)((w + 999) / 1000),
	    bucket_for((struct forge *)fg, j, j->steps.v[j->step])->hint);
}

struct upstream *
upstream_for_dist(const struct dist *d, const struct snapshot *s, const char *override)
{
	const struct snapshot_entry *se = s != NULL ? snapshot_lookup(s, d->name) : NULL;
	struct upstream *u = upstream_new(d->name, d->version);

	repo_for_dist(d, se, override, &u->repo);
	if (se != NULL && se->upstream_issue != NULL)
		u->tracking_url = xstrdup(se->upstream_issue);
	return u;
}
