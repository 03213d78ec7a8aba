/* gilrun.c: a test run's child processes on the event loop: spawned with an argv vector
 * in a process group of their own, pipes read without blocking as the loop finds them
 * ready, reaped without blocking, the group killed on timeout or cancel. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gilrun.h"
#include "subproc.h"
#include "strbuf.h"
#include "util.h"

extern char **environ;

#define GILRUN_TAIL	(64u * 1024)
/* How much of stderr is kept for the warning's search across reads: the warning and a
 * module name fit in it. */
#define GILRUN_SCAN	1024u
/* How often a child whose pipes closed is looked for with waitpid. */
#define GILRUN_REAP_MS	5
#define GILRUN_POLL_MS	250

/* The last cap bytes written to it. */
struct tail {
	char			*buf;
	size_t			 cap, len, start;	/* start: oldest byte when full */
	unsigned long long	 total;
};

static void
tail_init(struct tail *t, size_t cap)
{
	memset(t, 0, sizeof *t);
	t->cap = cap > 0 ? cap : 1;
	t->buf = xmalloc(t->cap);
}

static void
tail_add(struct tail *t, const char *p, size_t n)
{
	t->total += n;
	if (n >= t->cap) {
		memcpy(t->buf, p + n - t->cap, t->cap);
		t->len = t->cap;
		t->start = 0;
		return;
	}
	while (n > 0) {
		size_t at = (t->start + t->len) % t->cap, room, k;

		if (t->len < t->cap) {
			room = t->cap - at;
			if (room > t->cap - t->len)
				room = t->cap - t->len;
			k = n < room ? n : room;
			memcpy(t->buf + at, p, k);
			t->len += k;
		} else {
			/* Full: overwrite the oldest bytes. */
			room = t->cap - t->start;
			k = n < room ? n : room;
			memcpy(t->buf + t->start, p, k);
			t->start = (t->start + k) % t->cap;
		}
		p += k;
		n -= k;
	}
}

/* The bytes in order, NUL-terminated; frees the buffer. */
static char *
tail_detach(struct tail *t, size_t *len)
{
	char *s = xmalloc(t->len + 1);
	size_t first = t->cap - t->start < t->len ? t->cap - t->start : t->len;

	memcpy(s, t->buf + t->start, first);
	memcpy(s + first, t->buf, t->len - first);
	s[t->len] = '\0';
	if (len != NULL)
		*len = t->len;
	free(t->buf);
	t->buf = NULL;
	return s;
}

struct gilrun {
	struct loop		*loop;
	unsigned		 id;
	pid_t			 pid;
	int			 fd[2];		/* stdout, stderr; -1 once closed */
	double			 started, deadline;
	bool			 reaped, killed, cancelled, timed_out;
	int			 wstatus;
	struct tail		 log, out, err;
	struct strbuf		 scan;		/* stderr's last bytes, for the warning */
	char			*gil_module;
	gilrun_done_fn		 done;
	void			*arg;
};

long
gilrun_pid(const struct gilrun *g)
{
	return (long)g->pid;
}

static void
kill_group(struct gilrun *g)
{
	if (g->pid > 0 && !g->killed) {
		/* The group first: what the child started dies with it. */
		kill(-g->pid, SIGKILL);
		if (!g->reaped)
			kill(g->pid, SIGKILL);
		g->killed = true;
	}
}

/* Looks for the GIL warning in what stderr said so far (a read may cut it anywhere). */
static void
scan_warning(struct gilrun *g, const char *p, size_t n)
{
	const char *hit, *name, *q;

	if (g->gil_module != NULL)
		return;
	strbuf_add(&g->scan, p, n);
	hit = strstr(strbuf_str(&g->scan), GILRUN_GIL_WARNING);
	if (hit != NULL) {
		name = hit + strlen(GILRUN_GIL_WARNING);
		if ((q = strchr(name, '\'')) != NULL) {
			g->gil_module = xstrndup(name, (size_t)(q - name));
			strbuf_release(&g->scan);
			return;
		}
		if (g->scan.len - (size_t)(hit - g->scan.buf) < GILRUN_SCAN)
			return;		/* the name's end has not come yet */
	}
	if (g->scan.len > GILRUN_SCAN) {
		size_t drop = g->scan.len - GILRUN_SCAN;

		memmove(g->scan.buf, g->scan.buf + drop, GILRUN_SCAN);
		g->scan.len = GILRUN_SCAN;
		g->scan.buf[g->scan.len] = '\0';
	}
}

/* Reads what is there; false at end of file (or an error: the same for us). */
static bool
drain(struct gilrun *g, int which)
{
	char buf[65536];

	for (int rounds = 0; rounds < 16; rounds++) {
		ssize_t n = read(g->fd[which], buf, sizeof buf);

		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
		if (n == 0)
			return false;
		tail_add(&g->log, buf, (size_t)n);
		tail_add(which == 0 ? &g->out : &g->err, buf, (size_t)n);
		if (which == 1)
			scan_warning(g, buf, (size_t)n);
	}
	return true;	/* more may be waiting: the next turn reads it */
}

static unsigned
gilrun_fds(void *arg, struct curl_waitfd *fds, unsigned max)
{
	struct gilrun *g = arg;
	unsigned n = 0;

	for (int i = 0; i < 2 && n < max; i++) {
		if (g->fd[i] == -1)
			continue;
		fds[n].fd = g->fd[i];
		fds[n].events = CURL_WAIT_POLLIN;
		fds[n].revents = 0;
		n++;
	}
	return n;
}

static long
gilrun_timeout(void *arg)
{
	struct gilrun *g = arg;
	double left;

	/* Its exit shows as the pipes closing; the reap itself is polled for. A child
	 * whose pipes stay open after it exited is looked for now and then. */
	if (g->killed || (g->fd[0] == -1 && g->fd[1] == -1))
		return GILRUN_REAP_MS;
	if (g->deadline <= 0)
		return GILRUN_POLL_MS;
	left = g->deadline - now_ms();
	if (left > GILRUN_POLL_MS)
		return GILRUN_POLL_MS;
	return left > 0 ? (long)left + 1 : 0;
}

static void
close_fds(struct gilrun *g)
{
	for (int i = 0; i < 2; i++) {
		if (g->fd[i] != -1) {
			close(g->fd[i]);
			g->fd[i] = -1;
		}
	}
}

static void
gilrun_free(struct gilrun *g)
{
	close_fds(g);
	free(g->log.buf);
	free(g->out.buf);
	free(g->err.buf);
	strbuf_release(&g->scan);
	free(g->gil_module);
	free(g);
}

static void
finish(struct gilrun *g)
{
	struct gilrun_result r;

	memset(&r, 0, sizeof r);
	r.seconds = (now_ms() - g->started) / 1000.0;
	r.status = -1;
	r.timed_out = g->timed_out;
	r.cancelled = g->cancelled;
	if (WIFSIGNALED(g->wstatus)) {
		/* Our own SIGKILL is reported as the timeout or the cancel, not a crash. */
		if (!g->timed_out && !g->cancelled)
			r.signal = WTERMSIG(g->wstatus);
	} else if (WIFEXITED(g->wstatus) && !g->timed_out && !g->cancelled)
		r.status = WEXITSTATUS(g->wstatus);
	r.total = g->log.total;
	r.log = tail_detach(&g->log, &r.loglen);
	r.out_tail = tail_detach(&g->out, NULL);
	r.err_tail = tail_detach(&g->err, NULL);
	r.gil_module = g->gil_module;
	g->gil_module = NULL;
	loop_remove(g->loop, g->id);
	g->done(&r, g->arg);
	free(r.log);
	free(r.out_tail);
	free(r.err_tail);
	free(r.gil_module);
	gilrun_free(g);
}

static bool
gilrun_run(void *arg, const struct curl_waitfd *fds, unsigned n)
{
	struct gilrun *g = arg;

	for (unsigned i = 0; i < n; i++) {
		int which = fds[i].fd == g->fd[0] ? 0 : 1;

		if (fds[i].revents == 0 || g->fd[which] == -1)
			continue;
		if (!drain(g, which)) {
			close(g->fd[which]);
			g->fd[which] = -1;
		}
	}
	if (g->deadline > 0 && !g->killed && now_ms() >= g->deadline) {
		g->timed_out = true;
		kill_group(g);
	}
	/* Killed: its output no longer matters, and what holds the pipes is dying. */
	if (g->killed)
		close_fds(g);
	if (!g->reaped && waitpid(g->pid, &g->wstatus, WNOHANG) == g->pid)
		g->reaped = true;
	if (!g->reaped)
		return false;
	/* What it wrote before it exited is in the pipes; what it left running in its
	 * group (which could hold them open for ever) goes with it: no test leaves a
	 * process behind. */
	for (int i = 0; i < 2; i++)
		if (g->fd[i] != -1)
			(void)drain(g, i);
	if (!g->killed)
		kill(-g->pid, SIGKILL);
	close_fds(g);
	finish(g);
	return true;
}

/* Is the variable whose name is name[0, len) pattern: that name, or one that starts
 * with what comes before a final '*' ("UV_INDEX_*")? */
static bool
env_name_matches(const char *pattern, const char *name, size_t len)
{
	size_t plen = strlen(pattern);

	if (plen > 0 && pattern[plen - 1] == '*')
		return len >= plen - 1 && strncmp(pattern, name, plen - 1) == 0;
	return plen == len && strncmp(pattern, name, len) == 0;
}

/* environ without the names set or unset, then the ones set. */
static char **
child_env(const struct gilrun_spec *s)
{
	size_t n = 0, k = 0, nset = 0;
	char **env;

	while (environ[n] != NULL)
		n++;
	if (s->set_env != NULL)
		while (s->set_env[nset] != NULL)
			nset++;
	env = xreallocarray(NULL, n + nset + 1, sizeof *env);
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(environ[i], '=');
		size_t len = eq != NULL ? (size_t)(eq - environ[i]) : strlen(environ[i]);
		bool drop = false;

		for (size_t j = 0; s->unset_env != NULL && s->unset_env[j] != NULL && !drop; j++)
			drop = env_name_matches(s->unset_env[j], environ[i], len);
		for (size_t j = 0; j < nset && !drop; j++)
			drop = strncmp(s->set_env[j], environ[i], len + 1) == 0;
		if (!drop)
			env[k++] = environ[i];
	}
	for (size_t j = 0; j < nset; j++)
		env[k++] = (char *)s->set_env[j];
	env[k] = NULL;
	return env;
}

struct gilrun *
gilrun_start(struct loop *l, const struct gilrun_spec *s, gilrun_done_fn done, void *arg,
    char **cause)
{
	struct loop_source src;
	struct gilrun *g;
	char **env = child_env(s);
	int outfd, errfd, rc;
	pid_t pid;

	rc = subproc_spawn(s->argv, env, &pid, &outfd, &errfd, cause);
	free(env);
	if (rc != 0) {
		char *why = *cause;

		*cause = xprintf("%s: %s", s->argv[0], why);
		free(why);
		return NULL;
	}
	g = xcalloc(1, sizeof *g);
	g->loop = l;
	g->pid = pid;
	g->fd[0] = outfd;
	g->fd[1] = errfd;
	g->started = now_ms();
	g->deadline = s->timeout_ms > 0 ? g->started + s->timeout_ms : 0;
	tail_init(&g->log, s->keep);
	tail_init(&g->out, GILRUN_TAIL);
	tail_init(&g->err, GILRUN_TAIL);
	strbuf_init(&g->scan);
	g->done = done;
	g->arg = arg;
	memset(&src, 0, sizeof src);
	src.fds = gilrun_fds;
	src.timeout_ms = gilrun_timeout;
	src.run = gilrun_run;
	src.arg = g;
	g->id = loop_add(l, &src);
	return g;
}

void
gilrun_cancel(struct gilrun *g)
{
	g->cancelled = true;
	kill_group(g);
}

void
gilrun_abandon(struct gilrun *g)
{
	kill_group(g);
	close_fds(g);
	if (!g->reaped)
		while (waitpid(g->pid, NULL, 0) == -1 && errno == EINTR)
			;
	loop_remove(g->loop, g->id);
	gilrun_free(g);
}

const char *
gilrun_signal_name(int sig)
{
	static const struct { int sig; const char *name; } names[] = {
		{ SIGSEGV, "SIGSEGV" }, { SIGABRT, "SIGABRT" }, { SIGBUS, "SIGBUS" },
		{ SIGILL, "SIGILL" }, { SIGFPE, "SIGFPE" }, { SIGKILL, "SIGKILL" },
		{ SIGTERM, "SIGTERM" }, { SIGINT, "SIGINT" }, { SIGHUP, "SIGHUP" },
		{ SIGQUIT, "SIGQUIT" }, { SIGPIPE, "SIGPIPE" }, { SIGTRAP, "SIGTRAP" },
		{ SIGSYS, "SIGSYS" }, { SIGXCPU, "SIGXCPU" }, { SIGXFSZ, "SIGXFSZ" },
		{ SIGALRM, "SIGALRM" }, { SIGUSR1, "SIGUSR1" }, { SIGUSR2, "SIGUSR2" },
	};
	static char other[32];

	for (size_t i = 0; i < nitems(names); i++)
		if (names[i].sig == sig)
			return names[i].name;
	snprintf(other, sizeof other, "signal %d", sig);
	return other;
}
