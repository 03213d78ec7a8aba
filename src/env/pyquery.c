/* pyquery.c: one run of the environment's interpreter with a short program that prints
 * everything ftport needs to know about it as JSON; a child that hangs is killed. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "pyquery.h"
#include "subproc.h"
#include "strbuf.h"
#include "util.h"

extern char **environ;

#define PYQUERY_MAX_OUT		(16u * 1024 * 1024)
#define PYQUERY_MAX_ERR		(64u * 1024)

const char *const pyquery_marker_names[MV_COUNT] = {
	"os_name", "sys_platform", "platform_machine", "platform_python_implementation",
	"platform_release", "platform_system", "platform_version", "python_version",
	"python_full_version", "implementation_name", "implementation_version",
};

/*
 * The marker values are exactly those of packaging.markers.default_environment
 * (format_full_version included). The interpreter's start-up dominates ftport's run, so
 * the program imports only sys, os and sysconfig: on CPython on a POSIX system the
 * platform module's answers are os.uname()'s fields (with "unknown" as "") and the
 * first word of sys.version (with ".0" added to an "X.Y"), which is what platform
 * computes there; anywhere else (PyPy, GraalPy, Python 2.7, Android, iOS) platform
 * itself is asked. Python 2.7 has no sys.implementation: packaging then used "" and
 * "0". JSON is written by hand (the json module costs as much as the rest together);
 * lone surrogates from undecodable file names become U+FFFD.
 *
 * The interpreter runs with its normal start-up (no -I, -E, -s or -S): site-packages,
 * user site-packages, .pth files and PYTHONPATH shape sys.path exactly as they do for
 * "python -c 'import importlib.metadata ...'" in the same shell, which is what ftport
 * must agree with. sys.path[0] is then "" (the current directory), as for any -c run.
 */
static const char pyquery_program[] =
"import sys,os,sysconfig\n"
"i=getattr(sys,'implementation',None)\n"
"n=i.name if i else ''\n"
"def f(v):\n"
" s='%d.%d.%d'%(v[0],v[1],v[2])\n"
" if v[3]!='final':s+=v[3][0]+str(v[4])\n"
" return s\n"
"u=getattr(os,'uname',None)\n"
"if n=='cpython' and u and sys.platform not in('android','ios','emscripten','wasi'):\n"
" b=lambda x:'' if x=='unknown' else x\n"
" y,_,r,w,c=u()\n"
" v=sys.version.split()[0]\n"
" if v.count('.')==1:v+='.0'\n"
" m=[b(c),'CPython',b(r),b(y),b(w),v]\n"
"else:\n"
" import platform as p\n"
" m=[p.machine(),p.python_implementation(),p.release(),p.system(),p.version(),"
"p.python_version()]\n"
"try:l=os.confstr('CS_GNU_LIBC_VERSION') or ''\n"
"except Exception:l=''\n"
"def q(x):\n"
" if x is None:return 'null'\n"
" if x is True or x is False:return str(x).lower()\n"
" if isinstance(x,int):return str(x)\n"
" if isinstance(x,list):return '['+','.join(map(q,x))+']'\n"
" if isinstance(x,dict):return '{'+','.join(q(k)+':'+q(x[k]) for k in x)+'}'\n"
" o=[]\n"
" for ch in x:\n"
"  k=ord(ch)\n"
"  if 32<=k<127 and ch not in '\"\\\\':o.append(ch)\n"
"  elif k>0xffff:k-=0x10000;o.append('\\\\u%04x\\\\u%04x'%(0xd800+(k>>10),0xdc00+(k&0x3ff)))\n"
"  elif 0xd800<=k<0xe000:o.append('\\\\ufffd')\n"
"  else:o.append('\\\\u%04x'%k)\n"
" return '\"'+''.join(o)+'\"'\n"
"k={'os_name':os.name,'sys_platform':sys.platform,'platform_machine':m[0],"
"'platform_python_implementation':m[1],'platform_release':m[2],"
"'platform_system':m[3],'platform_version':m[4],"
"'python_version':'.'.join(m[5].split('.')[:2]),'python_full_version':m[5],"
"'implementation_name':n,'implementation_version':f(i.version) if i else '0'}\n"
"sys.stdout.write(q({'ftport':1,'path':list(sys.path),'prefix':sys.prefix,"
"'base_prefix':getattr(sys,'base_prefix',sys.prefix),'executable':sys.executable or '',"
"'version':m[5],'implementation':n or m[1].lower(),"
"'gil_disabled':bool(sysconfig.get_config_var('Py_GIL_DISABLED')),"
"'platform':sysconfig.get_platform(),'libc':l,'markers':k}))\n";

void
pyquery_free(struct pyquery *q)
{
	if (q == NULL)
		return;
	free(q->executable);
	free(q->prefix);
	free(q->base_prefix);
	free(q->version);
	free(q->implementation);
	free(q->platform);
	free(q->libc);
	free(q->libc_version);
	strlist_clear(&q->path);
	for (size_t i = 0; i < MV_COUNT; i++)
		free(q->markers[i]);
	free(q);
}

void
pyquery_child_free(struct pyquery_child *c)
{
	free(c->out);
	free(c->err);
	c->out = c->err = NULL;
}

static int
get_string(json_t *obj, const char *key, char **out, char **cause)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v)) {
		*cause = xprintf("its answer has no \"%s\" string", key);
		return -1;
	}
	*out = xstrdup(json_string_value(v));
	return 0;
}

int
pyquery_parse(const char *text, size_t len, struct pyquery **out, char **cause)
{
	json_error_t err;
	json_t *root, *path, *markers, *v;
	struct pyquery *q;
	size_t i;

	root = json_loadb(text, len, 0, &err);
	if (root == NULL || !json_is_object(root) ||
	    !json_is_integer(json_object_get(root, "ftport"))) {
		*cause = xprintf("did not answer like a Python interpreter (%s)",
		    root == NULL ? err.text : "unexpected JSON");
		json_decref(root);
		return -1;
	}
	q = xcalloc(1, sizeof *q);
	if (get_string(root, "executable", &q->executable, cause) != 0 ||
	    get_string(root, "prefix", &q->prefix, cause) != 0 ||
	    get_string(root, "base_prefix", &q->base_prefix, cause) != 0 ||
	    get_string(root, "version", &q->version, cause) != 0 ||
	    get_string(root, "implementation", &q->implementation, cause) != 0 ||
	    get_string(root, "platform", &q->platform, cause) != 0)
		goto fail;
	q->gil_disabled = json_is_true(json_object_get(root, "gil_disabled"));
	/* "glibc 2.36" (confstr), "musl 1.2.5" (a cached answer), absent or "" (unknown). */
	v = json_object_get(root, "libc");
	if (json_is_string(v)) {
		const char *l = json_string_value(v), *sp = strchr(l, ' ');

		if (sp != NULL && sp != l && sp[1] != '\0') {
			q->libc = xstrndup(l, (size_t)(sp - l));
			q->libc_version = xstrdup(sp + 1);
		}
	}
	path = json_object_get(root, "path");
	if (!json_is_array(path)) {
		*cause = xstrdup("its answer has no sys.path list");
		goto fail;
	}
	json_array_foreach(path, i, v) {
		if (json_is_string(v))
			strlist_push(&q->path, json_string_value(v));
	}
	markers = json_object_get(root, "markers");
	if (!json_is_object(markers)) {
		*cause = xstrdup("its answer has no marker values");
		goto fail;
	}
	for (i = 0; i < MV_COUNT; i++)
		if (get_string(markers, pyquery_marker_names[i], &q->markers[i], cause) != 0)
			goto fail;
	json_decref(root);
	*out = q;
	return 0;
fail:
	json_decref(root);
	pyquery_free(q);
	return -1;
}

char *
pyquery_dump(const struct pyquery *q)
{
	json_t *root = json_object(), *path = json_array(), *markers = json_object();
	char *text, *out;

	json_object_set_new(root, "ftport", json_integer(1));
	for (size_t i = 0; i < q->path.n; i++)
		json_array_append_new(path, json_string(q->path.v[i]));
	json_object_set_new(root, "path", path);
	json_object_set_new(root, "prefix", json_string(q->prefix));
	json_object_set_new(root, "base_prefix", json_string(q->base_prefix));
	json_object_set_new(root, "executable", json_string(q->executable));
	json_object_set_new(root, "version", json_string(q->version));
	json_object_set_new(root, "implementation", json_string(q->implementation));
	json_object_set_new(root, "gil_disabled", json_boolean(q->gil_disabled));
	json_object_set_new(root, "platform", json_string(q->platform));
	if (q->libc != NULL) {
		char *l = xprintf("%s %s", q->libc, q->libc_version);

		json_object_set_new(root, "libc", json_string(l));
		free(l);
	}
	for (size_t i = 0; i < MV_COUNT; i++)
		json_object_set_new(markers, pyquery_marker_names[i], json_string(q->markers[i]));
	json_object_set_new(root, "markers", markers);
	text = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	if (text == NULL)
		fatal("pyquery_dump: out of memory");
	out = xstrdup(text);
	free(text);
	return out;
}

static void
sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Reads what is available from fd into sb (up to max; the rest is drained). Returns
 * false at end of file. */
static bool
drain(int fd, struct strbuf *sb, size_t max)
{
	char tmp[65536];

	for (;;) {
		ssize_t n = read(fd, tmp, sizeof tmp);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN || errno == EWOULDBLOCK;
		}
		if (n == 0)
			return false;
		if (sb->len < max)
			strbuf_add(sb, tmp, (size_t)n < max - sb->len ? (size_t)n : max - sb->len);
	}
}

/* A started child: its pid and the read ends of its stdout and stderr. */
struct pyquery_job {
	pid_t	 pid;
	int	 outfd;
	int	 errfd;
	double	 started;
	int	 timeout_ms;
	size_t	 max_out;
	char	*python;	/* the interpreter's path (pyquery_start), else NULL */
};

static int
spawn_start(char *const argv[], int timeout_ms, size_t max_out, struct pyquery_job **jobp,
    char **cause)
{
	struct pyquery_job *job;
	int outfd, errfd;
	pid_t pid;

	if (subproc_spawn(argv, NULL, &pid, &outfd, &errfd, cause) != 0)
		return -1;
	job = xcalloc(1, sizeof *job);
	job->pid = pid;
	job->outfd = outfd;
	job->errfd = errfd;
	job->started = now_ms();
	job->timeout_ms = timeout_ms;
	job->max_out = max_out;
	*jobp = job;
	return 0;
}

/* Collects the child's output until it exits or its time is up (then it is killed with
 * its process group), and frees the job. */
static void
spawn_wait(struct pyquery_job *job, struct pyquery_child *c)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	double deadline = job->started + job->timeout_ms;
	bool out_open = true, err_open = true, reaped = false;
	int rc, wstatus = 0;
	long pause = 50;

	memset(c, 0, sizeof *c);
	while (out_open || err_open) {
		struct pollfd pfd[2];
		nfds_t n = 0;
		double left = deadline - now_ms();

		if (left <= 0) {
			c->timed_out = true;
			break;
		}
		if (out_open)
			pfd[n++] = (struct pollfd){ job->outfd, POLLIN, 0 };
		if (err_open)
			pfd[n++] = (struct pollfd){ job->errfd, POLLIN, 0 };
		rc = poll(pfd, n, (int)left + 1);
		if (rc == -1 && errno != EINTR) {
			c->timed_out = true;	/* cannot wait properly: treat as hung */
			break;
		}
		if (out_open && !drain(job->outfd, &out, job->max_out))
			out_open = false;
		if (err_open && !drain(job->errfd, &err, PYQUERY_MAX_ERR))
			err_open = false;
	}
	/* The pipes are closed; the child may still linger (or have handed the pipes to
	 * nothing and kept running): wait for it until the deadline, polling. It is
	 * usually a few microseconds from exiting (its pipes closed as it exited), so the
	 * first pauses are short: every run of ftport waits here once. */
	while (!c->timed_out) {
		pid_t w = waitpid(job->pid, &wstatus, WNOHANG);

		if (w == job->pid || (w == -1 && errno != EINTR)) {
			reaped = w == job->pid;
			break;
		}
		if (now_ms() >= deadline) {
			c->timed_out = true;
			break;
		}
		sleep_us(pause);
		if (pause < 20000)
			pause *= 2;
	}
	if (c->timed_out) {
		kill(-job->pid, SIGKILL);
		kill(job->pid, SIGKILL);
	}
	if (!reaped) {
		while (waitpid(job->pid, &wstatus, 0) == -1 && errno == EINTR)
			;
	}
	close(job->outfd);
	close(job->errfd);
	free(job->python);
	if (WIFEXITED(wstatus))
		c->status = WEXITSTATUS(wstatus);
	else if (WIFSIGNALED(wstatus))
		c->status = 128 + WTERMSIG(wstatus);
	c->out = strbuf_detach(&out, &c->outlen);
	c->err = strbuf_detach(&err, NULL);
	free(job);
}

int
pyquery_spawn(char *const argv[], int timeout_ms, size_t max_out, struct pyquery_child *c,
    char **cause)
{
	struct pyquery_job *job;

	memset(c, 0, sizeof *c);
	if (spawn_start(argv, timeout_ms, max_out, &job, cause) != 0)
		return -1;
	spawn_wait(job, c);
	return 0;
}

/* The last non-empty line of a child's stderr, without control characters, short. */
static char *
last_line_max(const char *text, size_t max)
{
	const char *end = text + strlen(text), *s;
	struct strbuf sb = STRBUF_INIT;

	while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	for (s = end; s > text && s[-1] != '\n' && s[-1] != '\r'; s--)
		;
	for (; s < end && sb.len < max; s++)
		if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			strbuf_addch(&sb, *s);
	return strbuf_detach(&sb, NULL);
}

static char *
last_line(const char *text)
{
	return last_line_max(text, 200);
}

int
pyquery_start(const char *python, int timeout_ms, struct pyquery_job **job, char **cause)
{
	char *argv[] = { (char *)python, (char *)"-c", (char *)pyquery_program, NULL };

	if (spawn_start(argv, timeout_ms, PYQUERY_MAX_OUT, job, cause) != 0)
		return -1;
	(*job)->python = xstrdup(python);
	return 0;
}

/* --- the C library ------------------------------------------------------------------ */

static uint64_t
elf_get(const unsigned char *p, int size, bool le)
{
	uint64_t v = 0;

	for (int i = 0; i < size; i++)
		v |= (uint64_t)p[le ? i : size - 1 - i] << (8 * i);
	return v;
}

int
pyquery_elf_interp(const char *path, char *buf, size_t len)
{
	unsigned char eh[64], ph[56];
	uint64_t phoff, off, sz;
	unsigned phentsize, phnum;
	bool le, is64;
	int fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (pread(fd, eh, sizeof eh, 0) != (ssize_t)sizeof eh ||
	    memcmp(eh, "\177ELF", 4) != 0 || (eh[4] != 1 && eh[4] != 2) ||
	    (eh[5] != 1 && eh[5] != 2))
		goto out;
	is64 = eh[4] == 2;
	le = eh[5] == 1;
	phoff = is64 ? elf_get(eh + 0x20, 8, le) : elf_get(eh + 0x1c, 4, le);
	phentsize = (unsigned)elf_get(eh + (is64 ? 0x36 : 0x2a), 2, le);
	phnum = (unsigned)elf_get(eh + (is64 ? 0x38 : 0x2c), 2, le);
	if (phentsize < (is64 ? 56u : 32u) || phentsize > sizeof ph || phnum > 4096)
		goto out;
	for (unsigned i = 0; i < phnum; i++) {
		if (pread(fd, ph, phentsize, (off_t)(phoff + (uint64_t)i * phentsize)) !=
		    (ssize_t)phentsize)
			goto out;
		if (elf_get(ph, 4, le) != 3)	/* PT_INTERP */
			continue;
		off = is64 ? elf_get(ph + 8, 8, le) : elf_get(ph + 4, 4, le);
		sz = is64 ? elf_get(ph + 0x20, 8, le) : elf_get(ph + 0x10, 4, le);
		if (sz == 0 || sz > len || off > (uint64_t)INT64_MAX ||
		    pread(fd, buf, (size_t)sz, (off_t)off) != (ssize_t)sz)
			goto out;
		buf[sz - 1] = '\0';	/* the section's own NUL */
		rc = strlen(buf) > 0 ? 0 : -1;
		break;
	}
out:
	close(fd);
	return rc;
}

/* musl's dynamic loader run by its name alone prints "musl libc (x86_64)" and
 * "Version 1.2.5" on stderr (and exits 1): packaging.tags reads the version so. */
static char *
musl_version(const char *loader)
{
	char *argv[] = { (char *)loader, NULL };
	struct pyquery_child c;
	char *cause = NULL, *ver = NULL;
	const char *l;

	if (pyquery_spawn(argv, 2000, 4096, &c, &cause) != 0) {
		free(cause);
		return NULL;
	}
	if (!c.timed_out && str_starts_with(c.err, "musl") &&
	    (l = strstr(c.err, "\nVersion ")) != NULL) {
		l += strlen("\nVersion ");
		size_t n = strspn(l, "0123456789.");

		if (n > 0 && isdigit((unsigned char)l[0]) && memchr(l, '.', n) != NULL)
			ver = xstrndup(l, n);
	}
	pyquery_child_free(&c);
	return ver;
}

/* glibc said nothing (confstr): is the interpreter linked against musl? Its ELF program
 * interpreter is then ld-musl-ARCH.so.1. */
static void
detect_musl(struct pyquery *q, const char *python)
{
	const char *exe = *q->executable != '\0' ? q->executable : python, *base;
	char interp[PATH_MAX];

	if (exe == NULL || pyquery_elf_interp(exe, interp, sizeof interp) != 0)
		return;
	base = strrchr(interp, '/');
	base = base != NULL ? base + 1 : interp;
	if (!str_starts_with(base, "ld-musl-"))
		return;
	q->libc = xstrdup("musl");
	q->libc_version = musl_version(interp);
	if (q->libc_version == NULL)
		q->libc_version = xstrdup("");
}

int
pyquery_finish(struct pyquery_job *job, struct pyquery **out, char **cause)
{
	struct pyquery_child c;
	char *why = NULL, *line, *python = job->python;
	int rc, timeout_ms = job->timeout_ms;

	job->python = NULL;
	spawn_wait(job, &c);
	if (c.timed_out) {
		free(python);
		*cause = xprintf("did not answer within %d s and was stopped",
		    (timeout_ms + 999) / 1000);
		pyquery_child_free(&c);
		return -1;
	}
	if (c.status != 0) {
		line = last_line(c.err);
		if (c.status > 128)
			*cause = xprintf("was killed by signal %d%s%s", c.status - 128,
			    *line != '\0' ? ": " : "", line);
		else
			*cause = xprintf("exited with status %d%s%s", c.status,
			    *line != '\0' ? ": " : "", line);
		free(line);
		free(python);
		pyquery_child_free(&c);
		return -1;
	}
	rc = pyquery_parse(c.out, c.outlen, out, &why);
	if (rc == 0 && (*out)->libc == NULL)
		detect_musl(*out, python);
	free(python);
	if (rc != 0) {
		char *msg;

		line = last_line(c.out);
		msg = xprintf("%s%s%.60s%s", why, *line != '\0' ? "; it printed: " : "", line,
		    strlen(line) > 60 ? "..." : "");
		/* jansson quotes the offending bytes: they may be escape sequences. */
		*cause = last_line_max(msg, 1000);
		free(msg);
		free(line);
		free(why);
	}
	pyquery_child_free(&c);
	return rc;
}

int
pyquery_run(const char *python, int timeout_ms, struct pyquery **out, char **cause)
{
	struct pyquery_job *job;

	if (pyquery_start(python, timeout_ms, &job, cause) != 0)
		return -1;
	return pyquery_finish(job, out, cause);
}

char *
pyquery_which(const char *name)
{
	const char *path = getenv("PATH"), *p, *e;

	if (strchr(name, '/') != NULL)
		return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p = e + 1) {
		struct stat st;
		char *cand;

		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		/* An empty PATH element means the current directory. */
		if (e == p)
			cand = xprintf("./%s", name);
		else
			cand = xprintf("%.*s/%s", (int)(e - p), p, name);
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
			return cand;
		free(cand);
		if (*e == '\0')
			break;
	}
	return NULL;
}
