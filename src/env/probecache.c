/* probecache.c: the interpreter's answer kept in the cache with the files and variables
 * it depended on; a warm run checks them with a few stat calls instead of starting Python. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "cache.h"
#include "probecache.h"
#include "strbuf.h"
#include "util.h"

#define PROBECACHE_NS	"probe"
/* A day at most, even when nothing it checks changed: a .pth file edited in place or a
 * sitecustomize change is caught by then. */
#define PROBECACHE_TTL	(24 * 3600)

const char *const probecache_env_vars[] = {
	"PYTHONPATH", "PYTHONHOME", "PYTHONNOUSERSITE", "PYTHONUSERBASE", "PYTHONSAFEPATH",
	"PYTHONPLATLIBDIR", "PYTHONEXECUTABLE", "__PYVENV_LAUNCHER__", "PYTHONUTF8",
	"PYTHONSTARTUP", "HOME", "LC_ALL", "LC_CTYPE", "LANG", NULL,
};

/* The values of probecache_env_vars, one "NAME=value" or "NAME unset" a line. */
static char *
probecache_env(void)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; probecache_env_vars[i] != NULL; i++) {
		const char *v = getenv(probecache_env_vars[i]);

		if (v != NULL)
			strbuf_addf(&sb, "%s=%s\n", probecache_env_vars[i], v);
		else
			strbuf_addf(&sb, "%s unset\n", probecache_env_vars[i]);
	}
	return strbuf_detach(&sb, NULL);
}

/* One line (the cache's header holds it): the path and a hash of the variables, which
 * the entry also holds in full and compares. NULL for a path that cannot be a key. */
static char *
probecache_key(const char *python, const char *env)
{
	if (strpbrk(python, "\r\n") != NULL)
		return NULL;
	return xprintf("probe:%s env:%016llx", python,
	    (unsigned long long)str_hash(env));
}

static void
push_take(struct strlist *l, char *s)
{
	strlist_push(l, s);
	free(s);
}

/* What a file's stat says about it, as text; "L" paths are lstat'ed. */
static char *
probecache_sig(const char *dep)
{
	struct stat st;
	const char *path = dep + 1;
	int rc = dep[0] == 'L' ? lstat(path, &st) : stat(path, &st);

	if (rc == -1)
		return errno == ENOENT || errno == ENOTDIR ? xstrdup("-") :
		    xprintf("error %d", errno);
	return xprintf("%llu:%llu:%o:%lld:%lld.%09ld:%lld.%09ld",
	    (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
	    (unsigned)st.st_mode, (long long)st.st_size,
	    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
	    (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

static void
push_parent_file(struct strlist *deps, const char *path, int up, const char *name)
{
	char *dir = xstrdup(path), *slash;

	for (int i = 0; i < up; i++) {
		if ((slash = strrchr(dir, '/')) == NULL) {
			free(dir);
			return;
		}
		*slash = '\0';
	}
	push_take(deps, xprintf("S%s/%s", *dir != '\0' ? dir : "", name));
	free(dir);
}

/* The files the answer depended on, each "L<path>" or "S<path>". */
static void
probecache_deps(const char *python, const struct pyquery *q, struct strlist *deps)
{
	const char *ub = getenv("PYTHONUSERBASE"), *home = getenv("HOME");
	const char *ver = q->markers[MV_PYTHON_VERSION];

	push_take(deps, xprintf("L%s", python));
	push_take(deps, xprintf("S%s", python));
	/* A venv's bin/python and its pyvenv.cfg one directory up. */
	push_parent_file(deps, python, 1, "pyvenv.cfg");
	push_parent_file(deps, python, 2, "pyvenv.cfg");
	if (*q->executable != '\0' && strcmp(q->executable, python) != 0) {
		push_take(deps, xprintf("S%s", q->executable));
		push_parent_file(deps, q->executable, 2, "pyvenv.cfg");
	}
	for (size_t i = 0; i < q->path.n; i++)
		if (q->path.v[i][0] == '/')
			push_take(deps, xprintf("S%s", q->path.v[i]));
	if ((ub != NULL && *ub != '\0') || (home != NULL && *home == '/'))
		push_take(deps, xprintf("S%s%s/lib/python%s%s/site-packages",
		    ub != NULL && *ub != '\0' ? ub : home,
		    ub != NULL && *ub != '\0' ? "" : "/.local", ver != NULL ? ver : "",
		    q->gil_disabled ? "t" : ""));
}

struct pyquery *
probecache_get(struct cache *c, const char *python)
{
	struct cache_entry e;
	struct pyquery *q = NULL;
	json_t *root, *deps, *dep, *answer, *envv;
	char *env = probecache_env(), *key = probecache_key(python, env), *cause = NULL;
	size_t i;
	bool ok;

	if (c == NULL || key == NULL || cache_get(c, PROBECACHE_NS, key, &e) != 0) {
		free(key);
		free(env);
		return NULL;
	}
	free(key);
	if (!cache_entry_fresh(&e, PROBECACHE_TTL, time(NULL))) {
		cache_entry_clear(&e);
		free(env);
		return NULL;
	}
	root = json_loadb(e.body, e.len, 0, NULL);
	cache_entry_clear(&e);
	deps = json_object_get(root, "deps");
	answer = json_object_get(root, "answer");
	envv = json_object_get(root, "env");
	ok = json_is_array(deps) && json_is_string(answer) && json_is_string(envv) &&
	    strcmp(json_string_value(envv), env) == 0;
	free(env);
	json_array_foreach(deps, i, dep) {
		const char *path = json_string_value(json_array_get(dep, 0));
		const char *want = json_string_value(json_array_get(dep, 1));
		char *sig;

		if (!ok)
			break;
		if (path == NULL || want == NULL || (path[0] != 'L' && path[0] != 'S')) {
			ok = false;
			break;
		}
		sig = probecache_sig(path);
		ok = strcmp(sig, want) == 0;
		if (!ok)
			log_debug("probe cache: %s changed (%s, was %s)", path + 1, sig, want);
		free(sig);
	}
	if (ok && pyquery_parse(json_string_value(answer), json_string_length(answer), &q,
	    &cause) != 0) {
		log_debug("probe cache: %s", cause);
		free(cause);
		q = NULL;
	}
	json_decref(root);
	return q;
}

void
probecache_put(struct cache *c, const char *python, const struct pyquery *q)
{
	struct strlist deps = STRLIST_INIT;
	struct cache_entry e;
	json_t *root, *arr;
	char *env, *key, *dump, *body, *cause = NULL;

	if (c == NULL)
		return;
	probecache_deps(python, q, &deps);
	arr = json_array();
	for (size_t i = 0; i < deps.n; i++) {
		char *sig = probecache_sig(deps.v[i]);

		json_array_append_new(arr, json_pack("[ss]", deps.v[i], sig));
		free(sig);
	}
	strlist_clear(&deps);
	dump = pyquery_dump(q);
	env = probecache_env();
	root = json_pack("{s:s,s:o,s:s}", "env", env, "deps", arr, "answer", dump);
	free(dump);
	body = root != NULL ? json_dumps(root, JSON_COMPACT) : NULL;
	json_decref(root);
	key = probecache_key(python, env);
	free(env);
	if (body == NULL || key == NULL) {
		log_debug("probe cache: the answer is not storable");
		free(body);
		free(key);
		return;
	}
	memset(&e, 0, sizeof e);
	e.fetched = time(NULL);
	e.content_type = (char *)"application/json";
	e.body = body;
	e.len = strlen(body);
	if (cache_put(c, PROBECACHE_NS, key, &e, &cause) != 0) {
		log_debug("probe cache: %s", cause);
		free(cause);
	}
	free(key);
	free(body);
}
