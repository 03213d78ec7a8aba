/* ftpython.c: the free-threaded interpreter to test with. Candidates are found by name
 * (python3.XYt on PATH, uv's and pyenv's install trees) without running them; only the
 * one chosen is asked, once, whether it really has Py_GIL_DISABLED. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ftpython.h"
#include "pyquery.h"
#include "testresult.h"
#include "util.h"
#include "verdict.h"

const char ftpython_howto[] =
    "pass --ft-python PATH, or install one with 'uv python install 3.14t' or 'pyenv "
    "install 3.14t', the python3.14-nogil (Debian, Ubuntu) or python3.14-freethreading "
    "(Fedora) package, or the python.org installer's free-threaded option";

/* The free-threaded minor versions looked for, newest first. */
static const int ft_minors[] = { 15, 14, 13 };

void
ftpython_env_init(struct ftpython_env *fe)
{
	fe->path = getenv("PATH");
	fe->home = getenv("HOME");
	fe->ft_python = getenv("FTPORT_FT_PYTHON");
	fe->xdg_data_home = getenv("XDG_DATA_HOME");
	fe->uv_python_dir = getenv("UV_PYTHON_INSTALL_DIR");
	fe->pyenv_root = getenv("PYENV_ROOT");
}

void
ftpython_free(struct ftpython *p)
{
	if (p == NULL)
		return;
	free(p->path);
	free(p->version);
	free(p->prefix);
	free(p->origin);
	free(p);
}

struct cand {
	char	*path;
	int	 origin;	/* 0 PATH, 1 uv, 2 pyenv */
	int	 minor;		/* 3.X: X, 0 when the name does not say */
	size_t	 seq;		/* order found, for a stable sort */
};

struct cands {
	struct cand	*v;
	size_t		 n, alloc;
	int		 want;	/* the target's minor */
};

static bool
executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

static void
cand_add(struct cands *c, char *path, int origin, int minor)
{
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->v[i].path, path) == 0) {
			free(path);
			return;
		}
	}
	if (c->n == c->alloc) {
		c->alloc = c->alloc == 0 ? 8 : c->alloc * 2;
		c->v = xreallocarray(c->v, c->alloc, sizeof *c->v);
	}
	c->v[c->n] = (struct cand){ path, origin, minor, c->n };
	c->n++;
}

/* python3.XYt in every PATH directory. */
static void
from_path(const struct ftpython_env *fe, struct cands *c)
{
	const char *p, *e, *path = fe->path;

	if (path == NULL || *path == '\0')
		return;
	for (size_t m = 0; m < nitems(ft_minors); m++) {
		for (p = path; ; p = e + 1) {
			char *cand;

			e = strchr(p, ':');
			if (e == NULL)
				e = p + strlen(p);
			if (e > p) {
				cand = xprintf("%.*s/python3.%dt", (int)(e - p), p, ft_minors[m]);
				if (executable(cand))
					cand_add(c, cand, 0, ft_minors[m]);
				else
					free(cand);
			}
			if (*e == '\0')
				break;
		}
	}
}

/* Every directory in dir that holds bin/python3.XYt (uv names them
 * "cpython-3.14.0+freethreaded-linux-x86_64-gnu"; pyenv "3.14.0t"). pyenv's
 * free-threaded builds are the directories ending in 't', whose interpreter may only
 * be called bin/python. */
static void
from_tree(const char *dir, int origin, struct cands *c)
{
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		bool found = false;
		char *cand;

		if (de->d_name[0] == '.')
			continue;
		for (size_t m = 0; m < nitems(ft_minors) && !found; m++) {
			cand = xprintf("%s/%s/bin/python3.%dt", dir, de->d_name, ft_minors[m]);
			if (executable(cand)) {
				cand_add(c, cand, origin, ft_minors[m]);
				found = true;
			} else
				free(cand);
		}
		if (!found && origin == 2 && len > 1 && de->d_name[len - 1] == 't') {
			int major, minor;

			cand = xprintf("%s/%s/bin/python", dir, de->d_name);
			if (sscanf(de->d_name, "%d.%d", &major, &minor) != 2 || major != 3)
				minor = 0;
			if (executable(cand))
				cand_add(c, cand, origin, minor);
			else
				free(cand);
		}
	}
	closedir(d);
}

static int
cand_cmp(const void *a, const void *b, void *arg)
{
	const struct cand *x = a, *y = b;
	int want = *(const int *)arg;

	if ((x->minor == want) != (y->minor == want))
		return x->minor == want ? -1 : 1;
	if (x->origin != y->origin)
		return x->origin - y->origin;
	if (x->minor != y->minor)
		return y->minor - x->minor;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* qsort has no argument in C11: a small insertion sort keeps it stable anyway. */
static void
cands_sort(struct cands *c)
{
	for (size_t i = 1; i < c->n; i++) {
		struct cand t = c->v[i];
		size_t j = i;

		while (j > 0 && cand_cmp(&c->v[j - 1], &t, &c->want) > 0) {
			c->v[j] = c->v[j - 1];
			j--;
		}
		c->v[j] = t;
	}
}

void
ftpython_candidates(const struct ftpython_env *fe, const char *target,
    struct strlist *paths, struct strlist *origins)
{
	static const char *const names[] = { "PATH", "uv", "pyenv" };
	struct cands c = { NULL, 0, 0, 0 };
	int major;
	char *dir;

	if (target == NULL || sscanf(target, "%d.%d", &major, &c.want) != 2)
		c.want = 14;
	from_path(fe, &c);
	if (fe->uv_python_dir != NULL && *fe->uv_python_dir != '\0')
		from_tree(fe->uv_python_dir, 1, &c);
	if (fe->xdg_data_home != NULL && fe->xdg_data_home[0] == '/') {
		dir = xprintf("%s/uv/python", fe->xdg_data_home);
		from_tree(dir, 1, &c);
		free(dir);
	}
	if (fe->home != NULL && *fe->home != '\0') {
		dir = xprintf("%s/.local/share/uv/python", fe->home);
		from_tree(dir, 1, &c);
		free(dir);
	}
	if (fe->pyenv_root != NULL && *fe->pyenv_root != '\0') {
		dir = xprintf("%s/versions", fe->pyenv_root);
		from_tree(dir, 2, &c);
		free(dir);
	}
	if (fe->home != NULL && *fe->home != '\0') {
		dir = xprintf("%s/.pyenv/versions", fe->home);
		from_tree(dir, 2, &c);
		free(dir);
	}
	cands_sort(&c);
	for (size_t i = 0; i < c.n; i++) {
		strlist_push_owned(paths, c.v[i].path);
		strlist_push(origins, names[c.v[i].origin]);
	}
	free(c.v);
}

/* cp3XYt from "3.XY.Z", as the results are keyed. */
static void
set_abi(struct ftpython *p)
{
	char *abi = testresult_abi_of(p->version, p->free_threaded);

	snprintf(p->abi, sizeof p->abi, "%s", abi != NULL ? abi : "");
	free(abi);
}

char *
ftpython_target_note(const struct ftpython *p, const char *target)
{
	struct target t;

	if (p->abi[0] == '\0' || target == NULL || target_parse(target, &t) != 0 ||
	    strcmp(t.tag, p->abi) == 0)
		return NULL;
	return xprintf("the free-threaded Python %s is %s, not the target %s: the results "
	    "are for %s", p->version, p->abi, t.tag, p->abi);
}

/* Asks the interpreter what it is (pyquery's one short run). */
static int
probe(const char *path, const char *origin, struct ftpython **out, char **cause)
{
	struct pyquery *q;
	struct ftpython *p;
	char *why = NULL;

	if (pyquery_run(path, PYQUERY_TIMEOUT_MS, &q, &why) != 0) {
		*cause = xprintf("the free-threaded Python %s (%s) %s", path, origin, why);
		free(why);
		return -1;
	}
	p = xcalloc(1, sizeof *p);
	p->path = xstrdup(path);
	p->version = xstrdup(q->version);
	p->prefix = xstrdup(q->prefix);
	p->free_threaded = q->gil_disabled;
	p->origin = xstrdup(origin);
	set_abi(p);
	pyquery_free(q);
	*out = p;
	return 0;
}

static int
explicit(const char *path, const char *origin, const struct environment *env,
    struct ftpython **out, char **cause)
{
	char *found = pyquery_which(path);
	int rc;

	if (found == NULL) {
		*cause = xprintf("%s names %s, which is not an executable file", origin, path);
		return -1;
	}
	/* A path, so that the children run exactly it (posix_spawn does not search). */
	if (strchr(found, '/') == NULL) {
		char *abs = xprintf("./%s", found);

		free(found);
		found = abs;
	}
	rc = probe(found, origin, out, cause);
	free(found);
	if (rc != 0)
		return -1;
	if (!(*out)->free_threaded) {
		*cause = xprintf("%s %s is Python %s, built with the GIL (no Py_GIL_DISABLED), "
		    "so nothing was tested: pass a free-threaded one (python3.14t, python3.13t) "
		    "instead; to get one, %s", origin, path, (*out)->version, ftpython_howto);
		ftpython_free(*out);
		*out = NULL;
		return -1;
	}
	/* In place only when the environment is free-threaded itself: Debian's python3.13
	 * and python3.13t share the prefix /usr, not their site-packages. */
	(*out)->in_place = env != NULL && env->free_threaded && env->prefix != NULL &&
	    strcmp((*out)->prefix, env->prefix) == 0;
	return 0;
}

int
ftpython_find(const struct ftpython_env *fe, const char *cli,
    const struct environment *env, const char *target, struct ftpython **out,
    char **cause)
{
	struct strlist paths = STRLIST_INIT, origins = STRLIST_INIT;
	int rc = -1;

	*out = NULL;
	if (cli != NULL)
		return explicit(cli, "--ft-python", env, out, cause);
	if (fe->ft_python != NULL && *fe->ft_python != '\0')
		return explicit(fe->ft_python, "FTPORT_FT_PYTHON", env, out, cause);
	if (env != NULL && env->free_threaded && env->python != NULL) {
		struct ftpython *p = xcalloc(1, sizeof *p);

		p->path = xstrdup(env->python);
		p->version = xstrdup(env->version != NULL ? env->version : "");
		p->prefix = xstrdup(env->prefix != NULL ? env->prefix : "");
		p->free_threaded = true;
		p->in_place = true;
		p->origin = xstrdup("the environment");
		set_abi(p);
		*out = p;
		return 0;
	}
	ftpython_candidates(fe, target, &paths, &origins);
	for (size_t i = 0; i < paths.n && rc != 0; i++) {
		struct ftpython *p;
		char *why = NULL;

		if (probe(paths.v[i], origins.v[i], &p, &why) != 0) {
			log_debug("%s", why);
			free(why);
			continue;
		}
		if (!p->free_threaded) {
			log_debug("%s (%s) is not free-threaded: skipped", p->path, p->origin);
			ftpython_free(p);
			continue;
		}
		*out = p;
		rc = 0;
	}
	if (rc != 0)
		/* The fix first: a status line 80 columns wide showed only where ftport had
		 * looked. */
		*cause = xprintf("no free-threaded Python found: %s (looked at --ft-python, "
		    "FTPORT_FT_PYTHON, the environment, python3.15t/3.14t/3.13t on PATH, uv, "
		    "pyenv)", ftpython_howto);
	strlist_clear(&paths);
	strlist_clear(&origins);
	return rc;
}
