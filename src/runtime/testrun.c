/* testrun.c: the packages of a test run move through waiting (for the venv, for pip),
 * installing, then one child per step (each module imported twice, then the command);
 * every child is a gilrun on the loop, so nothing here ever waits. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gilrun.h"
#include "index.h"
#include "pyquery.h"
#include "fstree.h"
#include "scratch.h"
#include "strbuf.h"
#include "state.h"
#include "testrun.h"
#include "url.h"
#include "util.h"
#include "words.h"

#define TESTRUN_PIP_TIMEOUT_MS	(900 * 1000)
#define TESTRUN_VENV_TIMEOUT_MS	(300 * 1000)
/* The lines of a traceback kept in an import-failed result. */
#define TESTRUN_TRACE_LINES	4

/* Imports one module, then says whether the GIL is on (3.13+; "unknown" before). The
 * current directory is dropped from sys.path so that a file there cannot stand in
 * for the package. */
static const char import_program[] =
"import sys\n"
"if sys.path and sys.path[0] in ('', '.'): del sys.path[0]\n"
"import importlib\n"
"importlib.import_module(sys.argv[1])\n"
"g = getattr(sys, '_is_gil_enabled', None)\n"
"sys.stdout.flush()\n"
"sys.stdout.write('\\nftport-gil-state: %s\\n' % ('unknown' if g is None else "
"('on' if g() else 'off')))\n";
#define GIL_STATE_MARK "\nftport-gil-state: "

enum venv_state { VENV_NONE, VENV_CREATING, VENV_READY, VENV_FAILED };

struct testrun_item {
	struct testrun_pkg	 pub;
	struct testrun		*t;
	struct gilrun		*child;		/* the running step, NULL between steps */
	bool			 solo;		/* failed in a batch: installed alone */
	struct strlist		 modules;
	size_t			 step, nsteps;
	char			*gil_module;
	struct dist		*dist;		/* as installed (venv) or found (in place) */
	char			*command_text;	/* its own command, NULL: the run's */
	struct strlist		 command;	/* ... split into words */
	struct strbuf		 log;
	char			*pip_reason;	/* pip found nothing: its reason, while the
						   index is asked why */
	double			 pip_seconds;
};

struct testrun {
	struct loop		*loop;
	struct testrun_config	 c;		/* strings copied */
	struct strlist		 command;	/* the command split into words */
	struct testrun_item	**items;
	size_t			 nitems, alloc;
	int			 running;	/* import and command children */
	testrun_changed_fn	 changed;
	void			*changed_arg;

	char			*venv, *venv_tmp, *venv_python, *site;
	enum venv_state		 vstate;
	char			*venv_error;
	struct gilrun		*venv_child;
	struct gilrun		*pip;
	struct testrun_item	**batch;
	size_t			 nbatch;
	struct index_client	*ic;		/* made when pip first finds nothing */
};

static void schedule(struct testrun *t);
static const struct strlist *item_command(const struct testrun_item *it);
static const char *item_command_text(const struct testrun_item *it);

/* What the code under test (nobody vetted it) and the tools around it are not given:
 * the forge tokens, and the index settings, which can carry a password (pip's, and
 * uv's: UV_INDEX, UV_INDEX_URL, UV_INDEX_<NAME>_PASSWORD, UV_DEFAULT_INDEX...). */
#define FORGE_TOKEN_ENV	"GITHUB_TOKEN", "GH_TOKEN", "GITLAB_TOKEN"
#define SECRET_ENV	FORGE_TOKEN_ENV, "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", \
			"PIP_FIND_LINKS", "UV_INDEX*", "UV_DEFAULT_INDEX", "UV_EXTRA_INDEX_URL"

static void
changed(struct testrun_item *it)
{
	if (it->t->changed != NULL)
		it->t->changed(&it->pub, it->t->changed_arg);
}

static void
set_activity(struct testrun_item *it, const char *fmt, ...) PRINTFLIKE(2, 3);

static void
set_activity(struct testrun_item *it, const char *fmt, ...)
{
	va_list ap;

	free(it->pub.activity);
	va_start(ap, fmt);
	it->pub.activity = xvprintf(fmt, ap);
	va_end(ap);
	changed(it);
}

static bool
live(const struct testrun_item *it)
{
	return it->pub.state != TR_DONE && it->pub.state != TR_CANCELLED;
}

/* The last n non-empty lines of text. */
static char *
last_lines(const char *text, int n)
{
	const char *end = text + strlen(text), *p = end;
	int seen = 0;

	while (p > text) {
		const char *line_end = p;

		while (p > text && p[-1] != '\n')
			p--;
		if (line_end > p && !(line_end - p == 1 && *p == '\r'))
			seen++;
		if (seen >= n || p == text)
			break;
		p--;
	}
	while (*p == '\n')
		p++;
	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	return xstrndup(p, (size_t)(end - p));
}

/* pip's reason: its last "ERROR: " line ("No matching distribution found for x==1"). */
static char *
pip_reason(const char *err, int status)
{
	const char *p, *best = NULL;

	for (p = err; (p = strstr(p, "ERROR: ")) != NULL; p += 7)
		if (p == err || p[-1] == '\n')
			best = p;
	if (best != NULL) {
		const char *e = strchr(best, '\n');

		best += 7;
		return xstrndup(best, e != NULL ? (size_t)(e - best) : strlen(best));
	}
	if (*err != '\0')
		return last_lines(err, 1);
	return xprintf("pip exited with status %d", status);
}

/* Adds to the log without the credentials of any URL in it: the log is kept, its tail
 * goes into the team's state, the export and the draft. */
static void
log_add_redacted(struct testrun_item *it, const char *text, size_t len)
{
	size_t n;
	char *clean = url_redact_text(text, len, &n);

	strbuf_add(&it->log, clean, n);
	free(clean);
}

static void
log_step(struct testrun_item *it, char *const argv[], const char *env_note)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "$");
	if (env_note != NULL)
		strbuf_addf(&sb, " %s", env_note);
	for (size_t i = 0; argv[i] != NULL; i++)
		strbuf_addf(&sb, " %s", argv[i]);
	strbuf_addch(&sb, '\n');
	log_add_redacted(it, sb.buf, sb.len);
	strbuf_release(&sb);
}

static void
log_output(struct testrun_item *it, const struct gilrun_result *r)
{
	if (r->total > r->loglen)
		strbuf_addf(&it->log, "[... %llu bytes of output before these]\n",
		    r->total - (unsigned long long)r->loglen);
	log_add_redacted(it, r->log, r->loglen);
	if (r->loglen > 0 && r->log[r->loglen - 1] != '\n')
		strbuf_addch(&it->log, '\n');
	if (r->cancelled)
		strbuf_addstr(&it->log, "[cancelled]\n");
	else if (r->timed_out)
		strbuf_addf(&it->log, "[timed out after %.1f s: killed with its process group]\n",
		    r->seconds);
	else if (r->signal != 0)
		strbuf_addf(&it->log, "[killed by %s after %.1f s]\n",
		    gilrun_signal_name(r->signal), r->seconds);
	else
		strbuf_addf(&it->log, "[exit status %d after %.1f s]\n", r->status, r->seconds);
	/* Only the end is kept: trim once it is well past the cap. */
	if (it->log.len > 2 * TESTRUN_LOG_MAX) {
		size_t drop = it->log.len - TESTRUN_LOG_MAX;

		memmove(it->log.buf, it->log.buf + drop, TESTRUN_LOG_MAX);
		it->log.len = TESTRUN_LOG_MAX;
		it->log.buf[it->log.len] = '\0';
	}
}

/* Writes the log (its last 1 MB) beside the result; its path, or NULL. */
static char *
write_log(struct testrun_item *it, const struct test_result *r)
{
	char *dir, *path, *cause = NULL;
	const char *data = it->log.buf != NULL ? it->log.buf : "";
	size_t len = it->log.len;

	if ((dir = testresult_dir(it->t->c.cache_dir, &cause)) == NULL ||
	    mkdir_p(dir, &cause) != 0) {
		log_warn("the test log of %s was not kept: %s", it->pub.name, cause);
		free(cause);
		free(dir);
		return NULL;
	}
	free(dir);
	/* Beside its result, one per version and ABI; a name that could leave the
	 * directory gets no log (nor a stored result). */
	if ((path = testresult_path(it->t->c.cache_dir, r, "log", &cause)) == NULL) {
		free(cause);
		return NULL;
	}
	if (len > TESTRUN_LOG_MAX) {
		data += len - TESTRUN_LOG_MAX;
		len = TESTRUN_LOG_MAX;
	}
	if (write_file_atomic(path, data, len, &cause) != 0) {
		log_warn("the test log of %s was not kept: %s", it->pub.name, cause);
		free(cause);
		free(path);
		return NULL;
	}
	return path;
}

/* The package's result is decided: fill it in, store it, say so. store: false for a
 * failure of ftport's own set-up (the venv), which says nothing about the package. */
static void
finish(struct testrun_item *it, enum test_outcome o, const char *step, double seconds,
    const char *module, const char *signal, char *detail, bool store)
{
	struct testrun *t = it->t;
	struct test_result *r = &it->pub.result;
	char *cause = NULL;

	testresult_clear(r);
	r->name = name_normalize(it->pub.name);
	if (it->dist != NULL && it->dist->version != NULL)
		r->version = xstrdup(it->dist->version);
	else if (it->pub.version != NULL)
		r->version = xstrdup(it->pub.version);
	r->outcome = o;
	r->step = xstrdup(step);
	if (detail != NULL) {	/* pip's reason, a cause: kept, shown to the team */
		char *clean = url_redact_text(detail, strlen(detail), NULL);

		free(detail);
		detail = clean;
	}
	r->seconds = seconds;
	r->module = module != NULL ? xstrdup(module) : NULL;
	r->signal = signal != NULL ? xstrdup(signal) : NULL;
	r->detail = detail;
	r->when = time(NULL);
	r->python = xstrdup(t->c.python->path);
	r->python_version = xstrdup(t->c.python->version);
	r->free_threaded = t->c.python->free_threaded;
	r->abi = testresult_abi_of(r->python_version, r->free_threaded);
	r->target = xstrdup(t->c.target);
	r->in_place = t->c.python->in_place;
	r->command = item_command_text(it) != NULL ?
	    url_redact_text(item_command_text(it), strlen(item_command_text(it)), NULL) : NULL;
	for (size_t i = 0; i < it->modules.n; i++)
		strlist_push(&r->modules, it->modules.v[i]);
	/* A failure that is not the package's leaves no log either: it would stand beside
	 * (and replace the log of) the package's real result. */
	r->log = store ? write_log(it, r) : NULL;
	it->pub.state = TR_DONE;
	free(it->pub.activity);
	it->pub.activity = NULL;
	if (store) {
		if (testresult_save(t->c.cache_dir, r, &cause) == 0)
			it->pub.saved = true;
		else {
			log_warn("the test result of %s was not stored: %s", it->pub.name, cause);
			free(cause);
		}
		/* The team sees it too; a state that cannot be written (an invalid file is
		 * left as it is) takes nothing from the run. */
		if (it->pub.saved && t->c.state_path != NULL &&
		    state_set_test(t->c.state_path, r, NULL, &cause) != 0) {
			log_warn("the test result of %s is not in the team state: %s",
			    it->pub.name, cause);
			free(cause);
		}
	}
	changed(it);
}

/* --- the steps after the install ---------------------------------------------------- */

static const char *
test_python(const struct testrun *t)
{
	return t->venv_python != NULL ? t->venv_python : t->c.python->path;
}

/* The command's words with {name} replaced, and argv[0] found: "python"/"python3" are
 * the test interpreter; another bare name is looked for in the venv, then on PATH. */
static const struct strlist *
item_command(const struct testrun_item *it)
{
	return it->command_text != NULL ? &it->command : &it->t->command;
}

static const char *
item_command_text(const struct testrun_item *it)
{
	return it->command_text != NULL ? it->command_text : it->t->c.command;
}

static void
command_argv(struct testrun_item *it, struct strlist *argv)
{
	struct testrun *t = it->t;
	const struct strlist *words = item_command(it);

	for (size_t i = 0; i < words->n; i++) {
		struct strbuf sb = STRBUF_INIT;
		const char *w = words->v[i], *hit;

		while ((hit = strstr(w, "{name}")) != NULL) {
			strbuf_add(&sb, w, (size_t)(hit - w));
			strbuf_addstr(&sb, it->pub.name);
			w = hit + 6;
		}
		strbuf_addstr(&sb, w);
		strlist_push_owned(argv, strbuf_detach(&sb, NULL));
	}
	if (strchr(argv->v[0], '/') == NULL) {
		char *found = NULL;

		if (strcmp(argv->v[0], "python") == 0 || strcmp(argv->v[0], "python3") == 0)
			found = xstrdup(test_python(t));
		else if (t->venv != NULL) {
			found = xprintf("%s/bin/%s", t->venv, argv->v[0]);
			if (access(found, X_OK) != 0) {
				free(found);
				found = NULL;
			}
		}
		if (found == NULL)
			found = pyquery_which(argv->v[0]);
		if (found != NULL) {
			free(argv->v[0]);
			argv->v[0] = found;
		}
	}
}

static void step_done(struct gilrun_result *r, void *arg);

/* Starts the item's next step; false when it has none left. */
static bool
start_step(struct testrun_item *it)
{
	struct testrun *t = it->t;
	const char *gil0[] = { "PYTHON_GIL=0", NULL, NULL, NULL };
	const char *unset[] = { "PYTHON_GIL", SECRET_ENV, NULL };
	struct strlist argv = STRLIST_INIT;
	struct gilrun_spec s;
	char *cause = NULL, *venv_env = NULL, *path_env = NULL;
	size_t mod = it->step / 2;
	bool command = it->step >= 2 * it->modules.n;

	memset(&s, 0, sizeof s);
	if (!command) {
		strlist_push(&argv, test_python(t));
		strlist_push(&argv, "-W");
		strlist_push(&argv, "always::RuntimeWarning");
		strlist_push(&argv, "-c");
		strlist_push(&argv, import_program);
		strlist_push(&argv, it->modules.v[mod]);
		if (it->step % 2 == 0)
			s.unset_env = unset;
		else {
			s.set_env = gil0;
			s.unset_env = unset + 1;
		}
	} else {
		command_argv(it, &argv);
		if (t->venv != NULL) {
			const char *path = getenv("PATH");

			venv_env = xprintf("VIRTUAL_ENV=%s", t->venv);
			path_env = xprintf("PATH=%s/bin%s%s", t->venv,
			    path != NULL ? ":" : "", path != NULL ? path : "");
			gil0[1] = venv_env;
			gil0[2] = path_env;
		}
		s.set_env = gil0;
		s.unset_env = unset + 1;
	}
	strlist_push_owned(&argv, NULL);	/* the terminator */
	argv.n--;
	s.argv = argv.v;
	s.timeout_ms = t->c.timeout_ms;
	s.keep = TESTRUN_LOG_MAX;
	if (command) {
		log_step(it, argv.v, "PYTHON_GIL=0");
		set_activity(it, "running %s", item_command_text(it));
	} else {
		/* The program is long: the log shows what it does instead. */
		strbuf_addf(&it->log, "$ %s%s -c 'import %s'\n",
		    it->step % 2 == 0 ? "" : "PYTHON_GIL=0 ", test_python(t), it->modules.v[mod]);
		set_activity(it, "importing %s%s", it->modules.v[mod],
		    it->step % 2 == 0 ? "" : " (PYTHON_GIL=0)");
	}
	it->child = gilrun_start(t->loop, &s, step_done, it, &cause);
	strlist_clear(&argv);
	free(venv_env);
	free(path_env);
	if (it->child == NULL) {
		strbuf_addf(&it->log, "%s\n", cause);
		finish(it, command ? TO_FAILED : TO_IMPORT_FAILED, command ? "command" : "import",
		    0, command ? NULL : it->modules.v[mod], NULL, cause, true);
		return true;
	}
	t->running++;
	return true;
}

static char *
gil_state(const char *out)
{
	const char *p, *last = NULL;

	for (p = out; (p = strstr(p, GIL_STATE_MARK)) != NULL; p++)
		last = p;
	if (last == NULL)
		return NULL;
	last += strlen(GIL_STATE_MARK);
	return xstrndup(last, strcspn(last, "\r\n"));
}

static void
step_done(struct gilrun_result *r, void *arg)
{
	struct testrun_item *it = arg;
	struct testrun *t = it->t;
	bool command = it->step >= 2 * it->modules.n;
	const char *step = command ? "command" : "import";
	const char *mod = command ? NULL : it->modules.v[it->step / 2];
	char *state;

	it->child = NULL;
	t->running--;
	log_output(it, r);
	if (it->pub.state == TR_CANCELLED || r->cancelled) {
		schedule(t);
		return;
	}
	if (r->signal != 0) {
		finish(it, TO_CRASHED, step, r->seconds, mod, gilrun_signal_name(r->signal),
		    last_lines(r->err_tail, TESTRUN_TRACE_LINES), true);
	} else if (r->timed_out) {
		finish(it, TO_TIMEOUT, step, r->seconds, mod, NULL,
		    xprintf("still running after %d s: killed with its process group",
		    t->c.timeout_ms / 1000), true);
	} else if (r->status != 0) {
		char *tail = last_lines(r->err_tail, TESTRUN_TRACE_LINES);

		if (command) {
			char *detail = xprintf("exit status %d%s%s", r->status,
			    *tail != '\0' ? "\n" : "", tail);

			free(tail);
			tail = detail;
		}
		finish(it, command ? TO_FAILED : TO_IMPORT_FAILED, step, r->seconds, mod, NULL,
		    tail, true);
	} else {
		/* Imported (or the command passed). With PYTHON_GIL unset, did the GIL come
		 * back? The warning names the module (perhaps a dependency's); on a
		 * free-threaded interpreter sys._is_gil_enabled() says so even without it. */
		if (!command && it->step % 2 == 0 && it->gil_module == NULL) {
			state = gil_state(r->out_tail);
			if (r->gil_module != NULL)
				it->gil_module = xstrdup(r->gil_module);
			else if (state != NULL && strcmp(state, "on") == 0 &&
			    t->c.python->free_threaded)
				it->gil_module = xstrdup(mod);
			free(state);
		}
		it->step++;
		if (it->step >= it->nsteps) {
			if (it->gil_module != NULL)
				finish(it, TO_GIL_REENABLED, "import", r->seconds, it->gil_module,
				    NULL, xprintf("importing %s turned the GIL back on",
				    it->gil_module), true);
			else
				finish(it, TO_PASSED, command ? "command" : "import", r->seconds,
				    NULL, NULL, NULL, true);
		} else
			it->pub.state = TR_RUNNING;	/* the next step when a job is free */
	}
	schedule(t);
}

/* The distribution is there: which modules, how many steps. */
static void
begin_imports(struct testrun_item *it)
{
	scratch_modules(it->dist, &it->modules);
	it->nsteps = 2 * it->modules.n + (item_command(it)->n > 0 ? 1 : 0);
	it->step = 0;
	if (it->modules.n == 0) {
		finish(it, TO_IMPORT_FAILED, "import", 0, NULL, NULL,
		    xprintf("%s %s has no top-level module to import (no top_level.txt, "
		    "nothing importable in RECORD)", it->dist->name, it->dist->version), true);
		return;
	}
	it->pub.state = TR_RUNNING;
	set_activity(it, "waiting to import %s", it->modules.v[0]);
}

/* --- the venv and pip ------------------------------------------------------------- */

static void
venv_done(struct gilrun_result *r, void *arg)
{
	struct testrun *t = arg;
	char *cause = NULL;

	t->venv_child = NULL;
	if (r->status == 0 && rename(t->venv_tmp, t->venv) != 0 && errno != EEXIST &&
	    errno != ENOTEMPTY) {
		free(t->venv_error);
		t->venv_error = xprintf("cannot rename %s: %s", t->venv_tmp, strerror(errno));
	}
	if (access(t->venv_tmp, F_OK) == 0 && fstree_remove(t->venv_tmp, &cause) != 0) {
		log_debug("%s", cause);
		free(cause);
	}
	if (r->cancelled)
		t->vstate = VENV_NONE;
	else if (scratch_venv_ready(t->venv)) {
		t->vstate = VENV_READY;
		t->site = scratch_venv_site(t->venv);
	} else {
		char *tail = last_lines(r->err_tail, 2);

		t->vstate = VENV_FAILED;
		if (t->venv_error == NULL)
			t->venv_error = xprintf("%s -m venv failed%s%s%s", t->c.python->path,
			    r->timed_out ? " (timed out)" : "", *tail != '\0' ? ": " : "", tail);
		free(tail);
	}
	schedule(t);
}

static void
start_venv(struct testrun *t)
{
	static const char *const secret[] = { SECRET_ENV, NULL };
	char *argv[5];
	struct gilrun_spec s;
	char *cause = NULL;

	if (scratch_venv_ready(t->venv)) {
		t->vstate = VENV_READY;
		t->site = scratch_venv_site(t->venv);
		return;
	}
	free(t->venv_tmp);
	t->venv_tmp = xprintf("%s.tmp.%ld", t->venv, (long)getpid());
	if (mkdir_p(t->venv, &cause) != 0 || rmdir(t->venv) != 0) {
		t->vstate = VENV_FAILED;
		t->venv_error = cause != NULL ? cause :
		    xprintf("cannot make %s: %s", t->venv, strerror(errno));
		return;
	}
	argv[0] = t->c.python->path;
	argv[1] = (char *)"-m";
	argv[2] = (char *)"venv";
	argv[3] = t->venv_tmp;
	argv[4] = NULL;
	memset(&s, 0, sizeof s);
	s.argv = argv;
	s.unset_env = secret;
	s.timeout_ms = TESTRUN_VENV_TIMEOUT_MS;
	s.keep = 64 * 1024;
	if ((t->venv_child = gilrun_start(t->loop, &s, venv_done, t, &cause)) == NULL) {
		t->vstate = VENV_FAILED;
		t->venv_error = cause;
		return;
	}
	t->vstate = VENV_CREATING;
	for (size_t i = 0; i < t->nitems; i++)
		if (t->items[i]->pub.state == TR_WAITING)
			set_activity(t->items[i], "creating the scratch venv");
}

/* Already installed at the version asked for: no pip. */
static bool
installed(struct testrun_item *it)
{
	struct dist *d;

	if (it->pub.version == NULL || it->t->site == NULL)
		return false;
	d = scratch_find_dist(it->t->site, it->pub.name);
	if (d != NULL && strcmp(d->version, it->pub.version) == 0) {
		dist_free(it->dist);
		it->dist = d;
		return true;
	}
	dist_free(d);
	return false;
}

/* pip failed for a reason that is not the package's: shown, not stored. */
static void
finish_not_result(struct testrun_item *it, enum pipfail f, double seconds, char *detail)
{
	it->pub.pipfail = f;
	finish(it, TO_INSTALL_FAILED, "install", seconds, NULL, NULL, detail, false);
}

static void
index_done(const struct index_answer *a, void *arg)
{
	struct testrun_item *it = arg;
	struct testrun *t = it->t;
	struct wheel_platform plat;
	struct target abi;
	enum pipfail f;
	char *detail = NULL, *reason = it->pip_reason;

	it->pip_reason = NULL;
	if (!live(it)) {
		free(reason);
		return;
	}
	/* What the interpreter installs: its own ABI, on this machine (the platform of a
	 * musl host is judged as glibc's: a known limit). */
	if (target_parse(t->c.python->abi, &abi) != 0 && target_parse(t->c.target, &abi) != 0)
		target_parse("3.14t", &abi);
	(void)wheel_platform_parse(wheel_host_platform(), &plat);
	f = pipfail_from_index(a, it->pub.name, it->pub.version, &abi, &plat, &detail);
	if (f == PF_PACKAGE) {
		strbuf_addf(&it->log, "the index has a wheel that installs here: pip's failure "
		    "is the package's\n");
		finish(it, TO_INSTALL_FAILED, "install", it->pip_seconds, NULL, NULL, reason,
		    true);
	} else {
		free(reason);
		finish_not_result(it, f, it->pip_seconds, detail);
	}
	schedule(t);
}

/* pip found nothing to install: the index is asked (now, not from the cache) whether
 * it failed, has no wheel for this interpreter or lacks the release. false when it
 * cannot be asked. */
static bool
ask_index(struct testrun_item *it, const struct gilrun_result *r)
{
	struct testrun *t = it->t;
	struct index_config ic;
	char *cause = NULL;

	if (t->c.fetch == NULL)
		return false;
	if (t->ic == NULL) {
		index_config_defaults(&ic);
		ic.index_url = t->c.index_url;
		ic.cache_dir = t->c.cache_dir;
		ic.ttl_seconds = -1;	/* revalidated: a cached answer says nothing of now */
		if ((t->ic = index_new(&ic, t->c.fetch, &cause)) == NULL) {
			log_debug("the index cannot be asked why pip found nothing: %s", cause);
			free(cause);
			return false;
		}
	}
	free(it->pip_reason);
	it->pip_reason = pip_reason(r->err_tail, r->status);
	it->pip_seconds = r->seconds;
	set_activity(it, "asking the index why pip found nothing");
	index_request(t->ic, it->pub.name, index_done, it);
	return true;
}

static void
pip_done(struct gilrun_result *r, void *arg)
{
	struct testrun *t = arg;
	struct testrun_item **batch = t->batch;
	size_t n = t->nbatch;

	t->pip = NULL;
	t->batch = NULL;
	t->nbatch = 0;
	for (size_t i = 0; i < n; i++) {
		struct testrun_item *it = batch[i];

		if (!live(it))
			continue;
		log_output(it, r);
		if (r->cancelled) {
			/* Killed for a package cancelled alone in it: the others go again. */
			it->pub.state = TR_WAITING;
			continue;
		}
		if (r->status != 0 && n > 1) {
			/* One bad package fails the whole pip run: each goes again alone,
			 * so that the failure is pinned on the right one. */
			it->solo = true;
			it->pub.state = TR_WAITING;
			set_activity(it, "waiting to install alone");
			continue;
		}
		if (r->status != 0 && r->signal == 0 && !r->timed_out) {
			char *why = NULL;

			/* Not the package's: the index or the network. */
			if (pipfail_from_output(r->err_tail, &why) == PF_INDEX) {
				finish_not_result(it, PF_INDEX, r->seconds, xprintf("pip could not "
				    "reach the index: %s", why));
				free(why);
				continue;
			}
			if (pipfail_found_nothing(r->err_tail) && ask_index(it, r))
				continue;
		}
		if (r->status != 0 || r->signal != 0 || r->timed_out) {
			finish(it, TO_INSTALL_FAILED, "install", r->seconds, NULL, NULL,
			    r->timed_out ? xstrdup("pip timed out") :
			    pip_reason(r->err_tail, r->status), true);
			continue;
		}
		dist_free(it->dist);
		it->dist = t->site != NULL ? scratch_find_dist(t->site, it->pub.name) : NULL;
		if (it->dist == NULL) {
			finish(it, TO_INSTALL_FAILED, "install", r->seconds, NULL, NULL,
			    xprintf("pip succeeded but %s is not in %s", it->pub.name,
			    t->site != NULL ? t->site : t->venv), true);
			continue;
		}
		begin_imports(it);
	}
	free(batch);
	schedule(t);
}

static void
start_pip(struct testrun *t)
{
	static const char *const tokens[] = { FORGE_TOKEN_ENV, NULL };
	const char *index_env[] = { NULL, NULL };
	char *index_assign = NULL, *index_note = NULL;
	struct strlist argv = STRLIST_INIT;
	struct testrun_item **batch;
	struct gilrun_spec s;
	size_t n = 0;
	char *cause = NULL;

	batch = xreallocarray(NULL, t->nitems, sizeof *batch);
	for (size_t i = 0; i < t->nitems; i++) {
		struct testrun_item *it = t->items[i];

		if (it->pub.state != TR_WAITING)
			continue;
		if (installed(it)) {
			strbuf_addf(&it->log, "%s %s is installed in %s already\n", it->pub.name,
			    it->pub.version, t->venv);
			begin_imports(it);
		} else if (!it->solo)
			batch[n++] = it;
	}
	/* Those that failed in a batch go alone, one pip run each, after the batch. */
	for (size_t i = 0; i < t->nitems && n == 0; i++)
		if (t->items[i]->pub.state == TR_WAITING)
			batch[n++] = t->items[i];
	if (n == 0) {
		free(batch);
		return;
	}
	strlist_push(&argv, t->venv_python);
	strlist_push(&argv, "-m");
	strlist_push(&argv, "pip");
	strlist_push(&argv, "install");
	strlist_push(&argv, "--only-binary=:all:");
	strlist_push(&argv, "--disable-pip-version-check");
	strlist_push(&argv, "--no-input");
	/* A name from metadata could look like an option ("--index-url=..."): none is
	 * taken for one after "--". */
	strlist_push(&argv, "--");
	for (size_t i = 0; i < n; i++) {
		struct testrun_item *it = batch[i];

		if (it->pub.version != NULL)
			strlist_push_owned(&argv, xprintf("%s==%s", it->pub.name, it->pub.version));
		else
			strlist_push(&argv, it->pub.name);
	}
	strlist_push_owned(&argv, NULL);
	argv.n--;
	memset(&s, 0, sizeof s);
	s.argv = argv.v;
	/* pip keeps its index settings (they are what it is for), not the forge tokens.
	 * The index goes in the environment, not argv: anyone can read argv in ps. */
	s.unset_env = tokens;
	if (t->c.index_url != NULL) {
		char *shown = url_redact(t->c.index_url);

		index_assign = xprintf("PIP_INDEX_URL=%s", t->c.index_url);
		index_env[0] = index_assign;
		s.set_env = index_env;
		index_note = xprintf("PIP_INDEX_URL=%s", shown);
		free(shown);
	}
	s.timeout_ms = TESTRUN_PIP_TIMEOUT_MS;
	s.keep = TESTRUN_LOG_MAX;
	for (size_t i = 0; i < n; i++) {
		log_step(batch[i], argv.v, index_note);
		batch[i]->pub.state = TR_INSTALLING;
		set_activity(batch[i], "installing%s", n > 1 ? " (with others)" : "");
	}
	t->batch = batch;
	t->nbatch = n;
	t->pip = gilrun_start(t->loop, &s, pip_done, t, &cause);
	strlist_clear(&argv);
	free(index_assign);
	free(index_note);
	if (t->pip == NULL) {
		t->batch = NULL;
		t->nbatch = 0;
		for (size_t i = 0; i < n; i++)
			finish(batch[i], TO_INSTALL_FAILED, "install", 0, NULL, NULL,
			    xstrdup(cause), false);
		free(cause);
		free(batch);
	}
}

/* Moves everything on that can move: the venv, pip, the next steps up to --jobs. */
static void
schedule(struct testrun *t)
{
	bool waiting = false;

	for (size_t i = 0; i < t->nitems; i++)
		waiting |= t->items[i]->pub.state == TR_WAITING;
	if (waiting && t->venv != NULL) {
		if (t->vstate == VENV_NONE)
			start_venv(t);
		if (t->vstate == VENV_FAILED) {
			for (size_t i = 0; i < t->nitems; i++)
				if (t->items[i]->pub.state == TR_WAITING)
					finish(t->items[i], TO_INSTALL_FAILED, "venv", 0, NULL, NULL,
					    xstrdup(t->venv_error), false);
		} else if (t->vstate == VENV_READY && t->pip == NULL)
			start_pip(t);
	}
	for (size_t i = 0; i < t->nitems && t->running < t->c.jobs; i++) {
		struct testrun_item *it = t->items[i];

		if (it->pub.state == TR_RUNNING && it->child == NULL && it->step < it->nsteps)
			start_step(it);
	}
}

/* --- the API ----------------------------------------------------------------------- */

struct testrun *
testrun_new(struct loop *l, const struct testrun_config *c, char **cause)
{
	struct testrun *t = xcalloc(1, sizeof *t);

	t->loop = l;
	t->c = *c;
	t->c.target = xstrdup(c->target);
	t->c.cache_dir = c->cache_dir != NULL ? xstrdup(c->cache_dir) : NULL;
	t->c.index_url = c->index_url != NULL ? xstrdup(c->index_url) : NULL;
	t->c.command = c->command != NULL ? xstrdup(c->command) : NULL;
	if (t->c.jobs < 1)
		t->c.jobs = 1;
	if (t->c.timeout_ms <= 0)
		t->c.timeout_ms = TESTRUN_TIMEOUT_S * 1000;
	if (c->command != NULL && words_split(c->command, &t->command, cause) != 0) {
		testrun_free(t);
		return NULL;
	}
	if (!c->python->in_place) {
		/* Named after what the interpreter is, not the target: a 3.13t interpreter
		 * asked about 3.14t still installs cp313t wheels. */
		t->venv = scratch_venv_dir(c->cache_dir, c->python->abi[0] != '\0' ?
		    c->python->abi : "python", c->python->path, cause);
		if (t->venv == NULL) {
			testrun_free(t);
			return NULL;
		}
		t->venv_python = scratch_venv_python(t->venv);
	}
	return t;
}

void
testrun_set_changed(struct testrun *t, testrun_changed_fn fn, void *arg)
{
	t->changed = fn;
	t->changed_arg = arg;
}

struct testrun_pkg *
testrun_add(struct testrun *t, const char *name, const char *version, const char *command)
{
	struct testrun_item *it = xcalloc(1, sizeof *it);
	char *cause = NULL;

	it->t = t;
	it->pub.priv = it;
	it->pub.name = xstrdup(name);
	it->pub.version = version != NULL ? xstrdup(version) : NULL;
	it->pub.state = TR_WAITING;
	strbuf_init(&it->log);
	if (t->nitems == t->alloc) {
		t->alloc = t->alloc == 0 ? 8 : t->alloc * 2;
		t->items = xreallocarray(t->items, t->alloc, sizeof *t->items);
	}
	t->items[t->nitems++] = it;
	if (command != NULL) {
		it->command_text = xstrdup(command);
		if (words_split(command, &it->command, &cause) != 0) {
			finish(it, TO_FAILED, "command", 0, NULL, NULL,
			    xprintf("its test command cannot be run: %s", cause), false);
			free(cause);
			return &it->pub;
		}
	}
	if (t->venv == NULL) {
		/* In place: the environment's own distribution, as installed. */
		struct dist *d = t->c.env != NULL ? env_find(t->c.env, name) : NULL;
		char *norm = name_normalize(name);

		if (d == NULL) {
			finish(it, TO_INSTALL_FAILED, "install", 0, NULL, NULL,
			    xprintf("%s is not installed in the environment (tested in place: "
			    "install it there, or pass --ft-python to test in a scratch venv)",
			    name), false);
			free(norm);
			return &it->pub;
		}
		free(norm);
		/* A copy that the item owns: only the fields begin_imports reads. */
		it->dist = xcalloc(1, sizeof *it->dist);
		it->dist->name = xstrdup(d->name);
		it->dist->version = xstrdup(d->version);
		it->dist->meta_dir = d->meta_dir != NULL ? xstrdup(d->meta_dir) : NULL;
		for (size_t i = 0; i < d->top_level.n; i++)
			strlist_push(&it->dist->top_level, d->top_level.v[i]);
		begin_imports(it);
	} else
		set_activity(it, "waiting to install");
	schedule(t);
	return &it->pub;
}

void
testrun_cancel(struct testrun *t, struct testrun_pkg *p)
{
	struct testrun_item *it = p->priv;
	bool others = false;

	if (!live(it))
		return;
	if (it->pub.state == TR_INSTALLING) {
		for (size_t i = 0; i < t->nbatch; i++)
			others |= t->batch[i] != it && live(t->batch[i]);
		if (!others && t->pip != NULL)
			gilrun_cancel(t->pip);
	}
	it->pub.state = TR_CANCELLED;
	free(it->pub.activity);
	it->pub.activity = NULL;
	if (it->child != NULL)
		gilrun_cancel(it->child);
	/* Nobody left waiting for the venv: stop making it. */
	if (t->venv_child != NULL) {
		others = false;
		for (size_t i = 0; i < t->nitems; i++)
			others |= t->items[i]->pub.state == TR_WAITING;
		if (!others)
			gilrun_cancel(t->venv_child);
	}
	changed(it);
	schedule(t);
}

size_t
testrun_count(const struct testrun *t)
{
	return t->nitems;
}

struct testrun_pkg *
testrun_get(const struct testrun *t, size_t i)
{
	return i < t->nitems ? &t->items[i]->pub : NULL;
}

struct testrun_pkg *
testrun_active(const struct testrun *t, const char *name)
{
	char *want = name_normalize(name);
	struct testrun_pkg *found = NULL;

	for (size_t i = 0; i < t->nitems && found == NULL; i++) {
		char *n = name_normalize(t->items[i]->pub.name);

		if (live(t->items[i]) && strcmp(n, want) == 0)
			found = &t->items[i]->pub;
		free(n);
	}
	free(want);
	return found;
}

size_t
testrun_pending(const struct testrun *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nitems; i++)
		n += live(t->items[i]);
	return n;
}

const char *
testrun_venv(const struct testrun *t)
{
	return t->venv;
}

void
testrun_free(struct testrun *t)
{
	char *cause = NULL;

	if (t == NULL)
		return;
	if (t->venv_child != NULL) {
		gilrun_abandon(t->venv_child);
		if (fstree_remove(t->venv_tmp, &cause) != 0)
			free(cause);
	}
	if (t->pip != NULL)
		gilrun_abandon(t->pip);
	/* Its answers still to come are dropped with it. */
	index_free(t->ic);
	for (size_t i = 0; i < t->nitems; i++) {
		struct testrun_item *it = t->items[i];

		if (it->child != NULL)
			gilrun_abandon(it->child);
		free(it->pub.name);
		free(it->pub.version);
		free(it->pub.activity);
		testresult_clear(&it->pub.result);
		strlist_clear(&it->modules);
		free(it->gil_module);
		dist_free(it->dist);
		strbuf_release(&it->log);
		free(it->command_text);
		strlist_clear(&it->command);
		free(it->pip_reason);
		free(it);
	}
	free(t->items);
	free(t->batch);
	strlist_clear(&t->command);
	free((char *)t->c.target);
	free((char *)t->c.cache_dir);
	free((char *)t->c.index_url);
	free((char *)t->c.command);
	free(t->venv);
	free(t->venv_tmp);
	free(t->venv_python);
	free(t->site);
	free(t->venv_error);
	free(t);
}
