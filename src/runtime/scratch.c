/* scratch.c: scratch venvs in the cache (their names, their site directory, listing and
 * removing them) and the modules a test imports from a distribution. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "fstree.h"
#include "scratch.h"
#include "util.h"

static char *
venvs_root(const char *cache_dir, char **cause)
{
	char *base, *dir;

	if (cache_dir != NULL)
		return xprintf("%s/venvs", cache_dir);
	if ((base = cache_default_dir(cause)) == NULL)
		return NULL;
	dir = xprintf("%s/venvs", base);
	free(base);
	return dir;
}

char *
scratch_venv_dir(const char *cache_dir, const char *abi, const char *python,
    char **cause)
{
	const char *base = strrchr(python, '/');
	char *root, *dir, *safe;

	if ((root = venvs_root(cache_dir, cause)) == NULL)
		return NULL;
	base = base != NULL ? base + 1 : python;
	/* The file name is for people reading `cache info`; the hash tells apart two
	 * interpreters of the same name. */
	safe = xstrdup(*base != '\0' ? base : "python");
	for (char *p = safe; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
			*p = '_';
	dir = xprintf("%s/%s-%s-%08llx", root, abi, safe,
	    (unsigned long long)(str_hash(python) & 0xffffffffULL));
	free(safe);
	free(root);
	return dir;
}

char *
scratch_venv_python(const char *venv)
{
	return xprintf("%s/bin/python", venv);
}

bool
scratch_venv_ready(const char *venv)
{
	char *py = scratch_venv_python(venv);
	bool ok = access(py, X_OK) == 0;

	free(py);
	return ok;
}

char *
scratch_venv_site(const char *venv)
{
	char *pattern = xprintf("%s/lib/python3*/site-packages", venv), *site = NULL;
	glob_t g;

	if (glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0)
		site = xstrdup(g.gl_pathv[0]);
	globfree(&g);
	free(pattern);
	return site;
}

struct dist *
scratch_find_dist(const char *site, const char *name)
{
	char *want = name_normalize(name);
	struct dist *found = NULL;
	struct dirent *de;
	DIR *d;

	if ((d = opendir(site)) == NULL) {
		free(want);
		return NULL;
	}
	while (found == NULL && (de = readdir(d)) != NULL) {
		const char *dash = strchr(de->d_name, '-');
		char *stem, *norm, *dir, *why = NULL;
		struct dist *dist;

		if (!str_ends_with(de->d_name, ".dist-info") || dash == NULL)
			continue;
		stem = xstrndup(de->d_name, (size_t)(dash - de->d_name));
		norm = name_normalize(stem);
		free(stem);
		if (strcmp(norm, want) != 0) {
			free(norm);
			continue;
		}
		free(norm);
		dir = xprintf("%s/%s", site, de->d_name);
		if (meta_read_dist(site, dir, &dist, &why) == 0)
			found = dist;
		else
			free(why);
		free(dir);
	}
	closedir(d);
	free(want);
	return found;
}

static bool
identifier(const char *s, size_t len)
{
	if (len == 0 || isdigit((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && (unsigned char)s[i] < 0x80)
			return false;
	return true;
}

static bool
importable_file(const char *name)
{
	return str_ends_with(name, ".py") || str_ends_with(name, ".so") ||
	    str_ends_with(name, ".pyd");
}

/* One RECORD path: its top-level module, or nothing. */
static void
record_path(const char *path, size_t len, struct strlist *out)
{
	const char *slash = memchr(path, '/', len);
	char *file, *mod = NULL;

	if (slash != NULL) {
		file = xstrndup(path, len);
		if (importable_file(file) && identifier(path, (size_t)(slash - path)) &&
		    strncmp(path, "__pycache__", 11) != 0)
			mod = xstrndup(path, (size_t)(slash - path));
		free(file);
	} else {
		const char *dot = memchr(path, '.', len);

		file = xstrndup(path, len);
		if (importable_file(file) && dot != NULL && identifier(path, (size_t)(dot - path)))
			mod = xstrndup(path, (size_t)(dot - path));
		free(file);
	}
	if (mod != NULL && !strlist_contains(out, mod))
		strlist_push_owned(out, mod);
	else
		free(mod);
}

void
scratch_modules(const struct dist *d, struct strlist *out)
{
	char *path, *text, *why = NULL;
	const char *p, *e;
	size_t len;

	for (size_t i = 0; i < d->top_level.n; i++) {
		char *m = xstrdup(d->top_level.v[i]);

		for (char *q = m; *q != '\0'; q++)
			if (*q == '/')
				*q = '.';
		if (*m != '\0' && !strlist_contains(out, m))
			strlist_push_owned(out, m);
		else
			free(m);
	}
	if (out->n > 0 || d->meta_dir == NULL)
		return;
	path = xprintf("%s/RECORD", d->meta_dir);
	if (read_file(path, 64UL * 1024 * 1024, &text, &len, &why) != 0) {
		free(why);
		free(path);
		return;
	}
	free(path);
	for (p = text; p < text + len; p = e + 1) {
		const char *comma;

		e = memchr(p, '\n', (size_t)(text + len - p));
		if (e == NULL)
			e = text + len;
		/* A quoted path (one with a comma) is rare in a top-level name: skipped. */
		if (*p != '"' && (comma = memchr(p, ',', (size_t)(e - p))) != NULL)
			record_path(p, (size_t)(comma - p), out);
	}
	free(text);
}

/* Is venvs/NAME a scratch venv ftport made? Its name has the shape scratch_venv_dir
 * gives ("cp314t-python3.14t-0123abcd"), and it is a venv (pyvenv.cfg), or the
 * ".tmp.PID" of one being made when ftport was stopped. A directory someone else put
 * there is left alone. */
static bool
venv_is_ours(const char *root, const char *name)
{
	const char *p = name, *dash, *tmp;
	char *cfg;
	struct stat st;
	bool ok;
	size_t n;

	/* The interpreter's ABI (cp314t) or the target (3.14t). */
	n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789.");
	if (n == 0 || p[n] != '-')
		return false;
	p += n + 1;
	/* The interpreter's file name, then the hash of its path. */
	tmp = strstr(p, ".tmp.");
	n = tmp != NULL ? (size_t)(tmp - p) : strlen(p);
	dash = NULL;
	for (const char *q = p; q < p + n; q++)
		if (*q == '-')
			dash = q;
	if (dash == NULL || dash == p || p + n - (dash + 1) != 8)
		return false;
	for (const char *q = dash + 1; q < p + n; q++)
		if (strchr("0123456789abcdef", *q) == NULL)
			return false;
	if (tmp != NULL)
		return tmp[5] != '\0' && tmp[5 + strspn(tmp + 5, "0123456789")] == '\0';
	cfg = xprintf("%s/%s/pyvenv.cfg", root, name);
	ok = lstat(cfg, &st) == 0 && S_ISREG(st.st_mode);
	free(cfg);
	return ok;
}

static int
venvs_walk(const char *cache_dir, bool remove, size_t *venvs, unsigned long long *bytes,
    struct strlist *names, char **cause)
{
	struct dirent *de;
	char *root;
	DIR *d;
	int rc = 0;

	*venvs = 0;
	*bytes = 0;
	if ((root = venvs_root(cache_dir, cause)) == NULL)
		return -1;
	if ((d = opendir(root)) == NULL) {
		free(root);
		return 0;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char *path;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		path = xprintf("%s/%s", root, de->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && venv_is_ours(root, de->d_name)) {
			(*venvs)++;
			if (names != NULL)
				strlist_push(names, path);
			rc = fstree_walk(path, remove, bytes, cause);
		}
		free(path);
	}
	closedir(d);
	if (remove && rc == 0)
		(void)rmdir(root);
	free(root);
	return rc;
}

int
scratch_stats(const char *cache_dir, size_t *venvs, unsigned long long *bytes,
    struct strlist *names, char **cause)
{
	return venvs_walk(cache_dir, false, venvs, bytes, names, cause);
}

int
scratch_clear(const char *cache_dir, size_t *venvs, unsigned long long *bytes,
    char **cause)
{
	return venvs_walk(cache_dir, true, venvs, bytes, NULL, cause);
}
