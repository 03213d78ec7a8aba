/* scanjob.c: the thread behind a source scan. The thread and its owner share a small
 * status under a mutex; a byte down a non-blocking pipe says "look again", so a full
 * pipe never blocks the thread and the owner only ever reads what is there. Both hold
 * a reference: whoever lets go last frees the job, which is how a thread stuck inside
 * libgit2 (1.5 has no network timeouts) can be abandoned without waiting for it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "cache.h"
#include "loop.h"
#include "sanitize.h"
#include "fstree.h"
#include "scanjob.h"
#include "url.h"
#include "util.h"

/* How long after the deadline the owner waits for the thread to notice it. */
#define SCANJOB_GRACE_MS	3000
/* Progress is news at most this often. */
#define SCANJOB_NEWS_MS		100
/* The thread's stack (see scanjob_start). */
#define SCANJOB_STACK		(256UL * 1024 * 1024)

struct scanjob {
	struct scanjob_opts	 o;		/* strings owned */
	pthread_t		 thread;
	int			 pipe[2];
	double			 deadline;	/* now_ms() clock; 0: none */

	pthread_mutex_t		 lock;		/* guards what follows */
	int			 refs;
	bool			 cancelled;
	bool			 over;
	struct scanjob_status	 status;
	double			 last_news;
	int			 rc;
	struct scan_result	*result;
	char			*cause;
};

static void
job_unref(struct scanjob *j)
{
	bool last;

	pthread_mutex_lock(&j->lock);
	last = --j->refs == 0;
	pthread_mutex_unlock(&j->lock);
	if (!last)
		return;
	close(j->pipe[0]);
	close(j->pipe[1]);
	pthread_mutex_destroy(&j->lock);
	free((char *)j->o.url);
	free((char *)j->o.name);
	free((char *)j->o.version);
	free((char *)j->o.cache_dir);
	scan_result_free(j->result);
	free(j->cause);
	free(j);
	git_libgit2_shutdown();
}

static void
job_news(struct scanjob *j)
{
	char c = 0;

	/* EAGAIN: the pipe is full, so the owner will wake anyway. */
	while (write(j->pipe[1], &c, 1) < 0 && errno == EINTR)
		;
}

static int
job_progress(const struct gitclone_progress *p, void *arg)
{
	struct scanjob *j = arg;
	double now = now_ms();
	bool news = false, stop;

	pthread_mutex_lock(&j->lock);
	j->status.phase = SCANJOB_RECEIVING;
	j->status.progress = *p;
	if (now - j->last_news >= SCANJOB_NEWS_MS) {
		j->last_news = now;
		news = true;
	}
	stop = j->cancelled || (j->deadline > 0 && now > j->deadline);
	pthread_mutex_unlock(&j->lock);
	if (news)
		job_news(j);
	return stop ? -1 : 0;
}

static void
job_phase(struct scanjob *j, enum scanjob_phase phase)
{
	pthread_mutex_lock(&j->lock);
	j->status.phase = phase;
	pthread_mutex_unlock(&j->lock);
	job_news(j);
}

static void *
job_run(void *arg)
{
	struct scanjob *j = arg;
	struct gitclone_opts go = { j->o.url, j->o.cache_dir, j->o.max_bytes, job_progress, j,
	    false };
	struct scan_opts so = { 0 };
	struct scan_result *r = NULL;
	struct cache *c = NULL;
	char *path = NULL, *cause = NULL, *gone = NULL;
	int rc;

	if (j->o.no_fetch) {
		struct stat sb;

		path = gitclone_path(j->o.cache_dir, j->o.url);
		rc = stat(path, &sb) == 0 ? 0 : -1;
		if (rc != 0) {
			char *clean = url_redact(j->o.url);

			cause = xprintf("%s: not cloned yet (ftport upstream --scan clones it)",
			    clean);
			free(clean);
		}
	} else
		rc = gitclone_update(&go, &path, &cause);
	if (rc == 0) {
		job_phase(j, SCANJOB_SCANNING);
		c = cache_open(j->o.cache_dir, &cause);
		if (c == NULL) {
			/* Only the result's cache is lost: scan anyway. */
			free(cause);
			cause = NULL;
		}
		so.repo = path;
		so.url = j->o.url;
		so.name = j->o.name;
		so.version = j->o.version;
		so.cache = c;
		rc = scan_repo(&so, &r, &cause);
		if (rc != 0 && !j->o.no_fetch && fstree_remove(path, &gone) == 0) {
			/* The fetch found nothing new, so the damage showed only now: the
			 * clone is made again, once. */
			log_debug("scan: %s; cloning again", cause);
			free(cause);
			cause = NULL;
			free(path);
			path = NULL;
			/* Through the transport this time: it reads every object it sends. */
			go.no_local_copy = true;
			if ((rc = gitclone_update(&go, &path, &cause)) == 0) {
				so.repo = path;
				rc = scan_repo(&so, &r, &cause);
			}
		}
		/* A clone that cannot be scanned is not kept: the next scan, offline too,
		 * would meet the same failure (a hostile tree) until `cache clear`. */
		if (rc != 0 && path != NULL && (cause == NULL || strcmp(cause, "stopped") != 0))
			fstree_remove_quiet(path);
		cache_close(c);
	}
	free(gone);	/* why a damaged clone could not be removed: the scan's cause says more */
	free(path);
	pthread_mutex_lock(&j->lock);
	if (j->over) {
		/* The owner gave up on us and has said why. */
		pthread_mutex_unlock(&j->lock);
		scan_result_free(r);
		free(cause);
		job_unref(j);
		return NULL;
	}
	if (rc != 0 && cause != NULL && strcmp(cause, "stopped") == 0) {
		char *clean = url_redact(j->o.url);

		free(cause);
		cause = j->cancelled ? xstrdup("cancelled") :
		    xprintf("%s: timed out after %ld s", clean, j->o.timeout_ms / 1000);
		free(clean);
	}
	j->rc = rc;
	j->result = r;
	j->cause = cause;
	j->over = true;
	j->status.phase = SCANJOB_DONE;
	pthread_mutex_unlock(&j->lock);
	job_news(j);
	job_unref(j);
	return NULL;
}

/* The thread, with a signal stack of its own: when libgit2's recursion overflows this
 * thread's stack, the UI's fatal-signal handler can still run (and restore the
 * terminal) instead of the process dying with it raw. */
static void *
job_main(void *arg)
{
	size_t size = 64 * 1024;
	char *mem = xmalloc(size);
	stack_t ss;
	void *ret;

	memset(&ss, 0, sizeof ss);
	ss.ss_sp = mem;
	ss.ss_size = size;
	if (sigaltstack(&ss, NULL) != 0) {
		free(mem);
		mem = NULL;
	}
	ret = job_run(arg);
	if (mem != NULL) {
		memset(&ss, 0, sizeof ss);
		ss.ss_flags = SS_DISABLE;
		(void)sigaltstack(&ss, NULL);
		free(mem);
	}
	return ret;
}

static int
set_flags(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ? -1 : 0;
}

struct scanjob *
scanjob_start(const struct scanjob_opts *o, char **cause)
{
	struct scanjob *j = xcalloc(1, sizeof *j);
	pthread_attr_t attr;
	int err;

	if (pipe(j->pipe) != 0 || set_flags(j->pipe[0]) != 0 || set_flags(j->pipe[1]) != 0) {
		*cause = xprintf("cannot make a pipe: %s", strerror(errno));
		free(j);
		return NULL;
	}
	git_libgit2_init();
	j->o.url = xstrdup(o->url);
	j->o.name = o->name != NULL ? xstrdup(o->name) : NULL;
	j->o.version = o->version != NULL ? xstrdup(o->version) : NULL;
	j->o.cache_dir = xstrdup(o->cache_dir);
	j->o.max_bytes = o->max_bytes;
	j->o.timeout_ms = o->timeout_ms;
	j->o.no_fetch = o->no_fetch;
	j->deadline = o->timeout_ms > 0 ? now_ms() + (double)o->timeout_ms : 0;
	j->refs = 2;
	pthread_mutex_init(&j->lock, NULL);
	/* libgit2 recurses once per directory level in places we cannot replace (its
	 * local transport packs a file:// clone tree by tree): the default 8 MB overflowed
	 * on a 100,000-level tree, which a stack of 256 MB (touched only as deep as it
	 * goes) takes. Our own walk stops at SCAN_MAX_DEPTH. */
	pthread_attr_init(&attr);
	(void)pthread_attr_setstacksize(&attr, SCANJOB_STACK);
	err = pthread_create(&j->thread, &attr, job_main, j);
	pthread_attr_destroy(&attr);
	if (err != 0) {
		*cause = xprintf("cannot start a thread: %s", strerror(err));
		j->refs = 1;
		job_unref(j);
		return NULL;
	}
	/* Never joined: the owner may have to walk away from a stuck thread. */
	pthread_detach(j->thread);
	return j;
}

int
scanjob_fd(const struct scanjob *j)
{
	return j->pipe[0];
}

long
scanjob_timeout_ms(const struct scanjob *j)
{
	double left;

	if (j->deadline == 0)
		return -1;
	left = j->deadline + SCANJOB_GRACE_MS - now_ms();
	return left > 0 ? (long)left + 1 : 0;
}

bool
scanjob_poll(struct scanjob *j, struct scanjob_status *st)
{
	char buf[64];
	bool over;

	while (read(j->pipe[0], buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&j->lock);
	if (!j->over && j->deadline > 0 && now_ms() > j->deadline + SCANJOB_GRACE_MS) {
		/* Stuck where no callback comes (a server that accepted and went quiet). */
		char *clean = url_redact(j->o.url);

		j->cancelled = true;
		j->over = true;
		j->rc = -1;
		j->cause = xprintf("%s: no answer within %ld s", clean, j->o.timeout_ms / 1000);
		j->status.phase = SCANJOB_DONE;
		free(clean);
	}
	*st = j->status;
	over = j->over;
	pthread_mutex_unlock(&j->lock);
	return over;
}

int
scanjob_finish(struct scanjob *j, struct scan_result **r, char **cause)
{
	int rc;

	pthread_mutex_lock(&j->lock);
	rc = j->rc;
	*r = j->result;
	j->result = NULL;
	if (rc != 0) {
		*cause = j->cause != NULL ? j->cause : xstrdup("the scan failed");
		j->cause = NULL;
	}
	pthread_mutex_unlock(&j->lock);
	job_unref(j);
	return rc;
}

void
scanjob_cancel(struct scanjob *j)
{
	pthread_mutex_lock(&j->lock);
	j->cancelled = true;
	pthread_mutex_unlock(&j->lock);
	job_unref(j);
}

struct scanjob_watch {
	struct loop		*loop;
	unsigned		 id;
	struct scanjob		*job;
	enum scanjob_phase	 phase;
	struct gitclone_progress last;
	void			(*progress)(const struct scanjob_status *st, void *arg);
	void			(*done)(int rc, struct scan_result *r, char *cause, void *arg);
	void			*arg;
};

static unsigned
watch_fds(void *arg, struct curl_waitfd *fds, unsigned max)
{
	struct scanjob_watch *w = arg;

	if (max == 0)
		return 0;
	fds[0].fd = scanjob_fd(w->job);
	fds[0].events = CURL_WAIT_POLLIN;
	fds[0].revents = 0;
	return 1;
}

static long
watch_timeout(void *arg)
{
	return scanjob_timeout_ms(((struct scanjob_watch *)arg)->job);
}

static bool
watch_run(void *arg, const struct curl_waitfd *fds, unsigned n)
{
	struct scanjob_watch *w = arg;
	struct scanjob_status st;
	struct scan_result *r = NULL;
	char *cause = NULL;
	int rc;

	(void)fds;
	(void)n;
	if (!scanjob_poll(w->job, &st)) {
		if (st.phase == w->phase &&
		    memcmp(&st.progress, &w->last, sizeof st.progress) == 0)
			return false;
		w->phase = st.phase;
		w->last = st.progress;
		if (w->progress != NULL)
			w->progress(&st, w->arg);
		return true;
	}
	loop_remove(w->loop, w->id);
	rc = scanjob_finish(w->job, &r, &cause);
	w->done(rc, r, cause, w->arg);
	free(w);
	return true;
}

struct scanjob_watch *
scanjob_watch(struct loop *l, struct scanjob *j,
    void (*progress)(const struct scanjob_status *st, void *arg),
    void (*done)(int rc, struct scan_result *r, char *cause, void *arg), void *arg)
{
	struct scanjob_watch *w = xcalloc(1, sizeof *w);
	struct loop_source src = { watch_fds, watch_timeout, watch_run, w };

	w->loop = l;
	w->job = j;
	w->progress = progress;
	w->done = done;
	w->arg = arg;
	w->phase = SCANJOB_CONNECTING;
	w->id = loop_add(l, &src);
	return w;
}

void *
scanjob_unwatch(struct scanjob_watch *w)
{
	void *arg;

	if (w == NULL)
		return NULL;
	arg = w->arg;
	loop_remove(w->loop, w->id);
	scanjob_cancel(w->job);
	free(w);
	return arg;
}

char *
scanjob_status_text(const struct scanjob_status *st)
{
	const struct gitclone_progress *p = &st->progress;

	switch (st->phase) {
	case SCANJOB_CONNECTING:
		return xstrdup("connecting");
	case SCANJOB_RECEIVING:
		if (p->total_objects == 0)
			return xstrdup("waiting for the server");
		return xprintf("receiving objects %u/%u, %.1f MB", p->received_objects,
		    p->total_objects, (double)p->received_bytes / (1024.0 * 1024.0));
	case SCANJOB_SCANNING:
		return xstrdup("scanning");
	case SCANJOB_DONE:
		break;
	}
	return xstrdup("done");
}

int
scanjob_run(const struct scanjob_opts *o, FILE *progress, struct scan_result **r,
    char **cause)
{
	struct scanjob *j = scanjob_start(o, cause);
	struct scanjob_status st;
	char *redacted = url_redact(o->url), *clean = sanitize_text(redacted);

	free(redacted);
	if (j == NULL) {
		free(clean);
		return -1;
	}
	while (!scanjob_poll(j, &st)) {
		struct pollfd pfd = { scanjob_fd(j), POLLIN, 0 };
		long wait = scanjob_timeout_ms(j);

		if (progress != NULL) {
			char *text = scanjob_status_text(&st);

			fprintf(progress, "\r%s: %s\033[K", clean, text);
			fflush(progress);
			free(text);
		}
		(void)poll(&pfd, 1, wait < 0 || wait > 1000 ? 1000 : (int)wait);
	}
	if (progress != NULL) {
		fputs("\r\033[K", progress);
		fflush(progress);
	}
	free(clean);
	return scanjob_finish(j, r, cause);
}
