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
	const char	*user_agent;		/* NULL: "ftport/VERSION (+libcurl)" */
};
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
};

typedef void (*fetch_done_fn)(struct fetch_response *r, void *arg);

struct fetch;

struct fetch *fetch_new(const struct fetch_config *c);
void fetch_free(struct fetch *f);
/* Queues a GET. headers: extra request headers ("Accept: ...", "If-None-Match: ..."),
 * may be NULL. done is called from fetch_run_once, exactly once; the response is
 * freed after done returns. */
void fetch_get(struct fetch *f, const char *url, const struct strlist *headers,
    fetch_done_fn done, void *arg);
/* Transfers queued, running or waiting to retry. */
size_t fetch_pending(const struct fetch *f);
/* One turn of the loop: waits at most timeout_ms (less when a retry is due) for the
 * transfers or for one of the extra descriptors, moves the transfers on, and calls the
 * done callbacks of those that finished. extra[i].revents tells which were ready. */
void fetch_run_once(struct fetch *f, struct curl_waitfd *extra, unsigned nextra,
    int timeout_ms);
/* Requests made so far (for tests and benchmarks: a warm cache makes none). */
unsigned long fetch_request_count(const struct fetch *f);

#endif
