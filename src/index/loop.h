/* loop.h: background work that shares the program's one wait with libcurl: a child
 * process's pipes, a libgit2 clone thread's progress pipe, timers. Each piece of work
 * registers a source; the TUI (and a CLI command that runs several things at once)
 * turns the loop, which waits in fetch_run_once on every source's descriptors. */
#ifndef FTPORT_LOOP_H
#define FTPORT_LOOP_H

#include <stdbool.h>

#include <curl/curl.h>

#include "fetch.h"

/* A source of background work. Every member but run may be NULL. */
struct loop_source {
	/* Fills at most max descriptors to wait on (events: CURL_WAIT_POLLIN...); returns
	 * how many. Called before every wait. */
	unsigned	(*fds)(void *arg, struct curl_waitfd *fds, unsigned max);
	/* Milliseconds until the source needs a turn without any descriptor being ready
	 * (a deadline, a child to reap), or -1 for none. */
	long		(*timeout_ms)(void *arg);
	/* Called after every wait with the descriptors it gave, revents filled in. Returns
	 * true when the model changed (the UI rebuilds and redraws). */
	bool		(*run)(void *arg, const struct curl_waitfd *fds, unsigned n);
	void		*arg;
};

struct loop;

struct loop *loop_new(struct fetch *f);
void loop_free(struct loop *l);
/* Registers a source (copied); returns an id for loop_remove. Safe to call from a
 * source's run. */
unsigned loop_add(struct loop *l, const struct loop_source *s);
/* Unregisters it; safe from a source's run (its own or another's). */
void loop_remove(struct loop *l, unsigned id);
/* Sources registered. */
unsigned loop_count(const struct loop *l);
/* One turn: waits at most timeout_ms (less when a source or a transfer is due) on the
 * transfers, the extra descriptors (revents filled in for the caller) and every
 * source's, then runs the sources. Returns true when a source said the model changed. */
bool loop_turn(struct loop *l, struct curl_waitfd *extra, unsigned nextra, int timeout_ms);

#endif
