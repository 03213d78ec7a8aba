/* fetch.c: the HTTP engine on one libcurl multi handle. Requests wait in a queue, run
 * a bounded number at a time, and retry on 429/5xx/timeouts after a backoff kept as a
 * due time (never a sleep), so fetch_run_once stays the program's only wait. A host
 * that cannot be resolved or connected to is down for the run: its requests fail at
 * once instead of one failure (and retry) after another. */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "fetch.h"
#include "url.h"
#include "sanitize.h"
#include "strbuf.h"
#include "util.h"

#define RETRY_AFTER_MAX	(366L * 24 * 3600)
/* How long the first request to a host goes alone before the rest follow anyway. */
#define PROBE_GRACE_MS	1000.0

/* A host never reached yet gets one request (the probe) until it connects: when the
 * network is gone, one failure then answers for every request instead of dozens of
 * lookups at once. Once reached (or once the probe is slow), no limit; after a resolve
 * or connect failure, down for the rest of the run. */
enum fetch_host_state {
	HOST_NEW,
	HOST_OPEN,
	HOST_DOWN
};

struct fetch_host {
	struct fetch_host	*next;
	char			*key;		/* scheme://host:port, lower case */
	char			*label;		/* host, with :port when not the default */
	enum fetch_host_state	 state;
	size_t			 nactive;	/* its requests in the multi handle */
	double			 probe_since;
	char			*error;		/* once down: "cannot reach HOST: why" */
};

struct fetch_req {
	struct fetch		*f;
	struct fetch_req	*next;		/* in the ready, waiting, active or failed list */
	struct fetch_host	*host;		/* of the URL asked for; NULL if unparsable */
	bool			 connected;	/* this attempt has a connection */
	char			*url;
	struct curl_slist	*headers;
	fetch_done_fn		 done;
	void			*arg;
	CURL			*easy;
	char			 errbuf[CURL_ERROR_SIZE];

	/* One attempt's results; reset before each. */
	struct strbuf		 body;
	bool			 too_large;
	long			 cur_status;	/* of the response whose headers are arriving */
	char			*content_type;
	char			*etag;
	char			*last_modified;
	struct strlist		 resp_headers;	/* with keep_headers */
	bool			 keep_headers;
	bool			 no_retry_429;

	int			 attempts;
	double			 due;		/* when waiting to retry */
	long			 final_status;	/* once finished, until the callback */
	char			*final_error;
};

struct fetch_deferred {
	void			(*fn)(void *);
	void			*arg;
	struct fetch_deferred	*next;
};

struct fetch {
	struct fetch_config	 cfg;
	char			*user_agent;
	char			*ca_file;	/* fetch_set_ca_file, NULL: the system's */
	CURLM			*multi;
	struct fetch_req	*ready, **ready_tail;
	struct fetch_req	*waiting;	/* sorted by due time */
	struct fetch_req	*active;	/* added to the multi handle */
	struct fetch_req	*failed, **failed_tail;	/* a host down: callbacks due */
	struct fetch_deferred	*deferred, **deferred_tail;
	size_t			 nready, nwaiting, nactive, nfailed, ndeferred;
	size_t			 max_active;
	unsigned long		 requests;
	struct fetch_host	*hosts;
	double			 hold_until;	/* a probe holds requests back until then */
};

void
fetch_config_defaults(struct fetch_config *c)
{
	memset(c, 0, sizeof *c);
	c->max_connections = 8;
	c->timeout_ms = 10000;
	c->max_body = 64UL * 1024 * 1024;
	c->max_retries = 2;
	c->backoff_ms = 500;
	c->user_agent = NULL;
	c->max_total_connections = 0;
	c->retry_after_cap_s = 60;
}

struct fetch *
fetch_new(const struct fetch_config *c)
{
	struct fetch *f = xcalloc(1, sizeof *f);
	int total;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		fatal("libcurl failed to initialise");
	f->cfg = *c;
	if (f->cfg.max_connections < 1)
		f->cfg.max_connections = 1;
	if (f->cfg.max_retries < 0)
		f->cfg.max_retries = 0;
	if (f->cfg.max_body == 0)
		f->cfg.max_body = 64UL * 1024 * 1024;
	if (f->cfg.retry_after_cap_s <= 0)
		f->cfg.retry_after_cap_s = 60;
	f->user_agent = c->user_agent != NULL ? xstrdup(c->user_agent) :
	    xprintf("ftport/%s libcurl/%s", PACKAGE_VERSION, curl_version_info(CURLVERSION_NOW)->version);
	total = c->max_total_connections > 0 ? c->max_total_connections :
	    2 * f->cfg.max_connections;
	/* Handles beyond the connections wait inside libcurl with their timeout running;
	 * keeping only a few per connection in there keeps the timeout about the server.
	 * HTTP/2 multiplexes these over one connection. */
	f->max_active = (size_t)f->cfg.max_connections * 4;

	if ((f->multi = curl_multi_init()) == NULL)
		fatal("curl_multi_init failed");
	curl_multi_setopt(f->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)f->cfg.max_connections);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)total);
	f->ready_tail = &f->ready;
	f->failed_tail = &f->failed;
	f->deferred_tail = &f->deferred;
	return f;
}

static void
req_reset_attempt(struct fetch_req *r)
{
	strbuf_release(&r->body);
	r->too_large = false;
	r->cur_status = 0;
	free(r->content_type);
	free(r->etag);
	free(r->last_modified);
	r->content_type = r->etag = r->last_modified = NULL;
	strlist_clear(&r->resp_headers);
	r->errbuf[0] = '\0';
}

static void
req_free(struct fetch_req *r)
{
	req_reset_attempt(r);
	free(r->final_error);
	if (r->easy != NULL)
		curl_easy_cleanup(r->easy);
	curl_slist_free_all(r->headers);
	free(r->url);
	free(r);
}

void
fetch_set_ca_file(struct fetch *f, const char *path)
{
	free(f->ca_file);
	f->ca_file = path != NULL ? xstrdup(path) : NULL;
}

void
fetch_free(struct fetch *f)
{
	struct fetch_req *r, *next;
	struct fetch_deferred *d, *dnext;
	struct fetch_host *h, *hnext;

	if (f == NULL)
		return;
	/* Callbacks of unfinished requests are never called. */
	for (r = f->active; r != NULL; r = next) {
		next = r->next;
		curl_multi_remove_handle(f->multi, r->easy);
		req_free(r);
	}
	for (r = f->ready; r != NULL; r = next) {
		next = r->next;
		req_free(r);
	}
	for (r = f->waiting; r != NULL; r = next) {
		next = r->next;
		req_free(r);
	}
	for (r = f->failed; r != NULL; r = next) {
		next = r->next;
		req_free(r);
	}
	for (d = f->deferred; d != NULL; d = dnext) {
		dnext = d->next;
		free(d);
	}
	for (h = f->hosts; h != NULL; h = hnext) {
		hnext = h->next;
		free(h->key);
		free(h->label);
		free(h->error);
		free(h);
	}
	curl_multi_cleanup(f->multi);
	free(f->user_agent);
	free(f->ca_file);
	free(f);
	curl_global_cleanup();
}

static size_t
write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fetch_req *r = arg;
	size_t n = size * nmemb;

	/* The cap applies to the decoded body, so a small gzip bomb cannot pass it. */
	if (r->body.len + n > r->f->cfg.max_body) {
		r->too_large = true;
		return 0;	/* aborts the transfer */
	}
	strbuf_add(&r->body, data, n);
	return n;
}

static char *
header_value(const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	const char *v, *e;

	if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return NULL;
	v = line + nl + 1;
	e = line + len;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && isspace((unsigned char)e[-1]))
		e--;
	return xstrndup(v, (size_t)(e - v));
}

static void
header_set(char **slot, char *value)
{
	if (value == NULL)
		return;
	free(*slot);
	*slot = value;
}

static size_t
header_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fetch_req *r = arg;
	size_t n = size * nmemb;
	char *v;

	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* A new response (after a redirect or a 100): its own headers only. */
		const char *sp = memchr(data, ' ', n);

		free(r->content_type);
		free(r->etag);
		free(r->last_modified);
			r->content_type = r->etag = r->last_modified = NULL;
		strlist_clear(&r->resp_headers);
		r->cur_status = sp != NULL ? strtol(sp + 1, NULL, 10) : 0;
#if LIBCURL_VERSION_NUM < 0x075000
		/* Without CURLOPT_PREREQFUNCTION, an answer is the proof of a connection. */
		r->connected = true;
		if (r->host != NULL && r->host->state == HOST_NEW)
			r->host->state = HOST_OPEN;
#endif
		return n;
	}
	if (r->keep_headers && memchr(data, ':', n) != NULL) {
		size_t len = n;

		while (len > 0 && (data[len - 1] == '\r' || data[len - 1] == '\n'))
			len--;
		strlist_push_owned(&r->resp_headers, xstrndup(data, len));
	}
	header_set(&r->content_type, header_value(data, n, "Content-Type"));
	header_set(&r->etag, header_value(data, n, "ETag"));
	header_set(&r->last_modified, header_value(data, n, "Last-Modified"));
	if (r->cur_status >= 200 && r->cur_status < 300 &&
	    (v = header_value(data, n, "Content-Length")) != NULL) {
		unsigned long long cl = strtoull(v, NULL, 10);

		free(v);
		if (cl > r->f->cfg.max_body) {
			r->too_large = true;
			return 0;
		}
	}
	return n;
}

/* The host a URL goes to, found or added; NULL when libcurl cannot parse the URL
 * (the transfer then fails on its own). */
static struct fetch_host *
fetch_host_find(struct fetch *f, const char *url)
{
	char *key = url_origin(url), *label;
	struct fetch_host *h;

	if (key == NULL)
		return NULL;
	for (h = f->hosts; h != NULL; h = h->next)
		if (strcmp(h->key, key) == 0)
			break;
	if (h != NULL) {
		free(key);
		return h;
	}
	h = xcalloc(1, sizeof *h);
	h->key = key;
	/* It reaches the screen: no control characters, whatever the URL held. */
	label = url_host_label(url);
	h->label = sanitize_text(label);
	free(label);
	h->state = HOST_NEW;
	h->next = f->hosts;
	f->hosts = h;
	return h;
}

/* Queues r's callback for the next turn with error (taken). */
static void
fetch_fail_later(struct fetch *f, struct fetch_req *r, char *error)
{
	r->final_status = 0;
	r->final_error = error;
	r->next = NULL;
	*f->failed_tail = r;
	f->failed_tail = &r->next;
	f->nfailed++;
}

/* Takes the requests for h out of a list (ready or waiting) and fails them. */
static size_t
fetch_host_fail_list(struct fetch *f, struct fetch_host *h, struct fetch_req **list,
    struct fetch_req ***tail)
{
	struct fetch_req **p = list, *r;
	size_t n = 0;

	while ((r = *p) != NULL) {
		if (r->host != h) {
			p = &r->next;
			continue;
		}
		*p = r->next;
		fetch_fail_later(f, r, xstrdup(h->error));
		n++;
	}
	if (tail != NULL)
		*tail = p;
	return n;
}

/* h could not be resolved or connected to: down for the rest of the run. Its queued
 * requests, those waiting to retry and those still looking for a connection fail now
 * with the same one line; transfers already connected finish on their own. */
static void
fetch_host_down(struct fetch *f, struct fetch_host *h, CURLcode rc, long os_errno)
{
	struct fetch_req **p, *r;
	size_t n;

	if (h->state == HOST_DOWN)
		return;
	h->state = HOST_DOWN;
	if (rc == CURLE_COULDNT_RESOLVE_HOST)
		h->error = xprintf("cannot reach %s: could not resolve host", h->label);
	else if (rc == CURLE_COULDNT_RESOLVE_PROXY)
		h->error = xprintf("cannot reach %s: could not resolve proxy", h->label);
	else if (os_errno != 0)
		h->error = xprintf("cannot reach %s: could not connect (%s)", h->label,
		    strerror((int)os_errno));
	else
		h->error = xprintf("cannot reach %s: could not connect", h->label);

	n = fetch_host_fail_list(f, h, &f->ready, &f->ready_tail);
	f->nready -= n;
	{
		size_t w = fetch_host_fail_list(f, h, &f->waiting, NULL);

		f->nwaiting -= w;
		n += w;
	}
	for (p = &f->active; (r = *p) != NULL; ) {
		if (r->host != h || r->connected) {
			p = &r->next;
			continue;
		}
		*p = r->next;
		curl_multi_remove_handle(f->multi, r->easy);
		f->nactive--;
		h->nactive--;
		fetch_fail_later(f, r, xstrdup(h->error));
		n++;
	}
	log_debug("%s; %zu more requests to it fail at once", h->error, n);
}

#if LIBCURL_VERSION_NUM >= 0x075000
/* Called once this attempt has a connection (new or reused): its host is reachable. */
static int
prereq_cb(void *arg, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
	struct fetch_req *r = arg;

	(void)primary_ip;
	(void)local_ip;
	(void)primary_port;
	(void)local_port;
	r->connected = true;
	if (r->host != NULL && r->host->state == HOST_NEW)
		r->host->state = HOST_OPEN;
	return CURL_PREREQFUNC_OK;
}
#endif

void
fetch_get(struct fetch *f, const char *url, const struct strlist *headers,
    fetch_done_fn done, void *arg)
{
	struct fetch_opts o;

	memset(&o, 0, sizeof o);
	o.headers = headers;
	fetch_get_opts(f, url, &o, done, arg);
}

const char *
fetch_response_header(const struct fetch_response *r, const char *name)
{
	size_t nl = strlen(name);

	for (size_t i = r->headers.n; i-- > 0; ) {
		const char *h = r->headers.v[i];

		if (strncasecmp(h, name, nl) == 0 && h[nl] == ':')
			return h + nl + 1 + strspn(h + nl + 1, " \t");
	}
	return NULL;
}

void
fetch_get_opts(struct fetch *f, const char *url, const struct fetch_opts *o,
    fetch_done_fn done, void *arg)
{
	const struct strlist *headers = o->headers;
	struct fetch_req *r = xcalloc(1, sizeof *r);
	CURL *e;

	r->f = f;
	r->keep_headers = o->keep_headers;
	r->no_retry_429 = o->no_retry_429;
	r->url = xstrdup(url);
	r->done = done;
	r->arg = arg;
	r->host = fetch_host_find(f, url);
	if (r->host != NULL && r->host->state == HOST_DOWN) {
		fetch_fail_later(f, r, xstrdup(r->host->error));
		return;
	}
	for (size_t i = 0; headers != NULL && i < headers->n; i++) {
		struct curl_slist *l = curl_slist_append(r->headers, headers->v[i]);

		if (l == NULL)
			fatal("out of memory building request headers");
		r->headers = l;
	}
	if (o->auth != NULL) {
		struct curl_slist *l = curl_slist_append(r->headers, o->auth);

		if (l == NULL)
			fatal("out of memory building request headers");
		r->headers = l;
	}
	if ((e = r->easy = curl_easy_init()) == NULL)
		fatal("curl_easy_init failed");
	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);
	curl_easy_setopt(e, CURLOPT_USERAGENT, f->user_agent);
	if (f->ca_file != NULL)
		curl_easy_setopt(e, CURLOPT_CAINFO, f->ca_file);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, f->cfg.timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, f->cfg.timeout_ms);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
	/* Said explicitly: a credential never follows a redirect to another origin. */
	curl_easy_setopt(e, CURLOPT_UNRESTRICTED_AUTH, 0L);
#if LIBCURL_VERSION_NUM < 0x075300
	/* Before 7.83 a redirect to another port or scheme of the same host kept it. */
	if (o->auth != NULL)
		curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
#endif
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	/* HTTP/2 over TLS; HTTP/1.1 for plain http. Not fatal where libcurl lacks it. */
	(void)curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/* Wait for a connection that can multiplex rather than open another. */
	curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	/* Private indexes often keep credentials in ~/.netrc, as pip allows. */
	curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
#if LIBCURL_VERSION_NUM >= 0x075000
	curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, prereq_cb);
	curl_easy_setopt(e, CURLOPT_PREREQDATA, r);
#endif
#if LIBCURL_VERSION_NUM >= 0x075700
	/* A host found down cancels its requests still resolving: without this, removing
	 * each one waits for its resolver thread. */
	curl_easy_setopt(e, CURLOPT_QUICK_EXIT, 1L);
#endif

	r->next = NULL;
	*f->ready_tail = r;
	f->ready_tail = &r->next;
	f->nready++;
}

void
fetch_expect_hosts(struct fetch *f, int n)
{
	size_t active = (size_t)f->cfg.max_connections * 4 * (size_t)n;
	long total = (long)f->cfg.max_connections * (n > 2 ? n : 2);

	if (active <= f->max_active)
		return;
	f->max_active = active;
	if (f->cfg.max_total_connections <= 0 || total > f->cfg.max_total_connections) {
		f->cfg.max_total_connections = (int)total;
		curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, total);
	}
}

void
fetch_defer(struct fetch *f, void (*fn)(void *), void *arg)
{
	struct fetch_deferred *d = xcalloc(1, sizeof *d);

	d->fn = fn;
	d->arg = arg;
	*f->deferred_tail = d;
	f->deferred_tail = &d->next;
	f->ndeferred++;
}

size_t
fetch_pending(const struct fetch *f)
{
	return f->nready + f->nactive + f->nwaiting + f->nfailed + f->ndeferred;
}

unsigned long
fetch_request_count(const struct fetch *f)
{
	return f->requests;
}

/* Moves retries that are due to the ready queue, then starts ready requests while
 * there is room, keeping back those for a host whose probe has not connected yet. */
static void
fetch_start(struct fetch *f)
{
	double now = now_ms();
	struct fetch_req **p, *r;

	while (f->waiting != NULL && f->waiting->due <= now) {
		r = f->waiting;
		f->waiting = r->next;
		f->nwaiting--;
		r->next = NULL;
		*f->ready_tail = r;
		f->ready_tail = &r->next;
		f->nready++;
	}
	f->hold_until = 0;
	for (p = &f->ready; (r = *p) != NULL && f->nactive < f->max_active; ) {
		struct fetch_host *h = r->host;

		if (h != NULL && h->state == HOST_NEW && h->nactive > 0) {
			double until = h->probe_since + PROBE_GRACE_MS;

			if (now < until) {
				if (f->hold_until == 0 || until < f->hold_until)
					f->hold_until = until;
				p = &r->next;
				continue;
			}
			/* Slow to connect, not down: the rest go too. */
			h->state = HOST_OPEN;
		}
		*p = r->next;
		f->nready--;
		if (h != NULL) {
			if (h->state == HOST_NEW && h->nactive == 0)
				h->probe_since = now;
			h->nactive++;
		}
		req_reset_attempt(r);
		r->connected = false;
		r->attempts++;
		f->requests++;
		if (curl_multi_add_handle(f->multi, r->easy) != CURLM_OK)
			fatal("curl_multi_add_handle failed");
		r->next = f->active;
		f->active = r;
		f->nactive++;
	}
	if (*p == NULL)
		f->ready_tail = p;
}

static void
fetch_wait_retry(struct fetch *f, struct fetch_req *r, double delay_ms)
{
	struct fetch_req **p;

	r->due = now_ms() + delay_ms;
	for (p = &f->waiting; *p != NULL && (*p)->due <= r->due; p = &(*p)->next)
		;
	r->next = *p;
	*p = r;
	f->nwaiting++;
}

/* Sends r back to wait backoff_ms for its next attempt; false with *error instead when
 * its host was found down meanwhile. */
static bool
fetch_retry(struct fetch *f, struct fetch_req *r, long backoff_ms, char **error)
{
	if (r->host != NULL && r->host->state == HOST_DOWN) {
		*error = xstrdup(r->host->error);
		return false;
	}
	fetch_wait_retry(f, r, (double)backoff_ms);
	return true;
}

/* Retry-After as libcurl reads it (delay-seconds or an HTTP date; 0 when absent or
 * past), capped at a year: as good as forever here, and it keeps the arithmetic sane. */
static long
retry_after_seconds(CURL *easy)
{
	curl_off_t s = 0;

	if (curl_easy_getinfo(easy, CURLINFO_RETRY_AFTER, &s) != CURLE_OK || s < 0)
		return 0;
	return s > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : (long)s;
}

static char *
seconds_text(long ms)
{
	if (ms % 1000 == 0)
		return xprintf("%ld s", ms / 1000);
	return xprintf("%.1f s", (double)ms / 1000.0);
}

static bool
status_retryable(long status)
{
	return status == 429 || status == 500 || status == 502 || status == 503 ||
	    status == 504;
}

static bool
curl_retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

static const char *
attempts_text(int n)
{
	return n == 1 ? "attempt" : "attempts";
}

/* A finished attempt: true when r goes back to wait for a retry; false when it is
 * final and *error (maybe NULL) says why it failed. */
static bool
fetch_judge(struct fetch *f, struct fetch_req *r, CURLcode rc, long status, char **error)
{
	bool can_retry = r->attempts <= f->cfg.max_retries;
	long backoff = f->cfg.backoff_ms;

	*error = NULL;
	for (int i = 1; i < r->attempts && backoff < 60000; i++)
		backoff *= 2;
	if (rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_RESOLVE_PROXY ||
	    rc == CURLE_COULDNT_CONNECT) {
		/* The host that failed, after redirects: no retry, and no more tries of it. */
		char *eff = NULL;
		long os_errno = 0;
		struct fetch_host *h;

		if (curl_easy_getinfo(r->easy, CURLINFO_EFFECTIVE_URL, &eff) != CURLE_OK ||
		    eff == NULL)
			eff = r->url;
		curl_easy_getinfo(r->easy, CURLINFO_OS_ERRNO, &os_errno);
		if ((h = fetch_host_find(f, eff)) != NULL) {
			fetch_host_down(f, h, rc, os_errno);
			*error = xstrdup(h->error);
			return false;
		}
	}
	if (r->too_large) {
		*error = xprintf("response larger than the %zu MB cap",
		    f->cfg.max_body / (1024 * 1024));
		return false;
	}
	if (rc == CURLE_OK && status == 429 && r->no_retry_429)
		return false;
	if (rc == CURLE_OK && status_retryable(status)) {
		long ra = retry_after_seconds(r->easy);

		if (ra > f->cfg.retry_after_cap_s) {
			time_t when = time(NULL) + ra;
			struct tm tm;
			char buf[32];

			gmtime_r(&when, &tm);
			strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
			*error = xprintf("HTTP %ld: the index asks to wait %ld s; try again after %s",
			    status, ra, buf);
			return false;
		}
		if (can_retry) {
			if (ra * 1000 > backoff)
				backoff = ra * 1000;
			return fetch_retry(f, r, backoff, error);
		}
		*error = xprintf("HTTP %ld after %d %s", status, r->attempts,
		    attempts_text(r->attempts));
		return false;
	}
	if (rc == CURLE_OK)
		return false;
	if (curl_retryable(rc) && can_retry)
		return fetch_retry(f, r, backoff, error);
	if (rc == CURLE_OPERATION_TIMEDOUT) {
		char *t = seconds_text(f->cfg.timeout_ms);

		*error = xprintf("timed out after %s (%d %s)", t, r->attempts,
		    attempts_text(r->attempts));
		free(t);
	} else if (rc == CURLE_TOO_MANY_REDIRECTS)
		*error = xstrdup("more than 5 redirects");
	else {
		const char *why = r->errbuf[0] != '\0' ? r->errbuf : curl_easy_strerror(rc);
		struct strbuf sb = STRBUF_INIT;

		/* One line, no control characters: it may reach the screen. */
		if (rc == CURLE_PARTIAL_FILE || rc == CURLE_GOT_NOTHING)
			strbuf_addstr(&sb, "response cut short: ");
		for (const char *p = why; *p != '\0'; p++)
			if ((unsigned char)*p >= 0x20 && *p != 0x7f)
				strbuf_addch(&sb, *p);
		strbuf_addf(&sb, " (%d %s)", r->attempts, attempts_text(r->attempts));
		*error = strbuf_detach(&sb, NULL);
	}
	return false;
}

static void
fetch_finish(struct fetch *f, struct fetch_req *r, long status, char *error)
{
	struct fetch_response resp;
	char *eff = NULL;

	memset(&resp, 0, sizeof resp);
	resp.status = status;
	resp.error = error;
	resp.attempts = r->attempts;
	if (error == NULL && r->easy != NULL) {
		resp.body = strbuf_detach(&r->body, &resp.len);
		resp.content_type = r->content_type;
		resp.etag = r->etag;
		resp.last_modified = r->last_modified;
		r->content_type = r->etag = r->last_modified = NULL;
		resp.headers = r->resp_headers;
		memset(&r->resp_headers, 0, sizeof r->resp_headers);
	}
	if (r->easy != NULL && curl_easy_getinfo(r->easy, CURLINFO_EFFECTIVE_URL, &eff) ==
	    CURLE_OK && eff != NULL)
		resp.effective_url = xstrdup(eff);
	else
		resp.effective_url = xstrdup(r->url);
	r->done(&resp, r->arg);
	free(resp.body);
	free(resp.content_type);
	free(resp.etag);
	free(resp.last_modified);
	free(resp.effective_url);
	free(resp.error);
	strlist_clear(&resp.headers);
	r->final_error = NULL;	/* freed above as resp.error */
	req_free(r);
}

void
fetch_run_once(struct fetch *f, struct curl_waitfd *extra, unsigned nextra, int timeout_ms)
{
	struct fetch_req *finished = NULL, **ftail = &finished;
	struct fetch_deferred *d;
	CURLMsg *msg;
	int running, left, wait = timeout_ms < 0 ? 0 : timeout_ms;
	size_t nd;

	fetch_start(f);
	if (f->deferred != NULL || f->failed != NULL)
		wait = 0;
	else {
		/* Wake for the next retry, or when a slow probe stops holding the rest. */
		double due = f->waiting != NULL ? f->waiting->due : 0, until;

		if (f->hold_until != 0 && (due == 0 || f->hold_until < due))
			due = f->hold_until;
		until = due - now_ms();
		if (due != 0 && until < wait)
			wait = until <= 0 ? 0 : (int)until + 1;
	}
	for (unsigned i = 0; i < nextra; i++)
		extra[i].revents = 0;
	if (curl_multi_poll(f->multi, extra, nextra, wait, NULL) != CURLM_OK)
		fatal("curl_multi_poll failed");
	curl_multi_perform(f->multi, &running);

	/* Collect first, call back after: callbacks may queue new requests. */
	while ((msg = curl_multi_info_read(f->multi, &left)) != NULL) {
		struct fetch_req *r = NULL, **p;
		long status = 0;
		CURLcode rc;
		char *error;
		bool retry;

		if (msg->msg != CURLMSG_DONE)
			continue;
		rc = msg->data.result;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
		curl_multi_remove_handle(f->multi, msg->easy_handle);
		for (p = &f->active; *p != NULL; p = &(*p)->next)
			if (*p == r) {
				*p = r->next;
				break;
			}
		f->nactive--;
		if (r->host != NULL)
			r->host->nactive--;
		retry = fetch_judge(f, r, rc, status, &error);
		/* The probe ended without finding the host down: the rest may go. */
		if (r->host != NULL && r->host->state == HOST_NEW)
			r->host->state = HOST_OPEN;
		if (retry)
			continue;
		/* Keep the verdict with the request until its callback runs. */
		r->next = NULL;
		r->final_status = status;
		r->final_error = error;
		*ftail = r;
		ftail = &r->next;
	}
	while (finished != NULL) {
		struct fetch_req *r = finished;

		finished = r->next;
		fetch_finish(f, r, r->final_status, r->final_error);
	}
	/* Requests failed because their host is down, those queued before this point;
	 * ones their callbacks queue wait for the next turn, which does not wait. */
	for (nd = f->nfailed; nd > 0 && f->failed != NULL; nd--) {
		struct fetch_req *r = f->failed;

		if ((f->failed = r->next) == NULL)
			f->failed_tail = &f->failed;
		f->nfailed--;
		fetch_finish(f, r, r->final_status, r->final_error);
	}

	/* Deferred calls queued before this turn; ones they queue wait for the next. */
	for (nd = f->ndeferred; nd > 0 && (d = f->deferred) != NULL; nd--) {
		if ((f->deferred = d->next) == NULL)
			f->deferred_tail = &f->deferred;
		f->ndeferred--;
		d->fn(d->arg);
		free(d);
	}
	fetch_start(f);
}
