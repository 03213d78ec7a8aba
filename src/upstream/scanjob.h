/* scanjob.h: one upstream source scan in the background: clone or fetch (gitclone.c)
 * then scan (gitscan.c) on a thread, progress reported through a pipe that the TUI's
 * loop (loop.h) or the command line waits on. A job that runs past its deadline is
 * stopped; one stuck where libgit2 cannot be interrupted is abandoned, never waited for. */
#ifndef FTPORT_SCANJOB_H
#define FTPORT_SCANJOB_H

#include <stdbool.h>
#include <stdio.h>

#include "gitclone.h"
#include "gitscan.h"

struct scanjob_opts {
	const char		*url;
	const char		*name;		/* the distribution (tag names); may be NULL */
	const char		*version;	/* installed; NULL: no tag comparison */
	const char		*cache_dir;	/* ftport's cache */
	unsigned long long	 max_bytes;	/* size guard; 0: none */
	long			 timeout_ms;	/* for the whole job; 0: none */
	bool			 no_fetch;	/* read the clone already in the cache only */
};

enum scanjob_phase { SCANJOB_CONNECTING, SCANJOB_RECEIVING, SCANJOB_SCANNING, SCANJOB_DONE };

struct scanjob_status {
	enum scanjob_phase		phase;
	struct gitclone_progress	progress;
};

struct scanjob;

/* Starts the thread. NULL and a cause when it cannot start. */
struct scanjob *scanjob_start(const struct scanjob_opts *o, char **cause);
/* The descriptor that becomes readable when there is news (for loop.h's fds). */
int scanjob_fd(const struct scanjob *j);
/* Milliseconds until the job must be given up if it has not finished, or -1. */
long scanjob_timeout_ms(const struct scanjob *j);
/* Reads the news: the status now; true when the job is over (scanjob_finish next). */
bool scanjob_poll(struct scanjob *j, struct scanjob_status *st);
/* After scanjob_poll said it is over: 0 and the result, or -1 and the cause. Frees j. */
int scanjob_finish(struct scanjob *j, struct scan_result **r, char **cause);
/* Gives the job up (the user moved on, the program quits): it stops at libgit2's next
 * callback and frees itself. */
void scanjob_cancel(struct scanjob *j);

/* A job watched from a loop (loop.h): progress is called when there is news, done once
 * at the end with the result or the cause (both handed over), after which the watch
 * is gone. */
struct loop;
struct scanjob_watch;
struct scanjob_watch *scanjob_watch(struct loop *l, struct scanjob *j,
    void (*progress)(const struct scanjob_status *st, void *arg),
    void (*done)(int rc, struct scan_result *r, char *cause, void *arg), void *arg);
/* Stops watching and gives the job up (scanjob_cancel); done is not called. Returns
 * the watch's arg (for the caller to free). */
void *scanjob_unwatch(struct scanjob_watch *w);

/* "receiving objects 120/3000, 1.2 MB" -- for a status line. */
char *scanjob_status_text(const struct scanjob_status *st);

/* The command line's way: runs a job to its end, with a progress line on progress
 * (a terminal; NULL for none) that is erased at the end. */
int scanjob_run(const struct scanjob_opts *o, FILE *progress, struct scan_result **r,
    char **cause);

#endif
