/* fetch.h: the HTTP engine: libcurl multi (HTTP/2 multiplexing, bounded connections,
 * gzip, per-request timeout, retries with backoff on 429/5xx honouring Retry-After, a
 * size cap). It never blocks except inside fetch_run_once, which is the one wait of the
 * program's event loop: other descriptors (the terminal, child pipes) wait there too. */
#ifndef FTPORT_FETCH_H
#define FTPORT_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

#include "util.h"

struct fetch_config {
	int		 max_connections;	/* per host (--jobs) */
	long		 timeout_ms;		/* per attempt */
	size_t		 max_body;		/* size cap; larger bodies fail */
	int		 max_retries;		/* on 429/5xx/timeouts */
	long		 backoff_ms;		/* first backoff; doubles each retry */
	const char	*user_agent;		/* NULL: "ftport/VERSION libcurl/VERSION" */
	int		 max_total_connections;	/* all hosts; 0: twice max_connections */
	long		 retry_after_cap_s;	/* a longer Retry-After fails at once */
};
/* Defaults: 8 connections, 10 s, 64 MB, 2 retries (3 attempts), 500 ms, 60 s. */
void fetch_config_defaults(struct fetch_config *c);

struct fetch_response {
	long		 status;		/* HTTP status, 0 when no response */
	char		*body;			/* NUL-terminated, NULL when none */
	size_t		 len;
	char		*content_type;
	char		*etag;
	char		*last_modified;
	char		*effective_url;		/* after redirects */
	char		*error;			/* one line when the transfer failed, else NULL */
	int		 attempts;
	struct strlist	 headers;		/* the final response's header lines
						   ("Name: value"), with fetch_opts.keep_headers */
};

typedef void (*fetch_done_fn)(struct fetch_response *r, void *arg);

struct fetch;

struct fetch *fetch_new(const struct fetch_config *c);
void fetch_free(struct fetch *f);
/* Requests will go to n hosts at once (several package indexes): the limits on all
 * connections and on transfers in flight grow to n hosts' worth, so each host still
 * gets --jobs connections. Never shrinks them. */
void fetch_expect_hosts(struct fetch *f, int n);
/* Verify servers with the CA certificates in path (PEM) instead of the system's. */
void fetch_set_ca_file(struct fetch *f, const char *path);
/* Queues a GET. headers: extra request headers ("Accept: ...", "If-None-Match: ..."),
 * may be NULL. done is called from fetch_run_once, exactly once; the response is
 * freed after done returns (done may take body, or any string, by setting it NULL).
 * Redirects (up to 5, http and https only) are followed. r->error is set when no
 * usable answer came: the transfer failed, the body passed the cap, or 429/5xx
 * persisted through the retries ("HTTP 503 after 3 attempts"); other statuses (404,
 * 304, ...) come back with error NULL for the caller to judge. A host that cannot be
 * resolved or connected to is down for the rest of the run (timeouts and HTTP errors
 * stay per request): its queued and retrying requests, and later ones, fail at once
 * with the same line ("cannot reach pypi.org: could not resolve host"). Until a host
 * is first reached, one request to it runs at a time (for up to 1 s). */
void fetch_get(struct fetch *f, const char *url, const struct strlist *headers,
    fetch_done_fn done, void *arg);

/* What a request may ask beyond fetch_get's (a forge API's, for one). */
struct fetch_opts {
	const struct strlist	*headers;	/* extra request headers, may be NULL */
	/* A credential header ("Authorization: Bearer ..."): sent to the URL's own host
	 * only. libcurl drops an Authorization header on a redirect to another host, port
	 * or scheme (CURLOPT_UNRESTRICTED_AUTH stays off); older libcurl follows no
	 * redirect at all for such a request: the 3xx comes back to the caller. */
	const char		*auth;
	bool			 keep_headers;	/* fill fetch_response.headers */
	/* A 429 comes back as an answer (error NULL), never retried here: the caller
	 * keeps its own queue (a rate limit it must report, not sit out). 5xx still
	 * retry. */
	bool			 no_retry_429;
};
void fetch_get_opts(struct fetch *f, const char *url, const struct fetch_opts *o,
    fetch_done_fn done, void *arg);
/* The value of a header kept in r->headers (case-insensitive name), or NULL. */
const char *fetch_response_header(const struct fetch_response *r, const char *name);
/* Calls fn(arg) from the next fetch_run_once, which then does not wait: answers that
 * need no transfer (a fresh cache entry) reach callers in the same order of events. */
void fetch_defer(struct fetch *f, void (*fn)(void *), void *arg);
/* Transfers queued, running or waiting to retry, and deferred calls. */
size_t fetch_pending(const struct fetch *f);
/* One turn of the loop: waits at most timeout_ms (less when a retry is due) for the
 * transfers or for one of the extra descriptors, moves the transfers on, and calls the
 * done callbacks of those that finished. extra[i].revents tells which were ready. */
void fetch_run_once(struct fetch *f, struct curl_waitfd *extra, unsigned nextra,
    int timeout_ms);
/* Requests made so far (for tests and benchmarks: a warm cache makes none). */
unsigned long fetch_request_count(const struct fetch *f);

#endif
